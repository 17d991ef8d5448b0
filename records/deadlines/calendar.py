"""Business-day arithmetic over a holiday calendar (rules + observance + one-off closures).

Pure Python. Each calendar precomputes, once per process, a sorted array of business-day
ordinals over a span of years, so adding N business days is two bisects instead of a walk.
Reasons for skipped days come from the same data ("Wed 2025-02-12: Lincoln Day, RSMo 9.010").
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from records.catalog.calendar_data import (
    SATURDAY,
    CalendarData,
    CalendarError,
    CalendarSpec,
    ClosureList,
    default_calendar_data,
)
from records.fields import FieldError
from records.messages import Iso, Say, Text, error_message, join, short_day

UNKNOWN_CALENDAR = error_message("unknown-calendar",
                                 "unknown calendar %(calendar)s (known: %(known)s)")
UNKNOWN_CLOSURES = error_message("unknown-closures",
                                 "unknown closure list %(closures)s (known: %(known)s)")
# The span precomputed on first use; queries outside it widen it (rare: a 6-year suit clock).
SPAN = (1990, 2060)


def fmt(day: date) -> str:
    """How every explanation writes a date in English: "Wed 2025-02-12"."""
    return short_day(day)


@dataclass(frozen=True)
class Holiday:
    """A day on a calendar: a closed holiday, a one-off closure, or a warning (closed=False)."""

    day: date
    name: str
    citation: str
    closed: bool = True
    actual: date | None = None  # the legal date when observance moved it
    observance_citation: str = ""
    note: str = ""

    @property
    def reason(self) -> str:
        """Why the office is closed, in English: "Lincoln Day, RSMo 9.010"."""
        return str(self.words)

    @property
    def words(self) -> Say:
        """The reason as a message, for a page in the reader's language."""
        name = Say(self.name)  # a name from data: translated where the catalog has it
        if self.actual is None:
            return Say("%(name)s, %(citation)s", name=name, citation=self.citation)
        cites = self.citation
        if self.observance_citation not in cites:
            cites += f"; {self.observance_citation}"
        if self.actual.weekday() == SATURDAY:
            return Say("%(name)s (observed; %(date)s is a Saturday), %(citation)s",
                       name=name, date=Iso(self.actual), citation=cites)
        return Say("%(name)s (observed; %(date)s is a Sunday), %(citation)s",
                   name=name, date=Iso(self.actual), citation=cites)


class _Grid(NamedTuple):
    """A calendar's precomputed span of years, published whole."""

    lo: int  # years
    hi: int
    first: int  # the span as ordinals, for a cheap range check
    last: int
    ords: list[int]  # sorted ordinals of business days inside the span
    business: frozenset[int]
    upto: list[int]  # business days on or before each ordinal of the span
    entries: dict[int, list[Holiday]]  # ordinal -> holidays, closures, warnings
    actual: dict[int, Holiday]  # the legal date of a holiday moved by observance


