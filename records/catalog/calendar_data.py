"""Holiday calendars as reviewed data: the rule model and the TOML loader.

A calendar (records/catalog/calendars/*.toml) is rules, an observance policy and, per agency,
one-off closure lists (closures.toml). Python only interprets them; every rule carries its
citation and the years it is in force. The loader reports one line per problem, naming the
file, the entry and the field, so a bad edit fails at start-up instead of moving a deadline.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from records.catalog.agencies import TAGS
from records.catalog.tables import CatalogError, Table, read_toml
from records.vocabulary import LAWS

CALENDAR_DIR = Path(__file__).parent / "calendars"
CLOSURES_FILE = "closures.toml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SATURDAY, SUNDAY = 5, 6


class CalendarError(CatalogError):
    """The calendar data is invalid, or a calendar or closure list is unknown."""

    heading = "invalid calendar data"


@dataclass(frozen=True)
class Observance:
    """Where a holiday that falls on a weekend is observed: a small value object, not ifs."""

    saturday: int  # -1: the Friday before; 0: no substitute
    sunday: int  # +1: the Monday after; 0: no substitute
    saturday_citation: str
    sunday_citation: str

    def citation(self, actual: date) -> str:
        return self.saturday_citation if actual.weekday() == SATURDAY else self.sunday_citation

    def observe(self, day: date) -> date:
        shift = {SATURDAY: self.saturday, SUNDAY: self.sunday}.get(day.weekday(), 0)
        return day + timedelta(days=shift)


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    citation: str
    month: int = 0
    day: int = 0  # fixed date when > 0
    weekday: int = -1  # with nth: the nth (or last, nth = -1) weekday of the month
    nth: int = 0
    after: str = ""  # with offset: N days after another rule's date
    offset: int = 0
    first_year: int = 0
    last_year: int = 9999
    every: int = 1  # in force every Nth year from first_year (Inauguration Day: 4)
    closed: bool = True  # False: not a holiday, only a warning in explanations
    note: str = ""
    observance: Observance | None = None  # overrides the calendar's policy for this rule

    def in_force(self, year: int) -> bool:
        return (self.first_year <= year <= self.last_year
                and (year - self.first_year) % self.every == 0)

    def actual(self, year: int, others: dict[str, date]) -> date | None:
        """The legal date in `year` before observance, or None when not in force."""
        if not self.in_force(year):
            return None
        if self.after:
            base = others.get(self.after)
            return None if base is None else base + timedelta(days=self.offset)
        if self.day:
            return date(year, self.month, self.day)
        if self.nth == -1:
            last = _cal.monthrange(year, self.month)[1]
            end = date(year, self.month, last)
            return end - timedelta(days=(end.weekday() - self.weekday) % 7)
        first = date(year, self.month, 1)
        return first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1))


@dataclass(frozen=True)
class Closure:
    date: date
    name: str
    citation: str
    tag: str


@dataclass(frozen=True)
class ClosureList:
    id: str
    name: str
    calendars: tuple[str, ...]
    closures: tuple[Closure, ...]
    laws: tuple[str, ...] = ()  # on for every request under these laws (agency or not)


@dataclass(frozen=True)
class StatuteOnly:
    """The statute-only reading of a calendar, shown as an alternative date."""

    calendar: str
    reading: str
    why: str


@dataclass(frozen=True)
class CalendarSpec:
    id: str
    name: str
    citation: str
    observance: Observance
    rules: tuple[Rule, ...]
    statute_only: StatuteOnly | None = None


@dataclass(frozen=True)
class CalendarData:
    calendars: dict[str, CalendarSpec]
    closure_lists: dict[str, ClosureList]


CALENDAR_KEYS = ("id", "name", "citation", "extends", "observance", "statute_only", "rule")
OBSERVANCE_KEYS = ("saturday", "saturday_citation", "sunday", "sunday_citation")
RULE_KEYS = ("id", "name", "citation", "date", "month", "weekday", "nth", "after", "offset",
             "from", "until", "every", "closed", "note", "observance")
LIST_KEYS = ("id", "name", "calendars", "laws", "closure")
CLOSURE_KEYS = ("date", "name", "citation", "tag")
_SATURDAY = {"friday": -1, "none": 0}
_SUNDAY = {"monday": 1, "none": 0}
Raw = tuple[Table, str]  # a calendar file's table and the id it extends ("" for none)


def _observance(t: Table) -> Observance:
    return Observance(_SATURDAY[t.choice("saturday", tuple(_SATURDAY))],
                      _SUNDAY[t.choice("sunday", tuple(_SUNDAY))],
                      t.text("saturday_citation"), t.text("sunday_citation"))


def _month_day(t: Table) -> tuple[int, int]:
    try:
        month, day = (int(p) for p in t.text("date").split("-"))
        date(2001, month, day)  # not a leap year: a 02-29 rule would break three years in four
    except ValueError:
        t.fail("date", "must be a real date as \"MM-DD\"")
        return 0, 0
    return month, day


def _rule(t: Table) -> Rule:
    if len([k for k in ("date", "nth", "after") if t.has(k)]) != 1:
        t.fail("date", "give exactly one of date = \"MM-DD\", month/weekday/nth, or after")
    month = day = nth = offset = 0
    weekday = -1
    if t.has("date"):
        month, day = _month_day(t)
    if t.has("nth"):
        month = t.integer("month", 1, 1, 12)
        weekday = WEEKDAYS.index(t.choice("weekday", WEEKDAYS))
        nth = t.integer("nth", 1, -1, 5)
        if nth == 0:
            t.fail("nth", "must be 1-5, or -1 for the last")
    if t.has("after"):
        offset = t.integer("offset", 1, -7, 7)
    observance = (_observance(t.table("observance", OBSERVANCE_KEYS)) if t.has("observance")
                  else None)
    return Rule(id=t.text("id"), name=t.text("name"), citation=t.text("citation"), month=month,
                day=day, weekday=weekday, nth=nth, after=t.text("after", required=False),
                offset=offset, first_year=t.integer("from", 0, 0, 9999),
                last_year=t.integer("until", 9999, 0, 9999), every=t.integer("every", 1, 1, 100),
                closed=t.flag("closed", True), note=t.text("note", required=False),
                observance=observance)


def _rules(t: Table, inherited: tuple[Rule, ...]) -> tuple[Rule, ...]:
    rules = list(inherited)
    for rt in t.tables("rule", RULE_KEYS):
        rule = _rule(rt)
        if rule.id in {r.id for r in rules}:
            rt.fail("id", f"duplicate rule id {rule.id!r}")
        # A calendar computes rules in order, so an `after` rule names one listed before it.
        if rule.after and rule.after not in {r.id for r in rules}:
            rt.fail("after", f"unknown rule {rule.after!r} (it must be listed before this rule)")
        rules.append(rule)
    return tuple(rules)


def _build(cid: str, raws: dict[str, Raw], built: dict[str, CalendarSpec | None],
           seen: tuple[str, ...] = ()) -> CalendarSpec | None:
    """One calendar, its parent first; `built` keeps each calendar's problems to one report."""
    if cid in built:
        return built[cid]
    t, parent_id = raws[cid]
    built[cid] = parent = None
    if parent_id:
        if parent_id not in raws or parent_id in seen + (cid,):
            t.fail("extends", f"unknown or circular calendar {parent_id!r}")
            return None
        parent = _build(parent_id, raws, built, seen + (cid,))
        if parent is None:  # the parent's own problems are already reported
            return None
    rules = _rules(t, parent.rules if parent else ())
    if t.has("observance"):
        observance = _observance(t.table("observance", OBSERVANCE_KEYS))
    elif parent:
        observance = parent.observance
    else:
        t.fail("observance", "is required")
        return None
    statute_only = None
    if t.has("statute_only"):
        st = t.table("statute_only", ("calendar", "reading", "why"))
        statute_only = StatuteOnly(st.text("calendar"), st.text("reading"), st.text("why"))
        if statute_only.calendar and statute_only.calendar not in raws:
            st.fail("calendar", f"unknown calendar {statute_only.calendar!r}")
    spec = CalendarSpec(cid, t.text("name"), t.text("citation"), observance, rules, statute_only)
    built[cid] = spec
    return spec


