"""Who sees what: every route of the app is either public (it shows no one's private data)
or private, with a recipe for its URL to an object of user A. Signed in as user B, who
shares no organisation with A, every method of every private route is a 404: never a 403
(which would confirm the object exists), never a 200, never a redirect to sign in. User A,
on the same URL, is not refused.

A new route fails test_every_route_is_public_or_has_an_isolation_case until it is listed.
Add one line:

    PUBLIC_ROUTES:  "tracker.new": "the empty form for a new request",
    PRIVATE_ROUTES: "tracker.show": lambda w: f"/requests/{w.request.id}",
                    "tracker.letter_pdf": lambda w: f"/requests/{w.request.id}/letters/1.pdf",
                    "api.get_request": lambda w: f"/api/requests/{w.request.id}",

`w` is the World below: A, A's organisation (with a member C, never B), A's tracked request
shared with that organisation, A's API token. Add a field to World (and to `world()`) when
a route needs another of A's objects. A URL that is itself the secret (a draft's token, an
invitation link, a calendar feed's token) is a capability, not an account's object: list
it as public, say so, and test elsewhere that a wrong or stale token is a 404.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from records import accounts, create_app, tracker
from records.batch.reader import read_sheet
from records.batch.rows import check
from records.batch.store import BatchOptions, create_batch, folder_of
from records.catalog import default_catalog
from records.models import Organisation, TrackedRequest, User
from records.tracker import attachments
from tests.batch_helpers import clinic_rows, csv_bytes
from tests.tracker_helpers import NOW, app_session, make_org, make_request, make_user, signed_in
from tests.wizard_helpers import HttpsClient, Page, https_client


@dataclass(frozen=True)
class World:
    a: User
    b: User
    member: User  # C: in A's organisation, with A
    org: Organisation
    request: TrackedRequest  # A's, shared with A's organisation
    a_token_id: int  # A's personal API token
    event_id: int  # on A's request's timeline
    attachment_id: int  # a PDF attached to A's request (its file on disk)
    batch_id: int  # A's finished clinic batch, shared with A's organisation (its stack on disk)


UrlFor = Callable[[World], str]

# endpoint -> why it shows nobody's private data (or whose it shows: only the caller's own)
PUBLIC_ROUTES: dict[str, str] = {
    "static": "style sheets and scripts",
    "home.index": "the home page",
    "home.agencies": "the agency directory: catalog data only",
    "i18n.switch": "sets the language cookie",
    "calculator.page": "the deadline calculator: computes from what is typed",
    "calculator.api": "the calculator's JSON: computes from the query",
    "calculator.letter_form": "the calculator's letter form: from the query's law and dates",
    "calculator.write": "writes a letter from what is posted; a tracked one is the caller's",
    "auth.signup": "the sign-up form", "auth.create_account": "creates an account",
    "auth.login": "the sign-in form", "auth.sign_in": "signs in",
    "auth.logout": "signs out",
    "auth.reset": "the reset form",
    "auth.send_reset": "the same answer for every email",
    "auth.reset_password": "capability: the signed, single-use reset link",
    # The wizard's drafts belong to no account: the secret token in the URL is the key.
    "wizard.start": "the first step", "wizard.create": "creates a draft",
    "wizard.resume": "capability: draft token", "wizard.step": "capability: draft token",
    "wizard.preview": "capability: draft token", "wizard.letter_css": "the letter's style",
    "wizard.letter_pdf": "capability: draft token", "wizard.summary_es": "capability: draft",
    "wizard.confirm_delete": "capability: draft token", "wizard.delete": "capability: draft",
    "resumen.reading_pdf": "capability: draft token",
    # The signed-in user's own pages: no URL names an object, so there is no one else's.
    "account.page": "own account", "account.save_details": "own account",
    "account.change_password": "own account", "account.rotate_feed": "own account",
    "account.revoke_feed": "own account", "account.create_token": "own account",
    "orgs.index": "own organisations", "orgs.create": "creates one, owned by the caller",
    "api.get_me": "own account",
    "tracker.dashboard": "own requests: lists only those the caller may see",
    # The done page's buttons act on a draft: its token is the key; the tracked request
    # it makes is the caller's own.
    "tracker.track": "capability: draft token", "tracker.another_agency": "capability: draft",
    # The link is what the owner sends to the person invited; a used, expired or made-up
    # token is a 404 (test_account_web.py).
    "orgs.invitation": "capability: invitation link", "orgs.accept": "capability: invitation",
    # A wrong, malformed or revoked feed token is a 404 (test_feeds.py).
    "tracker_feeds.private_feed": "capability: the calendar feed's token",
    # The caller's own requests and their organisations'; another organisation's ?org= is
    # a 404 (test_export.py).
    "tracker_exports.export_csv": "own and own organisations' requests",
    "tracker_exports.export_json": "own and own organisations' requests",
    "api.list_requests": "own and own organisations' requests",
    "api.create_request": "creates one, owned by the caller (?org=: another is a 404)",
    "batch.index": "own batches: lists only those the caller may see; the upload form",
    "batch.upload": "creates one, owned by the caller (an organisation not theirs: refused)",
    "batch.template_csv": "the empty spreadsheet template",
    "batch.template_xlsx": "the empty spreadsheet template",
}

PRIVATE_ROUTES: dict[str, UrlFor] = {
    "orgs.show": lambda w: f"/orgs/{w.org.id}",
    "orgs.invite": lambda w: f"/orgs/{w.org.id}/invitations",
    "orgs.remove": lambda w: f"/orgs/{w.org.id}/members/{w.member.id}/remove",
    "account.revoke_token": lambda w: f"/account/tokens/{w.a_token_id}/revoke",
    "tracker.show": lambda w: f"/requests/{w.request.id}",
    "tracker.add_event": lambda w: f"/requests/{w.request.id}/events",
    "tracker.confirm_delete": lambda w: f"/requests/{w.request.id}/events/{w.event_id}/delete",
    "tracker.delete_event": lambda w: f"/requests/{w.request.id}/events/{w.event_id}/delete",
    "tracker.rename": lambda w: f"/requests/{w.request.id}/title",
    "tracker.share": lambda w: f"/requests/{w.request.id}/sharing",
    "tracker.set_repeat": lambda w: f"/requests/{w.request.id}/recurring",
    "tracker.upload": lambda w: f"/requests/{w.request.id}/attachments",
    "tracker.attachment":
        lambda w: f"/requests/{w.request.id}/attachments/{w.attachment_id}",
    "tracker.letter_pdf": lambda w: f"/requests/{w.request.id}/letters/1.pdf",
    "tracker.letter_text": lambda w: f"/requests/{w.request.id}/letters/1.txt",
    "tracker.next_letter": lambda w: f"/requests/{w.request.id}/letters",
    "tracker.repeat": lambda w: f"/requests/{w.request.id}/repeat",
    "tracker_feeds.request_calendar": lambda w: f"/requests/{w.request.id}.ics",
    "tracker_exports.evidence_packet": lambda w: f"/requests/{w.request.id}/packet.pdf",
    "api.get_request": lambda w: f"/api/requests/{w.request.id}",
    "api.add_event": lambda w: f"/api/requests/{w.request.id}/events",
    "api.letter_pdf": lambda w: f"/api/requests/{w.request.id}/letters/1.pdf",
    "api.create_letter": lambda w: f"/api/requests/{w.request.id}/letters",
    "batch.show": lambda w: f"/batch/{w.batch_id}",
    "batch.progress": lambda w: f"/batch/{w.batch_id}/progress.json",
    "batch.start": lambda w: f"/batch/{w.batch_id}/start",
    "batch.download": lambda w: f"/batch/{w.batch_id}/stack.pdf",
}

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def unlisted(app: Flask) -> list[str]:
    """Rules whose endpoint is in neither table, each with what to do about it."""
    return [f"{rule.rule} ({rule.endpoint}): add an isolation case to PRIVATE_ROUTES, or "
            f"to PUBLIC_ROUTES with why it shows no private data"
            for rule in app.url_map.iter_rules()
            if rule.endpoint not in PUBLIC_ROUTES and rule.endpoint not in PRIVATE_ROUTES]


def methods_of(app: Flask, endpoint: str) -> list[str]:
    found = {m for rule in app.url_map.iter_rules(endpoint) for m in rule.methods or ()}
    return sorted(found - IGNORED_METHODS)


def world(app: Flask) -> World:
    with app_session(app) as s:
        a, b, c = (make_user(s, f"{n}@example.org") for n in ("a", "b", "c"))
        org = make_org(s, a, "A's clinic", members=[c])
        request = make_request(s, a, org=org)
        accounts.new_api_token(s, a, now=NOW)
        s.commit()
        token_id = accounts.api_tokens(s, a)[0].id
        event_id, attachment_id = _timeline_of(app, s, request, a)
        batch_id = _batch_of(s, a, org)
        return World(a, b, c, org, request, token_id, event_id, attachment_id, batch_id)


def _timeline_of(app: Flask, s: Session, request: TrackedRequest, a: User) -> tuple[int, int]:
    """A's request gets its letter 1, an event and an attachment."""
    day = date(2026, 11, 2)
    tracker.store_letter(s, request, tracker.LetterFile(
        "request", request.answers, b"%PDF-1.7 letter", "letter", day), user_id=a.id, now=NOW)
    event = tracker.add_event(s, request, kind="received", day=day, detail={}, note="",
                              user_id=a.id, now=NOW, today=day)
    folder = Path(app.instance_path) / "attachments"
    received = attachments.receive(io.BytesIO(b"%PDF-1.7 attached"), folder)
    attached = attachments.store(s, request, received, filename="a.pdf", event_id=None,
                                 user_id=a.id, now=NOW, folder=folder)
    return event.id, attached.id


