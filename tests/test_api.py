"""The tracker's JSON API: /api/requests, one request, its events and its letters, with a
personal bearer token; every error is JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from records import accounts, create_app, db
from records.catalog import default_catalog
from records.drafts import DraftError, validate
from records.models import TrackedRequest, User
from records.web import limits
from tests import tracker_data as data
from tests.conftest import TODAY, extract_text, make_answers


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with db.connect(app.config["DATABASE_URL"]).scope() as s:
        yield s


class Api:
    """A client that sends `Authorization: Bearer <token>` with every call."""

    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client, self.token = client, token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str) -> TestResponse:
        return self.client.get(path, headers=self._headers())

    def post(self, path: str, body: Any = None, **kwargs: Any) -> TestResponse:
        if body is not None:
            kwargs["json"] = body
        return self.client.post(path, headers=self._headers(), **kwargs)


def api_for(app: Flask, session: Session, user: User) -> Api:
    token = accounts.new_api_token(session, user, now=data.NOW)
    session.commit()
    return Api(app.test_client(), token)


@pytest.fixture
def world(app: Flask, session: Session) -> dict[str, Any]:
    ana, ben = data.user(session, "ana@example.org"), data.user(session, "ben@example.org")
    clinic = data.org(session, "Clinic", ana)
    kcpd = data.request(session, ana, events=[
        ("sent", "2026-10-30", {"method": "certified", "certified_number": "9407 1118"}),
        ("received", "2026-11-02")])
    data.letter(session, kcpd, b"%PDF-1.4 stored letter bytes")
    ice = data.request(session, ben, law="foia", agency="ice", organisation=clinic,
                       answers=data.answers_for("foia", "ice", expedite=...),
                       events=[("received", "2026-09-02")])
    theirs = data.request(session, ben, events=[("received", "2026-11-02")])
    return {"ana": ana, "ben": ben, "kcpd": kcpd, "ice": ice, "theirs": theirs,
            "api": api_for(app, session, ana)}


def test_the_list_has_every_visible_request_with_its_next_deadline_and_step(
        world: dict[str, Any]) -> None:
    response = world["api"].get("/api/requests")
    assert response.status_code == 200
    found = response.get_json()["requests"]
    assert [r["id"] for r in found] == [world["kcpd"].id, world["ice"].id]
    kcpd = found[0]
    assert kcpd == {
        "id": world["kcpd"].id, "title": "KCPD: incident of 2019-07-22", "agency": "KCPD",
        "agency_name": "Kansas City Missouri Police Department", "law": "mo-sunshine",
        "status": "overdue",
        "next_deadline": {"clock": "response", "due": "2026-11-05", "safe_date": "2026-11-05",
                          "days_left": -18},
        "next_step": {"text": "KCPD is 11 business days late: send the follow-up.",
                      "action": "follow-up"},
        "url": f"http://127.0.0.1:5000/requests/{world['kcpd'].id}"}


def test_one_request_has_its_events_clocks_in_the_deadlines_shape_and_letters(
        world: dict[str, Any]) -> None:
    kcpd = world["kcpd"]
    found = world["api"].get(f"/api/requests/{kcpd.id}").get_json()
    assert [(e["kind"], e["date"], e["value"]) for e in found["events"]] == [
        ("sent", "2026-10-30", "certified"), ("received", "2026-11-02", None)]
    assert found["events"][0]["detail"]["certified_number"] == "9407 1118"
    deadlines = found["deadlines"]
    assert (deadlines["law"], deadlines["agency"], deadlines["received"], deadlines["today"]) \
        == ("mo-sunshine", "kcpd", "2026-11-02", TODAY.isoformat())
    response = next(c for c in deadlines["deadlines"] if c["id"] == "response")
    assert response["due"] == "2026-11-05" and response["status"] == "missed"
    assert response["basis"] == "RSMo 610.023.3" and response["alternatives"] == []
    assert response["explanation"][0].startswith("Mon 2026-11-02")
    letter = found["letters"][0]
    assert letter["number"] == 1 and letter["kind"] == "request"
    assert letter["url"] == f"http://127.0.0.1:5000/api/requests/{kcpd.id}/letters/1.pdf"
    pdf = world["api"].get(letter["url"].removeprefix("http://127.0.0.1:5000"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data == b"%PDF-1.4 stored letter bytes"


def test_another_users_request_is_a_json_404_on_every_route(world: dict[str, Any]) -> None:
    api, theirs = world["api"], world["theirs"].id
    for response in (api.get(f"/api/requests/{theirs}"),
                     api.get(f"/api/requests/{theirs}/letters/1.pdf"),
                     api.post(f"/api/requests/{theirs}/events",
                              {"kind": "completed", "date": "2026-11-20"}),
                     api.get("/api/requests/999999"),
                     api.get("/api/requests/99999999999999999999999"),
                     api.get(f"/api/requests/{world['kcpd'].id}/letters/9.pdf")):
        assert response.status_code == 404
        assert response.is_json and "error" in response.get_json()


def test_a_new_request_is_validated_rendered_stored_and_tracked(
        world: dict[str, Any]) -> None:
    api = world["api"]
    answers = make_answers(date=TODAY.isoformat())
    response = api.post("/api/requests", answers)
    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    assert response.headers["Location"] == f"/api/requests/{made['id']}"
    assert made["status"] == "draft" and made["deadlines"] is None
    assert made["next_step"]["action"] == "event:sent"
    assert made["answers"] == answers
    pdf = api.get(made["letters"][0]["url"].removeprefix("http://127.0.0.1:5000")).data
    assert "Missouri Sunshine Law" in extract_text(pdf)
    listed = [r["id"] for r in api.get("/api/requests").get_json()["requests"]]
    assert made["id"] in listed


def test_bad_answers_are_422_with_the_clis_field_errors(world: dict[str, Any]) -> None:
    answers = make_answers(requester={**make_answers()["requester"], "email": "not-an-email"},
                           law="foia")
    response = world["api"].post("/api/requests", answers)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    with pytest.raises(DraftError) as cli:
        validate(answers, catalog=default_catalog(), today=TODAY)
    # The CLI prints str(error), "field: message", one line each: the same errors.
    assert [f"{e['field']}: {e['message']}" for e in errors] == [str(e) for e in cli.value.errors]
    assert any(e["field"] == "requester.email" and e["code"] for e in errors)


def test_a_new_request_for_an_organisation_the_user_is_not_in_is_a_404(
        app: Flask, session: Session, world: dict[str, Any]) -> None:
    other = data.org(session, "Other", world["ben"])
    response = world["api"].post(f"/api/requests?org={other.id}", make_answers())
    assert response.status_code == 404 and response.is_json


@pytest.mark.parametrize(("kind", "value", "stored"), [
    ("payment-requested", "40", {"amount": "40.00"}),
    ("payment-requested", 1250.5, {"amount": "1250.50"}),
    ("acknowledged", "2026-118", {"tracking": "2026-118"}),
    ("denied", ["610.021(14)", "610.100"], {"exemptions": ["610.021(14)", "610.100"]}),
    ("denied", "610.021(14), 610.100", {"exemptions": ["610.021(14)", "610.100"]}),
    ("completed", None, {}),
])
def test_an_event_value_is_stored_as_its_kinds_detail(
        world: dict[str, Any], kind: str, value: Any, stored: dict[str, Any]) -> None:
    kcpd = world["kcpd"]
    response = world["api"].post(f"/api/requests/{kcpd.id}/events",
                                 {"kind": kind, "date": "2026-11-20", "value": value,
                                  "note": "by phone"})
    assert response.status_code == 201, response.get_json()
    event = response.get_json()["events"][-1]
    assert (event["kind"], event["date"], event["detail"], event["note"]) == \
        (kind, "2026-11-20", stored, "by phone")


def test_a_federal_determination_takes_full_or_adverse(
        world: dict[str, Any], app: Flask, session: Session) -> None:
    ice = world["ice"]
    api = world["api"]
    full = api.post(f"/api/requests/{ice.id}/events",
                    {"kind": "determination", "date": "2026-10-01", "value": "full"})
    assert full.status_code == 201
    event = full.get_json()["events"][-1]
    assert event["detail"] == {"granted": True} and event["value"] == "full"
    assert full.get_json()["status"] == "done"
    wrong = api.post(f"/api/requests/{ice.id}/events",
                     {"kind": "determination", "date": "2026-10-01", "value": "yes"})
    assert wrong.status_code == 422
    assert wrong.get_json()["errors"][0]["field"] == "value"


@pytest.mark.parametrize(("body", "fields"), [
    ({"kind": "teleported", "date": "2026-11-20"}, ["kind"]),
    ({"kind": "determination", "date": "2026-11-20"}, ["kind"]),  # federal only
    ({"kind": "completed", "date": "2026-12-20"}, ["date"]),  # after today
    ({"kind": "completed", "date": "20 Nov"}, ["date"]),
    ({"kind": "completed"}, ["date"]),
    ({"kind": "completed", "date": "2026-11-20", "value": "x"}, ["value"]),
    ({"kind": "payment-requested", "date": "2026-11-20", "value": "lots"}, ["value"]),
    ({"kind": "payment-requested", "date": "2026-11-20"}, ["value"]),
    ({"kind": "sent", "date": "2026-11-20", "value": "pigeon"}, ["value"]),
    ({"kind": "sent", "date": "2026-11-20", "value": {"a": 1}}, ["value"]),
    ({"kind": "completed", "date": "2026-11-20", "note": 5}, ["note"]),
    ({"kind": "completed", "date": "2026-11-20", "note": "x" * 4001}, ["note"]),
    ({"kind": "sent", "date": "2026-11-20", "detail": {"certified_number": "9" * 41}},
     ["detail.certified_number"]),
])
def test_a_wrong_event_is_422_naming_the_field(world: dict[str, Any], body: dict[str, Any],
                                               fields: list[str]) -> None:
    response = world["api"].post(f"/api/requests/{world['kcpd'].id}/events", body)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert [e["field"] for e in errors] == fields
    assert all(e["code"] and e["message"] for e in errors)


def test_a_stale_version_is_a_409(world: dict[str, Any]) -> None:
    kcpd: TrackedRequest = world["kcpd"]
    response = world["api"].post(f"/api/requests/{kcpd.id}/events",
                                 {"kind": "completed", "date": "2026-11-20",
                                  "version": kcpd.version - 1})
    assert response.status_code == 409 and response.is_json


def test_every_error_is_json(app: Flask, world: dict[str, Any]) -> None:
    api, path = world["api"], f"/api/requests/{world['kcpd'].id}/events"
    cases = {
        400: [api.post(path, data="{not json", content_type="application/json"),
              api.post(path, data="[1, 2]", content_type="application/json"),
              api.post(path, data="[" * 100_000 + "]" * 100_000,
                       content_type="application/json")],
        401: [app.test_client().get("/api/requests"),
              Api(app.test_client(), "smr_wrong").get("/api/requests")],
        404: [api.get("/api/nothing-here")],
        405: [api.client.delete("/api/requests", headers=api._headers())],
        413: [api.post(path, data=json.dumps({"note": "x" * 300_000}),
                       content_type="application/json")],
        415: [api.post(path, data="kind=completed",
                       content_type="application/x-www-form-urlencoded")],
    }
    for code, responses in cases.items():
        for response in responses:
            assert response.status_code == code
            assert response.is_json, (code, response.data[:200])
            assert "error" in response.get_json()


def test_new_letters_are_rate_limited_with_a_json_429(
        app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    # The limit of a letter's PDF renders (20 a minute), made 2 so the test renders none:
    # a refused body still counts.
    monkeypatch.setitem(limits.LIMITS, "api.create_request", ("2 per minute", "pdf"))
    production_like = create_app({"TESTING": True, "TODAY": app.config["TODAY"]})
    with db.connect(production_like.config["DATABASE_URL"]).scope() as s:
        api = api_for(production_like, s, data.user(s))
    codes = [api.post("/api/requests", {"law": "nope"}).status_code for _ in range(3)]
    assert codes == [422, 422, 429]
    refused = api.post("/api/requests", {"law": "nope"})
    assert refused.is_json and refused.get_json()["error"] == "Too many PDFs at once"
    assert int(refused.headers["Retry-After"]) > 0


def test_the_next_letter_is_written_from_the_timeline_and_stored(
        world: dict[str, Any]) -> None:
    api, kcpd = world["api"], world["kcpd"]
    response = api.post(f"/api/requests/{kcpd.id}/letters",
                        {"kind": "follow-up", "arguments": "The records are simple to find."})
    assert response.status_code == 201, response.get_json()
    assert response.headers["Location"] == f"/api/requests/{kcpd.id}/letters/2.pdf"
    letter = response.get_json()["letters"][-1]
    assert (letter["number"], letter["kind"], letter["letter_date"]) == \
        (2, "follow-up", TODAY.isoformat())
    text = extract_text(api.get(response.headers["Location"]).data)
    assert "Response overdue" in text
    assert "9407 1118" in text  # the certified number, from the timeline's `sent`
    assert "The records are simple to find." in text


@pytest.mark.parametrize(("body", "fields"), [
    ({"kind": "appeal-exemptions"}, ["kind"]),  # a federal letter, for a Missouri request
    ({}, ["kind"]),
    ({"kind": "follow-up", "mood": "angry"}, ["mood"]),
    ({"kind": "follow-up", "arguments": 5}, ["arguments"]),
])
def test_a_wrong_next_letter_is_422_naming_the_field(
        world: dict[str, Any], body: dict[str, Any], fields: list[str]) -> None:
    response = world["api"].post(f"/api/requests/{world['kcpd'].id}/letters", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == fields


def test_a_letter_the_facts_cannot_support_is_422_with_the_letters_reasons(
        world: dict[str, Any]) -> None:
    # ICE has made no determination: there is nothing to appeal against yet.
    response = world["api"].post(f"/api/requests/{world['ice'].id}/letters",
                                 {"kind": "appeal-exemptions"})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors and all(e["field"] and e["code"] and e["message"] for e in errors)
    assert len(world["api"].get(f"/api/requests/{world['ice'].id}").get_json()["letters"]) == 0


def test_another_users_request_takes_no_letter(world: dict[str, Any]) -> None:
    response = world["api"].post(f"/api/requests/{world['theirs'].id}/letters",
                                 {"kind": "follow-up"})
    assert response.status_code == 404 and response.is_json