def _closure_lists(t: Table, calendars: dict[str, CalendarSpec]) -> dict[str, ClosureList]:
    lists: dict[str, ClosureList] = {}
    for lt in t.tables("list", LIST_KEYS):
        closures = tuple(Closure(c.date("date"), c.text("name"), c.text("citation"),
                                 c.choice("tag", TAGS)) for c in lt.tables("closure", CLOSURE_KEYS))
        names = lt.strings("calendars", required=True)
        for cal_id in names:
            if cal_id not in calendars:
                lt.fail("calendars", f"unknown calendar {cal_id!r} "
                        f"(known: {', '.join(sorted(calendars))})")
        laws = lt.strings("laws")
        for law in laws:
            if law not in LAWS:
                lt.fail("laws", f"unknown law {law!r} (known: {', '.join(LAWS)})")
        list_id = lt.text("id")
        if list_id in lists:
            lt.fail("id", f"duplicate id {list_id!r}")
        lists[list_id] = ClosureList(list_id, lt.text("name"), names, closures, laws)
    return lists


def read_calendar_data(directory: Path, problems: list[str]) -> CalendarData:
    """Every valid calendar and the closure lists in `directory`; problems are appended."""
    raws: dict[str, Raw] = {}
    for path in sorted(directory.glob("*.toml")):
        if path.name == CLOSURES_FILE:
            continue
        t = read_toml(path, problems, f"calendars/{path.name}", CALENDAR_KEYS)
        cid = t.text("id")
        if cid != path.stem:
            t.fail("id", f"must match the file name ({path.stem!r})")
        raws[cid] = (t, t.text("extends", required=False))
    built: dict[str, CalendarSpec | None] = {}
    for cid in raws:
        _build(cid, raws, built)
    calendars = {cid: spec for cid, spec in built.items() if spec is not None}
    lists: dict[str, ClosureList] = {}
    if (directory / CLOSURES_FILE).exists():  # optional: no agency has to turn a list on
        closures = read_toml(directory / CLOSURES_FILE, problems, f"calendars/{CLOSURES_FILE}",
                             ("list",))
        lists = _closure_lists(closures, calendars)
    return CalendarData(calendars, lists)


def load_calendar_data(directory: Path = CALENDAR_DIR) -> CalendarData:
    """Read and validate every calendar and the closure lists. Raises CalendarError."""
    problems: list[str] = []
    data = read_calendar_data(directory, problems)
    if problems:
        raise CalendarError(problems)
    return data


@cache
def default_calendar_data() -> CalendarData:
    """The packaged calendars, loaded and validated once per process."""
    return load_calendar_data()
