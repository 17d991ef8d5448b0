"""A Sheet -> the batch's Items, all or nothing, through the one validator.

Every row goes through records.drafts.validate, the same validator as the wizard and the
CLI; its FieldErrors become RowProblems named by the spreadsheet's own row number. Only
what a spreadsheet adds is checked here: unknown columns, the client's language, and
formula cells (read as text, never calculated, so "=HYPERLINK(...)" would otherwise be
printed in a letter as it stands).
"""

from __future__ import annotations

import copy
import difflib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from records.answers import PATHS, prune, unflatten
from records.batch.model import (
    EMAIL,
    LANGUAGE_COLUMN,
    LANGUAGES,
    MAIL,
    PORTAL,
    Item,
    RowErrors,
    RowProblem,
    Sheet,
    initials,
)
from records.catalog import Catalog
from records.drafts import Draft, DraftError, validate
from records.guidance import guidance
from records.messages import N_
from records.vocabulary import LAWS, Channel

KNOWN_COLUMNS: tuple[str, ...] = (*PATHS, LANGUAGE_COLUMN)
# What a volunteer may type in client_language (case does not matter; blank is English).
LANGUAGE_WORDS = {"en": "en", "english": "en", "inglés": "en", "ingles": "en", "eng": "en",
                  "es": "es", "spanish": "es", "español": "es", "espanol": "es", "spa": "es"}
ROUTES = (MAIL, PORTAL, EMAIL)
# Guidance notes (records.guidance) a clinic acts on row by row, by their citation: what
# the client signs (28 U.S.C. 1746: certification of identity, consent page), what to
# attach (proof of death, 28 CFR 16.3(a)(4)), how a Sunshine letter is sent (RSMo
# 610.023.3: the clock starts on receipt). The rest are the same for every row of a kind.
CLINIC_CITATIONS = frozenset({"28 U.S.C. 1746", "28 CFR 16.3(a)(4)", "RSMo 610.023.3"})
# Agency warnings on these topics are said by the route's own sentence instead.
ROUTE_TOPICS = frozenset({"dhs-portal"})
FORMULA_SHOWN = 40
# The route's sentence: fixed texts, marked for `make messages`, so the preview page can
# show them translated (the agency's and the guidance's come from records.catalog's
# translations). The date is DHS_PORTAL_RULE, 6 CFR 5.3(a)(2) as amended in 2026.
BY_DHS_PORTAL = N_("DHS takes this request through its portal (6 CFR 5.3(a)(2), from "
                   "2026-01-22): it is set apart as a portal packet, not mailed.")
BY_PORTAL = N_("The agency takes this request through its portal: it is set apart as a "
               "portal packet, not mailed.")
BY_MAIL_NO_INTERNET = N_("Mailed to DHS with the no-internet statement (6 CFR 5.3(a)(2)): "
                         "DHS may still refuse a mailed request, and the cover sheet says so.")
BY_EMAIL = N_("This request goes by email: it is in the ZIP of letters, not in the mail "
              "stack.")


@dataclass(frozen=True)
class PreviewRow:
    row: int
    agency: str  # the agency's short name ("ICE", "KCPD")
    law: str
    route: str
    initials: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Preview:
    total: int
    by_agency: tuple[tuple[str, int], ...]  # (agency name, letters)
    by_law: tuple[tuple[str, int], ...]  # (law id, letters)
    by_route: tuple[tuple[str, int], ...]  # (route, letters)
    rows: tuple[PreviewRow, ...]


def check(sheet: Sheet, *, catalog: Catalog, today: date) -> list[Item]:
    """Every row as an Item, or RowErrors with every problem of every row: nothing is
    rendered or saved unless the whole sheet is right."""
    problems = [RowProblem(1, column, _unknown_column(column))
                for column in sheet.columns if column not in KNOWN_COLUMNS]
    if not sheet.rows:
        problems.append(RowProblem(1, "header", "there are no rows under the header: add "
                                                "one row per letter"))
    items: list[Item] = []
    for row in sheet.rows:
        item, found = _check_row(row.number, row.cells, catalog=catalog, today=today)
        problems.extend(found)
        if item is not None:
            items.append(item)
    if problems:
        raise RowErrors(problems)
    return items


