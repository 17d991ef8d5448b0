"""The clinic batch at /batch (issue 10) through the Flask test client and a real, migrated
database: upload, every problem with its row number, the preview, start, progress, the
finished files read back, and who may see a batch."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader
from werkzeug.test import TestResponse

from records.batch import store
from records.batch.model import MAX_BYTES, MAX_ROWS
from records.catalog import default_catalog
from records.models import Batch
from records.today import utc_now
from records.web import database
from tests.batch_helpers import NAMES, client_row, clinic_rows, csv_bytes, xlsx_bytes
from tests.tracker_web_helpers import make_org, make_user, sign_in
from tests.wizard_helpers import HttpsClient, Page, https_client

BATCH_URL = re.compile(r"^/batch/(\d+)$")
THREE_MISTAKES = {12: {"requester__email": "not-an-email"},  # row 14 of the sheet
                  100: {"agency": "nowhere-county"},  # row 102
                  250: {"requester__name": ""}}  # row 252
DOWNLOADS = ("stack.pdf", "letters.zip", "manifest.csv", "portal-packets.zip",
             "client-packets.zip")


@pytest.fixture
def jobs() -> Iterator[Any]:
    """The job queue in immediate mode: a started batch runs to the end inside the POST
    that starts it (huey's own test mode: the same task, called at once)."""
    from records import jobs as queue

    queue.huey.immediate = True
    try:
        yield queue.huey
    finally:
        queue.huey.immediate = False


def rows_with(n: int, mistakes: dict[int, dict[str, str]]) -> list[dict[str, str]]:
    rows = clinic_rows(n)
    for i, changes in mistakes.items():
        rows[i].update({k.replace("__", "."): v for k, v in changes.items()})
    return rows


def upload(web: HttpsClient, data: bytes, name: str = "clients.csv", *,
           packets: bool = True, track: bool = False, org: str = "") -> TestResponse:
    token = Page.of(web.get("/batch")).csrf_token()
    form: dict[str, Any] = {"csrf_token": token, "file": (io.BytesIO(data), name),
                            "org": org}
    if packets:
        form["packets"] = "y"
    if track:
        form["track"] = "y"
    return web.post("/batch", data=form, content_type="multipart/form-data")


def uploaded(web: HttpsClient, rows: list[dict[str, str]], **options: Any) -> int:
    """Upload good rows; the new batch's id (the redirect to its preview)."""
    response = upload(web, csv_bytes(rows), **options)
    assert response.status_code == 302, Page.of(response).main_text()[:2000]
    found = BATCH_URL.match(response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found[1])


def start(web: HttpsClient, batch_id: int) -> TestResponse:
    token = Page.of(web.get(f"/batch/{batch_id}")).csrf_token()
    return web.post(f"/batch/{batch_id}/start", data={"csrf_token": token})


def batches_of(app: Flask, user_id: int) -> list[Any]:
    with app.app_context():
        return store.visible_batches(database.session(), user_id)


def table(page: Page, caption: str) -> dict[str, int]:
    """A two-column count table of the preview, by its caption."""
    for t in page.all("table"):
        captions = [c.text().strip() for c in t.iter() if c.tag == "caption"]
        if captions == [caption]:
            return {r.all_text_of("th"): int(r.all_text_of("td")) for r in _rows(t)}
    raise AssertionError(f"no table captioned {caption!r}")


class _Row:
    def __init__(self, element: Any) -> None:
        self.element = element

    def all_text_of(self, tag: str) -> str:
        return " ".join(e.text().strip() for e in self.element.iter() if e.tag == tag)


def _rows(t: Any) -> list[_Row]:
    bodies = [e for e in t.iter() if e.tag == "tbody"]
    return [_Row(r) for r in bodies[0].iter() if r.tag == "tr"]


# ---------------------------------------------------------------------------- upload
def test_clinic_sees_the_three_mistakes_with_row_numbers_and_nothing_is_saved(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    response = upload(web, csv_bytes(rows_with(300, THREE_MISTAKES)))
    assert response.status_code == 422
    page = Page.of(response)
    summary = page.all("div", class_="error-summary")
    assert len(summary) == 1 and summary[0].get("role") == "alert"
    assert "3 problems: fix them in the spreadsheet and upload it again" in \
        summary[0].text()
    problems = [li.text().strip() for ul in page.all("ul", class_="row-problems")
                for li in ul.iter() if li.tag == "li"]
    assert len(problems) == 3, problems
    assert problems[0].startswith("row 14, requester.email: "), problems
    assert problems[1].startswith("row 102, agency: "), problems
    assert problems[2].startswith("row 252, requester.name: "), problems
    # The summary links to the file field, which says what is wrong.
    links = [a.get("href") for a in summary[0].iter() if a.tag == "a"]
    assert "#file" in links and page.by_id("file") is not None
    assert page.by_id("file-error") is not None
    assert batches_of(app, advocate) == []


def test_the_fixed_sheet_shows_a_preview_with_counts_and_warnings(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    rows = clinic_rows(300)
    batch_id = uploaded(web, rows)
    [batch] = batches_of(app, advocate)
    assert (batch.id, batch.status, batch.total, batch.done) == (batch_id, "preview", 300, 0)
    page = Page.of(web.get(f"/batch/{batch_id}"))
    catalog = default_catalog()
    expected = Counter(catalog.agencies[r["agency"]].name for r in rows)
    assert table(page, "By agency") == dict(expected)
    assert table(page, "By law") == {"Privacy Act": 200, "Missouri Sunshine Law": 100}
    # From 2026-01-22 DHS takes first-party requests through its portal; the rows with
    # the no-internet statement go by mail (6 CFR 5.3(a)(2)).
    assert table(page, "How they go out") == {"Mail stack": 200, "Portal packets": 100}
    body = [r for t in page.all("table", class_="batch-rows") for r in _rows(t)]
    assert len(body) == 300
    first = body[0].element.text().strip()
    assert first.startswith("2") and "portal" in first.casefold()  # row 2: an ICE portal request
    assert "MER" in first  # Maria Elena Robles, by her initials only
    assert "Maria" not in page.main_text()
    # Each warning once, with its rows; each row links to its warnings.
    warnings = [li for ol in page.all("ol", class_="batch-warnings")
                for li in ol.iter() if li.tag == "li"]
    portal = [w for w in warnings if "through its portal" in w.text()]
    assert len(portal) == 1
    rows_of = re.sub(r"\s+", " ", portal[0].text()).split("Rows ")[1]
    assert rows_of.split(", ")[:3] == ["2", "5", "8"] and len(rows_of.split(", ")) == 100
    links = [a.get("href") for a in body[0].element.iter() if a.tag == "a"]
    assert f"#{portal[0].get('id')}" in links
    assert page.all("form", action=f"/batch/{batch_id}/start")


def test_an_xlsx_upload_is_read_like_the_csv(app: Flask, web: HttpsClient,
                                             advocate: int) -> None:
    rows = clinic_rows(6)
    response = upload(web, xlsx_bytes(rows), "clients.xlsx")
    assert response.status_code == 302
    page = Page.of(web.get(response.headers["Location"]))
    assert sum(table(page, "By agency").values()) == 6


def test_a_windows_1252_file_is_read_with_a_warning(app: Flask, web: HttpsClient,
                                                    advocate: int) -> None:
    rows = [client_row("kcpd", 1, requester__name="José Peña")]
    response = upload(web, csv_bytes(rows, encoding="cp1252"))
    assert response.status_code == 302
    page = Page.of(web.get(response.headers["Location"]))
    warnings = [p.text() for p in page.all("p", class_="warning")]
    assert len(warnings) == 1 and "1252" in warnings[0], warnings
    assert "JP" in page.main_text()


def test_a_file_over_the_limit_gets_a_clear_message_not_a_bare_413(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    big = csv_bytes(clinic_rows(1)) + b"x" * (MAX_BYTES + 512 * 1024)
    response = upload(web, big)
    assert response.status_code == 413
    page = Page.of(response)
    assert "The file is larger than 5 MB" in page.by_id("file-error").text()  # type: ignore[union-attr]
    assert page.all("form", action="/batch")  # the form again, ready for a smaller file
    # Just over 5 MB: within the request's envelope, refused by the reader itself.
    response = upload(web, b"a" * (MAX_BYTES + 10))
    assert response.status_code == 422
    assert Page.of(response).by_id("file-error") is not None
    assert batches_of(app, advocate) == []


def test_too_many_rows_is_one_clear_message(app: Flask, web: HttpsClient,
                                            advocate: int) -> None:
    row = client_row("kcpd", 1)
    response = upload(web, csv_bytes([row] * (MAX_ROWS + 1)))
    assert response.status_code == 422
    text = Page.of(response).by_id("file-error").text()  # type: ignore[union-attr]
    assert "2,000" in text or "2000" in text, text
    assert batches_of(app, advocate) == []


def test_a_file_that_is_not_a_spreadsheet_is_refused(app: Flask, web: HttpsClient,
                                                     advocate: int) -> None:
    response = upload(web, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "clients.pdf")
    assert response.status_code == 422
    page = Page.of(response)
    assert "neither a CSV nor an XLSX" in page.by_id("file-error").text()  # type: ignore[union-attr]
    assert page.all("div", class_="error-summary")
    response = upload(web, b"", "")
    assert response.status_code == 422
    assert "Choose a CSV or XLSX file" in Page.of(response).main_text()
    assert batches_of(app, advocate) == []


def test_the_upload_form_carries_csrf_and_refuses_a_post_without_it(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    page = Page.of(web.get("/batch"))
    [form] = page.all("form", action="/batch")
    assert form.get("enctype") == "multipart/form-data"
    assert [e for e in form.iter() if e.get("name") == "csrf_token" and e.get("value")]
    assert page.checked("packets") == ["y"] and page.checked("track") == []
    response = web.post("/batch", data={"file": (io.BytesIO(csv_bytes(clinic_rows(1))),
                                                 "c.csv")},
                        content_type="multipart/form-data")
    assert response.status_code == 400
    assert batches_of(app, advocate) == []


def test_the_page_documents_the_columns_and_offers_the_template(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    from records.batch.template import COLUMN_DOCS

    page = Page.of(web.get("/batch"))
    names = [c.text() for t in page.all("table", class_="columns")
             for c in t.iter() if c.tag == "code" and c in _first_cells(t)]
    assert names == [c.name for c in COLUMN_DOCS]
    signed_out = https_client(app)
    for suffix, magic in (("csv", b"law,"), ("xlsx", b"PK\x03\x04")):
        assert f"/batch/template.{suffix}" in page.hrefs()
        response = signed_out.get(f"/batch/template.{suffix}")
        assert response.status_code == 200
        assert response.data.lstrip(b"\xef\xbb\xbf").startswith(magic)
        assert "attachment" in response.headers["Content-Disposition"]


def _first_cells(t: Any) -> list[Any]:
    return [e for r in _rows(t) for th in r.element.iter() if th.tag == "th"
            for e in th.iter()]


def test_signed_out_visitors_are_sent_to_sign_in(app: Flask) -> None:
    visitor = https_client(app)
    for url in ("/batch", "/batch/1", "/batch/1/progress.json", "/batch/1/stack.pdf"):
        response = visitor.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


# ---------------------------------------------------------------- start and progress
def test_start_runs_the_batch_and_its_files_download(
        app: Flask, web: HttpsClient, advocate: int, jobs: Any) -> None:
    rows = clinic_rows(6)
    rows[4]["client_language"] = "es"
    batch_id = uploaded(web, rows, track=True)
    response = start(web, batch_id)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/batch/{batch_id}"
    page = Page.of(web.get(f"/batch/{batch_id}"))
    assert "Done: the files are ready" in page.main_text(), page.main_text()[:3000]
    assert "6 letters made: 4 in the mail stack, 2 portal packets." in page.main_text()
    assert "6 requests were saved to your tracker." in page.main_text()
    links = [h for h in page.hrefs() if h.startswith(f"/batch/{batch_id}/")]
    assert links == [f"/batch/{batch_id}/{name}" for name in DOWNLOADS]
    files = {name: download(web, batch_id, name) for name in DOWNLOADS}
    stack = PdfReader(io.BytesIO(files["stack.pdf"]))
    assert len(stack.pages) >= 4
    # The pages to print are the stack's (cover sheets in, portal letters out).
    assert f"{len(stack.pages)} pages to print." in page.main_text()
    with zipfile.ZipFile(io.BytesIO(files["letters.zip"])) as letters:
        names = letters.namelist()
        assert len(names) == 6 and all(n.endswith(".pdf") for n in names)
        assert all(letters.read(n).startswith(b"%PDF") for n in names)
    manifest = list(csv.reader(io.StringIO(files["manifest.csv"].decode("utf-8-sig"))))
    assert manifest[0] == ["row", "agency", "address", "pages", "method"]
    assert Counter(r[4] for r in manifest[1:]) == {
        "certified mail": 2, "first-class mail": 2, "DHS portal": 2}
    with zipfile.ZipFile(io.BytesIO(files["portal-packets.zip"])) as portal:
        assert sum(n.endswith("letter.pdf") for n in portal.namelist()) == 2
    with zipfile.ZipFile(io.BytesIO(files["client-packets.zip"])) as packets:
        assert len(packets.namelist()) == 6
    for name in names:  # no client's full name in any file name
        assert not any(part in name for n in NAMES for part in n.split())


def download(web: HttpsClient, batch_id: int, name: str) -> bytes:
    response = web.get(f"/batch/{batch_id}/{name}")
    assert response.status_code == 200, (name, response.status_code)
    assert response.headers["Content-Disposition"] == \
        f"attachment; filename=batch-{batch_id}-{name}"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    return response.data


def test_only_the_batch_files_download(app: Flask, web: HttpsClient, advocate: int,
                                       jobs: Any) -> None:
    batch_id = uploaded(web, clinic_rows(2), packets=False)
    assert web.get(f"/batch/{batch_id}/stack.pdf").status_code == 404  # not made yet
    start(web, batch_id)
    assert web.get(f"/batch/{batch_id}/stack.pdf").status_code == 200
    for name in ("client-packets.zip", "records.db", "secret_key", "..%2Fstack.pdf",
                 "stack.PDF", "huey.db", "start"):
        assert web.get(f"/batch/{batch_id}/{name}").status_code == 404, name


def test_progress_json_and_the_bar_while_it_runs(app: Flask, web: HttpsClient,
                                                 advocate: int) -> None:
    batch_id = uploaded(web, clinic_rows(3))
    assert web.get(f"/batch/{batch_id}/progress.json").get_json() == {
        "status": "preview", "done": 0, "total": 3, "eta_seconds": None,
        "text": "0 of 3 letters done", "time_left": ""}
    start(web, batch_id)  # queued: no consumer runs in this test
    queued = web.get(f"/batch/{batch_id}/progress.json").get_json()
    assert queued["status"] == "queued" and queued["time_left"]
    page = Page.of(web.get(f"/batch/{batch_id}"))
    [bar] = page.all("progress")
    assert (bar.get("max"), bar.get("value"), bar.text()) == ("3", "0", "0 of 3 letters done")
    # Without JavaScript the page refreshes itself; the script updates it in place.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page.html
    assert "/static/batch.js" in page.hrefs()
    status = page.all("p", id="batch-progress-text")[0]
    assert status.get("aria-live") == "polite" and status.get("role") == "status"
    _move(app, batch_id, status="running", done=2, started=utc_now() - timedelta(seconds=40))
    running = web.get(f"/batch/{batch_id}/progress.json").get_json()
    assert (running["status"], running["done"], running["total"]) == ("running", 2, 3)
    assert isinstance(running["eta_seconds"], int) and running["eta_seconds"] >= 0
    assert running["text"] == "2 of 3 letters done"
    assert running["time_left"] in ("Less than a minute left",) or \
        running["time_left"].startswith("About ")


def _move(app: Flask, batch_id: int, *, status: str, done: int = 0,
          started: Any = None, error: str | None = None) -> None:
    """Set a batch's state as the worker would have."""
    with app.app_context():
        session = database.session()
        batch = session.get(Batch, batch_id)
        assert batch is not None
        batch.status, batch.done = status, done
        if started is not None:
            batch.started_at = batch.heartbeat_at = started
        if error is not None:
            batch.error = error
        session.commit()


def test_a_failed_batch_says_why_and_can_start_again(app: Flask, web: HttpsClient,
                                                     advocate: int) -> None:
    batch_id = uploaded(web, clinic_rows(2))
    start(web, batch_id)
    _move(app, batch_id, status="failed", done=1,
          error="The letters could not be made. Try again.")
    page = Page.of(web.get(f"/batch/{batch_id}"))
    assert "The letters could not be made. Try again." in page.main_text()
    assert "1 of 2 letters done" in page.main_text()
    assert page.all("form", action=f"/batch/{batch_id}/start")
    assert start(web, batch_id).status_code == 302
    assert web.get(f"/batch/{batch_id}/progress.json").get_json()["status"] == "queued"


def _outdate(app: Flask, batch_id: int) -> None:
    """A stored row that no longer passes the rules, as after a catalog change: the
    agency it names is gone."""
    with app.app_context():
        session = database.session()
        batch = session.get(Batch, batch_id)
        assert batch is not None
        rows = [dict(r) for r in batch.rows]
        rows[1] = {**rows[1], "answers": {**rows[1]["answers"], "agency": "nowhere-county"}}
        batch.rows = rows
        session.commit()


def test_a_batch_checked_against_older_rules_says_to_upload_again(
        app: Flask, web: HttpsClient, advocate: int, jobs: Any) -> None:
    batch_id = uploaded(web, clinic_rows(3))
    _outdate(app, batch_id)
    response = web.get(f"/batch/{batch_id}")
    assert response.status_code == 200
    page = Page.of(response)
    text = page.main_text()
    assert "This batch was checked against older rules" in text
    assert "Upload the spreadsheet again" in text
    assert not page.all("form", action=f"/batch/{batch_id}/start")  # nothing to start
    assert "Traceback" not in page.html and "nowhere-county" not in page.html
    assert not any(name in page.html for name in NAMES)
    # Started anyway (an old tab): the job fails at once, saying the same.
    start(web, batch_id)
    failed = Page.of(web.get(f"/batch/{batch_id}"))
    assert "This batch was checked against older rules" in failed.main_text()
    with app.app_context():
        batch = database.session().get(Batch, batch_id)
        assert batch is not None and (batch.status, batch.attempts) == ("failed", 1)


def test_a_second_start_starts_nothing_more(app: Flask, web: HttpsClient,
                                            advocate: int) -> None:
    batch_id = uploaded(web, clinic_rows(2))
    assert start(web, batch_id).status_code == 302
    token = Page.of(web.get("/batch")).csrf_token()
    again = web.post(f"/batch/{batch_id}/start", data={"csrf_token": token})
    assert again.status_code == 302
    [batch] = batches_of(app, advocate)
    assert batch.status == "queued"


def test_the_list_shows_the_users_batches_with_their_status(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    first = uploaded(web, clinic_rows(2))
    second = uploaded(web, clinic_rows(3))
    start(web, first)
    page = Page.of(web.get("/batch"))
    [listing] = page.all("table", class_="batches")
    rows = [r.element.text() for r in _rows(listing)]
    assert len(rows) == 2
    assert f"Batch {second}" in rows[0] and "Checked, not started" in rows[0]
    assert f"Batch {first}" in rows[1] and "Waiting to start" in rows[1]


# ------------------------------------------------------------------- who sees what
def batch_urls(batch_id: int) -> list[tuple[str, str]]:
    return [("GET", f"/batch/{batch_id}"), ("GET", f"/batch/{batch_id}/progress.json"),
            ("POST", f"/batch/{batch_id}/start"),
            *(("GET", f"/batch/{batch_id}/{name}") for name in DOWNLOADS)]


def test_another_users_batch_is_a_404_on_every_route(app: Flask, web: HttpsClient,
                                                     advocate: int, jobs: Any) -> None:
    batch_id = uploaded(web, clinic_rows(3))
    start(web, batch_id)
    stranger = https_client(app)
    sign_in(stranger, make_user(app, "stranger@example.org"))
    token = Page.of(stranger.get("/batch")).csrf_token()
    for method, url in batch_urls(batch_id):
        response = stranger.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 404, (method, url)
    assert f"/batch/{batch_id}" not in Page.of(stranger.get("/batch")).hrefs()
    token = Page.of(web.get("/batch")).csrf_token()
    for method, url in batch_urls(batch_id):  # the owner, on the same URLs
        assert web.open(url, method=method, data={"csrf_token": token}).status_code \
            in (200, 302), (method, url)


def test_an_organisations_batch_is_its_members_and_no_one_elses(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    colleague = make_user(app, "colleague@example.org")
    outsider = make_user(app, "outsider@example.org")
    org = make_org(app, "Records Night Clinic", advocate, colleague)
    make_org(app, "Another Clinic", outsider)
    page = Page.of(web.get("/batch"))
    assert [o.get("value") for o in page.all("option")] == ["", str(org)]
    batch_id = uploaded(web, clinic_rows(2), org=str(org))
    member = https_client(app)
    sign_in(member, colleague)
    assert member.get(f"/batch/{batch_id}").status_code == 200
    assert f"/batch/{batch_id}" in Page.of(member.get("/batch")).hrefs()
    other = https_client(app)
    sign_in(other, outsider)
    assert other.get(f"/batch/{batch_id}").status_code == 404


def test_a_batch_for_an_organisation_one_is_not_in_is_refused(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    outsider = make_user(app, "outsider@example.org")
    theirs = make_org(app, "Another Clinic", outsider)
    response = upload(web, csv_bytes(clinic_rows(1)), org=str(theirs))
    assert response.status_code == 422
    assert Page.of(response).by_id("org-error") is not None or \
        "Choose one of your organisations" in Page.of(response).main_text()
    assert batches_of(app, advocate) == []


def test_no_name_a_number_or_email_in_any_url_the_pages_make(
        app: Flask, web: HttpsClient, advocate: int, jobs: Any) -> None:
    rows = clinic_rows(6)
    secrets = {v for r in rows for k, v in r.items() if v and k in (
        "requester.name", "subject.name", "subject.a_number", "requester.email",
        "subject.birth_date")}
    secrets |= {part for r in rows for part in r["subject.name"].split() if len(part) > 3}
    response = upload(web, csv_bytes(rows))
    urls = [response.headers["Location"]]
    batch_id = int(BATCH_URL.match(urls[0])[1])  # type: ignore[index]
    pages = [web.get("/batch"), web.get(f"/batch/{batch_id}")]
    start(web, batch_id)
    pages.append(web.get(f"/batch/{batch_id}"))
    pages.append(upload(web, csv_bytes(rows_with(6, {2: {"requester__email": "x"}}))))
    urls += [u for p in pages for u in Page.of(p).hrefs()]
    assert len(urls) > 20
    leaks = [(u, s) for u in urls for s in secrets if s.casefold() in u.casefold()]
    assert leaks == []


def test_the_pages_work_in_spanish(app: Flask, web: HttpsClient, advocate: int) -> None:
    web.get("/lang/es?next=/batch")
    page = Page.of(web.get("/batch"))
    assert page.all("html", lang="es")
    batch_id = uploaded(web, clinic_rows(3))
    assert web.get(f"/batch/{batch_id}").status_code == 200
    start(web, batch_id)
    _move(app, batch_id, status="running", done=1, started=utc_now() - timedelta(minutes=7))
    progress = web.get(f"/batch/{batch_id}/progress.json").get_json()
    assert progress["eta_seconds"] >= 600 and progress["time_left"]
    assert web.get(f"/batch/{batch_id}").status_code == 200


def test_row_problems_are_said_in_the_interface_language(app: Flask, web: HttpsClient,
                                                         advocate: int) -> None:
    """The validator's problems come with their codes, so the Spanish page says them in
    Spanish; the row and column stay as the spreadsheet names them."""
    web.get("/lang/es?next=/batch")
    response = upload(web, csv_bytes(rows_with(6, {2: {"requester__email": "x"}})))
    assert response.status_code == 422
    problems = [li.text().strip() for ul in Page.of(response).all("ul", class_="row-problems")
                for li in ul.iter() if li.tag == "li"]
    assert len(problems) == 1, problems
    assert "requester.email" in problems[0] and "4" in problems[0]
    assert "no es una dirección de correo electrónico válida" in problems[0], problems
    assert "not an email address" not in problems[0]


def test_a_failed_batch_says_why_in_the_interface_language(app: Flask, web: HttpsClient,
                                                           advocate: int) -> None:
    """Batch.error keeps the job's English message (records.jobs); the page says it in
    Spanish, because each message is a msgid."""
    from records import jobs

    batch_id = uploaded(web, clinic_rows(2))
    start(web, batch_id)
    _move(app, batch_id, status="failed", done=1, error=jobs.GAVE_UP)
    web.get("/lang/es?next=/batch")
    text = Page.of(web.get(f"/batch/{batch_id}")).main_text()
    assert "El lote se interrumpió demasiadas veces" in text
    assert "interrupted" not in text
