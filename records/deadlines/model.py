"""The deadline engine's vocabulary: input errors, events, the case, and the computed clock."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from records.deadlines.calendar import Calendar
from records.fields import FieldError

CAPACITIES = ("public", "involved", "attorney", "insurer")
MISSOURI, FOIA, PRIVACY_ACT = "mo-sunshine", "foia", "privacy-act"
FEDERAL = (FOIA, PRIVACY_ACT)

# kind -> (laws, value: "" none | "amount" required number | "determination" optional, label)
EVENT_KINDS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "responded": ((MISSOURI,), "", "the custodian responded"),
    "denied": ((MISSOURI,), "", "the request was denied"),
    "produced": ((MISSOURI,), "", "the records were produced"),
    "statement-requested": ((MISSOURI,), "", "your request for a written denial statement "
                            "was received"),
    "statement-sent": ((MISSOURI,), "", "the written denial statement was sent"),
    "payment-requested": ((MISSOURI,), "amount", "the agency asked for payment"),
    "paid": ((MISSOURI,), "", "you paid"),
    "clarification-requested": ((MISSOURI,), "", "the agency asked you to clarify"),
    "clarified": ((MISSOURI,), "", "you answered the request for clarification"),
    "routed": (FEDERAL, "", "the right component received the request (routed)"),
    "tolled": (FEDERAL, "", "tolled: the agency sent its one request for information; "
               "this day counts"),
    "fee-tolled": (FEDERAL, "", "fee-tolled: the agency asked about fees; this day counts"),
    "resumed": (FEDERAL, "", "resumed: your answer reached the agency; counting restarts "
                "the next working day"),
    "extended": (FEDERAL, "", "the agency's written notice of unusual circumstances"),
    "expedite-requested": (FEDERAL, "", "your request for expedited processing was received"),
    "expedite-decided": (FEDERAL, "", "the agency decided on expedited processing"),
    "determination": (FEDERAL, "determination", "the agency's determination"),
    "appeal-sent": (FEDERAL, "", "you sent your appeal"),
    "appeal-received": (FEDERAL, "", "the agency received your appeal"),
    "appeal-extended": (FEDERAL, "", "the agency's notice extending the appeal decision"),
    "appeal-decided": (FEDERAL, "", "the agency decided your appeal"),
    "suit-filed": ((MISSOURI,) + FEDERAL, "", "you filed suit"),
}
DETERMINATION_VALUES = ("adverse", "full")  # "full": a full grant, nothing to appeal
TOLLS = ("tolled", "fee-tolled")
_EVENT = re.compile(r"^\s*([a-z-]+)\s*=\s*([^:\s]+)\s*(?::\s*(.*?))?\s*\Z")
_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# The engine's working range: the Monday-holiday rules date from 1971, and a 6-year clock from
# 2099 still fits the calendars. Outside it a date is refused rather than half-computed.
YEARS = (1971, 2099)


# One bad input: the field it belongs to (for the web form) and a plain message. The same
# type the answers validator uses, so every interface reports bad input one way.
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
        raise DeadlineInputError([Problem(where, f"{text!r} is not a date; use YYYY-MM-DD")])
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise DeadlineInputError([Problem(where, f"{text} is not a real date")]) from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise DeadlineInputError([Problem(where, f"{text} is out of range: use a date from "
                                          f"{YEARS[0]} to {YEARS[1]}")])
    return day


def event_order(e: Event) -> tuple[date, int]:
    return e.date, e.order


@dataclass(frozen=True, order=True)
class Event:
    date: date
    order: int  # input order, so equal dates keep the order the user gave
    kind: str
    value: str = ""

    @property
    def amount(self) -> float | None:
        try:
            return float(self.value)
        except ValueError:
            return None

    @property
    def label(self) -> str:
        return EVENT_KINDS[self.kind][2]

    def text(self) -> str:
        return f"{self.kind}={self.date.isoformat()}" + (f":{self.value}" if self.value else "")


def parse_event(text: str, order: int = 0, where: str = "event") -> Event:
    """KIND=YYYY-MM-DD[:VALUE]. Checks the syntax, the kind and the date; not the law."""
    match = _EVENT.match(text)
    if not match:
        raise DeadlineInputError([Problem(where, f"{text!r} is not KIND=YYYY-MM-DD[:VALUE]")])
    kind, day, value = match.group(1), match.group(2), match.group(3) or ""
    if kind not in EVENT_KINDS:
        raise DeadlineInputError([Problem(where, f"unknown event kind {kind!r} (known: "
                                          f"{', '.join(EVENT_KINDS)})")])
    return Event(parse_date(day, where), order, kind, value.strip())


@dataclass(frozen=True)
class Case:
    """Everything a clock needs: the law, the dates, the calendar and the events (sorted)."""

    law: str
    received: date
    today: date
    calendar: Calendar
    department: str = ""
    capacity: str = "public"
    events: tuple[Event, ...] = ()
    explain: bool = True  # False: dates only, no day-by-day lines (bulk use, the benchmark)

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
    due: date
    reading: str
    why: str

    def as_dict(self) -> dict[str, Any]:
        return {"due": self.due.isoformat(), "reading": self.reading, "why": self.why}


@dataclass(slots=True)
class Clock:
    """One computed clock; `as_dict(today)` is the DESIGN.md s.4 Deadlines JSON entry."""

    id: str
    unit: str  # business | calendar | none
    days: int | None
    calendar: str
    basis: str
    due: date | None
    explanation: list[str]
    side: str = "agency"
    alternatives: list[Alternative] = field(default_factory=list)
    answered: date | None = None  # the first answering event
    note: str = ""
    tag: str = ""

    def status(self, today: date) -> str:
        if self.answered is not None and (self.due is None or self.answered <= self.due):
            return "met"
        if self.due is None:
            return "upcoming"
        if self.answered is not None or today > self.due:
            return "missed"
        return "due-today" if today == self.due else "upcoming"

    def safe(self) -> tuple[date | None, str]:
        """The safe date for the user's next step (DESIGN.md s.5) and what it is safe for."""
        if self.due is None:
            return None, "no fixed date yet"
        dates = [self.due] + [a.due for a in self.alternatives]
        if self.side == "agency":
            return max(dates), "say the agency is late only after this date (the latest reading)"
        return min(dates), "act by this date (the earliest reading)"

    def as_dict(self, today: date) -> dict[str, Any]:
        safe_date, safe_for = self.safe()
        return {
            "id": self.id, "due": self.due.isoformat() if self.due else None,
            "days": self.days, "unit": self.unit, "calendar": self.calendar,
            "basis": self.basis, "status": self.status(today),
            "explanation": self.explanation,
            "alternatives": [a.as_dict() for a in self.alternatives],
            "safe_date": safe_date.isoformat() if safe_date else None, "safe_for": safe_for,
            "side": self.side, "tag": self.tag, "note": self.note or None,
        }
