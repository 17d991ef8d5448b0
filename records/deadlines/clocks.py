"""Builders shared by every clock: business-day, calendar-day and no-fixed-date clocks.

Each builder computes the default reading and the other readings of the law
as alternatives: the statute-only calendar, the calendar with or without one-off closures, a
weekend or holiday receipt deemed received on the next business day, and each law's rule for a
calendar-day period whose last day falls on a weekend or holiday.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache

from records.catalog.clock_rules import ClockRule, select_rule
from records.deadlines.calendar import Calendar, fmt, statute_only, without_closures
from records.deadlines.counting import (
    SUNDAY,
    Pause,
    add_years,
    calendar_lines,
    count_business,
    missouri_last_day,
    walk_business,
)
from records.deadlines.model import MISSOURI, Alternative, Case, Clock

DEEMED = "deemed received next business day"
DEEMED_WHY = ("It arrived on a weekend or holiday. The default counts from the calendar date "
              "of arrival (day 0); some agencies treat it as received on the next business day.")
Variant = tuple[Calendar, str, str]


def calendars_for(case: Case, side: str) -> tuple[Calendar, tuple[Variant, ...]]:
    """The default calendar for a clock and the other calendars that give an alternative."""
    return _calendars_for(case.calendar, side)


@cache  # calendars are shared singletons: one answer per calendar and side
def _calendars_for(cal: Calendar, side: str) -> tuple[Calendar, tuple[Variant, ...]]:
    """See calendars_for.

    One-off closures (records/catalog/calendars/closures.toml): the agency's own deadlines
    count them (the later date); the requester's deadlines ignore them (the earlier, safer
    date). The other is an alternative.
    """
    variants: list[Variant] = []
    if cal.closure_lists:
        bare = without_closures(cal)
        if side == "agency":
            variants.append((bare, "without one-off closures", "The closure orders are not legal "
                             "public holidays; whether they extend the deadline is unsettled."))
        else:
            variants.append((cal, "counting one-off closures", "If the closure orders count, "
                             "the date is later; the default ignores them to be safe."))
            cal = bare
    alt = statute_only(cal)
    if alt is not None:
        variants.append(alt)
    return cal, tuple(variants)


def answered(case: Case, rule: ClockRule, start: date) -> date | None:
    """The first event that answers the clock, on or after the day it started."""
    hits = [e.date for kind in rule.answered_by for e in case.by_kind.get(kind, ())
            if e.date >= start]
    return min(hits) if hits else None


def event_marks(case: Case, kinds: Sequence[str]) -> dict[date, list[str]]:
    """Labels of the events of `kinds`, by date, to annotate the explanation."""
    marks: dict[date, list[str]] = {}
    for e in case.events:
        if e.kind in kinds:
            marks.setdefault(e.date, []).append(e.label)
    return marks


def business_clock(case: Case, rule: ClockRule, start: date, start_label: str, *,
                   n: int | None = None, pauses: Sequence[Pause] = (),
                   milestones: dict[int, str] | None = None, mark_kinds: Sequence[str] = (),
                   deemed: bool = False, prefix: Sequence[str] = ()) -> Clock:
    n = rule.length if n is None else n
    cal, variants = calendars_for(case, rule.side)
    if case.explain:
        due, lines = walk_business(cal, start, n, start_label, pauses,
                                   event_marks(case, mark_kinds), milestones)
    else:
        due, lines, prefix = count_business(cal, start, n, pauses), [], ()
    clock = Clock(rule.id, "business", n, cal.id, rule.basis, due, [*prefix, *lines],
                  rule.side, answered=answered(case, rule, start), note=rule.note, tag=rule.tag)
    if due is None:  # paused by an open toll: no fixed date until the answer arrives
        clock.unit, clock.days = "none", None
        return clock
    for vcal, reading, why in variants:
        other = count_business(vcal, start, n, pauses)
        if other is not None and other != due:
            clock.alternatives.append(Alternative(other, reading, why))
    if deemed and not cal.is_business_day(start):
        other = count_business(cal, cal.next_business_day(start), n, pauses)
        if other is not None and other != due:
            clock.alternatives.append(Alternative(other, DEEMED, DEEMED_WHY))
    return clock


def _federal_last_day(cal: Calendar, due: date, rule: ClockRule) -> list[Alternative]:
    found = []
    if not cal.is_business_day(due):
        found.append(Alternative(cal.next_business_day(due), "next working day",
                                 f"{fmt(due)} is not a working day ({cal.skip_reason(due)}); "
                                 "many agencies and courts move such a last day to the next "
                                 "working day, but the statute does not say so."))
    if rule.id == "appeal-by" or rule.must_arrive:
        earlier = cal.on_or_before(due)
        if earlier != due:
            found.append(Alternative(earlier, "last working day within the period",
                                     "The safer date: the office is open that day, so the "
                                     "appeal is on time under any reading."))
    return found


def _calendar_due(case: Case, cal: Calendar, rule: ClockRule, start: date) -> date:
    """The due date of a calendar-day (or year) clock under the default last-day rule."""
    literal = _literal(rule, start)
    return missouri_last_day(cal, literal)[0] if case.law == MISSOURI else literal


def calendar_clock(case: Case, rule: ClockRule, start: date, start_label: str, *,
                   deemed: bool = False) -> Clock:
    """A calendar-day (or year) clock with its law's last-day rule."""
    cal, _ = calendars_for(case, rule.side)
    missouri = case.law == MISSOURI
    literal = _literal(rule, start)
    if missouri and (case.explain or literal.weekday() == SUNDAY):
        due, tail = missouri_last_day(cal, literal)
    else:  # RSMo 1.040 moves only a Sunday: the literal date stands, no lines to write
        due, tail = literal, []
    lines = []
    if case.explain:
        length = f"{rule.length} year{'s' if rule.length > 1 else ''}" \
            if rule.unit == "years" else f"{rule.length} calendar days"
        lines = calendar_lines(start, literal, length, start_label) + tail
    clock = Clock(rule.id, "calendar", (literal - start).days, cal.id, rule.basis, due,
                  lines, rule.side, answered=answered(case, rule, start),
                  note=rule.note, tag=rule.tag)
    if missouri:
        court = cal.on_or_after(literal)
        if court != due:
            clock.alternatives.append(Alternative(court, "court-rule reading (Rule 44.01) [U]",
                                                  "Missouri Supreme Court Rule 44.01 also "
                                                  "excludes a Saturday or holiday last day; "
                                                  "whether it applies here is unconfirmed."))
    else:
        clock.alternatives += _federal_last_day(cal, literal, rule)
    if deemed and not cal.is_business_day(start):
        other = _calendar_due(case, cal, rule, cal.next_business_day(start))
        if other != due:
            clock.alternatives.append(Alternative(other, DEEMED, DEEMED_WHY))
    return clock


