"""A clinic batch's files, read back: the mail stack (cover sheets, order, marks, signing
pages, bookmarks), the ZIP of single letters, the manifest, the DHS portal packets and the
client packets with their summaries in English or Spanish."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from records.answers import flatten
from records.batch.model import MAIL, PORTAL, Item, Rendered
from records.batch.outputs import OutputPaths, Written
from records.batch.pipeline import run
from records.batch.render import LetterStore, mark_for
from tests.batch_helpers import COLUMNS, NAMES, client_row, clinic_rows
from tests.batch_out_helpers import TODAY, items_from
from tests.conftest import load_example

MARK = re.compile(r"Row (\d+) · ([A-Z]{1,4})")
COVER = "COVER SHEET · TAKE IT OUT BEFORE MAILING"


def page_texts(pdf: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                         capture_output=True, check=True).stdout.decode("utf-8")
    return out.split("\f")[:-1]


def consent_row() -> dict[str, str]:
    """A FOIA request to ICE by mail about a client who signs a consent page."""
    row = {column: "" for column in COLUMNS}
    row.update(flatten(load_example("ice-foia-2019.json")))
    row.update({"delivery": "mail", "no_internet": "true", "fee_waiver": "",
                "dissemination": "", "expedite": "", "expedite_ground": "",
                "subject.name": "Florencio Millan-Vazquez", "subject.relationship": "consent",
                "subject.birth_date": "1980-01-02", "subject.a_number": "A123456789",
                "client_language": "es"})
    return row


@dataclass
class Batch:
    items: list[Item]
    rendered: dict[int, Rendered]
    written: Written
    paths: OutputPaths
    stack_pages: list[str]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    rows = clinic_rows(6)
    for i, row in enumerate(rows):
        row["client_language"] = ("en", "es")[i % 2]
    items = items_from([*rows, consent_row()])
    out = tmp_path_factory.mktemp("batch")
    paths = OutputPaths(stack=out / "stack.pdf", zip=out / "letters.zip",
                        manifest=out / "manifest.csv", portal_dir=out / "portal",
                        portal_zip=out / "portal-packets.zip",
                        clients_zip=out / "client-packets.zip")
    written, rendered = run(items, paths, workers=1, today=TODAY,
                            store=LetterStore(out / "letters"))
    assert paths.stack is not None
    return Batch(items, rendered, written, paths, page_texts(paths.stack.read_bytes()))


def rows_of(pages: list[str]) -> list[int | None]:
    """Each page's row, from its footer mark; None for a cover sheet."""
    found: list[int | None] = []
    for text in pages:
        marks = MARK.findall(text)
        assert len(marks) <= 1
        found.append(int(marks[0][0]) if marks else None)
    return found


def test_the_stack_holds_only_mailed_rows_by_agency_then_client(batch: Batch) -> None:
    rows = rows_of(batch.stack_pages)
    in_stack = list(dict.fromkeys(r for r in rows if r is not None))
    mailed = sorted((i for i in batch.items if i.route == MAIL), key=lambda i: i.order)
    assert in_stack == [i.row for i in mailed]
    assert {i.row for i in batch.items if i.route == PORTAL}.isdisjoint(in_stack)
    agencies = [i.draft.agency.name for i in mailed]
    assert agencies == sorted(agencies, key=str.casefold)
    clients = [i.client.casefold() for i in mailed if i.draft.agency.id == "ice"]
    assert clients == sorted(clients) and len(clients) == 3


def test_each_agency_opens_with_a_cover_sheet_that_counts_its_letters_and_pages(
        batch: Batch) -> None:
    pages, rows = batch.stack_pages, rows_of(batch.stack_pages)
    covers = [n for n, row in enumerate(rows) if row is None]
    assert len(covers) == 2 and covers[0] == 0
    for start, end in zip(covers, [*covers[1:], len(pages)], strict=True):
        text = " ".join(pages[start].split())
        assert COVER in text
        following = rows[start + 1:end]
        assert all(row is not None for row in following)
        letters = len(set(following))
        assert f"{letters} letters, {len(following)} pages in all" in text
        agency = batch.items[[i.row for i in batch.items].index(following[0])].draft.agency
        assert agency.name in pages[start] and f"Cover sheet · {agency.name}" in pages[start]
        assert " ".join(agency.address) in text
    assert batch.written.stack_pages == len(pages)
    assert batch.written.stack_pages == len(PdfReader(batch.paths.stack).pages)  # type: ignore[arg-type]


