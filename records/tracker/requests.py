"""Tracked requests in the database: create, find (only what the user may see), add events,
store letters. Plain domain code: the caller passes the Session, the user's id and `now`.

A request the user may not see is "not found", never "forbidden": the web and the API turn
NotFound into a 404, so nobody learns that another user's request exists.
"""

from __future__ import annotations

import hashlib
import json
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from records.catalog import default_catalog
from records.messages import FieldError, error_message
from records.models import Membership, StoredLetter, TimelineEvent, TrackedRequest
from records.tracker.status import Tracking, track
from records.tracker.timeline import (
    KINDS,
    SEND_METHODS,
    Detail,
    Entry,
    TimelineKind,
    kinds_for,
)

MAX_NOTE = 4000
MAX_TRACKING = 40
MAX_EXEMPTIONS = 30
MAX_TITLE = 200

UNKNOWN_KIND = error_message("event-kind-unknown", "unknown event kind %(kind)s (known: %(known)s)")
KIND_NOT_FOR_LAW = error_message("event-kind-law", "%(kind)s does not apply to a %(law)s request")
EVENT_IN_FUTURE = error_message("event-in-future", "%(day)s is after today: record what has "
                                "happened")
EVENT_BEFORE_LETTER = error_message("event-before-letter",
                                    "%(day)s is before the letter's date (%(letter)s)")
BAD_METHOD = error_message("event-method", "choose how it was sent: %(known)s")
BAD_AMOUNT = error_message("event-amount", "%(text)s is not an amount in dollars")
AMOUNT_NEEDED = error_message("event-amount-needed", "give the amount the agency asked for")
TOO_LONG = error_message("event-too-long", "at most %(limit)s characters")
TOO_MANY = error_message("event-too-many", "at most %(limit)s items")
NOT_YES_NO = error_message("event-yes-no", "answer yes or no")
STALE = error_message("request-stale", "this request changed in another window: reload it and "
                      "try again")


class NotFound(LookupError):
    """No such request, or one the user may not see: both are a 404."""


class StaleEdit(Exception):
    """The request changed since the version the edit was made from."""


class EventInputError(ValueError):
    def __init__(self, problems: list[FieldError]) -> None:
        self.items = problems
        super().__init__("; ".join(str(p) for p in problems))


def visible_to(user_id: int) -> ColumnElement[bool]:
    """The user's own requests and their organisations' requests."""
    orgs = select(Membership.org_id).where(Membership.user_id == user_id)
    return or_(TrackedRequest.owner_id == user_id, TrackedRequest.org_id.in_(orgs))


def get(session: Session, user_id: int, request_id: int) -> TrackedRequest:
    found = session.scalars(
        select(TrackedRequest).where(TrackedRequest.id == request_id, visible_to(user_id))
        .options(selectinload(TrackedRequest.events))).one_or_none()
    if found is None:
        raise NotFound(request_id)
    return found


def visible(session: Session, user_id: int) -> list[TrackedRequest]:
    """Every request the user may see, with its events loaded (one query each)."""
    return list(session.scalars(
        select(TrackedRequest).where(visible_to(user_id))
        .options(selectinload(TrackedRequest.events)).order_by(TrackedRequest.id)))


def entries(request: TrackedRequest) -> list[Entry]:
    return [Entry(TimelineKind(e.kind), e.day, dict(e.detail), e.note) for e in request.events]


def tracking(request: TrackedRequest, *, today: date, explain: bool = False) -> Tracking:
    due = repeat_due(request.repeat_months, request.answers, request.created_at, today)
    return track(request.law, request.agency, request.answers, entries(request), today=today,
                 explain=explain, repeat_due=due)


def repeat_due(repeat_months: int | None, answers: dict[str, Any], created_at: datetime,
               today: date) -> bool:
    """A recurring request is due again `repeat_months` after its letter's date."""
    if not repeat_months:
        return False
    start = date.fromisoformat(str(answers.get("date") or created_at.date()))
    return add_months(start, repeat_months) <= today


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day (Jan 31 + 1 -> Feb 28/29)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def title_for(answers: dict[str, Any]) -> str:
    """A short label for the dashboard: the agency and the incident date or the first words
    of the description. No personal names: titles show in lists and exports."""
    agency = default_catalog().agency(str(answers["agency"])).short_name
    incident = answers.get("incident") or {}
    if incident.get("date"):
        return f"{agency}: incident of {incident['date']}"[:MAX_TITLE]
    words = " ".join(str(answers.get("description") or "").split()[:8])
    return f"{agency}: {words}"[:MAX_TITLE] if words else f"{agency}: records request"