def _batch_of(s: Session, a: User, org: Organisation) -> int:
    """A's finished batch of one row, shared with A's organisation, with its stack."""
    sheet = read_sheet(csv_bytes(clinic_rows(1)), "clients.csv")
    items = check(sheet, catalog=default_catalog(), today=date(2026, 11, 23))
    batch = create_batch(s, owner_id=a.id, org_id=org.id, items=items,
                         options=BatchOptions(), today=date(2026, 11, 23), now=NOW)
    batch.status, batch.done, batch.result = "done", 1, {"letters": 1}
    s.commit()
    folder_of(batch).mkdir(parents=True)
    (folder_of(batch) / "stack.pdf").write_bytes(b"%PDF-1.7 the stack")
    return batch.id


def call(client: HttpsClient, method: str, url: str) -> int:
    """One request as the browser would send it, CSRF token included, so the answer is the
    route's, not the CSRF check's."""
    token = Page.of(client.get("/account")).csrf_token()
    response = client.open(url, method=method, data={"csrf_token": token},
                           headers={"X-CSRFToken": token})
    if response.status_code == 302 and "/login" in response.headers.get("Location", ""):
        return -302  # sent to sign in: the signed-in caller was not recognised
    return response.status_code


def test_every_route_is_public_or_has_an_isolation_case(app: Flask) -> None:
    assert unlisted(app) == []


