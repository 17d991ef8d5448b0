"""The dashboard's filters over records.tracker.summary's rows (already in dashboard order:
overdue, due within a week, appeal windows closing, then the rest by deadline)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from records.catalog import default_catalog
from records.tracker.summary import Row
from records.tracker.summary import rows as summary_rows

FILTERS = ("agency", "status", "law", "member", "q")
MAX_FILTER = 200


@dataclass(frozen=True)
class Filters:
    agency: str = ""
    status: str = ""
    law: str = ""
    member: str = ""
    q: str = ""

    @classmethod
    def read(cls, args: MultiDict[str, str]) -> Filters:
        return cls(**{name: args.get(name, "").strip()[:MAX_FILTER] for name in FILTERS})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in FILTERS)

    def matches(self, row: Row) -> bool:
        return ((not self.agency or row.agency == self.agency)
                and (not self.status or row.status == self.status)
                and (not self.law or row.law == self.law)
                and (not self.member or str(row.owner_id) == self.member)
                and (not self.q or self.q.casefold() in _searched(row)))


def _searched(row: Row) -> str:
    """The summary's search text (title, tracking numbers, notes) and the agency's names,
    so "Kansas City" finds KCPD's requests."""
    agency = default_catalog().agencies.get(row.agency)
    names = f"{agency.name} {agency.short_name}".casefold() if agency else ""
    return f"{row.search} {names}"


def rows(session: Session, user_id: int, today: date,
         filters: Filters) -> tuple[int, list[Row]]:
    """How many requests the user sees, and the rows the filters keep, in dashboard order."""
    every = summary_rows(session, user_id, today=today)
    return len(every), [row for row in every if filters.matches(row)]