@dataclass(frozen=True)
class LetterFile:
    """A generated letter, to be stored exactly as it is."""

    kind: str  # "request" or a follow-up kind
    answers: dict[str, Any]
    pdf: bytes
    text: str
    letter_date: date
    facts: dict[str, Any] | None = None


def create(session: Session, *, owner_id: int, answers: dict[str, Any], letter: LetterFile,
           now: datetime, org_id: int | None = None, repeat_months: int | None = None,
           series_id: int | None = None, title: str = "",
           source: str | None = None) -> TrackedRequest:
    """A tracked request with its first letter, in one transaction. With `source` (see
    source_of), a letter this owner already tracks is not stored again: AlreadyTracked
    names the request that has it."""
    if source is not None:
        _refuse_tracked(session, owner_id, source)
    request = add_request(session, owner_id=owner_id, answers=answers, letter=letter,
                          now=now, org_id=org_id, repeat_months=repeat_months,
                          series_id=series_id, title=title, source=source)
    try:
        session.commit()
    except IntegrityError:
        # The same letter tracked at the same moment in another tab: the first one won.
        session.rollback()
        if source is None:
            raise
        _refuse_tracked(session, owner_id, source)
        raise
    return request


def add_request(session: Session, *, owner_id: int, answers: dict[str, Any],
                letter: LetterFile, now: datetime, org_id: int | None = None,
                repeat_months: int | None = None, series_id: int | None = None,
                title: str = "", source: str | None = None) -> TrackedRequest:
    """create() without the commit, for one transaction over many requests (a clinic
    batch saves all its rows or none)."""
    request = TrackedRequest(owner_id=owner_id, org_id=org_id, law=str(answers["law"]),
                             agency=str(answers["agency"]), answers=answers,
                             title=(title or title_for(answers))[:MAX_TITLE],
                             repeat_months=repeat_months, series_id=series_id,
                             source=source, created_at=now, updated_at=now)
    session.add(request)
    _add_letter(request, letter, 1, owner_id, now)
    return request


class AlreadyTracked(Exception):
    def __init__(self, request_id: int) -> None:
        self.request_id = request_id
        super().__init__(request_id)


