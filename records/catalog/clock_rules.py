"""The clock table (records/catalog/clocks.toml): lengths, units, citations and dates in force.

The engine decides when a clock starts; this data says how long it runs and under which
citation, so a lawyer can review a clock by reading one TOML table.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from records.vocabulary import LAWS

CLOCKS_FILE = Path(__file__).parent / "clocks.toml"
UNITS = ("business", "calendar", "years", "none")
SIDES = ("agency", "requester")


class ClockDataError(Exception):
    """clocks.toml is invalid. `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid clocks.toml:\n" + "\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ClockRule:
    id: str
    laws: tuple[str, ...]
    unit: str
    length: int
    side: str
    basis: str
    tag: str
    answered_by: tuple[str, ...]
    department: str = ""
    start: date = date.min
    end: date = date.max
    amount_over: float | None = None
    extension: int = 0
    routing_cap: int = 0
    must_arrive: bool = False  # the rule counts receipt by the agency, not the postmark
    note: str = ""

    def matches(self, law: str, department: str, on: date, amount: float | None) -> bool:
        if law not in self.laws or not self.start <= on <= self.end:
            return False
        if self.department and self.department != department:
            return False
        return self.amount_over is None or (amount is not None and amount > self.amount_over)

    @property
    def specificity(self) -> tuple[bool, bool]:
        return bool(self.department), self.amount_over is not None


def _row(entry: Any, where: str, problems: list[str]) -> ClockRule | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: must be a table")
        return None
    before = len(problems)

    def need(key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        value = entry.get(key, default)
        if value is None or isinstance(value, bool) and kind is not bool \
                or not isinstance(value, kind):
            problems.append(f"{where}.{key}: is required ({getattr(kind, '__name__', kind)})"
                            if key not in entry else f"{where}.{key}: has the wrong type")
            return default
        return value

    laws = tuple(need("laws", list, []))
    for law in laws:
        if law not in LAWS:
            problems.append(f"{where}.laws: unknown law {law!r}")
    unit = need("unit", str, "none")
    if unit not in UNITS:
        problems.append(f"{where}.unit: must be one of {', '.join(UNITS)}")
    side = need("side", str, "agency")
    if side not in SIDES:
        problems.append(f"{where}.side: must be agency or requester")
    length = need("length", int, 0) if unit != "none" else 0
    amount = entry.get("amount_over")
    rule = ClockRule(
        id=need("id", str, ""), laws=laws, unit=unit, length=length, side=side,
        basis=need("basis", str, ""), tag=need("tag", str, "U"),
        answered_by=tuple(need("answered_by", list, [])),
        department=need("department", str, ""), start=need("from", date, date.min),
        end=need("until", date, date.max),
        amount_over=float(amount) if isinstance(amount, (int, float)) else None,
        extension=need("extension", int, 0), routing_cap=need("routing_cap", int, 0),
        must_arrive=need("must_arrive", bool, False), note=need("note", str, ""))
    return rule if len(problems) == before else None


def load_clock_rules(path: Path = CLOCKS_FILE) -> tuple[ClockRule, ...]:
    """Read and validate the clock table. Raises ClockDataError."""
    problems: list[str] = []
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ClockDataError([f"{path.name}: {exc}"]) from exc
    rows = [_row(e, f"{path.name}: clock[{i}]", problems)
            for i, e in enumerate(raw.get("clock", []))]
    if problems:
        raise ClockDataError(problems)
    return tuple(r for r in rows if r is not None)


@cache
def default_clock_rules() -> tuple[ClockRule, ...]:
    return load_clock_rules()


@cache
def _rows_for(clock_id: str, law: str, department: str) -> tuple[ClockRule, ...]:
    """Candidate rows, most specific first (computed once per clock, law and department)."""
    rows = [r for r in default_clock_rules() if r.id == clock_id and law in r.laws
            and r.department in ("", department)]
    return tuple(sorted(rows, key=lambda r: r.specificity, reverse=True))


def select_rule(clock_id: str, law: str, department: str, on: date,
                amount: float | None = None) -> ClockRule | None:
    """The row for this clock, law, department and starting date; the most specific wins."""
    for row in _rows_for(clock_id, law, department):
        if row.start <= on <= row.end and (row.amount_over is None or (
                amount is not None and amount > row.amount_over)):
            return row
    return None