def test_the_tables_name_only_routes_that_exist(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(PRIVATE_ROUTES) - endpoints == set()
    assert set(PUBLIC_ROUTES) - endpoints == set()
    assert set(PRIVATE_ROUTES) & set(PUBLIC_ROUTES) == set()


@pytest.mark.parametrize("endpoint", sorted(PRIVATE_ROUTES))
def test_another_users_object_is_a_404_for_every_method(app: Flask, endpoint: str) -> None:
    w = world(app)
    url = PRIVATE_ROUTES[endpoint](w)
    assert any(rule.endpoint == endpoint for rule in app.url_map.iter_rules())
    stranger = signed_in(https_client(app), w.b)
    for method in methods_of(app, endpoint):
        assert call(stranger, method, url) == 404, (endpoint, method, url)
    owner = signed_in(https_client(app), w.a)
    for method in methods_of(app, endpoint):
        status = call(owner, method, url)
        assert status not in (404, -302, 403), (endpoint, method, url, status)


def test_the_walker_catches_a_route_nobody_listed(app: Flask) -> None:
    throwaway = create_app({"TESTING": True, "RATELIMIT_ENABLED": False})
    assert unlisted(throwaway) == []
    throwaway.add_url_rule("/requests/<int:id>/secret", "tracker.secret", lambda id: "")
    problems = unlisted(throwaway)
    assert len(problems) == 1
    assert problems[0].startswith("/requests/<int:id>/secret (tracker.secret): add an "
                                  "isolation case")