def item_from_answers(row: int, answers: dict[str, Any], language: str, *,
                      catalog: Catalog, today: date) -> Item:
    """The Item check() made, rebuilt from its stored answers (in a worker, maybe on
    another day). The answers carry the letter's "date", so the draft is the same; pass
    the batch's own `today`, because two rules read it: a letter dated more than 90 days
    after today, and a birth date after today. Raises DraftError (or ValueError for a
    language that is not one of LANGUAGES)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown client language {language!r}")
    answers = copy.deepcopy(answers)
    draft = validate(answers, catalog=catalog, today=today)
    answers["date"] = draft.date.isoformat()
    return _item(row, answers, draft, language)


def route_of(draft: Draft) -> str:
    """How the row's letter goes out: a portal packet, an email, or the mail stack."""
    if draft.delivery == Channel.PORTAL:
        return PORTAL
    return EMAIL if draft.delivery == Channel.EMAIL else MAIL


def preview(items: Sequence[Item]) -> Preview:
    """What the volunteer sees before starting: counts, and each row's warnings."""
    agencies = Counter(item.draft.agency.name for item in items)
    laws = Counter(item.draft.law for item in items)
    routes = Counter(item.route for item in items)
    return Preview(
        total=len(items),
        by_agency=tuple(sorted(agencies.items(), key=lambda pair: pair[0].casefold())),
        by_law=tuple((str(law), laws[law]) for law in LAWS if laws[law]),
        by_route=tuple((route, routes[route]) for route in ROUTES if routes[route]),
        rows=tuple(PreviewRow(row=item.row, agency=item.draft.agency.short_name,
                              law=str(item.draft.law), route=item.route,
                              initials=item.initials, warnings=item.warnings)
                   for item in sorted(items, key=lambda item: item.row)))


def _check_row(number: int, cells: Mapping[str, str], *, catalog: Catalog,
               today: date) -> tuple[Item | None, list[RowProblem]]:
    problems: list[RowProblem] = []
    language = _language(cells.get(LANGUAGE_COLUMN, ""))
    if language is None:
        problems.append(RowProblem(number, LANGUAGE_COLUMN, _bad_language(cells)))
    fields = {path: cells[path] for path in PATHS if path in cells}
    formulas = [path for path, cell in fields.items() if cell.startswith("=")]
    problems.extend(RowProblem(number, path, _formula(fields[path])) for path in formulas)
    answers = prune(unflatten(fields))
    try:
        draft = validate(answers, catalog=catalog, today=today)
    except DraftError as error:
        # A formula cell already has its problem; the validator's view of its text
        # ("not an email address") would only repeat it.
        problems.extend(RowProblem(number, e.field, e.message) for e in error.errors
                        if e.field not in formulas)
        return None, problems
    if problems or language is None:
        return None, problems
    answers["date"] = draft.date.isoformat()
    return _item(number, answers, draft, language), []


def _item(row: int, answers: dict[str, Any], draft: Draft, language: str) -> Item:
    route = route_of(draft)
    return Item(row=row, answers=answers, draft=draft, language=language,
                initials=initials(draft.subject.name if draft.subject else
                                  draft.requester.name),
                route=route, warnings=warnings_for(draft, route))


def warnings_for(draft: Draft, route: str) -> tuple[str, ...]:
    """Short English sentences for the preview, no names in them: how the letter goes,
    the agency's warnings, and what the client signs or attaches."""
    found = [_route_note(draft, route)]
    shown = guidance(draft)
    found += [n.text for n in shown
              if n in draft.agency.warnings and n.topic not in ROUTE_TOPICS]
    found += [n.text for n in shown if n.citation in CLINIC_CITATIONS]
    return tuple(dict.fromkeys(w for w in found if w))


def _route_note(draft: Draft, route: str) -> str:
    if route == PORTAL:
        return BY_DHS_PORTAL if draft.dhs_portal_era else BY_PORTAL
    if route == MAIL and draft.no_internet:
        return BY_MAIL_NO_INTERNET
    return BY_EMAIL if route == EMAIL else ""


def _language(cell: str) -> str | None:
    return LANGUAGE_WORDS.get(cell.strip().casefold()) if cell.strip() else "en"


def _bad_language(cells: Mapping[str, str]) -> str:
    shown = cells.get(LANGUAGE_COLUMN, "")[:FORMULA_SHOWN]
    return f"must be en (English) or es (Spanish); blank means English (got {shown!r})"


def _formula(cell: str) -> str:
    shown = cell if len(cell) <= FORMULA_SHOWN else cell[:FORMULA_SHOWN] + "…"
    return (f"is a spreadsheet formula ({shown}); formulas are read as text and never "
            "calculated: type the value itself")


def _unknown_column(column: str) -> str:
    close = difflib.get_close_matches(column, KNOWN_COLUMNS, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else "the template lists the columns"
    return f"unknown column ({hint})"