def test_every_letter_page_carries_its_row_mark_and_the_letter_is_whole(batch: Batch) -> None:
    rows = rows_of(batch.stack_pages)
    by_row = {i.row: i for i in batch.items}
    for row in set(r for r in rows if r is not None):
        pages = [n for n, r in enumerate(rows) if r == row]
        assert pages == list(range(pages[0], pages[0] + len(pages)))  # together
        assert len(pages) == batch.rendered[row].pages
        for n in pages:
            assert mark_for(by_row[row]) in batch.stack_pages[n]


def test_the_pages_to_sign_follow_their_own_letter(batch: Batch) -> None:
    rows = rows_of(batch.stack_pages)
    signing = {"privacy-act": "Certification of identity (28 U.S.C. § 1746)",
               "foia": "Consent to release of records"}
    checked = 0
    for item in batch.items:
        if item.route != MAIL or item.draft.agency.id != "ice":
            continue
        pages = [n for n, r in enumerate(rows) if r == item.row]
        last = " ".join(batch.stack_pages[pages[-1]].split())
        assert signing[item.draft.law] in last
        assert item.draft.subject is not None and item.draft.subject.name in last
        assert "Signature of" in last
        checked += 1
    assert checked == 3


def test_dhs_letters_by_mail_carry_the_no_internet_statement_and_a_cover_warning(
        batch: Batch) -> None:
    rows = rows_of(batch.stack_pages)
    ice_cover = " ".join(batch.stack_pages[rows.index(None, 1)].split())
    assert "DHS takes requests through its online portal" in ice_cover
    assert "6 CFR 5.3(a)(2), as amended effective January 22, 2026" in ice_cover
    assert "3 of these letters go by mail" in ice_cover
    # ICE's own warning about scam calls to its FOIA number.
    assert "used by scammers" in ice_cover and "ICE does not call people" in ice_cover
    kcpd_cover = " ".join(batch.stack_pages[0].split())
    assert "Kansas City Missouri Police Department" in kcpd_cover
    assert "DHS" not in kcpd_cover and "scammers" not in kcpd_cover
    assert "certified mail, return receipt requested" in kcpd_cover
    for item in batch.items:
        if item.route == MAIL and item.draft.agency.is_dhs:
            text = " ".join(" ".join(page_texts(batch.rendered[item.row].pdf)).split())
            assert "Request for an exception to electronic submission." in text
            assert "By mail, with a request for the no-internet-access exception" in text


def test_bookmarks_name_each_agency_and_each_row_by_initials_only(batch: Batch) -> None:
    reader = PdfReader(batch.paths.stack)  # type: ignore[arg-type]
    outline = reader.outline
    agencies = [entry for entry in outline if not isinstance(entry, list)]
    assert [a.title for a in agencies] == [
        "Kansas City Missouri Police Department (2)",
        "U.S. Immigration and Customs Enforcement (3)"]
    children = [entry for entry in outline if isinstance(entry, list)]
    titles = [c.title for group in children for c in group]
    assert all(MARK.fullmatch(t) for t in titles) and len(titles) == 5
    mailed = sorted((i for i in batch.items if i.route == MAIL), key=lambda i: i.order)
    assert titles == [mark_for(i) for i in mailed]
    pages = [reader.get_destination_page_number(c) for group in children for c in group]
    assert [rows_of(batch.stack_pages)[p] for p in pages] == [i.row for i in mailed]
    assert not any(part in " ".join(titles) for name in NAMES for part in name.split())