def _literal(rule: ClockRule, start: date) -> date:
    if rule.unit == "years":
        return add_years(start, rule.length)
    return start + timedelta(days=rule.length)


def none_clock(case: Case, rule: ClockRule, lines: list[str], *, since: date | None = None,
               basis: str = "") -> Clock:
    """A clock with no fixed deadline (unit none, due null): a first-class state, not a guess."""
    return Clock(rule.id, "none", None, case.calendar.id, basis or rule.basis, None, lines,
                 rule.side, answered=answered(case, rule, since) if since else None,
                 note=rule.note, tag=rule.tag)


def clock_for(case: Case, rule: ClockRule, start: date, start_label: str, *,
              deemed: bool = False) -> Clock:
    """Dispatch on the rule's unit for clocks without tolls or extensions."""
    if rule.unit == "business":
        return business_clock(case, rule, start, start_label, deemed=deemed)
    if rule.unit == "none":
        return none_clock(case, rule, [f"{fmt(start)}: {start_label}", rule.note], since=start)
    return calendar_clock(case, rule, start, start_label, deemed=deemed)


def earliest_start(case: Case, rule: ClockRule, starts: list[tuple[date, str]]) -> Clock:
    """A limitation clock with several possible starting points (accrual dates).

    The earliest is the default because it gives the safe date for suing; each later start
    that gives another date is an alternative.
    """
    starts = sorted(starts)
    clock = calendar_clock(case, rule, *starts[0])
    cal = calendars_for(case, rule.side)[0]
    for start, label in starts[1:]:
        other = _calendar_due(case, cal, rule, start)
        if other != clock.due:
            clock.alternatives.append(Alternative(other, f"counting from: {label}",
                                                  "A later starting point; the earliest is "
                                                  "the safe date for suing."))
    return clock


def rule_for(case: Case, clock_id: str, on: date, amount: float | None = None) -> ClockRule:
    """The clock table's row for this clock, law and department on the starting date."""
    rule = select_rule(clock_id, case.law, case.department, on, amount)
    if rule is None:  # `python -m records check` proves the table covers every date
        raise LookupError(f"clocks.toml has no {clock_id!r} row for {case.law} on {on}")
    return rule
