"""Counting days with an explanation a reporter can check by hand.

`count_business` is the fast path (two bisects per leg). `walk_business` walks day by day and
writes the explanation; it is also the naive reference the tests and the benchmark compare
against. Calendar-day clocks use the last-day rule of their law: Missouri's RSMo 1.040, or the
literal date for federal clocks with the next working day as an alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from records.deadlines.calendar import Calendar, fmt

ONE_DAY = timedelta(days=1)
SUNDAY = 6


@dataclass(frozen=True)
class Pause:
    """A toll: `start` is the day the agency asked (it counts); `end` the day the answer arrived."""

    start: date
    end: date | None  # None: still waiting for the requester's answer
    label: str = "paused while the agency waits for your answer"


def count_business(cal: Calendar, start: date, n: int, pauses: Sequence[Pause] = ()) -> date | None:
    """The nth business day after `start`, not counting paused days; None while paused."""
    used, cursor = 0, start
    for pause in pauses:
        if pause.start < cursor:  # a toll before day 0 (e.g. before routing) delays day 0
            if pause.end is None:
                return None
            cursor = max(cursor, pause.end)
            continue
        here = cal.business_days_between(cursor, pause.start)
        if used + here >= n:  # the clock ran out on or before the toll: the toll changes nothing
            break
        if pause.end is None:
            return None
        used, cursor = used + here, pause.end
    return cal.add_business_days(cursor, n - used)


def closed_note(cal: Calendar, day: date) -> str:
    """", on Truman Day, a holiday" when the office is closed on `day` (receipt or resumption
    on a holiday: the day still is day 0, and the reader sees why day 1 comes later)."""
    found = cal.closed_on(day)
    if not found:
        return ""
    one_off = any(c.date == day for lst in cal.closure_lists for c in lst.closures)
    what = "a day the office was closed" if one_off else "a holiday"
    return f", on {' and '.join(h.name for h in found)}, {what}"


def _active(pauses: Sequence[Pause], day: date) -> Pause | None:
    return next((p for p in pauses if p.start < day and (p.end is None or day <= p.end)), None)


def _pause_lines(cal: Calendar, pause: Pause, first: date) -> list[str]:
    if pause.end is None:
        return [f"{fmt(first)} onward: {pause.label}; no fixed date until your answer "
                "reaches the agency"]
    lines = []
    last = pause.end - ONE_DAY
    if first <= last:
        span = (last - first).days + 1
        lines.append(f"{fmt(first)} to {fmt(last)}: {pause.label}, not counted ({span} days)")
    lines.append(f"{fmt(pause.end)}: resumed: your answer reached the agency"
                 f"{closed_note(cal, pause.end)}; not counted, counting restarts the next "
                 "working day")
    return lines


def walk_business(cal: Calendar, start: date, n: int, start_label: str,
                  pauses: Sequence[Pause] = (), marks: dict[date, list[str]] | None = None,
                  milestones: dict[int, str] | None = None) -> tuple[date | None, list[str]]:
    """Walk day by day from day 0: (due date or None while paused, explanation lines)."""
    marks, milestones = marks or {}, milestones or {}
    lines = [f"{fmt(start)}: {start_label}{closed_note(cal, start)} (day 0)"]
    day, k = start, 0
    while k < n:
        day += ONE_DAY
        pause = _active(pauses, day)
        if pause is not None:
            lines += _pause_lines(cal, pause, day)
            if pause.end is None:
                return None, lines
            day = pause.end
            continue
        reason = cal.skip_reason(day)
        notes = [*marks.get(day, [])]
        if reason:
            lines.append("; ".join([f"{fmt(day)}: {reason}", *notes]))
            continue
        k += 1
        notes = [milestones[k]] if k in milestones else []
        notes += [*marks.get(day, []), *filter(None, [cal.warning(day)])]
        notes += ["due (end of the day)"] if k == n else []
        lines.append("; ".join([f"{fmt(day)}: day {k}", *notes]))
    if n == 0:
        lines.append(f"{fmt(start)}: due")
    return day, lines


def add_years(day: date, years: int) -> date:
    """The same date `years` later; Feb 29 becomes Feb 28, the earlier and safer day."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def calendar_lines(cal: Calendar, start: date, due: date, length: str,
                   start_label: str) -> list[str]:
    """Day 0 and the literal last day of a calendar-day (or year) period."""
    return [f"{fmt(start)}: {start_label}{closed_note(cal, start)} (day 0)",
            f"{fmt(due)}: {length} later (calendar days: weekends and holidays count)"]


def missouri_last_day(cal: Calendar, day: date) -> tuple[date, list[str]]:
    """RSMo 1.040: exclude the first day, include the last, and exclude a Sunday last day.

    Only Sunday: a Saturday last day stands. Herman v. Dixon, 285 S.W.2d 716: when the Sunday
    is followed by a Monday holiday under RSMo 9.010, that day is excluded too.
    """
    if day.weekday() != SUNDAY:
        return day, [f"{fmt(day)}: the last day (RSMo 1.040 excludes only a Sunday)"]
    lines = [f"{fmt(day)}: a Sunday, so it is excluded (RSMo 1.040)"]
    day += ONE_DAY
    while cal.closed_on(day):
        lines.append(f"{fmt(day)}: {cal.skip_reason(day)}; a holiday after an excluded Sunday "
                     "is excluded too (Herman v. Dixon, 285 S.W.2d 716)")
        day += ONE_DAY
    lines.append(f"{fmt(day)}: the last day")
    return day, lines