def test_the_zip_holds_every_letter_named_by_row_agency_and_initials(batch: Batch) -> None:
    with zipfile.ZipFile(batch.paths.zip) as archive:  # type: ignore[arg-type]
        names = archive.namelist()
        assert names == [f"{i.row}-{i.draft.agency.id}-{i.initials}.pdf"
                         for i in sorted(batch.items, key=lambda i: i.row)]
        for item in batch.items:
            data = archive.read(f"{item.row}-{item.draft.agency.id}-{item.initials}.pdf")
            assert data == batch.rendered[item.row].pdf
    assert "8-ice-FMV.pdf" in names


def test_no_client_name_in_any_file_or_folder_name(batch: Batch) -> None:
    names: list[str] = []
    for archive_path in (batch.paths.zip, batch.paths.portal_zip, batch.paths.clients_zip):
        with zipfile.ZipFile(archive_path) as archive:  # type: ignore[arg-type]
            names += archive.namelist()
    names += [str(p) for p in batch.written.files]
    words = {part.casefold() for i in batch.items for part in i.client.split()}
    for name in names:
        assert not any(word in name.casefold() for word in words if len(word) > 2), name


def test_the_manifest_lists_every_row_with_how_it_goes(batch: Batch) -> None:
    text = batch.paths.manifest.read_text()  # type: ignore[union-attr]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["row", "agency", "address", "pages", "method"]
    by_row = {int(r["row"]): r for r in rows}
    assert sorted(by_row) == sorted(i.row for i in batch.items)
    for item in batch.items:
        line = by_row[item.row]
        assert int(line["pages"]) == batch.rendered[item.row].pages
        assert "\n" not in line["address"]
        if item.route == PORTAL:
            assert (line["method"], line["address"]) == ("DHS portal", "https://www.dhs.gov/foia")
        elif item.draft.agency.id == "kcpd":
            assert line["method"] == "certified mail"
            assert line["address"].endswith("1125 Locust Street, Kansas City, MO 64106")
        else:
            assert line["method"] == "first-class mail"
            assert line["address"].endswith("Washington, DC 20536-5009")


def test_portal_rows_become_portal_packets_with_the_letter_and_the_fields(
        batch: Batch) -> None:
    portal = sorted(i.row for i in batch.items if i.route == PORTAL)
    assert portal and batch.written.portal == len(portal)
    folder = batch.paths.portal_dir
    assert folder is not None
    packets = sorted(p.name for p in folder.iterdir())
    assert packets == sorted(f"{i.row}-ice-{i.initials}" for i in batch.items
                             if i.route == PORTAL)
    with zipfile.ZipFile(batch.paths.portal_zip) as archive:  # type: ignore[arg-type]
        assert sorted(archive.namelist()) == sorted(
            f"{p}/{f}" for p in packets for f in ("letter.pdf", "portal-fields.txt"))
        for item in (i for i in batch.items if i.route == PORTAL):
            name = f"{item.row}-ice-{item.initials}"
            assert (folder / name / "letter.pdf").read_bytes() == batch.rendered[item.row].pdf
            fields = (folder / name / "portal-fields.txt").read_text()
            assert archive.read(f"{name}/portal-fields.txt").decode() == fields
            # First what must be signed (no cover sheet travels with a portal packet).
            assert fields.startswith("Before you upload\n")
            before = fields.split("-" * 40)[0]
            assert "- Letter signed above the typed name" in before
            assert "- Certification of identity signed and dated (28 U.S.C. 1746)" in before
            assert f"Requester name\n\n{item.draft.requester.name}\n" in fields
            assert "Description of the records sought\n\n" in fields
            assert "Form I-213" in fields


def test_each_client_packet_is_a_summary_then_the_letter_with_its_signing_pages(
        batch: Batch) -> None:
    with zipfile.ZipFile(batch.paths.clients_zip) as archive:  # type: ignore[arg-type]
        assert len(archive.namelist()) == len(batch.items)
        for item in batch.items:
            pdf = archive.read(f"{item.row}-{item.draft.agency.id}-{item.initials}.pdf")
            pages = page_texts(pdf)
            letter = page_texts(batch.rendered[item.row].pdf)
            assert len(pages) == 1 + len(letter)
            assert pages[1:] == letter
            title = "Su solicitud de documentos" if item.language == "es" \
                else "Your records request"
            assert title in pages[0] and mark_for(item) in pages[0]


