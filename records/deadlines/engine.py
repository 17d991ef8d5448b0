"""The deadline engine: a law, an agency, the events -> every clock, explained day by day.

Pure: `today` is passed in; no Flask, no clock reads. The output is the Deadlines JSON of
docs/interfaces.md, with two extra keys per clock (`safe_date`, `safe_for`) for the user's
next step.
Bad input raises DeadlineInputError with one line per problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from typing import Any

from records.catalog import LAWS, Agency, Catalog, default_catalog
from records.catalog.calendar_data import default_calendar_data
from records.deadlines.calendar import Calendar, calendar_problems, get_calendar
from records.deadlines.federal import federal_clocks
from records.deadlines.missouri import missouri_clocks
from records.deadlines.model import (
    CLOSURE_MODES,
    DEFAULT_CLOSURES,
    FEDERAL,
    MISSOURI,
    Case,
    Clock,
    DeadlineInputError,
    Event,
    Problem,
    event_order,
    parse_date,
    parse_event,
)
from records.deadlines.output import to_json
from records.messages import Alternatives, Message, error_message
from records.vocabulary import (
    CAPACITIES,
    DETERMINATION_VALUES,
    EVENT_KINDS,
    LAW_NAMES,
    TOLLS,
    EventValue,
    Law,
)

UNKNOWN_LAW = error_message("unknown-law", "unknown law %(law)s (known: %(known)s)")
UNKNOWN_AGENCY = error_message("deadline-unknown-agency",
                               "unknown agency %(agency)s (known: %(known)s)")
AGENCY_LAW = error_message("agency-law", "%(agency)s takes %(laws)s requests, not %(law)s")
UNKNOWN_CAPACITY = error_message("unknown-capacity",
                                 "unknown capacity %(capacity)s (known: %(known)s)")
CAPACITY_NOT_FEDERAL = error_message(
    "capacity-federal", "applies only to Missouri Sunshine requests (RSMo 610.100.4); "
    "leave it out for %(law)s")
UNKNOWN_CLOSURE_MODE = error_message("unknown-closure-mode", "must be %(known)s, not %(value)s")
# Event problems start with the event as typed ("tolled=2025-03-04: ...").
WRONG_LAW_EVENT = error_message("event-wrong-law", "%(event)s: %(kind)s does not apply to %(law)s")
BEFORE_RECEIVED = error_message(
    "event-before-received", "%(event)s: %(date)s is before the request was received "
    "(%(received)s)")
SECOND_TOLL = error_message(
    "event-second-toll", "%(event)s: a second information toll: the agency may toll only once "
    "for information (5 U.S.C. 552(a)(6)(A)(ii)(I))")
ALREADY_PAUSED = error_message(
    "event-already-paused",
    "%(event)s: the clock is already paused since %(since)s; add resumed=DATE first")
NO_OPEN_TOLL = error_message(
    "event-no-open-toll", "%(event)s: resumed with no open toll (add tolled=DATE or "
    "fee-tolled=DATE before it)")
NEEDS_AMOUNT = error_message("event-needs-amount",
                             "%(event)s: %(kind)s needs the amount asked, e.g. %(example)s")
BAD_DETERMINATION = error_message("event-bad-determination",
                                  "%(event)s: the value must be %(values)s")
TAKES_NO_VALUE = error_message("event-takes-no-value",
                               "%(event)s: %(kind)s takes no value (remove ':%(value)s')")


def _agency(agency: Agency | str | None, law: str, catalog: Catalog,
            problems: list[Problem]) -> Agency | None:
    if agency is None or agency == "":
        return None
    if isinstance(agency, str):
        if agency not in catalog.agencies:
            problems.append(UNKNOWN_AGENCY.at("agency", agency=repr(agency),
                                              known=", ".join(catalog.agencies)))
            return None
        agency = catalog.agency(agency)
    if law in LAWS and law not in agency.laws:
        problems.append(AGENCY_LAW.at("agency", agency=agency.id,
                                      laws=Alternatives(agency.laws), law=law))
    return agency


def _event_problems(law: str, received: date, events: Sequence[Event]) -> list[Problem]:
    """The law-level checks: kinds for this law, values, order, and the toll rules."""
    problems: list[Problem] = []
    open_toll: Event | None = None
    info_tolls = 0
    for e in sorted(events, key=event_order):
        found: list[Message] = []
        spec = EVENT_KINDS[e.kind]
        if law not in spec.laws:
            found.append(WRONG_LAW_EVENT.with_params(kind=e.kind, law=law))
        if e.date < received:
            found.append(BEFORE_RECEIVED.with_params(date=str(e.date), received=str(received)))
        found += _value_problems(e, spec.value)
        if e.kind in TOLLS:
            info_tolls += e.kind == "tolled"
            if e.kind == "tolled" and info_tolls > 1:
                found.append(SECOND_TOLL)
            elif open_toll is not None:
                found.append(ALREADY_PAUSED.with_params(since=str(open_toll.date)))
            open_toll = e
        elif e.kind == "resumed":
            if open_toll is None:
                found.append(NO_OPEN_TOLL)
            open_toll = None
        problems += [m.at(f"event {e.order + 1}", event=e.text()) for m in found]
    return problems


def _value_problems(e: Event, value_kind: EventValue) -> list[Message]:
    if value_kind == EventValue.AMOUNT:
        if e.amount is None or not 0 <= e.amount < 1e12:
            return [NEEDS_AMOUNT.with_params(kind=e.kind, example=f"{e.kind}={e.date}:1200")]
    elif value_kind == EventValue.DETERMINATION:
        if e.value and e.value not in DETERMINATION_VALUES:
            return [BAD_DETERMINATION.with_params(values=Alternatives(DETERMINATION_VALUES))]
    elif e.value:
        return [TAKES_NO_VALUE.with_params(kind=e.kind, value=e.value)]
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


def _calendar(calendar_id: str, closures: tuple[str, ...],
              problems: list[Problem]) -> Calendar | None:
    """The calendar, or None with its problems (coded, so the calculator can translate)."""
    found = calendar_problems(calendar_id, closures)
    problems += found
    return None if found else get_calendar(calendar_id, closures)


def closure_lists(law: str, calendar_id: str, agency: Agency | None) -> tuple[str, ...]:
    """The one-off closure lists on for a request: those closures.toml turns on for every
    request under the law on this calendar, then those the agency names."""
    return _closure_lists(law, calendar_id, agency.closures if agency else ())


@cache
def _closure_lists(law: str, calendar_id: str, named: tuple[str, ...]) -> tuple[str, ...]:
    data = default_calendar_data()
    found = [c.id for c in data.closure_lists.values()
             if law in c.laws and calendar_id in c.calendars]
    return tuple(dict.fromkeys([*found, *named]))


def build_case(law: str, received: date | str, *, today: date,
               agency: Agency | str | None = None, calendar: str | None = None,
               department: str | None = None, capacity: str | None = None,
               events: Iterable[Event | str] = (), catalog: Catalog | None = None,
               explain: bool = True, closures: str = DEFAULT_CLOSURES) -> Case:
    """Validate every input and build the Case. Raises DeadlineInputError listing them all.

    `capacity` is for Missouri only (RSMo 610.100.4): None means not given ("public"); a
    non-public capacity with a federal law is an error, not silently ignored. `closures` is
    one of CLOSURE_MODES.
    """
    problems: list[Problem] = []
    if law not in LAWS:
        problems.append(UNKNOWN_LAW.at("law", law=repr(law), known=", ".join(LAWS)))
    if isinstance(received, str):
        try:
            received = parse_date(received, "received")
        except DeadlineInputError as exc:
            problems += exc.items
    found = _agency(agency, law, catalog or default_catalog(), problems)
    if capacity is not None and capacity not in CAPACITIES:
        problems.append(UNKNOWN_CAPACITY.at("capacity", capacity=repr(capacity),
                                            known=", ".join(CAPACITIES)))
    elif capacity not in (None, "public") and law in FEDERAL:
        problems.append(CAPACITY_NOT_FEDERAL.at("capacity", law=law))
    if closures not in CLOSURE_MODES:
        problems.append(UNKNOWN_CLOSURE_MODE.at("closures", value=repr(closures),
                                                known=Alternatives(CLOSURE_MODES)))
    parsed = _events(events, problems)
    default = LAW_NAMES[Law(law)].calendar if law in LAWS else "us-federal"
    calendar_id = calendar or (found.calendar if found else default)
    cal = _calendar(calendar_id, closure_lists(law, calendar_id, found), problems)
    if isinstance(received, date) and law in LAWS:
        problems += _event_problems(law, received, parsed)
    if problems or cal is None or not isinstance(received, date):
        raise DeadlineInputError(problems)
    dept = department if department is not None else (found.department if found else "")
    return Case(Law(law), received, today, cal, dept, capacity or "public",
                tuple(sorted(parsed, key=event_order)), explain,
                agency=found.id if found else None, closures=closures)


def trusted_case(law: Law, received: date, *, today: date, agency: Agency | None,
                 capacity: str = "public", events: Sequence[Event] = (),
                 explain: bool = False, closures: str = DEFAULT_CLOSURES) -> Case:
    """A Case from inputs that were validated when they were stored (a tracked request's
    events, a benchmark's generated mix): no re-validation, for bulk use.

    Use `build_case` for anything a person typed.
    """
    calendar_id = agency.calendar if agency else LAW_NAMES[law].calendar
    calendar = get_calendar(calendar_id, closure_lists(law, calendar_id, agency))
    return Case(law, received, today, calendar, agency.department if agency else "",
                capacity, tuple(sorted(events, key=event_order)), explain,
                agency=agency.id if agency else None, closures=closures)


def compute(case: Case) -> list[Clock]:
    """Every clock that applies to the case, in the order of the clock table."""
    return missouri_clocks(case) if case.law == MISSOURI else federal_clocks(case)


def compute_deadlines(law: str, received: date | str, *, today: date,
                      agency: Agency | str | None = None, calendar: str | None = None,
                      department: str | None = None, capacity: str | None = None,
                      events: Iterable[Event | str] = (), catalog: Catalog | None = None,
                      explain: bool = True, closures: str = DEFAULT_CLOSURES) -> dict[str, Any]:
    """Validate, compute and return the Deadlines JSON: the edge used by the CLI and the API.

    explain=False leaves out the day-by-day lines (the dates are the same), for bulk use.
    """
    case = build_case(law, received, today=today, agency=agency, calendar=calendar,
                      department=department, capacity=capacity, events=events, catalog=catalog,
                      explain=explain, closures=closures)
    return to_json(case, compute(case))
