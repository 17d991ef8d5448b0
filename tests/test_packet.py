"""The evidence packet: cover, contents with the right pages, chronology, every letter as
stored and every attachment in date order, read back with pypdf and pdftotext."""

from __future__ import annotations

import io
import logging
import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask
from PIL import Image
from pypdf import PdfReader
from sqlalchemy.orm import Session

from records import db
from records.catalog import default_catalog
from records.drafts import validate
from records.letters import render_html
from records.models import TrackedRequest, User
from records.pdf import html_to_pdf
from records.tracker import packet
from tests import tracker_data as data
from tests.conftest import TODAY, PdfText

DAY2 = datetime(2026, 9, 20, 15, tzinfo=UTC)


def page_texts(pdf: bytes, *, layout: bool = True) -> list[str]:
    """Each page's text; laid out, a contents row stays on one line, and in reading order
    a table cell's words stay together."""
    options = ["-layout"] if layout else []
    out = subprocess.run(["pdftotext", *options, "-enc", "UTF-8", "-", "-"], input=pdf,
                         capture_output=True, check=True).stdout.decode("utf-8")
    return out.split("\f")[:-1]


def small_pdf(*lines: str) -> bytes:
    """A PDF with one page per line of text."""
    pages = "".join(f'<p style="break-after: page">{line}</p>' for line in lines)
    return html_to_pdf(f"<!doctype html><html><body>{pages}</body></html>")


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (240, 120), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def eml() -> bytes:
    message = EmailMessage()
    message["From"] = "custodian@kcpd.example.org"
    message["To"] = "ana@example.org"
    message["Subject"] = "Re: Sunshine request <b>2026-118</b>"
    message["Date"] = "Fri, 02 Oct 2026 10:00:00 -0500"
    message.set_content("We deny the request under 610.021(14).\n<script>alert(1)</script>\n")
    return bytes(message)


@pytest.fixture(scope="module")
def request_letter() -> bytes:
    answers = data.answers_for("mo-sunshine", "kcpd")
    draft = validate(answers, catalog=default_catalog(), today=TODAY)
    return html_to_pdf(render_html(draft), cached=True)


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with db.connect(app.config["DATABASE_URL"]).scope() as s:
        yield s


@pytest.fixture
def folder(app: Flask) -> Path:
    return Path(app.instance_path) / "attachments"


@pytest.fixture
def case(session: Session, folder: Path, request_letter: bytes) -> TrackedRequest:
    ana = data.user(session, "ana@example.org")
    made = data.request(session, ana, events=[
        ("sent", "2026-09-01", {"method": "certified", "certified_number": "9407 1118 9876"}),
        ("received", "2026-09-03"),
        ("acknowledged", "2026-09-04", {"tracking": "2026-118", "explained": True}),
        ("denied", "2026-10-02", {"exemptions": ["610.021(14)"]},
         "Denied by phone first <script>alert(1)</script>")])
    data.letter(session, made, request_letter, day="2026-09-01")
    data.letter(session, made, small_pdf("FOLLOW-UP LETTER page one", "FOLLOW-UP LETTER page two"),
                kind="follow-up", day="2026-10-20")
    denial = made.events[3]
    data.attachment(session, made, folder, small_pdf("DENIAL LETTER one", "DENIAL LETTER two",
                                                     "DENIAL LETTER three"),
                    filename="denial.pdf", content_type="application/pdf", event=denial)
    data.attachment(session, made, folder, eml(), filename="reply.eml",
                    content_type="message/rfc822", event=denial)
    data.attachment(session, made, folder, png(), filename="envelope.png",
                    content_type="image/png", created=DAY2)
    data.attachment(session, made, folder, b"%PDF-1.7\n garbage, not a PDF at all",
                    filename="broken.pdf", content_type="application/pdf", created=DAY2)
    return made


def contents_rows(pages: list[str]) -> dict[str, int | None]:
    """Section title -> the page the contents give (None: not included)."""
    rows: dict[str, int | None] = {}
    for line in "\n".join(pages[1:3]).splitlines():
        found = re.match(r"\s*(Chronology|Letter \d+: [a-z]+(?: [a-z]+)*|Attachment: \S+)"
                         r"\s{2}.*?(\d+|–)\s*$", line)
        if found:
            rows[found.group(1)] = None if found.group(2) == "–" else int(found.group(2))
    return rows


def test_the_contents_give_the_page_each_section_starts_on(
        session: Session, case: TrackedRequest, folder: Path, request_letter: bytes) -> None:
    pdf = packet.build(case, folder=folder, today=TODAY)
    pages = page_texts(pdf)
    rows = contents_rows(pages)
    assert list(rows) == ["Chronology", "Letter 1: request", "Attachment: envelope.png",
                          "Attachment: broken.pdf", "Attachment: denial.pdf",
                          "Attachment: reply.eml", "Letter 2: follow up"]
    letter_pages = len(PdfReader(io.BytesIO(request_letter)).pages)
    assert rows["Chronology"] == 3
    assert rows["Letter 1: request"] == 4
    assert rows["Attachment: envelope.png"] == 4 + letter_pages
    assert rows["Attachment: broken.pdf"] is None
    assert rows["Attachment: denial.pdf"] == 5 + letter_pages
    assert rows["Attachment: reply.eml"] == 8 + letter_pages
    assert rows["Letter 2: follow up"] == 9 + letter_pages
    assert len(pages) == 10 + letter_pages
    # Where the contents point is where each section starts.
    assert "Chronology" in pages[2]
    assert "Attachment: envelope.png" in pages[rows["Attachment: envelope.png"] - 1]
    assert "DENIAL LETTER one" in pages[rows["Attachment: denial.pdf"] - 1]
    assert "DENIAL LETTER three" in pages[rows["Attachment: denial.pdf"] + 1]
    assert "Email: reply.eml" in pages[rows["Attachment: reply.eml"] - 1]
    assert "FOLLOW-UP LETTER page one" in pages[rows["Letter 2: follow up"] - 1]
    # The bookmarks say the same.
    reader = PdfReader(io.BytesIO(pdf))
    marks = {item.title: reader.get_destination_page_number(item) + 1
             for item in reader.outline if not isinstance(item, list)}
    assert marks == {"Cover": 1, "Contents": 2, **{k: v for k, v in rows.items() if v}}


