"""The calculator's letter button (issue 11): the short form, the tracker's own letter as
text and PDF, "Track this request" for a signed-in user, and field errors, never a 500.
The app's today is 2026-11-23 (tests/conftest.py)."""

from __future__ import annotations

import io
import re
import subprocess
from typing import Any

from flask import Flask
from pypdf import PdfReader

from records.models import TrackedRequest
from records.web import database
from tests.tracker_web_helpers import make_user, sign_in
from tests.wizard_helpers import HttpsClient, Page

SUNSHINE = ("law=mo-sunshine&agency=kcpd&received=2026-11-02&capacity=public"
            "&closures=both")
FOLLOW_UP = f"/deadlines/letter?kind=follow-up&{SUNSHINE}"
ME = {"name": "Ana Reporter", "address": "1 Main Street\nKansas City, MO 64106",
      "email": "ana@example.org", "original_date": "2026-11-02",
      "description": "the use-of-force reports of November 1, 2026 at 12th and Main",
      "tracking": "KC-2026-0042"}


def form_of(client: HttpsClient, url: str) -> tuple[Page, dict[str, Any]]:
    """The letter form at `url`, and what it posts as it stands (hidden fields included)."""
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    found = Page.of(response)
    forms = [f for f in found.all("form") if f.get("action") == "/deadlines/letter"]
    assert len(forms) == 1
    data: dict[str, Any] = {}
    for field in forms[0].iter():
        if field.tag == "input" and field.get("type") in ("hidden", "text", "email", "date",
                                                          ""):
            data.setdefault(field.get("name"), []).append(field.get("value"))
        elif field.tag == "input" and field.get("type") == "checkbox" \
                and "checked" in field.attrs:
            data[field.get("name")] = ["y"]
    return found, {k: v if len(v) > 1 else v[0] for k, v in data.items()}


def test_the_form_asks_only_what_the_calculator_does_not_know(web: HttpsClient) -> None:
    found, data = form_of(web, FOLLOW_UP)
    fields = {e.get("name") for e in found.all() if e.tag in ("input", "textarea", "select")}
    assert {"name", "address", "email", "original_date", "description", "tracking"} <= fields
    assert "track" not in fields  # signed out: nothing to track with
    assert data["law"] == "mo-sunshine" and data["received"] == "2026-11-02"
    assert data["original_date"] == "2026-11-02" and data["kind"] == "follow-up"
    assert "Kansas City Missouri Police Department" in found.main_text()


def test_signed_out_the_letter_is_shown_as_text_and_its_pdf_reads_back(
        web: HttpsClient) -> None:
    _found, data = form_of(web, FOLLOW_UP)
    response = web.post("/deadlines/letter", data={**data, **ME})
    assert response.status_code == 200
    page = Page.of(response)
    letter = [p for p in page.all("pre") if p.get("lang") == "en"]
    assert len(letter) == 1
    text = " ".join(letter[0].text().split())
    assert "Kansas City Missouri Police Department" in text
    assert "On November 2, 2026 I asked you under the Missouri Sunshine Law" in text
    assert "for the use-of-force reports of November 1, 2026 at 12th and Main" in text
    assert "no. KC-2026-0042" in text and "Thursday, November 5, 2026" in text
    assert "Ana Reporter" in text
    # Nothing personal went into a URL: the PDF is posted again from hidden fields.
    assert not any("Ana" in href for href in page.hrefs())
    pdf_form = [f for f in page.all("form") if f.get("action") == "/deadlines/letter"]
    assert len(pdf_form) == 1 and pdf_form[0].get("method") == "post"
    carried = {i.get("name"): i.get("value") for i in pdf_form[0].iter() if i.tag == "input"}
    assert carried["pdf"] == "1" and carried["name"] == "Ana Reporter"
    pdf = web.post("/deadlines/letter", data={k: v for k, v in carried.items()})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Kansas City Missouri Police Department" in first and "Ana Reporter" in first
    plain = subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True,
                           check=True).stdout.decode()
    assert "November 2, 2026" in plain and "KC-2026-0042" in plain


