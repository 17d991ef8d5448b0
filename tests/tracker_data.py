"""Tracked requests with timelines, letters and attachments, for the feed, digest, export,
packet and API tests. Each factory commits, so the web app (its own Session) sees the rows.

    with db.connect(app.config["DATABASE_URL"]).scope() as s:
        ana = user(s, "ana@example.org", feed_token=FEED)
        kcpd = request(s, ana, events=[("received", "2026-11-02")])
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from records.models import (
    Attachment,
    Organisation,
    StoredLetter,
    TimelineEvent,
    TrackedRequest,
    User,
)
from tests.conftest import make_answers
from tests.tracker_helpers import make_org, make_user

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
LETTER_DATE = "2026-09-01"
_numbers = itertools.count(1)
EventSpec = tuple[str, str] | tuple[str, str, dict[str, Any]] | tuple[str, str, dict[str, Any], str]


def user(session: Session, email: str | None = None, **overrides: Any) -> User:
    return make_user(session, email, **overrides)


def org(session: Session, name: str, owner: User, *members: User) -> Organisation:
    """An organisation owned by `owner`, with `members`."""
    return make_org(session, owner, name, members=members)


def answers_for(law: str, agency: str, **overrides: Any) -> dict[str, Any]:
    base = {"mo-sunshine": "kcpd-sunshine-2019.json", "foia": "ice-foia-2019.json",
            "privacy-act": "ice-privacy-act-self.json"}[law]
    return make_answers(base, agency=agency, **{"date": LETTER_DATE, **overrides})


def request(session: Session, owner: User, *, law: str = "mo-sunshine", agency: str = "kcpd",
            events: Iterable[EventSpec] = (), organisation: Organisation | None = None,
            title: str = "", answers: dict[str, Any] | None = None,
            **overrides: Any) -> TrackedRequest:
    """A committed request; `events` are (kind, YYYY-MM-DD[, detail[, note]])."""
    made = TrackedRequest(owner_id=owner.id, org_id=organisation.id if organisation else None,
                          law=law, agency=agency,
                          answers=answers or answers_for(law, agency),
                          title=title or f"{agency.upper()}: incident of 2019-07-22",
                          created_at=NOW, updated_at=NOW, **overrides)
    for spec in events:
        kind, day = spec[0], spec[1]
        detail: dict[str, Any] = spec[2] if len(spec) > 2 else {}  # type: ignore[misc]
        note: str = spec[3] if len(spec) > 3 else ""  # type: ignore[misc]
        made.events.append(TimelineEvent(kind=kind, day=date.fromisoformat(day),
                                         detail=detail, note=note, created_at=NOW))
    session.add(made)
    session.commit()
    return made


def letter(session: Session, made: TrackedRequest, pdf: bytes, *, kind: str = "request",
           day: str = LETTER_DATE, text: str = "") -> StoredLetter:
    stored = StoredLetter(request_id=made.id, number=len(made.letters) + 1, kind=kind,
                          answers=made.answers, facts={}, pdf=pdf, text=text,
                          sha256=hashlib.sha256(pdf).hexdigest(),
                          letter_date=date.fromisoformat(day), created_at=NOW)
    made.letters.append(stored)
    session.commit()
    return stored


def attachment(session: Session, made: TrackedRequest, folder: Path, data: bytes, *,
               filename: str, content_type: str, event: TimelineEvent | None = None,
               created: datetime = NOW) -> Attachment:
    """An attachment whose bytes are stored as the web app stores them:
    <instance>/attachments/<storage_name>."""
    name = f"att{next(_numbers)}x{hashlib.sha256(data).hexdigest()[:16]}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    stored = Attachment(request_id=made.id, event_id=event.id if event else None,
                        filename=filename, content_type=content_type, size=len(data),
                        sha256=hashlib.sha256(data).hexdigest(), storage_name=name,
                        created_at=created)
    session.add(stored)
    session.commit()
    return stored


def signed_in(client: FlaskClient, account: User) -> FlaskClient:
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = account.get_id()
        flask_session["_fresh"] = True
    return client
