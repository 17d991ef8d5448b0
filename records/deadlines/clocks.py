"""Builders shared by every clock: business-day, calendar-day and no-fixed-date clocks.

Each builder computes the default reading and the other readings of the law
as alternatives: the statute-only calendar, the calendar with or without one-off closures, a
weekend or holiday receipt deemed received on the next business day, and each law's rule for a
calendar-day period whose last day falls on a weekend or holiday.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache

from records.catalog.clock_rules import ClockRule, select_rule
from records.deadlines.calendar import Calendar, statute_only, without_closures
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
from records.messages import Joined, Say, Text
from records.vocabulary import Side

DEEMED = Say("deemed received next business day")
DEEMED_WHY = Say("It arrived on a weekend or holiday. The default counts from the calendar "
                 "date of arrival (day 0); some agencies treat it as received on the next "
                 "business day.")
Variant = tuple[Calendar, Text, Text]
CLOSURES_READING = Say("counting one-off closures")


def calendars_for(case: Case, side: str) -> tuple[Calendar, tuple[Variant, ...]]:
    """The default calendar for a clock and the other calendars that give an alternative."""
    return _calendars_for(case.calendar, side, case.closures)


@cache  # calendars are shared singletons: one answer per calendar, side and mode
def _calendars_for(cal: Calendar, side: str,
                   mode: str) -> tuple[Calendar, tuple[Variant, ...]]:
    """See calendars_for.

    One-off closures (records/catalog/calendars/closures.toml) are not legal public holidays
    (5 U.S.C. 6103(a); RSMo 9.010). The requester's own deadlines ignore them in every mode
    (the earlier, safer date). The agency's deadlines: "both" counts the statute's days and
    shows the date counting the closures as another reading (the later one, so the safe date
    for calling the agency late); "count" counts them; "ignore" leaves them out.
    """
    variants: list[Variant] = []
    closing = None
    if cal.closure_lists:
        bare = without_closures(cal)
        if side == Side.AGENCY and mode == "both":
            closing = cal
        if side != Side.AGENCY or mode != "count":
            cal = bare
    alt = statute_only(cal)
    if alt is not None:  # the reading and why come from the calendar's data
        variants.append((alt[0], Say(alt[1]), Say(alt[2])))
    if closing is not None:
        variants.append((closing, CLOSURES_READING, Joined(())))
    return cal, tuple(variants)


def closure_alternative(bare: Calendar, closing: Calendar, start: date, due: date,
                        pauses: Sequence[Pause] = ()) -> Alternative:
    """The reading counting one-off closures, naming each closure that moved the date."""
    days = [(c, lst) for lst in closing.closure_lists for c in lst.closures
            if start < c.date <= due and bare.is_business_day(c.date)
            and not any(p.start < c.date and (p.end is None or c.date <= p.end) for p in pauses)]
    days.sort(key=lambda found: found[0].date)
    named = Joined(Say("%(name)s (%(date)s)", name=Say(c.name), date=c.date) for c, _ in days)
    names = [Say(name) for name in dict.fromkeys(lst.name for _, lst in days)]
    lists = Joined(names, ", ") if names else Say("One-off closures")
    cites = "; ".join(dict.fromkeys(c.citation for c, _ in days))
    return Alternative(
        due, Say("counting one-off closures: %(closures)s", closures=named),
        Say("%(lists)s: offices were closed by order (%(citations)s), not by a holiday "
            "statute, so the statute alone counts such a day as a working day. Whether a "
            "closure extends the deadline is unsettled: before calling the agency late, wait "
            "until this date.", lists=lists, citations=cites))


@cache
def _closure_ordinals(cal: Calendar) -> tuple[int, ...]:
    return tuple(sorted(c.date.toordinal() for lst in cal.closure_lists for c in lst.closures))


def _closed_between(cal: Calendar, start: date, end: date) -> bool:
    """Whether a one-off closure of `cal` falls after `start`, up to and including `end`."""
    days = _closure_ordinals(cal)
    return bisect_right(days, end.toordinal()) > bisect_right(days, start.toordinal())


def closure_marks(case: Case, side: str, start: date) -> dict[date, list[Text]]:
    """In the "both" mode, the explanation notes each closure it counts as a working day."""
    if side != Side.AGENCY or case.closures != "both":
        return {}
    return {c.date: [Say("%(name)s: counted here as a working day; another reading skips it",
                         name=Say(c.name))]
            for lst in case.calendar.closure_lists for c in lst.closures if c.date > start}


def answered(case: Case, rule: ClockRule, start: date) -> date | None:
    """The first event that answers the clock, on or after the day it started."""
    hits = [e.date for kind in rule.answered_by for e in case.by_kind.get(kind, ())
            if e.date >= start]
    return min(hits) if hits else None


def event_marks(case: Case, kinds: Sequence[str]) -> dict[date, list[Text]]:
    """Labels of the events of `kinds`, by date, to annotate the explanation."""
    marks: dict[date, list[Text]] = {}
    for e in case.events:
        if e.kind in kinds:
            marks.setdefault(e.date, []).append(e.words)
    return marks


def business_clock(case: Case, rule: ClockRule, start: date, start_label: Text, *,
                   n: int | None = None, pauses: Sequence[Pause] = (),
                   milestones: dict[int, Text] | None = None, mark_kinds: Sequence[str] = (),
                   deemed: bool = False, prefix: Sequence[Text] = ()) -> Clock:
    n = rule.length if n is None else n
    cal, variants = calendars_for(case, rule.side)
    if case.explain:
        marks = closure_marks(case, rule.side, start)
        for day, labels in event_marks(case, mark_kinds).items():
            marks[day] = [*labels, *marks.get(day, [])]
        due, lines = walk_business(cal, start, n, start_label, pauses, marks, milestones)
    else:
        due, lines, prefix = count_business(cal, start, n, pauses), [], ()
    clock = Clock(rule.id, "business", n, cal.id, rule.basis, due, [*prefix, *lines],
                  rule.side, answered=answered(case, rule, start), note=rule.note, tag=rule.tag)
    if due is None:  # paused by an open toll: no fixed date until the answer arrives
        clock.unit, clock.days = "none", None
        return clock
    for vcal, reading, why in variants:
        if reading == CLOSURES_READING and not _closed_between(vcal, start, due):
            continue  # no closure up to the due date: counting them changes nothing
        other = count_business(vcal, start, n, pauses)
        if other is not None and other != due:
            clock.alternatives.append(
                closure_alternative(cal, vcal, start, other, pauses)
                if reading == CLOSURES_READING else Alternative(other, reading, why))
    if deemed and not cal.is_business_day(start):
        other = count_business(cal, cal.next_business_day(start), n, pauses)
        if other is not None and other != due:
            clock.alternatives.append(Alternative(other, DEEMED, DEEMED_WHY))
    return clock


def _federal_last_day(cal: Calendar, due: date, rule: ClockRule) -> list[Alternative]:
    found = []
    if not cal.is_business_day(due):
        found.append(Alternative(
            cal.next_business_day(due), Say("next working day"),
            Say("%(date)s is not a working day (%(reason)s); many agencies and courts move "
                "such a last day to the next working day, but the statute does not say so.",
                date=due, reason=cal.skip_words(due) or "")))
    if rule.side == Side.REQUESTER or rule.must_arrive:
        earlier = cal.on_or_before(due)
        if earlier != due:
            found.append(Alternative(earlier, Say("last working day within the period"),
                                     Say("The safer date: the office is open that day, so "
                                         "you are on time under any reading.")))
    return found


def _missouri_requester(cal: Calendar, literal: date) -> tuple[list[Text], list[Alternative]]:
    """A requester's Missouri period (fee or clarification lapse, suit-by): the literal last
    day is due, and the safe date is never later than it.

    RSMo 1.040 excludes a Sunday last day (and a holiday after it, Herman v. Dixon), and
    Rule 44.01 a Saturday or holiday one: both later readings. The earliest reading, the last
    business day on or before the literal day, is the safe date (the office is open to take
    the payment or the answer).
    """
    if cal.is_business_day(literal):
        return [Say("%(date)s: the last day (a business day)", date=literal)], []
    lines: list[Text] = [Say("%(date)s: the last day as counted; not a business day "
                             "(%(reason)s)", date=literal,
                             reason=cal.skip_words(literal) or "")]
    alternatives = []
    earlier = cal.on_or_before(literal)
    lines.append(Say("%(date)s: the last business day on or before it: act by this day to be "
                     "safe", date=earlier))
    alternatives.append(Alternative(earlier, Say("last business day on or before the last day"),
                                    Say("The safe date: the office is open that day, so you "
                                        "are on time under every reading.")))
    moved, _ = missouri_last_day(cal, literal)
    if moved != literal:
        lines.append(Say("%(date)s: the last day if RSMo 1.040 moves a Sunday last day "
                         "(another reading; do not rely on it)", date=moved))
        alternatives.append(Alternative(
            moved, Say("RSMo 1.040: a Sunday last day moves to the next day"),
            Say("RSMo 1.040 excludes a last day that falls on a Sunday (and a holiday after "
                "it, Herman v. Dixon, 285 S.W.2d 716); a later date, so not the safe one.")))
    court = cal.on_or_after(literal)
    if court not in (literal, moved):
        alternatives.append(Alternative(
            court, COURT_RULE,
            Say("Missouri Supreme Court Rule 44.01 also excludes a Saturday or holiday last "
                "day; whether it applies here is unconfirmed, and it gives a later date.")))
    return lines, alternatives


COURT_RULE = Say("court-rule reading (Rule 44.01) [U]")


def _calendar_due(case: Case, cal: Calendar, rule: ClockRule, start: date) -> date:
    """The due date of a calendar-day (or year) clock under the default last-day rule."""
    literal = _literal(rule, start)
    if case.law == MISSOURI and rule.side == Side.AGENCY:
        return missouri_last_day(cal, literal)[0]
    return literal


def calendar_clock(case: Case, rule: ClockRule, start: date, start_label: Text, *,
                   deemed: bool = False) -> Clock:
    """A calendar-day (or year) clock with its law's last-day rule."""
    cal, variants = calendars_for(case, rule.side)
    missouri = case.law == MISSOURI
    requester = rule.side == Side.REQUESTER
    literal = _literal(rule, start)
    alternatives: list[Alternative] = []
    if missouri and requester:
        due = literal
        tail, alternatives = _missouri_requester(cal, literal)
    elif missouri and (case.explain or literal.weekday() == SUNDAY):
        due, tail = missouri_last_day(cal, literal)
    else:  # RSMo 1.040 moves only a Sunday: the literal date stands, no lines to write
        due, tail = literal, []
    lines: list[Text] = []
    if case.explain:
        length = _length(rule)
        lines = calendar_lines(cal, start, literal, length, start_label) + tail
    clock = Clock(rule.id, "calendar", (literal - start).days, cal.id, rule.basis, due,
                  lines, rule.side, answered=answered(case, rule, start),
                  note=rule.note, tag=rule.tag)
    if missouri and requester:
        clock.alternatives += alternatives
    elif missouri:
        court = cal.on_or_after(literal)
        if court != due:
            clock.alternatives.append(Alternative(
                court, COURT_RULE,
                Say("Missouri Supreme Court Rule 44.01 also excludes a Saturday or holiday "
                    "last day; whether it applies here is unconfirmed.")))
    else:
        clock.alternatives += _federal_last_day(cal, literal, rule)
        for vcal, reading, _why in variants:
            # A last day that is open on this calendar but closed by order: the next working
            # day counting the closures is the later reading.
            if reading == CLOSURES_READING and cal.is_business_day(literal) \
                    and not vcal.is_business_day(literal):
                later = closure_alternative(cal, vcal, literal - timedelta(days=1),
                                            vcal.next_business_day(literal))
                clock.alternatives.append(later)
    if deemed and not cal.is_business_day(start):
        other = _calendar_due(case, cal, rule, cal.next_business_day(start))
        if other != due:
            clock.alternatives.append(Alternative(other, DEEMED, DEEMED_WHY))
    return clock


