"""The dashboard's rows: each visible request with its status and next deadline, in the
order an advocate works through them, narrowed by the filters of the page's GET form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from werkzeug.datastructures import MultiDict

from records.catalog import default_catalog
from records.deadlines import Clock
from records.models import TrackedRequest
from records.tracker import Tracking, TrackStatus, entries, tracking, tracking_numbers
from records.vocabulary import ClockId

SOON = 7  # days: "due within a week"
APPEAL_SOON = 14  # days: an appeal window closing
OVERDUE, DUE_SOON, APPEAL_CLOSING, REST = range(4)
FILTERS = ("agency", "status", "law", "member", "q")


@dataclass(frozen=True)
class Row:
    request: TrackedRequest
    tracking: Tracking
    due: date | None
    clock: Clock | None
    group: int

    def days_left(self, today: date) -> int | None:
        return None if self.due is None else (self.due - today).days


def _row(request: TrackedRequest, today: date) -> Row:
    found = tracking(request, today=today, explain=False)
    nearest = found.next_due
    due, clock = nearest if nearest else (None, None)
    appeal = next((c for c in found.clocks if c.id == ClockId.APPEAL_BY and c.safe_date
                   and c.answered is None), None)
    if found.status == TrackStatus.OVERDUE:
        group = OVERDUE
    elif due is not None and (due - today).days <= SOON:
        group = DUE_SOON
    elif appeal is not None and appeal.safe_date is not None \
            and 0 <= (appeal.safe_date - today).days <= APPEAL_SOON:
        group = APPEAL_CLOSING
    else:
        group = REST
    return Row(request, found, due, clock, group)


def _order(row: Row) -> tuple[int, date, int]:
    # Within a group, the nearest deadline first; requests with none come last.
    return row.group, row.due or date.max, row.request.id


@dataclass(frozen=True)
class Filters:
    agency: str = ""
    status: str = ""
    law: str = ""
    member: str = ""
    q: str = ""

    @classmethod
    def read(cls, args: MultiDict[str, str]) -> Filters:
        return cls(**{name: args.get(name, "").strip()[:200] for name in FILTERS})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in FILTERS)


def _matches(request: TrackedRequest, filters: Filters) -> bool:
    if filters.agency and request.agency != filters.agency:
        return False
    if filters.law and request.law != filters.law:
        return False
    if filters.member and str(request.owner_id) != filters.member:
        return False
    return not filters.q or filters.q.casefold() in _haystack(request)


def _haystack(request: TrackedRequest) -> str:
    """What the search box looks in: title, agency, tracking numbers and notes."""
    found = entries(request)
    agency = default_catalog().agencies.get(request.agency)
    words = [request.title, request.agency, agency.name if agency else "",
             agency.short_name if agency else "", *tracking_numbers(found),
             *tracking_numbers(found, appeal=True), *(e.note for e in found)]
    return "\n".join(words).casefold()


def rows(requests: list[TrackedRequest], today: date, filters: Filters) -> list[Row]:
    """The matching requests, overdue first, then due within a week, then appeal windows
    closing within two weeks, then the rest by their next deadline."""
    found = [_row(r, today) for r in requests if _matches(r, filters)]
    if filters.status:
        found = [row for row in found if row.tracking.status == filters.status]
    return sorted(found, key=_order)
