"""The dashboard's filters over records.tracker.summary's rows (already in dashboard order:
overdue, due within a week, appeal windows closing, then the rest by deadline)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_date, gettext, ngettext
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from records.catalog import default_catalog
from records.messages import N_, FieldError
from records.tracker.summary import Row
from records.tracker.summary import rows as summary_rows
from records.vocabulary import Law
from records.web.messages import say

# The step buttons' words: templates/tracker/_macros.html translates them through Words.
BUTTON_WORDS = (N_("Record: %(what)s"), N_("Write the next request"))
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


class Words:
    """Interface words for a page of many rows, each translated once: flask-babel's
    gettext costs about 0.2 ms a call, which for 1,000 rows of five words is a second."""

    def __init__(self) -> None:
        self._seen: dict[tuple[Any, ...], str] = {}

    def __call__(self, text: str, **params: Any) -> str:
        key = (text, *sorted(params.items()))
        if key not in self._seen:
            self._seen[key] = gettext(text, **params)
        return self._seen[key]

    def say(self, error: FieldError) -> str:
        key = ("say", error.code, *sorted(error.params.items()))
        if key not in self._seen:
            self._seen[key] = say(error)
        return self._seen[key]

    def date(self, day: date) -> str:
        """A date in words, as the `longdate` filter writes it."""
        key = ("date", day)
        if key not in self._seen:
            self._seen[key] = str(format_date(day, format="long"))
        return self._seen[key]

    def days(self, days: int | None, unit: str = "calendar", law: str = "") -> str:
        """"3 days left", "due today", "9 business days late", "2 working days left"."""
        key = ("days", days, unit, law)
        if key not in self._seen:
            self._seen[key] = _days(days, unit, law)
        return self._seen[key]


def _days(days: int | None, unit: str = "calendar", law: str = "") -> str:
    if days is None:
        return "-"
    if days == 0:
        return str(gettext("due today"))
    n = abs(days)
    if unit != "business":
        return str(ngettext("%(num)s day late", "%(num)s days late", n) if days < 0
                   else ngettext("%(num)s day left", "%(num)s days left", n))
    if law == Law.MO_SUNSHINE:
        return str(ngettext("%(num)s business day late", "%(num)s business days late", n)
                   if days < 0 else
                   ngettext("%(num)s business day left", "%(num)s business days left", n))
    return str(ngettext("%(num)s working day late", "%(num)s working days late", n)
               if days < 0 else
               ngettext("%(num)s working day left", "%(num)s working days left", n))
