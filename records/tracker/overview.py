"""One request at a glance, as the feed, the digest, the export and the API show it.

Every reader of "what is due next" goes through here, so a clock means the same thing in a
calendar, an email, a spreadsheet and the JSON API. Titles and descriptions use the
request's `title` (which names no client: records.tracker.title_for) and the agency's
short name, never the answers' names, birth dates or A-numbers.

The text is English: neither the calendar feed nor the digest knows a reader's language
(no language preference is stored for a user yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from records.catalog import default_catalog
from records.deadlines import Clock, compute, to_json
from records.models import TrackedRequest
from records.tracker.requests import entries, tracking
from records.tracker.status import NextStep, Tracking, TrackStatus, case_for
from records.tracker.timeline import tracking_numbers
from records.vocabulary import ClockId, Law, Side

# What each clock asks of whom, with the agency's short name ("KCPD response due").
_HEADLINES: dict[str, str] = {
    ClockId.RESPONSE: "{agency} response due",
    ClockId.DENIAL_STATEMENT: "{agency} written reasons for the denial due",
    ClockId.INVOLVED_PERSON: "{agency} records for the person involved due",
    ClockId.DETERMINATION: "{agency} determination due",
    ClockId.EXPEDITE_DECISION: "{agency} decision on expedited processing due",
    ClockId.APPEAL_DECISION: "{agency} appeal decision due",
    ClockId.FEE_LAPSE: "Pay {agency}'s fee by (the request lapses after)",
    ClockId.CLARIFICATION_LAPSE: "Answer {agency}'s request for clarification by",
    ClockId.APPEAL_BY: "Appeal {agency}'s decision by",
    ClockId.SUIT_BY: "Go to court against {agency} by",
}


@dataclass(frozen=True)
class NextDeadline:
    clock: str
    due: date | None
    safe_date: date
    days_left: int  # negative: that many days late


@dataclass(frozen=True)
class Summary:
    """A request's row: the dashboard's list, the export and the digest."""

    id: int
    title: str
    agency: str  # the short name (KCPD, ICE)
    agency_name: str
    law: str
    status: TrackStatus
    next_deadline: NextDeadline | None
    step: NextStep
    url: str
    letter_date: date | None
    received: date | None
    tracking_numbers: tuple[str, ...]
    events_count: int


def request_url(base_url: str, request_id: int) -> str:
    return f"{base_url.rstrip('/')}/requests/{request_id}"


def law_name(law: str) -> str:
    return Law(law).names.in_letter


def headline(agency: str, clock: Clock) -> str:
    """"KCPD response due (RSMo 610.023.3)": what the date is for, and the law behind it."""
    words = _HEADLINES.get(clock.id, "{agency} " + clock.id.replace("-", " ") + " due")
    return f"{words.format(agency=agency)} ({clock.basis})"


def open_clocks(track: Tracking) -> list[Clock]:
    """The deadlines still running or missed without an answer, each with its safe date
    (an agency's latest reading, the requester's earliest: Clock.safe_date)."""
    if track.status == TrackStatus.DONE:
        return []
    return [c for c in track.clocks if c.answered is None and c.safe_date is not None]


def is_requester_clock(clock: Clock) -> bool:
    return clock.side == Side.REQUESTER


def letter_date(request: TrackedRequest) -> date | None:
    raw = request.answers.get("date")
    try:
        return date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def summarise(request: TrackedRequest, track: Tracking, *, today: date,
              base_url: str) -> Summary:
    agency = default_catalog().agency(request.agency)
    due = track.next_due
    upcoming = None
    if due is not None:
        safe, clock = due
        upcoming = NextDeadline(clock.id, clock.due, safe, (safe - today).days)
    return Summary(
        id=request.id, title=request.title, agency=agency.short_name, agency_name=agency.name,
        law=request.law, status=track.status, next_deadline=upcoming, step=track.step,
        url=request_url(base_url, request.id), letter_date=letter_date(request),
        received=track.received, tracking_numbers=tracking_numbers(entries(request)),
        events_count=len(request.events))


def summaries(requests: list[TrackedRequest], *, today: date,
              base_url: str) -> list[Summary]:
    return [summarise(r, tracking(r, today=today), today=today, base_url=base_url)
            for r in requests]


def deadlines_json(request: TrackedRequest, *, today: date) -> dict[str, Any] | None:
    """The request's clocks in the Deadlines JSON shape (README "Deadlines JSON"), with
    the day-by-day explanations; None until the agency has received the request."""
    case = case_for(request.law, request.agency, request.answers, entries(request),
                    today=today, explain=True)
    if case is None:
        return None
    return to_json(case, compute(case))
