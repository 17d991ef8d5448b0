"""The deadline engine's vocabulary: input errors, events, the case, and the computed clock."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from records.deadlines.calendar import Calendar
from records.messages import FieldError, Say, Text, error_message
from records.vocabulary import (
    EVENT_KINDS,
    FEDERAL_LAWS,
    EventKind,
    Law,
    Side,
    Status,
    Unit,
)

# How one-off closures (records/catalog/calendars/closures.toml) are counted for the agency's
# clocks: "both" (the default: the statute-only date is due, the date counting them is another
# reading and the safe date), "count" (the date counting them is due) or "ignore". The
# requester's own clocks ignore them in every mode: the earlier, safer date.
CLOSURE_MODES = ("both", "count", "ignore")
DEFAULT_CLOSURES = "both"

# Re-exported for the engine's modules; defined once in records.vocabulary.
MISSOURI, FOIA, PRIVACY_ACT = Law.MO_SUNSHINE, Law.FOIA, Law.PRIVACY_ACT
FEDERAL = FEDERAL_LAWS
_EVENT = re.compile(r"^\s*([a-z-]+)\s*=\s*([^:\s]+)\s*(?::\s*(.*?))?\s*\Z")
_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# The engine's working range: the Monday-holiday rules date from 1971, and a 6-year clock from
# 2099 still fits the calendars. Outside it a date is refused rather than half-computed.
YEARS = (1971, 2099)

NOT_ISO_DATE = error_message("deadline-not-a-date", "%(text)s is not a date; use YYYY-MM-DD")
NOT_REAL_DATE = error_message("deadline-not-a-real-date", "%(text)s is not a real date")
OUT_OF_RANGE = error_message("deadline-date-out-of-range",
                             "%(text)s is out of range: use a date from %(first)s to %(last)s")
NOT_EVENT = error_message("event-syntax", "%(text)s is not KIND=YYYY-MM-DD[:VALUE]")
UNKNOWN_EVENT_KIND = error_message("unknown-event-kind",
                                   "unknown event kind %(kind)s (known: %(known)s)")


# One bad input: the field it belongs to (for the web form) and a coded message (English
# for the CLI and the API, translated on the page). The same type the answers validator
# uses, so every interface reports bad input one way.
Problem = FieldError


class DeadlineInputError(ValueError):
    """Bad input to the deadline engine. `problems` holds one line per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.items = problems
        self.problems = [str(p) for p in problems]
        super().__init__("; ".join(self.problems))


def parse_date(text: str, where: str) -> date:
    """A YYYY-MM-DD date, or a DeadlineInputError that says what is wrong with it."""
    text = text.strip()
    if not _ISO.match(text):
        raise DeadlineInputError([NOT_ISO_DATE.at(where, text=repr(text))])
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise DeadlineInputError([NOT_REAL_DATE.at(where, text=text)]) from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise DeadlineInputError([OUT_OF_RANGE.at(where, text=text, first=YEARS[0],
                                                  last=YEARS[1])])
    return day


def event_order(e: Event) -> tuple[date, int]:
    return e.date, e.order


@dataclass(frozen=True, order=True)
class Event:
    date: date
    order: int  # input order, so equal dates keep the order the user gave
    kind: EventKind
    value: str = ""

    @property
    def amount(self) -> float | None:
        try:
            return float(self.value)
        except ValueError:
            return None

    @property
    def label(self) -> str:
        return EVENT_KINDS[self.kind].label

    @property
    def words(self) -> Say:
        """The label as a sentence of an explanation (translated on a page)."""
        return Say(self.label)

    def text(self) -> str:
        return f"{self.kind}={self.date.isoformat()}" + (f":{self.value}" if self.value else "")


def parse_event(text: str, order: int = 0, where: str = "event") -> Event:
    """KIND=YYYY-MM-DD[:VALUE]. Checks the syntax, the kind and the date; not the law."""
    match = _EVENT.match(text)
    if not match:
        raise DeadlineInputError([NOT_EVENT.at(where, text=repr(text))])
    kind, day, value = match.group(1), match.group(2), match.group(3) or ""
    return make_event(kind, day, value.strip(), order, where)


def make_event(kind: str, day: str, value: str = "", order: int = 0,
               where: str = "event") -> Event:
    """An Event from its kind, date and value as typed (the CLI's KIND=DATE:VALUE, or a
    form's three fields). Checks the kind and the date; not the law."""
    if kind not in EVENT_KINDS:
        raise DeadlineInputError([UNKNOWN_EVENT_KIND.at(where, kind=repr(kind),
                                                        known=", ".join(EVENT_KINDS))])
    return Event(parse_date(day, where), order, EventKind(kind), value)


@dataclass(frozen=True)
class Case:
    """Everything a clock needs: the law, the dates, the calendar and the events (sorted)."""

    law: Law
    received: date
    today: date
    calendar: Calendar
    department: str = ""
    capacity: str = "public"
    events: tuple[Event, ...] = ()
    explain: bool = True  # False: dates only, no day-by-day lines (bulk use, the benchmark)
    agency: str | None = None  # the agency's id, when one was named
    closures: str = DEFAULT_CLOSURES  # CLOSURE_MODES: how the agency's clocks count closures

    by_kind: dict[str, list[Event]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for e in self.events:  # the events by kind, in date order, built once per case
            self.by_kind.setdefault(e.kind, []).append(e)

    def first(self, kind: str) -> Event | None:
        found = self.by_kind.get(kind)
        return found[0] if found else None

    def all(self, *kinds: str) -> list[Event]:
        if len(kinds) == 1:
            return self.by_kind.get(kinds[0], [])
        return sorted((e for k in kinds for e in self.by_kind.get(k, [])), key=event_order)


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another reading of the law, giving another date, and why it exists."""

    due: date
    reading: Text
    why: Text


SAFE_FOR = {
    Side.AGENCY: "say the agency is late only after this date (the latest reading)",
    Side.REQUESTER: "act by this date (the earliest reading)",
}
NO_SAFE_DATE = "no fixed date yet"


@dataclass(slots=True)
class Clock:
    """One computed clock. Dates are `date` objects; the JSON is made by `to_json`."""

    id: str
    unit: str  # Unit: business | calendar | none
    days: int | None
    calendar: str
    basis: str
    due: date | None
    explanation: list[Text]  # str(line) is the English of the CLI and the API
    side: str = Side.AGENCY
    alternatives: list[Alternative] = field(default_factory=list)
    answered: date | None = None  # the first answering event
    note: str = ""
    tag: str = ""

    def status(self, today: date) -> Status:
        """Met when the answering event came by the due date; otherwise by `today`."""
        if self.answered is not None and (self.due is None or self.answered <= self.due):
            return Status.MET
        if self.due is None:
            return Status.UPCOMING
        if self.answered is not None or today > self.due:
            return Status.MISSED
        return Status.DUE_TODAY if today == self.due else Status.UPCOMING

    @property
    def safe_date(self) -> date | None:
        """The date that is safe for the user's next step: before calling the agency late,
        the latest reading; before acting (appeal, suit), the earliest."""
        if self.due is None or not self.alternatives:
            return self.due
        dates = [self.due] + [a.due for a in self.alternatives]
        return max(dates) if self.side == Side.AGENCY else min(dates)

    @property
    def safe_for(self) -> str:
        return NO_SAFE_DATE if self.due is None else SAFE_FOR[Side(self.side)]

    @property
    def fixed(self) -> bool:
        return self.unit != Unit.NONE