def _length(rule: ClockRule) -> Say:
    if rule.unit != "years":
        return Say("%(days)s calendar days", days=rule.length)
    if rule.length == 1:
        return Say("%(years)s year", years=rule.length)
    return Say("%(years)s years", years=rule.length)


def _literal(rule: ClockRule, start: date) -> date:
    if rule.unit == "years":
        return add_years(start, rule.length)
    return start + timedelta(days=rule.length)


def none_clock(case: Case, rule: ClockRule, lines: list[Text], *, since: date | None = None,
               basis: str = "") -> Clock:
    """A clock with no fixed deadline (unit none, due null): a first-class state, not a guess."""
    return Clock(rule.id, "none", None, case.calendar.id, basis or rule.basis, None, lines,
                 rule.side, answered=answered(case, rule, since) if since else None,
                 note=rule.note, tag=rule.tag)


def clock_for(case: Case, rule: ClockRule, start: date, start_label: Text, *,
              deemed: bool = False) -> Clock:
    """Dispatch on the rule's unit for clocks without tolls or extensions."""
    if rule.unit == "business":
        return business_clock(case, rule, start, start_label, deemed=deemed)
    if rule.unit == "none":
        return none_clock(case, rule, [Say("%(date)s: %(label)s", date=start, label=start_label),
                                       Say(rule.note)], since=start)
    return calendar_clock(case, rule, start, start_label, deemed=deemed)


def earliest_start(case: Case, rule: ClockRule, starts: list[tuple[date, Text]]) -> Clock:
    """A limitation clock with several possible starting points (accrual dates).

    The earliest is the default because it gives the safe date for suing; each later start
    that gives another date is an alternative.
    """
    starts = sorted(starts, key=lambda start: (start[0], str(start[1])))
    clock = calendar_clock(case, rule, *starts[0])
    cal = calendars_for(case, rule.side)[0]
    for start, label in starts[1:]:
        other = _calendar_due(case, cal, rule, start)
        if other != clock.due:
            clock.alternatives.append(Alternative(
                other, Say("counting from: %(start)s", start=label),
                Say("A later starting point; the earliest is the safe date for suing.")))
    return clock


def rule_for(case: Case, clock_id: str, on: date, amount: float | None = None, *,
             by_request: bool = True) -> ClockRule:
    """The clock table's row for this clock, law and department on the starting date; with
    `by_request`, a row that applies by the date the request was received may win."""
    rule = select_rule(clock_id, case.law, case.department, on, amount,
                       case.received if by_request else None)
    if rule is None:  # `python -m records check` proves the table covers every date
        raise LookupError(f"clocks.toml has no {clock_id!r} row for {case.law} on {on}")
    return rule