def summary_of(batch: Batch, kind: str, language: str) -> str:
    for item in batch.items:
        if item.language == language and item.draft.agency.id == kind:
            with zipfile.ZipFile(batch.paths.clients_zip) as archive:  # type: ignore[arg-type]
                pdf = archive.read(f"{item.row}-{item.draft.agency.id}-{item.initials}.pdf")
            return " ".join(page_texts(pdf)[0].split())
    raise AssertionError(f"no {language} row to {kind}")


def test_a_spanish_summary_is_in_spanish_with_its_dates_in_spanish_words(batch: Batch) -> None:
    text = summary_of(batch, "kcpd", "es")
    assert "Qué se pide" in text and "Adónde va y cómo" in text
    assert "Su clínica la envía por correo certificado" in text
    assert "con fecha 23 de noviembre de 2026" in text
    # RSMo 610.023.3: the end of the third business day after Monday, November 23, 2026,
    # with Thanksgiving (Thursday the 26th) a holiday: Friday the 27th.
    assert "vence al final del 27 de noviembre de 2026" in text
    assert "firma la carta encima de su nombre impreso" in text
    assert "November" not in text and "What is asked" not in text


def test_an_english_summary_says_where_the_letter_goes_and_when_an_answer_is_due(
        batch: Batch) -> None:
    text = summary_of(batch, "ice", "en")
    assert "submits it online through the DHS FOIA portal (https://www.dhs.gov/foia)" in text
    assert "signs and dates the certification of identity" in text
    # 5 U.S.C. 552(a)(6)(A)(i): 20 working days after Monday, November 23, 2026, without
    # Thanksgiving (the 26th) and weekends: Tuesday, December 22.
    assert "a decision is due by December 22, 2026: 20 working days" in text
    assert "The count starts on the day the letter reaches the office" in text


def test_a_consent_requests_summary_asks_the_client_to_sign_the_consent_page(
        batch: Batch) -> None:
    item = next(i for i in batch.items if i.initials == "FMV")
    with zipfile.ZipFile(batch.paths.clients_zip) as archive:  # type: ignore[arg-type]
        text = " ".join(page_texts(archive.read(f"{item.row}-ice-FMV.pdf"))[0].split())
    assert "Florencio Millan-Vazquez firma y pone la fecha en la página de consentimiento" \
        in text
    assert "la Ley de Libertad de Información" in text


def test_what_was_written(batch: Batch) -> None:
    w = batch.written
    assert (w.letters, w.mailed, w.portal) == (7, 5, 2)
    assert w.pages == sum(r.pages for r in batch.rendered.values())
    assert all(p.exists() for p in w.files)
    folder = batch.paths.stack.parent  # type: ignore[union-attr]
    assert not [p for p in folder.rglob("*") if p.name.startswith(".tmp-")]


def test_the_stack_stays_under_40_kb_a_letter(batch: Batch) -> None:
    size = batch.paths.stack.stat().st_size  # type: ignore[union-attr]
    assert size / batch.written.mailed < 40 * 1024


def test_a_batch_with_nothing_to_mail_writes_no_stack(tmp_path: Path) -> None:
    """Eighty ICE clients, all through the DHS portal: no empty "print-ready" PDF."""
    items = items_from([client_row("ice-pa", i) for i in range(2)])
    assert {i.route for i in items} == {PORTAL}
    paths = OutputPaths(stack=tmp_path / "stack.pdf", portal_dir=tmp_path / "portal")
    written, _ = run(items, paths, workers=1, today=TODAY)
    assert not paths.stack.exists()  # type: ignore[union-attr]
    assert (written.mailed, written.portal, written.stack_pages) == (0, 2, 0)
    assert paths.stack not in written.files
    assert len(list((tmp_path / "portal").iterdir())) == 2
