"""Helpers for the tracker pages' tests: accounts, signing in, requests with timelines (the
accounts tests have their own, session-based, in tests/tracker_helpers.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import Flask

from records import tracker
from records.models import Membership, Organisation, User
from records.web import database
from tests.conftest import make_answers
from tests.wizard_helpers import HttpsClient, Page

NOW = datetime(2026, 11, 23, 15, tzinfo=UTC)
FAKE_PDF = b"%PDF-1.7 a stored letter"


def make_user(app: Flask, email: str = "advocate@example.org",
              requester: dict[str, Any] | None = None) -> int:
    with app.app_context():
        session = database.session()
        user = User(email=email, password_hash="x", requester=requester or {}, created_at=NOW)
        session.add(user)
        session.commit()
        return user.id


def make_org(app: Flask, name: str, *members: int) -> int:
    with app.app_context():
        session = database.session()
        org = Organisation(name=name, created_at=NOW)
        session.add(org)
        session.flush()
        for n, user_id in enumerate(members):
            session.add(Membership(user_id=user_id, org_id=org.id,
                                   role="owner" if n == 0 else "member", created_at=NOW))
        session.commit()
        return org.id


def sign_in(client: HttpsClient, user_id: int) -> None:
    app = client.application
    with app.app_context():
        user = database.session().get(User, user_id)
        assert user is not None
        session_id = user.get_id()
    with client.session_transaction() as s:
        s["_user_id"] = session_id
        s["_fresh"] = True


def make_request(app: Flask, owner_id: int, *, events: list[tuple[str, str, dict[str, Any]]]
                 = (), pdf: bytes = FAKE_PDF, **options: Any) -> int:
    """A tracked request (an example letter, by default KCPD's, dated 2026-11-02) with its
    timeline."""
    base = options.pop("base", "kcpd-sunshine-2019.json")
    answers = make_answers(base, **{"date": "2026-11-02", **options.pop("answers", {})})
    with app.app_context():
        session = database.session()
        letter = tracker.LetterFile("request", answers, pdf, "the letter as text",
                                    date.fromisoformat(answers["date"]))
        created = tracker.create(session, owner_id=owner_id, answers=answers, letter=letter,
                                 now=NOW, **options)
        for kind, day, detail in events:
            tracker.add_event(session, created, kind=kind, day=date.fromisoformat(day),
                              detail=detail, note=detail.pop("note", "") if detail else "",
                              user_id=owner_id, now=NOW, today=date(2026, 11, 23))
        return created.id


def csrf(client: HttpsClient) -> str:
    return Page.of(client.get("/new/")).csrf_token()


def form_of(page: Page, action: str) -> dict[str, Any]:
    """What the form posting to `action` sends as it stands."""
    from tests.wizard_helpers import form_values

    forms = [f for f in page.all("form") if f.get("action") == action]
    assert forms, f"no form posts to {action}"
    data = form_values(forms[0])
    for select in forms[0].iter():
        if select.tag == "select" and select.get("name"):
            options = [o for o in select.iter() if o.tag == "option"]
            chosen = [o for o in options if "selected" in o.attrs] or options[:1]
            data[select.get("name")] = chosen[0].get("value") if chosen else ""
    return data