def test_signed_in_track_creates_a_request_with_the_letter_and_the_events(
        app: Flask, web: HttpsClient) -> None:
    owner = make_user(app)
    sign_in(web, owner)
    url = (f"/deadlines/letter?kind=denial-statement&{SUNSHINE}"
           "&event=denied=2026-11-04")
    found, data = form_of(web, url)
    assert data["track"] == "y"  # on by default
    response = web.post("/deadlines/letter", data={**data, **ME})
    assert response.status_code == 302
    request_id = int(re.findall(r"/requests/(\d+)$", response.headers["Location"])[0])
    with app.app_context():
        tracked = database.session().get(TrackedRequest, request_id)
        assert tracked is not None and tracked.owner_id == owner
        assert tracked.agency == "kcpd" and tracked.answers["requester"]["name"] == "Ana Reporter"
        assert [(e.kind, e.day.isoformat()) for e in tracked.events] == [
            ("sent", "2026-11-02"), ("received", "2026-11-02"), ("denied", "2026-11-04")]
        assert [letter.kind for letter in tracked.letters] == ["denial-statement"]
        assert "Your response of November 4, 2026 denied access" in tracked.letters[0].text
    shown = web.get(f"/requests/{request_id}")
    assert shown.status_code == 200
    # Someone else's request is a 404.
    other = make_user(app, email="someone@example.org")
    sign_in(web, other)
    assert web.get(f"/requests/{request_id}").status_code == 404


def test_signed_in_without_tracking_the_letter_is_only_shown(app: Flask,
                                                              web: HttpsClient) -> None:
    sign_in(web, make_user(app))
    _found, data = form_of(web, FOLLOW_UP)
    data.pop("track")
    response = web.post("/deadlines/letter", data={**data, **ME})
    assert response.status_code == 200 and "Response overdue" in response.get_data(
        as_text=True)
    with app.app_context():
        assert database.session().query(TrackedRequest).count() == 0


def errors_of(page: Page) -> dict[str, str]:
    return {e.get("id").removesuffix("-error"): " ".join(e.text().split())
            for e in page.all("p") if e.get("class") == "field-error"}


def test_bad_input_gets_errors_at_the_fields_not_a_500(web: HttpsClient) -> None:
    _found, data = form_of(web, FOLLOW_UP)
    blank = web.post("/deadlines/letter", data={**data, "name": "", "address": "",
                                                "email": "not-an-email",
                                                "description": "records"})
    assert blank.status_code == 422
    errors = errors_of(Page.of(blank))
    assert {"name", "address", "email"} <= set(errors), errors
    late = web.post("/deadlines/letter", data={**data, **ME, "original_date": "2026-11-10"})
    assert late.status_code == 422
    assert "after the day it arrived (2026-11-02)" in errors_of(Page.of(late))["original_date"]
    empty = web.post("/deadlines/letter", data={**data, **ME, "description": " "})
    assert "Say in one line" in errors_of(Page.of(empty))["description"]
    garbled = web.post("/deadlines/letter", data={**data, **ME, "original_date": "2026-13-45",
                                                  "received": "yesterday"})
    assert garbled.status_code == 422
    assert "go back to the calculator" in Page.of(garbled).main_text()


def test_ogis_needs_what_you_want_and_a_wrong_kind_says_why(web: HttpsClient) -> None:
    federal = ("law=foia&agency=ice&received=2026-09-01&closures=both")
    _found, data = form_of(web, f"/deadlines/letter?kind=ogis&{federal}")
    missing = web.post("/deadlines/letter", data={**data, **ME, "original_date": "2026-09-01"})
    assert missing.status_code == 422
    assert "in your own words, what is wrong" in errors_of(Page.of(missing))["arguments"]
    wrote = web.post("/deadlines/letter", data={
        **data, **ME, "original_date": "2026-09-01",
        "arguments": "ICE has not answered in twelve weeks."})
    assert wrote.status_code == 200
    assert "Office of Government Information Services" in wrote.get_data(as_text=True)
    wrong = web.get(f"/deadlines/letter?kind=follow-up&{federal}")
    assert wrong.status_code == 422
    assert "cannot be written from the calculator" in Page.of(wrong).main_text()
    assert not [f for f in Page.of(wrong).all("form") if f.get("action") ==
                "/deadlines/letter"]
