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
from typing import Any

from records.catalog.tables import CatalogError, read_toml

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


class _Fields:
    """Reads typed fields from one TOML table, collecting one problem line per bad field."""

    def __init__(self, where: str, data: Any, problems: list[str]) -> None:
        self.where, self.problems = where, problems
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            problems.append(f"{where}: must be a table")

    def fail(self, key: str, message: str) -> None:
        self.problems.append(f"{self.where}.{key}: {message}")

    def text(self, key: str, required: bool = True) -> str:
        value = self.data.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(key, "is required (a string)" if required else "must be a string")
            return ""
        return value.strip()

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(key, f"must be a whole number from {low} to {high}")
            return default
        return value

    def choice(self, key: str, options: dict[str, int]) -> int:
        value = self.data.get(key)
        if value not in options:
            self.fail(key, f"must be one of {', '.join(options)}")
            return next(iter(options.values()))
        return options[str(value)]


def _observance(data: Any, where: str, problems: list[str]) -> Observance:
    f = _Fields(where, data, problems)
    return Observance(f.choice("saturday", {"friday": -1, "none": 0}),
                      f.choice("sunday", {"monday": 1, "none": 0}),
                      f.text("saturday_citation"), f.text("sunday_citation"))


def _rule(data: Any, where: str, problems: list[str]) -> Rule:
    f = _Fields(where, data, problems)
    shapes = [k for k in ("date", "nth", "after") if k in f.data]
    if len(shapes) != 1:
        f.fail("date", "give exactly one of date = \"MM-DD\", month/weekday/nth, or after")
    month = day = nth = offset = 0
    weekday = -1
    if "date" in f.data:
        try:
            month, day = (int(p) for p in f.text("date").split("-"))
            date(2000, month, day)  # a leap year, so 02-29 would pass; it is not a holiday rule
        except ValueError:
            f.fail("date", "must be a real date as \"MM-DD\"")
    if "nth" in f.data:
        month = f.integer("month", 1, 1, 12)
        weekday = f.choice("weekday", {w: i for i, w in enumerate(WEEKDAYS)})
        nth = f.integer("nth", 1, -1, 5)
        if nth == 0:
            f.fail("nth", "must be 1-5, or -1 for the last")
    if "after" in f.data:
        offset = f.integer("offset", 1, -7, 7)
    observance = None
    if "observance" in f.data:
        observance = _observance(f.data["observance"], f"{where}.observance", problems)
    closed = f.data.get("closed", True)
    if not isinstance(closed, bool):
        f.fail("closed", "must be true or false")
    return Rule(id=f.text("id"), name=f.text("name"), citation=f.text("citation"), month=month,
                day=day, weekday=weekday, nth=nth, after=f.text("after", required=False),
                offset=offset, first_year=f.integer("from", 0, 0, 9999),
                last_year=f.integer("until", 9999, 0, 9999), every=f.integer("every", 1, 1, 100),
                closed=bool(closed), note=f.text("note", required=False), observance=observance)


def _calendar(raw: dict[str, Any], name: str, problems: list[str]) -> tuple[dict[str, Any], str]:
    """The raw table and its parent id; `extends` is resolved once every file is read."""
    f = _Fields(name, raw, problems)
    f.text("id"), f.text("name"), f.text("citation")
    return raw, f.text("extends", required=False)


def _build(cid: str, raws: dict[str, tuple[dict[str, Any], str, str]], problems: list[str],
           seen: tuple[str, ...] = ()) -> CalendarSpec | None:
    raw, parent_id, fname = raws[cid]
    parent: CalendarSpec | None = None
    if parent_id:
        if parent_id not in raws or parent_id in seen:
            problems.append(f"{fname}.extends: unknown or circular calendar {parent_id!r}")
            return None
        parent = _build(parent_id, raws, problems, seen + (cid,))
    rules = [_rule(r, f"{fname}: rule[{i}]", problems) for i, r in enumerate(raw.get("rule", []))]
    all_rules = (parent.rules if parent else ()) + tuple(rules)
    ids = [r.id for r in all_rules]
    for r in rules:
        if ids.count(r.id) > 1:
            problems.append(f"{fname}: rule id {r.id!r} is used twice")
        if r.after and r.after not in ids:
            problems.append(f"{fname}: rule {r.id!r}.after: unknown rule {r.after!r}")
    if "observance" in raw:
        observance = _observance(raw["observance"], f"{fname}: observance", problems)
    elif parent:
        observance = parent.observance
    else:
        problems.append(f"{fname}: observance: is required")
        return None
    statute_only = None
    if "statute_only" in raw:
        f = _Fields(f"{fname}: statute_only", raw["statute_only"], problems)
        statute_only = StatuteOnly(f.text("calendar"), f.text("reading"), f.text("why"))
    return CalendarSpec(cid, str(raw.get("name", "")), str(raw.get("citation", "")),
                        observance, all_rules, statute_only)


def _closure_lists(raw: dict[str, Any], calendars: dict[str, CalendarSpec],
                   problems: list[str]) -> dict[str, ClosureList]:
    lists: dict[str, ClosureList] = {}
    for i, entry in enumerate(raw.get("list", [])):
        where = f"{CLOSURES_FILE}: list[{i}]"
        f = _Fields(where, entry, problems)
        closures = []
        for j, item in enumerate(f.data.get("closure", [])):
            c = _Fields(f"{where}.closure[{j}]", item, problems)
            if not isinstance(c.data.get("date"), date):
                c.fail("date", "must be a TOML date (YYYY-MM-DD, unquoted)")
                continue
            closures.append(Closure(c.data["date"], c.text("name"), c.text("citation"),
                                    c.text("tag")))
        names = f.data.get("calendars", [])
        for cal_id in names if isinstance(names, list) else []:
            if cal_id not in calendars:
                f.fail("calendars", f"unknown calendar {cal_id!r}")
        lists[f.text("id")] = ClosureList(f.text("id"), f.text("name"), tuple(names),
                                          tuple(closures))
    return lists


def load_calendar_data(directory: Path = CALENDAR_DIR) -> CalendarData:
    """Read and validate every calendar and the closure lists. Raises CalendarError."""
    problems: list[str] = []
    raws: dict[str, tuple[dict[str, Any], str, str]] = {}
    for path in sorted(directory.glob("*.toml")):
        if path.name == CLOSURES_FILE:
            continue
        raw, parent = _calendar(read_toml(path, problems), path.name, problems)
        cid = str(raw.get("id", ""))
        if cid != path.stem:
            problems.append(f"{path.name}.id: must match the file name ({path.stem!r})")
        raws[cid] = (raw, parent, path.name)
    calendars = {}
    for cid in raws:
        spec = _build(cid, raws, problems)
        if spec is not None:
            calendars[cid] = spec
    for spec in calendars.values():
        if spec.statute_only and spec.statute_only.calendar not in calendars:
            problems.append(f"{spec.id}.toml: statute_only.calendar: unknown calendar "
                            f"{spec.statute_only.calendar!r}")
    closure_path = directory / CLOSURES_FILE
    raw_closures = read_toml(closure_path, problems) if closure_path.exists() else {}
    lists = _closure_lists(raw_closures, calendars, problems)
    if problems:
        raise CalendarError(problems)
    return CalendarData(calendars, lists)


@cache
def default_calendar_data() -> CalendarData:
    """The packaged calendars, loaded and validated once per process."""
    return load_calendar_data()
