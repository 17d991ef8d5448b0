"""The deadline engine: a law, an agency, the events -> every clock, explained day by day.

Pure: `today` is passed in; no Flask, no clock reads. The output is the Deadlines JSON of
DESIGN.md s.4, with two extra keys per clock (`safe_date`, `safe_for`) for the user's next step.
Bad input raises DeadlineInputError with one line per problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from records.catalog import LAWS, Agency, Catalog, default_catalog
from records.catalog.calendar_data import CalendarError
from records.deadlines.calendar import get_calendar
from records.deadlines.federal import federal_clocks
from records.deadlines.missouri import missouri_clocks
from records.deadlines.model import (
    CAPACITIES,
    DETERMINATION_VALUES,
    EVENT_KINDS,
    MISSOURI,
    TOLLS,
    Case,
    DeadlineInputError,
    Event,
    Problem,
    event_order,
    parse_date,
    parse_event,
)

__all__ = ["DeadlineInputError", "compute_deadlines", "build_case", "parse_event"]
DEFAULT_CALENDARS = {"mo-sunshine": "missouri", "foia": "us-federal", "privacy-act": "us-federal"}


def _agency(agency: Agency | str | None, law: str, catalog: Catalog,
            problems: list[Problem]) -> Agency | None:
    if agency is None or agency == "":
        return None
    if isinstance(agency, str):
        if agency not in catalog.agencies:
            problems.append(Problem("agency", f"unknown agency {agency!r} "
                                    f"(known: {', '.join(catalog.agencies)})"))
            return None
        agency = catalog.agency(agency)
    if law in LAWS and law not in agency.laws:
        problems.append(Problem("agency", f"{agency.id} takes {' or '.join(agency.laws)} "
                                f"requests, not {law}"))
    return agency


def _event_problems(law: str, received: date, events: Sequence[Event]) -> list[Problem]:
    """The law-level checks: kinds for this law, values, order, and the toll rules."""
    problems: list[Problem] = []
    open_toll: Event | None = None
    info_tolls = 0
    for e in sorted(events, key=event_order):
        found: list[str] = []
        laws, value_kind, _ = EVENT_KINDS[e.kind]
        if law not in laws:
            found.append(f"{e.kind} does not apply to {law}")
        if e.date < received:
            found.append(f"{e.date} is before the request was received ({received})")
        found += _value_problems(e, value_kind)
        if e.kind in TOLLS:
            info_tolls += e.kind == "tolled"
            if e.kind == "tolled" and info_tolls > 1:
                found.append("a second information toll: the agency may toll only once for "
                             "information (5 U.S.C. 552(a)(6)(A)(ii)(I))")
            elif open_toll is not None:
                found.append(f"the clock is already paused since {open_toll.date}; "
                             "add resumed=DATE first")
            open_toll = e
        elif e.kind == "resumed":
            if open_toll is None:
                found.append("resumed with no open toll (add tolled=DATE or fee-tolled=DATE "
                             "before it)")
            open_toll = None
        problems += [Problem(f"event {e.order + 1}", f"{e.text()}: {m}") for m in found]
    return problems


def _value_problems(e: Event, value_kind: str) -> list[str]:
    if value_kind == "amount":
        if e.amount is None or not 0 <= e.amount < 1e12:
            return [f"{e.kind} needs the amount asked, e.g. {e.kind}={e.date}:1200"]
    elif value_kind == "determination":
        if e.value and e.value not in DETERMINATION_VALUES:
            return [f"the value must be {' or '.join(DETERMINATION_VALUES)}"]
    elif e.value:
        return [f"{e.kind} takes no value (remove ':{e.value}')"]
    return []


def _events(raw: Iterable[Event | str], problems: list[Problem]) -> list[Event]:
    events = []
    for i, item in enumerate(raw):
        try:
            events.append(item if isinstance(item, Event) else
                          parse_event(item, i, where=f"event {i + 1}"))
        except DeadlineInputError as exc:
            problems += exc.items
    return events


def build_case(law: str, received: date | str, *, today: date,
               agency: Agency | str | None = None, calendar: str | None = None,
               department: str | None = None, capacity: str = "public",
               events: Iterable[Event | str] = (), catalog: Catalog | None = None,
               explain: bool = True) -> Case:
    """Validate every input and build the Case. Raises DeadlineInputError listing them all."""
    problems: list[Problem] = []
    if law not in LAWS:
        problems.append(Problem("law", f"unknown law {law!r} (known: {', '.join(LAWS)})"))
    if isinstance(received, str):
        try:
            received = parse_date(received, "received")
        except DeadlineInputError as exc:
            problems += exc.items
    found = _agency(agency, law, catalog or default_catalog(), problems)
    if capacity not in CAPACITIES:
        problems.append(Problem("capacity", f"unknown capacity {capacity!r} "
                                f"(known: {', '.join(CAPACITIES)})"))
    parsed = _events(events, problems)
    cal = None
    try:
        cal = get_calendar(calendar or (found.calendar if found else DEFAULT_CALENDARS.get(
            law, "us-federal")), found.closures if found else ())
    except CalendarError as exc:
        problems += [Problem("calendar", p) for p in exc.problems]
    if isinstance(received, date) and law in LAWS:
        problems += _event_problems(law, received, parsed)
    if problems or cal is None or not isinstance(received, date):
        raise DeadlineInputError(problems)
    dept = department if department is not None else (found.department if found else "")
    return Case(law, received, today, cal, dept, capacity,
                tuple(sorted(parsed, key=event_order)), explain)


def compute_deadlines(law: str, received: date | str, *, today: date,
                      agency: Agency | str | None = None, calendar: str | None = None,
                      department: str | None = None, capacity: str = "public",
                      events: Iterable[Event | str] = (), catalog: Catalog | None = None,
                      explain: bool = True) -> dict[str, Any]:
    """Every clock that applies, as the Deadlines JSON of DESIGN.md s.4.

    explain=False leaves out the day-by-day lines (the dates are the same), for bulk use.
    """
    case = build_case(law, received, today=today, agency=agency, calendar=calendar,
                      department=department, capacity=capacity, events=events, catalog=catalog,
                      explain=explain)
    clocks = missouri_clocks(case) if case.law == MISSOURI else federal_clocks(case)
    agency_id = agency.id if isinstance(agency, Agency) else (agency or None)
    return {
        "law": case.law, "agency": agency_id, "received": case.received.isoformat(),
        "today": today.isoformat(), "calendar": case.calendar.id,
        "closures": [c.id for c in case.calendar.closure_lists],
        "department": case.department or None, "capacity": case.capacity,
        "events": [e.text() for e in case.events],
        "deadlines": [c.as_dict(today) for c in clocks],
    }