def test_the_cover_names_the_request_and_nobody_else(
        case: TrackedRequest, folder: Path) -> None:
    cover = page_texts(packet.build(case, folder=folder, today=TODAY))[0]
    for phrase in ("Evidence packet", "KCPD: incident of 2019-07-22",
                   "Kansas City Missouri Police Department", "Missouri Sunshine Law",
                   "November 23, 2026"):
        assert phrase in PdfText(cover), phrase
    assert "Florencio" not in cover


def test_every_letter_is_in_the_packet_page_for_page(
        session: Session, case: TrackedRequest, folder: Path) -> None:
    pages = page_texts(packet.build(case, folder=folder, today=TODAY))
    rows = contents_rows(pages)
    for letter in case.letters:
        own = page_texts(letter.pdf)
        start = rows[f"Letter {letter.number}: {letter.kind.replace('-', ' ')}"]
        assert start is not None
        assert pages[start - 1:start - 1 + len(own)] == own


def test_a_malformed_pdf_is_listed_as_not_included_with_its_sha256(
        case: TrackedRequest, folder: Path) -> None:
    contents = PdfText(" ".join(page_texts(packet.build(case, folder=folder, today=TODAY))[1:3]))
    broken = next(a for a in case.attachments if a.filename == "broken.pdf")
    assert "Could not be included: not a readable PDF" in contents
    assert broken.sha256 in contents


def test_the_chronology_lists_every_event_escaped(case: TrackedRequest, folder: Path) -> None:
    pdf = packet.build(case, folder=folder, today=TODAY)
    chronology = PdfText(page_texts(pdf, layout=False)[2])
    for phrase in ("2026-09-01", "Sent", "certified", "9407 1118 9876", "Received by the agency",
                   "2026-118", "gave the cause of the delay", "Denied",
                   "exemptions cited: 610.021(14)", "<script>alert(1)</script>"):
        assert phrase in chronology, phrase


def test_a_picture_is_drawn_and_an_email_shown_as_text(
        case: TrackedRequest, folder: Path) -> None:
    pdf = packet.build(case, folder=folder, today=TODAY)
    pages = page_texts(pdf)
    rows = contents_rows(pages)
    picture = rows["Attachment: envelope.png"]
    email = rows["Attachment: reply.eml"]
    assert picture is not None and email is not None
    assert len(PdfReader(io.BytesIO(pdf)).pages[picture - 1].images) == 1
    text = PdfText(pages[email - 1])
    for phrase in ("custodian@kcpd.example.org", "Re: Sunshine request <b>2026-118</b>",
                   "We deny the request under 610.021(14).", "<script>alert(1)</script>"):
        assert phrase in text, phrase


def test_a_changed_or_missing_file_is_not_included(
        session: Session, case: TrackedRequest, folder: Path) -> None:
    denial = next(a for a in case.attachments if a.filename == "denial.pdf")
    (folder / denial.storage_name).write_bytes(small_pdf("SOMETHING ELSE"))
    picture = next(a for a in case.attachments if a.filename == "envelope.png")
    (folder / picture.storage_name).unlink()
    pages = page_texts(packet.build(case, folder=folder, today=TODAY))
    rows = contents_rows(pages)
    assert rows["Attachment: denial.pdf"] is None and rows["Attachment: envelope.png"] is None
    contents = PdfText(" ".join(pages[1:3]))
    assert "the stored file does not match its SHA-256" in contents
    assert "the stored file is missing" in contents
    assert not any("SOMETHING ELSE" in page for page in pages)


def test_the_packets_pages_fetch_nothing_but_the_pictures_they_were_given(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        pdf = packet.render("packet/image.html", {"name": "x", "day": date(2026, 1, 1),
                                                  "sha256": "0", "src": "http://example.org/x"},
                            {})
    assert "refused to fetch a http URL" in caplog.text
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 0


def test_the_packet_route_is_the_owners_and_another_users_is_a_404(
        app: Flask, session: Session, case: TrackedRequest) -> None:
    ben = data.user(session, "ben@example.org")
    owner = session.get(User, case.owner_id)
    assert owner is not None
    response = data.signed_in(app.test_client(), owner).get(f"/requests/{case.id}/packet.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.data.startswith(b"%PDF")
    other = data.signed_in(app.test_client(), ben)
    assert other.get(f"/requests/{case.id}/packet.pdf").status_code == 404
    assert other.get("/requests/99999999999999999999999/packet.pdf").status_code == 404



def test_a_request_with_nothing_yet_still_has_a_packet(session: Session, folder: Path) -> None:
    made = data.request(session, data.user(session), law="foia", agency="ice")
    pages = page_texts(packet.build(made, folder=folder, today=TODAY))
    assert len(pages) == 3
    assert contents_rows(pages) == {"Chronology": 3}
    assert "No events have been recorded for this request." in PdfText(pages[2])
