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

from records.deadlines.calendar import Calendar
from records.messages import AND, Joined, Say, Text, join

ONE_DAY = timedelta(days=1)
SUNDAY = 6


@dataclass(frozen=True)
class Pause:
    """A toll: `start` is the day the agency asked (it counts); `end` the day the answer arrived."""

    start: date
    end: date | None  # None: still waiting for the requester's answer
    label: Text = Say("paused while the agency waits for your answer")


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


def closed_note(cal: Calendar, day: date) -> Text | str:
    """", on Truman Day, a holiday" when the office is closed on `day` (receipt or resumption
    on a holiday: the day still is day 0, and the reader sees why day 1 comes later)."""
    found = cal.closed_on(day)
    if not found:
        return ""
    one_off = any(c.date == day for lst in cal.closure_lists for c in lst.closures)
    names = Joined([Say(h.name) for h in found], word=AND)
    if one_off:
        return Say(", on %(names)s, a day the office was closed", names=names)
    return Say(", on %(names)s, a holiday", names=names)


def day_zero_line(cal: Calendar, start: date, start_label: Text) -> Say:
    """The first line of every walk: "Wed 2025-02-12: <what happened> (day 0)"."""
    return Say("%(date)s: %(label)s%(closed)s (day 0)", date=start, label=start_label,
               closed=closed_note(cal, start))


def _active(pauses: Sequence[Pause], day: date) -> Pause | None:
    return next((p for p in pauses if p.start < day and (p.end is None or day <= p.end)), None)


def _pause_lines(cal: Calendar, pause: Pause, first: date) -> list[Text]:
    if pause.end is None:
        return [Say("%(date)s onward: %(label)s; no fixed date until your answer reaches "
                    "the agency", date=first, label=pause.label)]
    lines: list[Text] = []
    last = pause.end - ONE_DAY
    if first <= last:
        span = (last - first).days + 1
        lines.append(Say("%(first)s to %(last)s: %(label)s, not counted (%(days)s days)",
                         first=first, last=last, label=pause.label, days=span))
    lines.append(Say("%(date)s: resumed: your answer reached the agency%(closed)s; not "
                     "counted, counting restarts the next working day", date=pause.end,
                     closed=closed_note(cal, pause.end)))
    return lines


def walk_business(cal: Calendar, start: date, n: int, start_label: Text,
                  pauses: Sequence[Pause] = (), marks: dict[date, list[Text]] | None = None,
                  milestones: dict[int, Text] | None = None) -> tuple[date | None, list[Text]]:
    """Walk day by day from day 0: (due date or None while paused, explanation lines)."""
    marks, milestones = marks or {}, milestones or {}
    lines: list[Text] = [day_zero_line(cal, start, start_label)]
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
        reason = cal.skip_words(day)
        if reason:
            lines.append(join([Say("%(date)s: %(reason)s", date=day, reason=reason),
                               *marks.get(day, [])]))
            continue
        k += 1
        notes = [milestones[k]] if k in milestones else []
        warning = cal.warning_words(day)
        notes += [*marks.get(day, []), *([warning] if warning is not None else [])]
        notes += [Say("due (end of the day)")] if k == n else []
        lines.append(join([Say("%(date)s: day %(day)s", date=day, day=k), *notes]))
    if n == 0:
        lines.append(Say("%(date)s: due", date=start))
    return day, lines


def add_years(day: date, years: int) -> date:
    """The same date `years` later; Feb 29 becomes Feb 28, the earlier and safer day."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def calendar_lines(cal: Calendar, start: date, due: date, length: Text,
                   start_label: Text) -> list[Text]:
    """Day 0 and the literal last day of a calendar-day (or year) period."""
    return [day_zero_line(cal, start, start_label),
            Say("%(date)s: %(length)s later (calendar days: weekends and holidays count)",
                date=due, length=length)]


def missouri_last_day(cal: Calendar, day: date) -> tuple[date, list[Text]]:
    """RSMo 1.040: exclude the first day, include the last, and exclude a Sunday last day.

    Only Sunday: a Saturday last day stands. Herman v. Dixon, 285 S.W.2d 716: when the Sunday
    is followed by a Monday holiday under RSMo 9.010, that day is excluded too.
    """
    if day.weekday() != SUNDAY:
        return day, [Say("%(date)s: the last day (RSMo 1.040 excludes only a Sunday)",
                         date=day)]
    lines: list[Text] = [Say("%(date)s: a Sunday, so it is excluded (RSMo 1.040)", date=day)]
    day += ONE_DAY
    while cal.closed_on(day):
        lines.append(Say("%(date)s: %(reason)s; a holiday after an excluded Sunday is "
                         "excluded too (Herman v. Dixon, 285 S.W.2d 716)", date=day,
                         reason=cal.skip_words(day) or ""))
        day += ONE_DAY
    lines.append(Say("%(date)s: the last day", date=day))
    return day, lines
