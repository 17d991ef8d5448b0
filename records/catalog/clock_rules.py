"""The clock table (records/catalog/clocks.toml): lengths, units, citations and dates in force.

The engine decides when a clock starts; this data says how long it runs and under which
citation, so a lawyer can review a clock by reading one TOML table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from records.catalog.agencies import DEPARTMENTS, TAGS
from records.catalog.tables import CatalogError, Table, read_toml
from records.vocabulary import FEDERAL_LAWS, LAWS, ClockId, Law

CLOCKS_FILE = Path(__file__).parent / "clocks.toml"
UNITS = ("business", "calendar", "years", "none")
CLOCK_KEYS = ("id", "laws", "unit", "length", "side", "basis", "tag", "answered_by",
              "department", "from", "until", "amount_over", "extension", "routing_cap",
              "must_arrive", "note", "requested_from", "requested_until")
SIDES = ("agency", "requester")


# The clocks the engine computes (records/deadlines/missouri.py and federal.py) and the laws
# each one runs under. A row for another clock or law would never be used, so the loader
# refuses it, and select_rule refuses an id missing here.
_MO, _FED = (Law.MO_SUNSHINE,), FEDERAL_LAWS
CLOCKS: dict[str, tuple[str, ...]] = {
    ClockId.RESPONSE: _MO,
    ClockId.DENIAL_STATEMENT: _MO,
    ClockId.INVOLVED_PERSON: _MO,
    ClockId.FEE_LAPSE: _MO,
    ClockId.CLARIFICATION_LAPSE: _MO,
    ClockId.DETERMINATION: _FED,
    ClockId.EXPEDITE_DECISION: _FED,
    ClockId.APPEAL_BY: _FED,
    ClockId.APPEAL_DECISION: _FED,
    ClockId.SUIT_BY: _MO + _FED,
}


class ClockDataError(CatalogError):
    """clocks.toml is invalid. `problems` holds one line per problem."""

    heading = "invalid clocks.toml"


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
    # The date the request itself was received must fall in [requested_from, requested_until]
    # (a law that applies by the request's date, like the FOIA Improvement Act of 2016).
    requested_start: date = date.min
    requested_end: date = date.max
    source: str = field(default="", compare=False)  # "clocks.toml: clock[3]", for cross-checks

    @property
    def by_request(self) -> bool:
        """True when the row applies by the date the request was received."""
        return self.requested_start != date.min or self.requested_end != date.max

    def matches(self, law: str, department: str, on: date, amount: float | None,
                requested: date | None = None) -> bool:
        if law not in self.laws or not self.start <= on <= self.end:
            return False
        if self.by_request and (requested is None
                                or not self.requested_start <= requested <= self.requested_end):
            return False
        if self.department and self.department != department:
            return False
        return self.amount_over is None or (amount is not None and amount > self.amount_over)

    @property
    def specificity(self) -> tuple[bool, bool, bool]:
        return bool(self.department), self.by_request, self.amount_over is not None


def _row(t: Table) -> ClockRule:
    clock_id = t.text("id")
    if clock_id and clock_id not in CLOCKS:
        t.fail("id", f"unknown clock {clock_id!r} (the engine computes: {', '.join(CLOCKS)})")
    laws = t.strings("laws", required=True)
    for law in laws:
        if law not in LAWS:
            t.fail("laws", f"unknown law {law!r}")
        elif clock_id in CLOCKS and law not in CLOCKS[clock_id]:
            t.fail("laws", f"the engine runs no {clock_id!r} clock under {law}")
    unit = t.choice("unit", UNITS)
    department = t.text("department", required=False)
    if department and department not in DEPARTMENTS:
        t.fail("department", f"must be one of {', '.join(DEPARTMENTS)}, or left out for any")
    rule = ClockRule(
        id=clock_id, laws=laws, unit=unit,
        length=t.integer("length", 0, 1, 3650) if unit != "none" else 0,
        side=t.choice("side", SIDES), basis=t.text("basis"), tag=t.choice("tag", TAGS),
        answered_by=t.strings("answered_by", required=True), department=department,
        start=t.date("from", date.min), end=t.date("until", date.max),
        amount_over=t.number("amount_over"), extension=t.integer("extension", 0, 0, 30),
        routing_cap=t.integer("routing_cap", 0, 0, 30), must_arrive=t.flag("must_arrive"),
        note=t.text("note", required=False), source=t.where(),
        requested_start=t.date("requested_from", date.min),
        requested_end=t.date("requested_until", date.max))
    if rule.end < rule.start:
        t.fail("until", f"is before from ({rule.start})")
    if rule.requested_end < rule.requested_start:
        t.fail("requested_until", f"is before requested_from ({rule.requested_start})")
    return rule


def _gaps(rules: tuple[ClockRule, ...], clock_id: str, law: str) -> list[tuple[date, date]]:
    """Dates no general row covers: the engine would find no row for a request there."""
    rows = sorted((r for r in rules if r.id == clock_id and law in r.laws and not r.by_request
                   and not r.department and r.amount_over is None), key=lambda r: r.start)
    gaps, cursor = [], date.min
    for row in rows:
        if row.start > cursor:
            gaps.append((cursor, row.start - timedelta(days=1)))
        if row.end == date.max:
            return gaps
        cursor = max(cursor, row.end + timedelta(days=1))
    return [*gaps, (cursor, date.max)]


def read_clock_rules(path: Path, problems: list[str]) -> tuple[ClockRule, ...]:
    """Every row of the clock table at `path`; problems are appended."""
    table = read_toml(path, problems, known=("clock",))
    rules = tuple(_row(t) for t in table.tables("clock", CLOCK_KEYS))
    for clock_id, laws in CLOCKS.items():
        for law in laws:
            for first, last in _gaps(rules, clock_id, law):
                problems.append(f"{path.name}: clock {str(clock_id)!r}: no {law} row without "
                                f"department or amount_over covers {first} to {last}")
    return rules


def load_clock_rules(path: Path = CLOCKS_FILE) -> tuple[ClockRule, ...]:
    """Read and validate the clock table. Raises ClockDataError."""
    problems: list[str] = []
    rules = read_clock_rules(path, problems)
    if problems:
        raise ClockDataError(problems)
    return rules


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
                amount: float | None = None, requested: date | None = None) -> ClockRule | None:
    """The row for this clock, law, department and starting date; the most specific wins.

    `requested`, the date the request was received, lets a row that applies by that date
    (requested_from / requested_until) match; without it such rows are skipped.
    """
    if clock_id not in CLOCKS:
        raise KeyError(f"unknown clock {clock_id!r}: add it to CLOCKS and clocks.toml")
    for row in _rows_for(clock_id, law, department):  # the bulk path: checks inlined
        if row.start <= on <= row.end and (row.amount_over is None or (
                amount is not None and amount > row.amount_over)) and (
                not row.by_request or (requested is not None and
                                       row.requested_start <= requested <= row.requested_end)):
            return row
    return None
