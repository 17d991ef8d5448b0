"""The dashboard's rows: each visible request's status, next deadline and next step.

Computing a request's clocks costs about a tenth of a millisecond, and loading its events
through the ORM more; a user with thousands of requests would wait seconds. So a row is
cached in the process, keyed by what it is computed from: the request's `version` (bumped
by every edit and every event), today's date and a fingerprint of the calendars, clock
rules and engine code. Any change to those gives a new key: nothing stale is shown, and a
corrected holiday table moves every open request (DESIGN "No frozen dates"). The cache is
memory only, so a GET never writes to the database.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from records.config import ROOT
from records.deadlines import Clock
from records.models import TimelineEvent, TrackedRequest
from records.tracker.overview import open_clocks
from records.tracker.requests import entries, repeat_due, visible_to
from records.tracker.status import NextStep, TrackStatus, track
from records.tracker.timeline import Detail, Entry, TimelineKind
from records.vocabulary import ClockId

CACHE_SIZE = 50_000
DUE_SOON_DAYS = 7
APPEAL_CLOSING_DAYS = 14
LOAD_CHUNK = 500


@dataclass(frozen=True, eq=False)  # identity: a row is one computation, cached
class Row:
    id: int
    title: str
    agency: str
    law: str
    owner_id: int
    org_id: int | None
    status: TrackStatus
    step: NextStep
    next_due: date | None
    next_clock: str
    appeal_by: date | None
    search: str  # lower-cased title, tracking numbers and notes, for the text filter
    # The deadlines still open (an unanswered clock with a safe date), for the calendar
    # feed; none once the request is done.
    open_clocks: tuple[Clock, ...] = ()
    # Days to the next deadline in its clock's unit (negative: late), as the step counts
    # them: "business" for business or working days, "calendar" otherwise.
    days: int | None = None
    days_unit: str = "calendar"

    def days_left(self, today: date) -> int | None:
        return None if self.next_due is None else (self.next_due - today).days

    def bucket(self, today: date) -> int:
        """0 overdue, 1 due within a week, 2 appeal window closing, 3 the rest."""
        if self.status == TrackStatus.OVERDUE:
            return 0
        left = self.days_left(today)
        if left is not None and left <= DUE_SOON_DAYS:
            return 1
        if self.appeal_by is not None and (self.appeal_by - today).days <= APPEAL_CLOSING_DAYS:
            return 2
        return 3

    def sort_key(self, today: date) -> tuple[int, date, int]:
        return (self.bucket(today), self.next_due or date.max, self.id)


@cache
def fingerprint() -> str:
    """What every computed date depends on besides the request: the catalog's data files
    and the engine's and tracker's code."""
    digest = hashlib.sha256()
    folders = [ROOT / "records" / "catalog", ROOT / "records" / "deadlines",
               ROOT / "records" / "tracker"]
    for path in sorted(p for folder in folders for p in folder.rglob("*")
                       if p.suffix in (".toml", ".py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_lock = threading.Lock()
# Keyed by (database, request id, version): one process may serve several databases
# (tests do; so could an operator's second instance), and ids repeat across them.
_Key = tuple[str, int, int]
_rows: OrderedDict[_Key, tuple[date, str, Row]] = OrderedDict()


def _cached(key: _Key, today: date) -> Row | None:
    with _lock:
        found = _rows.get(key)
        if found is None or found[0] != today or found[1] != fingerprint():
            return None
        _rows.move_to_end(key)
        return found[2]


def _remember(key: _Key, today: date, row: Row) -> None:
    with _lock:
        _rows[key] = (today, fingerprint(), row)
        while len(_rows) > CACHE_SIZE:
            _rows.popitem(last=False)


def database_key(session: Session) -> str:
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return engine.url.render_as_string(hide_password=True)


def clear() -> None:
    with _lock:
        _rows.clear()


def row_for(request: TrackedRequest, today: date) -> Row:
    """One request's row, computed (not cached); the request's events must be loaded."""
    return _row(_Head(request.id, request.version, request.title, request.agency, request.law,
                      request.owner_id, request.org_id, request.answers, request.repeat_months,
                      request.created_at), entries(request), today)


class _Head(NamedTuple):
    id: int
    version: int
    title: str
    agency: str
    law: str
    owner_id: int
    org_id: int | None
    answers: dict[str, Any]
    repeat_months: int | None
    created_at: datetime


def _row(head: _Head, timeline: list[Entry], today: date) -> Row:
    due = repeat_due(head.repeat_months, head.answers, head.created_at, today)
    found = track(head.law, head.agency, head.answers, timeline, today=today, repeat_due=due)
    nxt = found.next_due
    appeal = next((c.safe_date for c in found.clocks
                   if c.id == ClockId.APPEAL_BY and c.answered is None), None)
    words = [head.title, head.agency]
    for entry in timeline:
        words += [str(entry.detail.get(Detail.TRACKING, "")), entry.note]
    days = found.days(today)
    return Row(head.id, head.title, head.agency, head.law, head.owner_id, head.org_id,
               found.status, found.step, nxt[0] if nxt else None, nxt[1].id if nxt else "",
               appeal, " ".join(w for w in words if w).lower(), tuple(open_clocks(found)),
               days[0] if days else None, days[1] if days else "calendar")


def rows(session: Session, user_id: int, *, today: date) -> list[Row]:
    """Every request the user may see, as dashboard rows in dashboard order."""
    where = database_key(session)
    heads = session.execute(select(TrackedRequest.id, TrackedRequest.version)
                            .where(visible_to(user_id))).all()
    found: list[Row] = []
    missing: list[tuple[int, int]] = []
    for request_id, version in heads:
        row = _cached((where, request_id, version), today)
        if row is None:
            missing.append((request_id, version))
        else:
            found.append(row)
    found += _compute(session, where, [request_id for request_id, _v in missing], today)
    found.sort(key=lambda r: r.sort_key(today))
    return found


def _compute(session: Session, where: str, ids: list[int], today: date) -> Iterable[Row]:
    # Plain rows, not ORM objects: for thousands of requests the identity map and the
    # relationship loading cost more than the clocks themselves.
    t, e = TrackedRequest, TimelineEvent
    for start in range(0, len(ids), LOAD_CHUNK):
        chunk = ids[start:start + LOAD_CHUNK]
        timelines: dict[int, list[Entry]] = {}
        for request_id, kind, day, detail, note in session.execute(
                select(e.request_id, e.kind, e.day, e.detail, e.note)
                .where(e.request_id.in_(chunk)).order_by(e.request_id, e.day, e.id)):
            timelines.setdefault(request_id, []).append(
                Entry(TimelineKind(kind), day, detail, note))
        for values in session.execute(
                select(t.id, t.version, t.title, t.agency, t.law, t.owner_id, t.org_id,
                       t.answers, t.repeat_months, t.created_at).where(t.id.in_(chunk))):
            head = _Head(*values)
            row = _row(head, timelines.get(head.id, []), today)
            _remember((where, head.id, head.version), today, row)
            yield row