def source_of(draft_token: str, answers: dict[str, Any]) -> str:
    """What identifies a wizard letter: its draft and its answers (a changed letter from the
    same draft is another letter). Hashed: a draft token is a secret."""
    canonical = json.dumps(answers, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{draft_token}\n{canonical}".encode()).hexdigest()


def tracked_from(session: Session, owner_id: int, source: str) -> int | None:
    """The id of the owner's request tracked from this letter, if any."""
    found: int | None = session.scalar(select(TrackedRequest.id).where(
        TrackedRequest.owner_id == owner_id, TrackedRequest.source == source))
    return found


def _refuse_tracked(session: Session, owner_id: int, source: str) -> None:
    found = tracked_from(session, owner_id, source)
    if found is not None:
        raise AlreadyTracked(found)


def store_letter(session: Session, request: TrackedRequest, letter: LetterFile, *,
                 user_id: int, now: datetime) -> StoredLetter:
    """Store the next letter of a request (numbered after the last)."""
    last = session.scalar(select(func.max(StoredLetter.number))
                          .where(StoredLetter.request_id == request.id)) or 0
    stored = _add_letter(request, letter, last + 1, user_id, now)
    _touch(request, now)
    _commit(session)
    return stored


def _add_letter(request: TrackedRequest, letter: LetterFile, number: int, user_id: int,
                now: datetime) -> StoredLetter:
    stored = StoredLetter(number=number, kind=letter.kind, answers=letter.answers,
                          facts=letter.facts or {}, pdf=letter.pdf, text=letter.text,
                          sha256=hashlib.sha256(letter.pdf).hexdigest(),
                          letter_date=letter.letter_date, created_at=now, created_by=user_id)
    request.letters.append(stored)
    return stored


def letter(session: Session, request: TrackedRequest, number: int) -> StoredLetter:
    found = session.scalars(select(StoredLetter).where(
        StoredLetter.request_id == request.id, StoredLetter.number == number)).one_or_none()
    if found is None:
        raise NotFound(number)
    return found


def add_event(session: Session, request: TrackedRequest, *, kind: str, day: date,
              detail: dict[str, Any], note: str, user_id: int, now: datetime, today: date,
              expected_version: int | None = None) -> TimelineEvent:
    """Validate and add a timeline event. With `expected_version`, refuse (StaleEdit) when
    the request changed since the page that sent the event was loaded."""
    check_version(request, expected_version)
    clean = validate_event(request, kind, day, detail, note, today=today)
    event = TimelineEvent(kind=kind, day=day, detail=clean, note=note.strip(),
                          created_at=now, created_by=user_id)
    request.events.append(event)
    _touch(request, now)
    _commit(session)
    return event


def delete_event(session: Session, request: TrackedRequest, event_id: int, *, now: datetime,
                 expected_version: int | None = None) -> None:
    check_version(request, expected_version)
    found = next((e for e in request.events if e.id == event_id), None)
    if found is None:
        raise NotFound(event_id)
    request.events.remove(found)
    session.delete(found)
    _touch(request, now)
    _commit(session)


def touch_and_commit(session: Session, request: TrackedRequest, now: datetime) -> None:
    """Commit a change to the request or what hangs off it, bumping its version; StaleEdit
    when another writer got there first."""
    _touch(request, now)
    _commit(session)


def check_version(request: TrackedRequest, expected_version: int | None) -> None:
    """Refuse an edit made from an older version of the request (another tab saved)."""
    if expected_version is not None and expected_version != request.version:
        raise StaleEdit(request.id)


def _touch(request: TrackedRequest, now: datetime) -> None:
    """Mark the request changed, so the flush UPDATEs it and bumps `version` even when
    `updated_at` keeps its value (two edits within the clock's resolution)."""
    request.updated_at = now
    flag_modified(request, "updated_at")


def _commit(session: Session) -> None:
    try:
        session.commit()
    except StaleDataError:
        # Another writer bumped the version between our read and this write.
        session.rollback()
        raise StaleEdit from None


def validate_event(request: TrackedRequest, kind: str, day: date, detail: dict[str, Any],
                   note: str, *, today: date) -> dict[str, Any]:
    """The event's detail, cleaned; EventInputError names every field that is wrong."""
    problems: list[FieldError] = []
    if kind not in KINDS:
        raise EventInputError([UNKNOWN_KIND.at("kind", kind=repr(kind),
                                               known=", ".join(kinds_for(request.law)))])
    if TimelineKind(kind) not in kinds_for(request.law):
        problems.append(KIND_NOT_FOR_LAW.at("kind", kind=kind, law=request.law))
    if day > today:
        problems.append(EVENT_IN_FUTURE.at("date", day=day.isoformat()))
    letter_day = request.answers.get("date")
    if letter_day and day < date.fromisoformat(str(letter_day)):
        problems.append(EVENT_BEFORE_LETTER.at("date", day=day.isoformat(), letter=letter_day))
    if len(note) > MAX_NOTE:
        problems.append(TOO_LONG.at("note", limit=MAX_NOTE))
    clean = _clean_detail(TimelineKind(kind), detail, problems)
    if problems:
        raise EventInputError(problems)
    return clean


def _clean_detail(kind: TimelineKind, detail: dict[str, Any],
                  problems: list[FieldError]) -> dict[str, Any]:
    allowed = KINDS[kind].details
    clean: dict[str, Any] = {}
    for name in allowed:
        value = detail.get(name)
        if value in (None, "", []):
            continue
        if name == Detail.METHOD:
            if value not in SEND_METHODS:
                problems.append(BAD_METHOD.at(name, known=", ".join(SEND_METHODS)))
            clean[name] = value
        elif name == Detail.AMOUNT:
            clean[name] = _amount(value, problems)
        elif name == Detail.EXEMPTIONS:
            items = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
            items = [str(i).strip() for i in items if str(i).strip()]
            if len(items) > MAX_EXEMPTIONS:
                problems.append(TOO_MANY.at(name, limit=MAX_EXEMPTIONS))
            if any(len(i) > MAX_TRACKING for i in items):
                problems.append(TOO_LONG.at(name, limit=MAX_TRACKING))
            clean[name] = items
        elif name in (Detail.EXPLAINED, Detail.FINAL, Detail.GRANTED):
            if not isinstance(value, bool):
                problems.append(NOT_YES_NO.at(name))
            clean[name] = bool(value)
        else:
            text = " ".join(str(value).split())
            if len(text) > MAX_TRACKING:
                problems.append(TOO_LONG.at(name, limit=MAX_TRACKING))
            clean[name] = text
    if kind == TimelineKind.PAYMENT_REQUESTED and Detail.AMOUNT not in clean:
        problems.append(AMOUNT_NEEDED.at(Detail.AMOUNT))
    return clean


def _amount(value: Any, problems: list[FieldError]) -> str:
    text = str(value).strip().lstrip("$").replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0 or amount > Decimal("10000000"):
        problems.append(BAD_AMOUNT.at(Detail.AMOUNT, text=repr(str(value))))
        return ""
    return f"{amount.quantize(Decimal('0.01'))}"