class Calendar:
    """One calendar with the closure lists an agency turned on. Get one from `get_calendar`."""

    def __init__(self, spec: CalendarSpec, closure_lists: tuple[ClosureList, ...] = ()) -> None:
        self.spec = spec
        self.closure_lists = closure_lists
        self._years: dict[int, list[Holiday]] = {}
        self._lock = threading.Lock()
        self._g = _Grid(0, -1, 0, -1, [], frozenset(), [], {}, {})

    @property
    def id(self) -> str:
        return self.spec.id

    def __repr__(self) -> str:
        lists = ",".join(c.id for c in self.closure_lists)
        return f"Calendar({self.id!r}{', closures=' + lists if lists else ''})"

    # ---------------------------------------------------------------- holidays by year
    def _rule_days(self, year: int) -> list[Holiday]:
        actual: dict[str, date] = {}
        found = []
        for rule in self.spec.rules:  # "after" rules refer to rules listed before them
            legal = rule.actual(year, actual)
            if legal is None:
                continue
            actual[rule.id] = legal
            observance = rule.observance or self.spec.observance
            day = observance.observe(legal) if rule.closed else legal
            moved = day != legal
            found.append(Holiday(day, rule.name, rule.citation, rule.closed,
                                 legal if moved else None,
                                 observance.citation(legal) if moved else "", rule.note))
        return found

    def entries(self, year: int) -> list[Holiday]:
        """Every holiday, closure and warning dated in `year`, sorted by date."""
        if year not in self._years:
            # Observed dates cross year boundaries (Jan 1, 2022 was observed Dec 31, 2021).
            days = [h for y in (year - 1, year, year + 1) for h in self._rule_days(y)
                    if h.day.year == year]
            days += [Holiday(c.date, c.name, c.citation) for lst in self.closure_lists
                     for c in lst.closures if c.date.year == year]
            self._years[year] = sorted(days, key=lambda h: h.day)
        return self._years[year]

    def holidays(self, year: int) -> list[Holiday]:
        """The days the office is closed in `year` (observed dates), weekends aside."""
        return [h for h in self.entries(year) if h.closed]

    # ---------------------------------------------------------------- precomputed span
    def _cover(self, day: date) -> _Grid:
        """The precomputed span, widened to cover `day` if needed. Threads share calendars
        (gunicorn's gthread workers), so a wider span is built aside and published as one
        object: a reader never sees a new range with old arrays."""
        grid = self._g
        if grid.lo <= day.year <= grid.hi:
            return grid
        with self._lock:
            grid = self._g
            if not grid.lo <= day.year <= grid.hi:
                grid = self._g = self._build(min(day.year, SPAN[0], grid.lo or SPAN[0]),
                                             max(day.year + 1, SPAN[1], grid.hi))
        return grid

    def _build(self, lo: int, hi: int) -> _Grid:
        entries: dict[int, list[Holiday]] = {}
        actual: dict[int, Holiday] = {}
        for year in range(lo, hi + 1):
            for h in self.entries(year):
                entries.setdefault(h.day.toordinal(), []).append(h)
                if h.actual is not None:
                    actual[h.actual.toordinal()] = h
        closed = {o for o, hs in entries.items() if any(h.closed for h in hs)}
        first, last = date(lo, 1, 1).toordinal(), date(hi, 12, 31).toordinal()
        ords = [o for o in range(first, last + 1)
                if (o - 1) % 7 < 5 and o not in closed]  # ordinal 1 is a Monday
        business = frozenset(ords)
        # count[o - first]: business days on or before ordinal o, so a count is an index
        # instead of a bisect (the engine's hot path in bulk).
        count, running = [], 0
        for o in range(first, last + 1):
            running += o in business
            count.append(running)
        return _Grid(lo, hi, first, last, ords, business, count, entries, actual)

    def _grid(self, o: int) -> _Grid:
        grid = self._g
        if grid.first <= o <= grid.last:
            return grid
        return self._cover(date.fromordinal(o))

    def is_business_day(self, day: date) -> bool:
        o, grid = day.toordinal(), self._g
        if not grid.first <= o <= grid.last:
            grid = self._cover(day)
        return o in grid.business

    def closed_on(self, day: date) -> list[Holiday]:
        """The holidays and closures observed on `day` (empty for an ordinary day)."""
        grid = self._cover(day)
        return [h for h in grid.entries.get(day.toordinal(), []) if h.closed]

    def skip_reason(self, day: date) -> str | None:
        """Why `day` is not a business day, in English, or None when it is one."""
        words = self.skip_words(day)
        return None if words is None else str(words)

    def skip_words(self, day: date) -> Text | None:
        """skip_reason as a message, for a page in the reader's language."""
        closed = self.closed_on(day)
        if closed:
            return join([h.words for h in closed])
        if day.weekday() >= SATURDAY:
            moved = self._cover(day).actual.get(day.toordinal())
            if moved is not None:
                return Say("weekend, skipped (%(name)s is observed %(date)s)",
                           name=Say(moved.name), date=moved.day)
            return Say("weekend, skipped")
        return None

    def warning(self, day: date) -> str | None:
        """A note for a business day that some offices treat as closed (e.g. after
        Thanksgiving), in English."""
        words = self.warning_words(day)
        return None if words is None else str(words)

    def warning_words(self, day: date) -> Text | None:
        """warning as a message, for a page in the reader's language."""
        grid = self._cover(day)
        notes: list[Text] = [Say("%(name)s: %(note)s", name=Say(h.name), note=Say(h.note))
                             for h in grid.entries.get(day.toordinal(), []) if not h.closed]
        return join(notes) if notes else None

    # ---------------------------------------------------------------- arithmetic
    def add_business_days(self, start: date, n: int) -> date:
        """The nth business day after `start` (start is day 0 and never counts)."""
        if n <= 0:
            return start
        o, grid = start.toordinal(), self._g  # inlined _grid: the bulk path's hottest call
        if not grid.first <= o <= grid.last:
            grid = self._cover(start)
        i = grid.upto[o - grid.first] + n - 1
        while i >= len(grid.ords):
            grid = self._cover(date(grid.hi + 1, 1, 1))
            i = grid.upto[o - grid.first] + n - 1
        return date.fromordinal(grid.ords[i])

    def business_days_between(self, start: date, end: date) -> int:
        """How many business days fall after `start`, up to and including `end`."""
        if end <= start:
            return 0
        a, b = start.toordinal(), end.toordinal()
        self._grid(a)
        grid = self._grid(b)  # a span only ever widens, so it still covers a
        return grid.upto[b - grid.first] - grid.upto[a - grid.first]

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after `day`."""
        return self.add_business_days(day, 1)

    def on_or_before(self, day: date) -> date:
        """The last business day on or before `day`."""
        self._cover(day)
        grid = self._cover(day - timedelta(days=14))
        i = bisect_right(grid.ords, day.toordinal()) - 1
        return date.fromordinal(grid.ords[i])

    def on_or_after(self, day: date) -> date:
        """`day` itself when it is a business day, otherwise the next one."""
        return day if self.is_business_day(day) else self.next_business_day(day)


def calendar_ids(data: CalendarData | None = None) -> list[str]:
    return sorted((data or default_calendar_data()).calendars)


def calendar_problems(calendar_id: str, closures: tuple[str, ...] = (),
                      where: str = "calendar") -> list[FieldError]:
    """What is wrong with a calendar id and closure-list ids: unknown ones, by name."""
    data = default_calendar_data()
    if calendar_id not in data.calendars:
        return [UNKNOWN_CALENDAR.at(where, calendar=repr(calendar_id),
                                    known=", ".join(calendar_ids(data)))]
    return [UNKNOWN_CLOSURES.at(where, closures=repr(c),
                                known=", ".join(sorted(data.closure_lists)))
            for c in closures if c not in data.closure_lists]


@cache
def get_calendar(calendar_id: str, closures: tuple[str, ...] = ()) -> Calendar:
    """The shared, precomputed calendar with the named closure lists turned on."""
    problems = calendar_problems(calendar_id, closures)
    if problems:
        raise CalendarError([p.message for p in problems])
    data = default_calendar_data()
    lists = tuple(data.closure_lists[c] for c in closures)
    return Calendar(data.calendars[calendar_id], lists)


@cache  # calendars are shared singletons, so identity is the right key
def statute_only(calendar: Calendar) -> tuple[Calendar, str, str] | None:
    """The statute-only variant of a calendar with its reading and why, if the data names one."""
    alt = calendar.spec.statute_only
    if alt is None:
        return None
    closures = tuple(c.id for c in calendar.closure_lists)
    return get_calendar(alt.calendar, closures), alt.reading, alt.why


@cache
def without_closures(calendar: Calendar) -> Calendar:
    return get_calendar(calendar.id)
