"""Drafts never lose an edit, through the Flask test client on a real SQLite file: a GET
writes nothing, a save merges its step into the current answers, a step changed in another
tab is never overwritten unseen, an over-limit value is refused and not stored, and a
locked database gives a "busy" page that keeps what was typed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from records import db
from records.catalog import default_catalog
from records.drafts import LIMITS, DraftError, too_long, validate
from records.fields import FieldError
from records.models import WizardDraft
from records.store import DraftStore
from records.web import database
from tests.conftest import TODAY, load_example
from tests.live import step_form
from tests.test_wizard import wizard_answers
from tests.wizard_helpers import (
    HttpsClient,
    Page,
    Wizard,
    errors_on,
    form_steps,
    today_in_chicago,
)

FORM_STEPS = ("agency", "records", "requester", "fees")


def tab(app: Flask, wiz: Wizard) -> Wizard:
    """Another browser with the same draft (the resume link): its own cookies and CSRF."""
    app.test_client_class = HttpsClient
    other = Wizard(app.test_client())  # type: ignore[arg-type]
    other.token = wiz.token
    return other


def finished(wiz: Wizard, example: str = "kcpd-sunshine-2019.json") -> dict[str, Any]:
    answers = wizard_answers(example)
    wiz.start("blank")
    wiz.fill(answers)
    return answers


def row(app: Flask, token: str) -> tuple[dict[str, Any], int, datetime, str]:
    with app.app_context():
        draft = database.session().get(WizardDraft, token)
        assert draft is not None
        return dict(draft.answers), draft.version, draft.updated_at, draft.step


def database_file(app: Flask) -> str:
    path = db.connect(app.config["DATABASE_URL"]).engine.url.database
    assert path
    return path


# --- the form says what it was made from --------------------------------------------------

@pytest.mark.parametrize("step", FORM_STEPS)
def test_each_step_form_posts_the_version_it_was_rendered_from(
        app: Flask, wiz: Wizard, step: str) -> None:
    finished(wiz)
    form = step_form(Page.of(wiz.get(step)))
    assert form["version"] == str(row(app, wiz.token)[1]) == "5"  # created, then 4 saves
    assert len(form["fingerprint"]) == 32
    assert "Carmen" not in form["fingerprint"]


# --- a GET never writes -------------------------------------------------------------------

def test_no_get_writes_anything(app: Flask, wiz: Wizard) -> None:
    finished(wiz)
    before = row(app, wiz.token)
    watcher = sqlite3.connect(database_file(app))
    try:
        mark = watcher.execute("PRAGMA data_version").fetchone()[0]
        for what in ("", *FORM_STEPS, "review", "done", "preview", "letter.pdf", "resumen",
                     "delete"):
            assert wiz.get(what).status_code in (200, 302), what
        assert wiz.client.get("/new/").status_code == 200
        assert watcher.execute("PRAGMA data_version").fetchone()[0] == mark
        assert row(app, wiz.token) == before
        # The probe can see a write: a POST changes both.
        wiz.submit("fees", form_steps(wizard_answers("kcpd-sunshine-2019.json"))["fees"])
        assert watcher.execute("PRAGMA data_version").fetchone()[0] != mark
    finally:
        watcher.close()
    assert row(app, wiz.token)[1] == before[1] + 1


def test_an_expired_draft_is_not_found_and_not_deleted_by_a_get(
        app: Flask, wiz: Wizard) -> None:
    with app.app_context():
        token = DraftStore(database.session()).create(
            wizard_answers("kcpd-sunshine-2019.json"), step="review",
            now=datetime.now(UTC) - timedelta(days=31))
    wiz.token = token
    for what in ("", "agency", "review", "done", "letter.pdf"):
        assert wiz.get(what).status_code == 404, what
    assert wiz.post("agency", {"agency": "kcpd", "asking_for": "others"}).status_code == 404
    assert row(app, token)[0]["agency"] == "kcpd", "still there for the purge"


# --- two tabs -------------------------------------------------------------------------------

def test_two_tabs_saving_different_steps_from_old_pages_keep_both(
        app: Flask, wiz: Wizard) -> None:
    finished(wiz)
    other = tab(app, wiz)
    records = step_form(Page.of(wiz.get("records")))
    requester = step_form(Page.of(other.get("requester")))
    other.submit("requester", {**requester, "requester_name": "Tab Two"})
    # Tab one's page is now a version behind, but its step was not touched: it merges.
    wiz.submit("records", {**records, "description": "Tab one's description"})
    answers = row(app, wiz.token)[0]
    assert answers["requester"]["name"] == "Tab Two"
    assert answers["description"] == "Tab one's description"


def test_an_agency_change_applies_to_the_answers_another_tab_just_saved(
        app: Flask, wiz: Wizard) -> None:
    finished(wiz, "ice-foia-2019.json")
    other = tab(app, wiz)
    agency = step_form(Page.of(wiz.get("agency")))
    fees = step_form(Page.of(other.get("fees")))
    other.submit("fees", {**fees, "fee_limit": "60", "expedite": "Someone is in danger."})
    wiz.submit("agency", {**agency, "agency": "kcpd", "asking_for": "others"})
    answers = row(app, wiz.token)[0]
    assert answers["agency"] == "kcpd" and answers["law"] == "mo-sunshine"
    assert answers["fee_limit"] == "60", "the other tab's save is kept"
    assert "expedite" not in answers, "and what KCPD cannot take is dropped from it"


def conflict_rows(page: Page) -> dict[str, tuple[str, ...]]:
    box = page.by_id("conflict")
    assert box is not None and box.get("role") == "alert"
    return {dt.text().strip(): tuple(dd.text().strip() for dd in div.iter() if dd.tag == "dd")
            for div in box.iter() if div.tag == "div"
            for dt in div.iter() if dt.tag == "dt"}


def test_the_same_step_saved_in_two_tabs_shows_both_values_and_keeps_what_was_typed(
        app: Flask, wiz: Wizard) -> None:
    finished(wiz)
    other = tab(app, wiz)
    mine = step_form(Page.of(wiz.get("requester")))
    theirs = step_form(Page.of(other.get("requester")))
    other.submit("requester", {**theirs, "requester_name": "Saved Elsewhere"})
    saved = row(app, wiz.token)

    response = wiz.post("requester", {**mine, "requester_name": "Typed Here",
                                      "requester_email": "typed@example.org"})
    assert response.status_code == 409
    page = Page.of(response)
    assert conflict_rows(page) == {
        "Your full name": ("Saved: Saved Elsewhere", "You typed: Typed Here"),
        "Email": (f"Saved: {theirs['requester_email']}", "You typed: typed@example.org")}
    assert page.value("requester_name") == "Typed Here"
    assert page.value("requester_email") == "typed@example.org"
    assert row(app, wiz.token) == saved, "nothing is saved until the user chooses"
    use_saved = [a.get("href") for a in page.by_id("conflict").iter()  # type: ignore[union-attr]
                 if a.tag == "a" and "saved answers" in a.text()]
    assert use_saved == [f"/new/{wiz.token}/requester"]
    assert Page.of(wiz.client.get(use_saved[0])).value("requester_name") == "Saved Elsewhere"

    keep = {**step_form(page), "resolve": "mine"}  # "Keep what I typed"
    assert page.all("button", name="resolve", value="mine")
    assert keep["version"] == str(saved[1])
    wiz.submit("requester", keep)
    answers = row(app, wiz.token)[0]
    assert answers["requester"]["name"] == "Typed Here"
    assert answers["requester"]["email"] == "typed@example.org"


def test_the_conflict_message_is_in_spanish(app: Flask, wiz: Wizard) -> None:
    finished(wiz)
    assert wiz.client.get("/lang/es?next=/new/").status_code == 302
    other = tab(app, wiz)
    mine = step_form(Page.of(wiz.get("records")))
    other.submit("records", {**step_form(Page.of(other.get("records"))),
                             "description": "Otra"})
    page = Page.of(wiz.post("records", {**mine, "description": "Mía"}))
    text = page.by_id("conflict").text()  # type: ignore[union-attr]
    assert "Este paso cambió en otro lugar" in text
    assert "Guardado: Otra" in text and "Usted escribió: Mía" in text
    assert "Conservar lo que escribí" in text and "Usar las respuestas guardadas" in text


def test_a_double_submit_of_the_same_values_is_not_a_conflict(
        app: Flask, wiz: Wizard) -> None:
    finished(wiz)
    form = {**step_form(Page.of(wiz.get("records"))), "description": "Same in both"}
    wiz.submit("records", form)
    wiz.submit("records", form)  # the old version, but nothing differs from what is saved
    assert row(app, wiz.token)[0]["description"] == "Same in both"


# --- limits ---------------------------------------------------------------------------------

def test_a_value_over_its_limit_is_refused_not_stored_and_shown_back(
        app: Flask, wiz: Wizard) -> None:
    finished(wiz)
    before = row(app, wiz.token)[0]
    long_name = "N" * (LIMITS["requester.name"] + 1)
    form = {**step_form(Page.of(wiz.get("requester"))), "requester_name": long_name,
            "requester_email": "not-an-email", "requester_organization": "Kept Org"}
    response = wiz.post("requester", form)
    assert response.status_code == 422
    page = Page.of(response)
    assert page.value("requester_name") == long_name
    assert page.value("requester_email") == "not-an-email"
    error = page.by_id("requester_name-error")
    assert error is not None and f"at most {LIMITS['requester.name']}" in error.text()
    assert page.by_id("requester_email-error") is not None
    answers = row(app, wiz.token)[0]
    assert answers["requester"]["name"] == before["requester"]["name"], "not stored"
    assert answers["requester"]["email"] == "not-an-email", "other invalid values are kept"
    assert answers["requester"]["organization"] == "Kept Org"


def test_a_list_entry_over_its_limit_is_refused(app: Flask, wiz: Wizard) -> None:
    finished(wiz)
    people = "Someone\n" + "P" * (LIMITS["incident.people"] + 1)
    form = {**step_form(Page.of(wiz.get("records"))), "incident_people": people,
            "description": "x" * LIMITS["description"]}
    response = wiz.post("records", form)
    assert response.status_code == 422
    assert Page.of(response).value("incident_people").strip() == people
    answers = row(app, wiz.token)[0]
    assert "P" * 10 not in str(answers["incident"].get("people"))
    assert answers["description"] == "x" * LIMITS["description"], "at the limit is fine"


def test_a_description_over_5000_characters_is_not_stored(app: Flask, wiz: Wizard) -> None:
    answers = finished(wiz)
    form = {**step_form(Page.of(wiz.get("records"))),
            "description": "d" * (LIMITS["description"] + 1)}
    page = Page.of(wiz.post("records", form))
    assert any("at most 5000" in e for e in errors_on(page))
    assert page.value("description").strip() == "d" * 5001
    assert row(app, wiz.token)[0]["description"] == answers["description"]


def test_a_huge_post_gets_a_clear_413_and_the_database_does_not_grow(
        app: Flask, wiz: Wizard) -> None:
    finished(wiz)
    before = row(app, wiz.token)
    size = Path(database_file(app)).stat().st_size
    form = {**step_form(Page.of(wiz.get("records"))), "description": "d" * 2_000_000}
    response = wiz.post("records", form)
    assert response.status_code == 413
    text = Page.of(response).main_text()
    assert "not saved" in text and "Your earlier answers are still saved" in text
    assert row(app, wiz.token) == before
    assert Path(database_file(app)).stat().st_size == size


# --- busy -----------------------------------------------------------------------------------

@pytest.fixture
def impatient_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app with a short busy timeout, so a held lock answers within a test's time."""
    from records import create_app

    monkeypatch.setenv("RECORDS_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "SQLITE_BUSY_TIMEOUT": 0.2, "SECRET_KEY": "k",
                      "TODAY": TODAY})
    db.upgrade(app.config["DATABASE_URL"])
    yield app
    db.dispose(app.config["DATABASE_URL"])


