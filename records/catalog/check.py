"""The whole-catalog check behind `python -m records check` (and so `make run`).

Each loader validates its own file; this module loads all of them from one directory and
cross-checks the references between files: an agency's calendar and closure lists, and the
event kinds that answer a clock. A typo such as `calendar = "misouri"` then fails at
start-up, naming the file, the entry and the field, instead of later blaming the user's
input. Every problem is reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from records.catalog.agencies import CATALOG_DIR, Agency, Catalog, read_catalog
from records.catalog.calendar_data import CALENDAR_DIR, CalendarData, read_calendar_data
from records.catalog.clock_rules import CLOCKS_FILE, ClockRule, read_clock_rules
from records.catalog.followups import FOLLOWUPS_FILE, followup_problems, read_followups
from records.catalog.incidents import read_incidents
from records.catalog.tables import CatalogError
from records.catalog.translations import TRANSLATIONS_FILE, preset_problems, read_translations
from records.vocabulary import EVENT_KINDS, EventKind


def _known(names: Iterable[str]) -> str:
    return f"(known: {', '.join(sorted(names))})"


def _agency_problems(agency: Agency, calendars: CalendarData) -> list[str]:
    where, calendar = agency.source, agency.calendar
    problems = []
    if calendar and calendar not in calendars.calendars:  # "" is reported as required
        problems.append(f"{where}.calendar: unknown calendar {calendar!r} "
                        f"{_known(calendars.calendars)}")
    for list_id in agency.closures:
        found = calendars.closure_lists.get(list_id)
        if found is None:
            problems.append(f"{where}.closures: unknown closure list {list_id!r} "
                            f"{_known(calendars.closure_lists)}")
        elif calendar in calendars.calendars and calendar not in found.calendars:
            problems.append(f"{where}.closures: closure list {list_id!r} does not apply to "
                            f"calendar {calendar!r} (it applies to: "
                            f"{', '.join(found.calendars)})")
    return problems


def _clock_problems(rule: ClockRule) -> list[str]:
    problems = []
    for kind in rule.answered_by:
        if kind not in EVENT_KINDS:
            problems.append(f"{rule.source}.answered_by: unknown event kind {kind!r} "
                            f"{_known(EVENT_KINDS)}")
            continue
        # An event of another law can never be entered for this clock, so it never answers.
        for law in rule.laws:
            if law not in EVENT_KINDS[EventKind(kind)].laws:
                problems.append(f"{rule.source}.answered_by: event kind {kind!r} does not "
                                f"apply to {law}")
    return problems


def catalog_problems(directory: Path | None = None) -> list[str]:
    """Every problem in the catalog under `directory` (default: the packaged one), one line
    each; empty when valid."""
    directory = directory or CATALOG_DIR  # looked up per call, so a test can point it elsewhere
    problems: list[str] = []
    catalog: Catalog = read_catalog(directory, problems)
    calendars = read_calendar_data(directory / CALENDAR_DIR.name, problems)
    rules = read_clock_rules(directory / CLOCKS_FILE.name, problems)
    read_incidents(directory, catalog, problems)
    spanish = read_translations(directory / TRANSLATIONS_FILE, problems)
    problems += preset_problems(catalog, spanish)
    followups = read_followups(directory / FOLLOWUPS_FILE.name, problems)
    problems += followup_problems(followups, catalog)
    for agency in catalog.agencies.values():
        problems += _agency_problems(agency, calendars)
    for rule in rules:
        problems += _clock_problems(rule)
    return problems


def check_all(directory: Path | None = None) -> str:
    """Load and cross-check the whole catalog. Raises CatalogError listing every problem;
    otherwise returns a one-line summary of what was checked."""
    problems = catalog_problems(directory)
    if problems:
        raise CatalogError(problems)
    return ("agencies, presets, incidents, calendars, closures, clocks, translations and "
            "follow-up letters' data valid; references checked")
