"""Reviewer's fuzz of issue 11's new entry points: bad input is a clear error or ignored,
never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.wizard_helpers import Page, Wizard, https_client

JUNK = ["", " ", "x" * 20000, "\u202e\u0000é漢字", "../../etc", "<script>", "%ff", "0" * 400,
        "9999-99-99", "2024-02-30", "-1", "1e309", "NaN", "null"]


def _get(client: Any, url: str, **kw: Any) -> int:
    response = client.get(url, **kw)
    assert response.status_code < 500, (url[:200], response.status_code)
    return response.status_code


@pytest.mark.parametrize("junk", JUNK)
def test_start_page_ignores_junk(app: Flask, junk: str) -> None:
    client = https_client(app)
    for name in ("asking_for", "agency", "start"):
        assert _get(client, "/new/", query_string={name: junk}) == 200
    assert _get(client, "/new/", query_string=[("asking_for", "self"), ("asking_for", junk),
                                               ("agency", junk), ("agency", "ice")]) == 200


@pytest.mark.parametrize("junk", JUNK)
def test_start_post_ignores_junk(app: Flask, junk: str) -> None:
    client = https_client(app)
    wizard = Wizard(client)
    for name in ("asking_for", "agency", "start"):
        r = client.post("/new/", data={"csrf_token": wizard.csrf, name: junk})
        assert r.status_code in (302, 303, 400), r.status_code


@pytest.mark.parametrize("junk", JUNK)
def test_calculator_junk(app: Flask, junk: str) -> None:
    client = https_client(app)
    for law in ("mo-sunshine", "foia", "privacy-act", junk):
        base = {"law": law, "received": "2024-01-02", "agency": "ice"}
        for extra in ({"received": junk}, {"agency": junk}, {"kind1": junk, "date1": "2024-01-05"},
                      {"kind1": "tolled", "date1": junk}, {"kind1": "payment-requested",
                      "date1": "2024-01-05", "value1": junk}, {"event": junk},
                      {"event": f"tolled={junk}"},
                      {"event": f"payment-requested=2024-01-05:{junk}"},
                      {"capacity": junk}, {"closures": junk}, {"calendar": junk}, {"today": junk},
                      {"show": junk}, {"kind999": "tolled", "date999": "2024-01-05"},
                      {"determination": junk, "kind1": "full-grant", "date1": "2024-01-05"},
                      {"kind1": "determination", "date1": "2024-01-05", "value1": junk}):
            q = {**base, **extra}
            _get(client, "/deadlines", query_string=q)
            _get(client, "/api/deadlines", query_string=q)
            for kind in ("follow-up", "appeal", "ag-complaint", "ogis", junk):
                _get(client, "/deadlines/letter", query_string={**q, "kind": kind})


@pytest.mark.parametrize("junk", JUNK)
def test_calculator_letter_post_junk(app: Flask, junk: str) -> None:
    client = https_client(app)
    client.referer = "https://localhost/deadlines/letter"
    page = Page.of(client.get("/deadlines/letter", query_string={
        "kind": "follow-up", "law": "mo-sunshine", "agency": "kcpd", "received": "2024-01-02"}))
    csrf = page.csrf_token()
    base = {"csrf_token": csrf, "kind": "follow-up", "law": "mo-sunshine", "agency": "kcpd",
            "received": "2024-01-02", "name": "A B", "address": "1 Main St\nKC MO",
            "email": "a@b.org", "description": "the reports", "original_date": "2024-01-02"}
    for kind in ("follow-up", "appeal", "ag-complaint", "ogis", "notice", junk):
        for field in ("name", "address", "email", "description", "original_date", "tracking",
                      "exemptions", "appeal_address", "arguments", "category", "may_sue",
                      "track", "received", "event", "law", "agency", "capacity", "kind", "pdf"):
            for law in ("mo-sunshine", "foia"):
                data = {**base, "kind": kind, "law": law,
                        "agency": "kcpd" if law == "mo-sunshine" else "ice", field: junk}
                r = client.post("/deadlines/letter", data=data)
                assert r.status_code < 500, (kind, field, law, r.status_code)


@pytest.mark.parametrize("junk", JUNK)
def test_step_posts_with_junk_navigation(app: Flask, junk: str) -> None:
    client = https_client(app)
    wizard = Wizard(client)
    wizard.start("kc-2019-07-22")
    for step in ("agency", "records", "requester", "fees", "review", "done", "preview"):
        for q in ({"check": junk}, {"then": junk}, {"check": "1", "then": "review"}):
            _get(client, wizard.url(step), query_string=q)
        r = wizard.post(step, {"goto": junk, "asking_for": junk, "agency": junk,
                               "version": junk, "fingerprint": junk})
        assert r.status_code < 500, (step, r.status_code)
    for path in ("lectura.pdf", "resumen", "letter.pdf"):
        assert _get(client, wizard.url(path)) in (302, 303, 400, 404, 409, 422), path


def test_agencies_and_home_ignore_junk(app: Flask) -> None:
    client = https_client(app)
    for junk in JUNK:
        assert _get(client, "/agencies", query_string={"agency": junk, "q": junk}) == 200
        assert _get(client, "/", query_string={"x": junk}) == 200


def test_clock_table_dates_are_in_words_in_both_languages(app: Flask) -> None:
    client = https_client(app)
    query = {"law": "foia", "received": "2024-01-02", "agency": "ice", "today": "2024-01-03"}
    table = Page.of(client.get("/deadlines", query_string=query)).all("table")[0].text()
    assert "2024-" not in table, table
    assert "January 31, 2024" in table or "February" in table, table
    client.get("/lang/es")
    table = Page.of(client.get("/deadlines", query_string=query)).all("table")[0].text()
    assert "2024-" not in table and " de 2024" in table, table


def test_letter_form_fee_categories_use_the_review_labels(app: Flask) -> None:
    from records.web.calculator_letter import LetterForm
    from records.web.labels import CATEGORY_NAMES

    with app.test_request_context("/"):
        form = LetterForm(meta={"csrf": False})
        shown = {str(value): str(label) for value, label, *_ in form.category.iter_choices()}
        assert shown == {str(k): str(v) for k, v in CATEGORY_NAMES.items()}
        assert next(iter(shown)) == "other"


@pytest.mark.parametrize(("agency", "rule", "not_rule"), [
    ("eoir", "28 CFR 16.41(d)", "6 CFR 5.21(d)"), ("ice", "6 CFR 5.21(d)", "28 CFR 16.41(d)")])
def test_privacy_act_advice_cites_the_agency_departments_identity_rule(
        app: Flask, agency: str, rule: str, not_rule: str) -> None:
    client = https_client(app)
    html = client.get("/deadlines", query_string={
        "law": "privacy-act", "agency": agency, "received": "2024-01-02",
        "today": "2024-06-01"}).text
    assert "Write it in the request wizard" in html
    assert rule in html and not_rule not in html


FORM = "application/x-www-form-urlencoded"
LETTER = "kind=follow-up&law=mo-sunshine&agency=kcpd&received=2024-01-02"


def test_non_utf8_and_huge_posts_are_never_a_500(app: Flask) -> None:
    client = https_client(app)
    wizard = Wizard(client)
    wizard.start("kc-2019-07-22")
    body = (f"csrf_token={wizard.csrf}&name=%ff%fe&address=%c0%80&goto=%ff&asking_for=%ff"
            "&agency=%ff").encode()
    for step in ("agency", "records", "requester", "fees", "done"):
        response = client.post(wizard.url(step), data=body, content_type=FORM)
        assert response.status_code in (302, 303), (step, response.status_code)
    assert client.post("/new/", data=body, content_type=FORM).status_code == 302
    client.referer = "https://localhost/deadlines/letter"
    csrf = Page.of(client.get(f"/deadlines/letter?{LETTER}")).csrf_token()
    body = (f"csrf_token={csrf}&{LETTER}&name=%ff&address=%ff&description=%ff%fe"
            "&original_date=%ff&event=%ff").encode()
    assert client.post("/deadlines/letter", data=body, content_type=FORM).status_code == 422
    for data, kind in ((b"\xff\xfe" * 100, FORM), (b"{}", "application/json")):
        assert client.post("/deadlines/letter", data=data, content_type=kind).status_code == 400
    huge = client.post(wizard.url("agency"), data=b"x" * 3_000_000, content_type=FORM)
    assert huge.status_code == 413


def test_on_the_due_day_no_late_from_tomorrow_when_another_reading_gives_longer(
        app: Flask) -> None:
    # FOIA, ICE, received 2024-11-02: due 2024-12-03, but the safe date (closures counted)
    # is 2024-12-04, so the agency is not late on every reading the next day.
    client = https_client(app)
    first = Page.of(client.get("/deadlines", query_string={
        "law": "foia", "agency": "ice", "received": "2024-11-02", "today": "2024-12-03",
        "closures": "both"})).all("div", **{"class": "what-now"})[0].text()
    assert "late from tomorrow" not in first, first
    assert "December 5, 2024" in first and "December 4, 2024" in first, first
