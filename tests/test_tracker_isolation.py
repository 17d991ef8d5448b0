"""Another user's request is a 404 on every tracker route and every method: nobody learns
that someone else's request, letter, event or attachment exists (never a 403).

The routes come from the app's URL map, so a new route under /requests/<id> is checked
without being listed here.
"""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask

from records.models import Attachment, TimelineEvent
from records.tracker import summary
from records.web import database
from tests.tracker_helpers import csrf, make_request, make_user, sign_in
from tests.wizard_helpers import HttpsClient, https_client

PDF = b"%PDF-1.7 attached"


def _tracker_routes(app: Flask) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("tracker.") and "request_id" in rule.arguments:
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, rule.rule))
    return found


def _fill(rule: str, ids: dict[str, int]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m[1]]), rule)


@pytest.fixture
def setup(app: Flask) -> tuple[HttpsClient, dict[str, int]]:
    summary.clear()
    web = https_client(app)
    owner = make_user(app, "owner@example.org")
    request_id = make_request(app, owner, events=[("received", "2026-11-02", {})],
                              repeat_months=1, answers={"date": "2026-09-01"})
    sign_in(web, owner)
    token = csrf(web)
    assert web.post(f"/requests/{request_id}/attachments", data={
        "csrf_token": token, "file": (io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data").status_code == 302
    with app.app_context():
        session = database.session()
        event_id = session.query(TimelineEvent.id).scalar()
        attachment_id = session.query(Attachment.id).scalar()
    sign_in(web, make_user(app, "stranger@example.org"))
    return web, {"request_id": request_id, "event_id": event_id,
                 "attachment_id": attachment_id, "number": 1}


def test_every_tracker_route_is_covered(app: Flask) -> None:
    endpoints = {endpoint for endpoint, _m, _r in _tracker_routes(app)}
    assert {"tracker.show", "tracker.add_event", "tracker.delete_event",
            "tracker.confirm_delete", "tracker.rename", "tracker.share",
            "tracker.set_repeat", "tracker.upload", "tracker.attachment",
            "tracker.letter_pdf", "tracker.letter_text", "tracker.next_letter",
            "tracker.repeat"} <= endpoints


def test_a_stranger_gets_404_on_every_route_and_method(
        app: Flask, setup: tuple[HttpsClient, dict[str, int]]) -> None:
    web, ids = setup
    token = csrf(web)
    for endpoint, method, rule in _tracker_routes(app):
        url = _fill(rule, ids)
        data = {"csrf_token": token, "kind": "follow-up", "title": "mine now", "org": "",
                "repeat_months": "1", "day": "2026-11-20"} if method == "POST" else None
        response = web.open(url, method=method, data=data)
        assert response.status_code == 404, (endpoint, method, url, response.status_code)


def test_a_stranger_changes_nothing(app: Flask,
                                    setup: tuple[HttpsClient, dict[str, int]]) -> None:
    web, ids = setup
    web.post(f"/requests/{ids['request_id']}/title",
             data={"csrf_token": csrf(web), "title": "mine now"})
    with app.app_context():
        from records.models import TrackedRequest

        found = database.session().get(TrackedRequest, ids["request_id"])
        assert found is not None and found.title != "mine now"


def test_an_unknown_request_is_404_for_its_owner_too(app: Flask) -> None:
    web = https_client(app)
    sign_in(web, make_user(app))
    assert web.get("/requests/999").status_code == 404
    assert web.get("/requests/999/letters/1.pdf").status_code == 404
    assert web.get("/requests/99999999999999999999999").status_code == 404
    assert web.get("/requests/2147483648").status_code == 404
