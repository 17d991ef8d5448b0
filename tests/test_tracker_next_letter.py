"""The next letter: its facts come from the timeline and the clocks; the user adds only
what the timeline cannot know (their arguments), and the letter is stored as written."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from flask import Flask

from records import tracker
from records.models import TrackedRequest
from records.tracker import facts
from records.web import database
from tests.tracker_web_helpers import csrf, form_of, make_request
from tests.wizard_helpers import HttpsClient, Page


def _facts(app: Flask, request_id: int, today: date, **typed: str) -> dict:
    with app.app_context():
        found = database.session().get(TrackedRequest, request_id)
        assert found is not None
        return facts.fact_values(found, today=today, form_values=typed)


def test_a_follow_up_knows_when_kcpd_received_it_and_the_safe_date_it_missed(
        app: Flask, advocate: int) -> None:
    request_id = make_request(app, advocate, events=[
        ("sent", "2026-11-02", {"method": "certified", "certified_number": "9407 1111"}),
        ("received", "2026-11-02", {})])
    found = _facts(app, request_id, date(2026, 11, 11))
    assert found["received"] == date(2026, 11, 2)
    assert (found["sent_method"], found["certified_number"]) == ("certified", "9407 1111")
    assert found["due"] == date(2026, 11, 5)
    assert found["original_date"] == date(2026, 11, 2)
    assert found["letter_date"] == date(2026, 11, 11)


def test_an_appeal_takes_the_denial_its_exemptions_tracking_and_appeal_deadline(
        app: Flask, advocate: int) -> None:
    request_id = make_request(
        app, advocate, base="ice-foia-2019.json", answers={"date": "2026-09-01"},
        events=[("received", "2026-09-02", {}),
                ("acknowledged", "2026-09-03", {"tracking": "2026-ICFO-01234"}),
                ("denied", "2026-10-01", {"exemptions": "(b)(6), (b)(7)(C)"})])
    found = _facts(app, request_id, date(2026, 11, 12), arguments="  The video is mine.  ")
    assert found["tracking"] == ("2026-ICFO-01234",)
    assert found["denied"] == date(2026, 10, 1)
    assert found["exemptions"] == ("(b)(6)", "(b)(7)(C)")
    assert found["appeal_by"] is not None and found["appeal_by"] > date(2026, 11, 12)
    assert found["arguments"] == "The video is mine."


def test_a_fee_challenge_takes_the_amount_and_the_day_it_was_asked(
        app: Flask, advocate: int) -> None:
    request_id = make_request(app, advocate, events=[
        ("received", "2026-11-02", {}), ("payment-requested", "2026-11-03", {"amount": "45"})])
    found = _facts(app, request_id, date(2026, 11, 12))
    assert (found["fee_amount"], found["fee_requested"]) == (Decimal("45.00"),
                                                              date(2026, 11, 3))


def test_the_letter_form_starts_with_the_exemptions_the_agency_cited(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(
        app, advocate, base="ice-foia-2019.json", answers={"date": "2026-09-01"},
        events=[("received", "2026-09-02", {}), ("denied", "2026-10-01", {"exemptions": "(b)(6)"})])
    response = web.post(f"/requests/{request_id}/letters",
                        data={"csrf_token": csrf(web), "kind": "appeal-exemptions"})
    assert response.status_code == 200
    page = Page.of(response)
    assert page.value("exemptions") == "(b)(6)"
    assert page.by_id("arguments") is not None


def test_a_letter_kind_the_request_cannot_take_is_refused(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(app, advocate)
    for kind in ("../etc", "appeal-search", ""):  # a Missouri request has no federal appeal
        response = web.post(f"/requests/{request_id}/letters",
                            data={"csrf_token": csrf(web), "kind": kind})
        assert response.status_code == 422
        assert "choose one of the letters" in Page.of(response).text()


def test_the_follow_up_is_written_and_stored_from_the_dashboards_button(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    app.config["TODAY"] = date(2026, 11, 11)
    request_id = make_request(app, advocate, events=[("received", "2026-11-02", {})])
    action = f"/requests/{request_id}/letters"
    form = Page.of(web.post(action, data=form_of(Page.of(web.get("/requests")), action)))
    response = web.post(action, data=form_of(form, action))
    assert response.status_code == 302, response.status_code
    with app.app_context():
        found = database.session().get(TrackedRequest, request_id)
        assert found is not None
        stored = tracker.letter(database.session(), found, 2)
        assert stored.kind == "follow-up"
        assert stored.facts["received"] == "2026-11-02"
        sha = stored.sha256
    pdf = web.get(f"/requests/{request_id}/letters/2.pdf")
    assert hashlib.sha256(pdf.data).hexdigest() == sha



def test_a_letter_the_facts_cannot_make_is_refused_with_the_reason(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(app, advocate)  # never recorded as received
    response = web.post(f"/requests/{request_id}/letters", data={
        "csrf_token": csrf(web), "kind": "follow-up", "write": "1"})
    assert response.status_code == 422
    assert Page.of(response).all("div", class_="error-summary")
    with app.app_context():
        found = database.session().get(TrackedRequest, request_id)
        assert found is not None and len(found.letters) == 1


def test_an_ice_appeal_is_written_from_the_denial_and_the_users_arguments(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(
        app, advocate, base="ice-foia-2019.json", answers={"date": "2026-09-01"},
        events=[("received", "2026-09-02", {}),
                ("acknowledged", "2026-09-03", {"tracking": "2026-ICFO-01234"}),
                ("denied", "2026-10-01", {"exemptions": "(b)(6), (b)(7)(C)"})])
    action = f"/requests/{request_id}/letters"
    form = Page.of(web.post(action, data={"csrf_token": csrf(web),
                                          "kind": "appeal-exemptions"}))
    data = form_of(form, action) | {"arguments": "The video shows a public arrest."}
    response = web.post(action, data=data)
    assert response.status_code == 302, [e.text() for e in Page.of(response).all("li")]
    text = web.get(f"/requests/{request_id}/letters/2.txt").get_data(as_text=True)
    assert "2026-ICFO-01234" in text and "public arrest" in text