def test_a_locked_database_gives_a_busy_page_that_keeps_what_was_typed(
        impatient_app: Flask) -> None:
    app = impatient_app
    app.test_client_class = HttpsClient
    wiz = Wizard(app.test_client())  # type: ignore[arg-type]
    finished(wiz)
    before = row(app, wiz.token)
    form = {**step_form(Page.of(wiz.get("requester"))), "requester_name": "Typed While Busy"}
    holder = sqlite3.connect(database_file(app), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        response = wiz.post("requester", form)
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        page = Page.of(response)
        assert page.by_id("busy") is not None and "not saved" in page.by_id("busy").text()  # type: ignore[union-attr]
        assert page.value("requester_name") == "Typed While Busy"
        assert step_form(page)["version"] == form["version"]
        assert wiz.get("review").status_code == 200, "reading needs no lock"
        created = wiz.client.post("/new/", data={"start": "blank", "csrf_token": wiz.csrf})
        assert created.status_code == 503 and created.headers["Retry-After"] == "5"
        assert "Wait a few seconds" in Page.of(created).main_text()
        finish = wiz.client.post(f"/new/{wiz.token}/done", data={"csrf_token": wiz.csrf})
        assert finish.status_code == 503
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert row(app, wiz.token) == before
    wiz.submit("requester", step_form(page))  # sent again once the lock is gone
    assert row(app, wiz.token)[0]["requester"]["name"] == "Typed While Busy"


def test_the_busy_timeout_is_set_on_every_connection(app: Flask,
                                                     impatient_app: Flask) -> None:
    for each, expected in ((app, 5000), (impatient_app, 200)):
        with each.app_context():
            timeout = database.session().connection().exec_driver_sql(
                "PRAGMA busy_timeout").scalar()
        assert timeout == expected


@pytest.mark.parametrize("version", ["", "²", "٣", "9" * 5000, "-1", "1e3", "0", "99999"])
def test_an_odd_version_is_merged_like_a_post_without_one(
        app: Flask, wiz: Wizard, version: str) -> None:
    finished(wiz)
    form = {**step_form(Page.of(wiz.get("records"))), "version": version,
            "fingerprint": "x", "description": "Odd version"}
    response = wiz.post("records", form)
    stale = version in ("0", "99999")  # well-formed but not current: the step differs
    assert response.status_code == (409 if stale else 302)
    assert (row(app, wiz.token)[0]["description"] == "Odd version") is not stale


@pytest.mark.parametrize("path", sorted(LIMITS))
def test_the_limits_table_is_what_the_validator_enforces(path: str) -> None:
    """The wizard refuses exactly what the validator calls too long, at every path."""

    def problems(value: Any) -> list[FieldError]:
        answers = load_example("ice-privacy-act-self.json")
        *parents, key = path.split(".")
        node = answers
        for part in parents:
            node = node.setdefault(part, {})
        node[key] = value
        try:
            validate(answers, catalog=default_catalog(), today=today_in_chicago())
        except DraftError as exc:
            return exc.errors
        return []

    listed = path in ("incident.people", "subject.other_names")
    at_limit, over = ("é" * LIMITS[path], "é" * (LIMITS[path] + 1))
    if listed:
        at_limit, over = [at_limit], [over]  # type: ignore[assignment]
    assert too_long(path, at_limit) is None
    error = too_long(path, over)
    assert error is not None and error.field == path
    assert error in problems(over)
    assert too_long(path, at_limit) not in problems(at_limit)
    assert not [e for e in problems(at_limit) if e.field == path and e == error]
