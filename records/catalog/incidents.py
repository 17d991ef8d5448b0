"""Incidents anyone can load as a starting point: facts with confidence tags, and presets.

`incidents.toml` holds each incident as one reviewed TOML table: its date, time, place and
people (the `incident` block of the answers, docs/interfaces.md), a neutral summary, the
agencies to ask and the recommended presets for each, and the facts behind it with their
confidence tags. Unconfirmed facts are marked editable so the interface asks the user to
check them.

The loader validates the file against the catalog (agency ids and preset ids must exist, and
each preset must apply to its agency) and reports every problem with file, entry and field,
like the catalog loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from functools import cache
from pathlib import Path
from typing import Any

from records.catalog.agencies import CATALOG_DIR, TAGS, Catalog, default_catalog
from records.catalog.tables import CatalogError, Table, read_toml, shown_key

INCIDENTS_FILE = "incidents.toml"
FACT_FIELDS = ("date", "time", "place", "people", "summary", "context")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
INCIDENT_KEYS = ("id", "title", "date", "time", "place", "people", "summary",
                 "letter_summary", "agencies", "presets", "facts")
FACT_KEYS = ("field", "text", "tag", "citation", "editable")


@dataclass(frozen=True)
class Fact:
    """One fact about an incident, with its source and confidence tag."""

    field: str  # an answers field (date, time, place, people), "summary" or "context"
    text: str
    tag: str
    citation: str = ""
    editable: bool = False  # the user should check it and may change it

    @property
    def unconfirmed(self) -> bool:
        return self.tag == "U"


@dataclass(frozen=True)
class Incident:
    id: str
    title: str
    date: Date
    summary: str
    agencies: tuple[str, ...]
    presets: tuple[tuple[str, tuple[str, ...]], ...]  # (agency id, preset ids), in file order
    time: str = ""  # "HH:MM", 24-hour
    place: str = ""
    people: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    letter_summary: str = ""  # the answers' incident.summary: what the letter says happened

    def presets_for(self, agency_id: str) -> tuple[str, ...]:
        """The recommended preset ids for one agency (empty if none)."""
        return dict(self.presets).get(agency_id, ())

    def editable_fields(self) -> tuple[str, ...]:
        """The answers fields the user should check before sending."""
        return tuple(dict.fromkeys(f.field for f in self.facts if f.editable))

    def answers_incident(self) -> dict[str, Any]:
        """The `incident` block of the answers (docs/interfaces.md)."""
        block: dict[str, Any] = {"date": self.date.isoformat()}
        if self.time:
            block["time"] = self.time
        if self.place:
            block["place"] = self.place
        if self.people:
            block["people"] = list(self.people)
        if self.letter_summary:
            block["summary"] = self.letter_summary
        return block

    def answers(self, agency_id: str, catalog: Catalog | None = None) -> dict[str, Any]:
        """A starting answers dict for one agency: law, agency, records and incident."""
        catalog = catalog or default_catalog()
        if agency_id not in self.agencies:
            raise KeyError(agency_id)
        return {
            "law": catalog.agency(agency_id).law,
            "agency": agency_id,
            "records": list(self.presets_for(agency_id)),
            "incident": self.answers_incident(),
        }

    def public_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "incident": self.answers_incident(),
            "agencies": list(self.agencies),
            "presets": {agency: list(ids) for agency, ids in self.presets},
            "facts": [
                {"field": f.field, "text": f.text, "tag": f.tag, "citation": f.citation,
                 "editable": f.editable}
                for f in self.facts
            ],
        }


def _facts(t: Table) -> tuple[Fact, ...]:
    return tuple(Fact(field=f.choice("field", FACT_FIELDS), text=f.text("text"),
                      tag=f.choice("tag", TAGS), citation=f.text("citation", False),
                      editable=f.flag("editable"))
                 for f in t.tables("facts", FACT_KEYS))


def _presets(t: Table, agencies: tuple[str, ...],
             catalog: Catalog) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not t.has("presets"):
        return ()
    table = t.table("presets")
    result = []
    for agency_id, ids in table.data.items():
        key = shown_key(agency_id)
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            table.fail(key, "must be a list of preset ids")
            continue
        if agency_id not in catalog.agencies:
            table.fail(key, f"unknown agency {agency_id!r}")
            continue
        if agency_id not in agencies:
            table.fail(key, f"agency {agency_id!r} is not in this incident's agencies")
        offered = {p.id for p in catalog.presets_for(agency_id)}
        for preset_id in ids:
            if preset_id not in catalog.presets:
                table.fail(key, f"unknown preset {preset_id!r}")
            elif preset_id not in offered:
                table.fail(key, f"preset {preset_id!r} does not apply to agency {agency_id!r}")
        if len(set(ids)) != len(ids):
            table.fail(key, "lists a preset more than once")
        result.append((agency_id, tuple(ids)))
    return tuple(result)


def _incident(t: Table, catalog: Catalog) -> Incident:
    incident_id = t.text("id")
    if incident_id and not _ID.match(incident_id):
        t.fail("id", "must be kebab-case (lowercase letters, digits and hyphens)")
    time = t.text("time", False)
    if time and not _TIME.match(time):
        t.fail("time", "must be a 24-hour time in the form HH:MM")
    agencies = t.strings("agencies", required=True)
    for agency_id in agencies:
        if agency_id not in catalog.agencies:
            t.fail("agencies", f"unknown agency {agency_id!r}")
    people = t.strings("people")
    if any(not p.strip() for p in people):
        t.fail("people", "must not contain empty names")
    return Incident(
        id=incident_id,
        title=t.text("title"),
        date=t.date("date", quoted=True),
        summary=t.text("summary"),
        letter_summary=t.text("letter_summary", False),
        agencies=agencies,
        presets=_presets(t, agencies, catalog),
        time=time,
        place=t.text("place", False),
        people=tuple(p.strip() for p in people),
        facts=_facts(t),
    )


def read_incidents(directory: Path, catalog: Catalog,
                   problems: list[str]) -> dict[str, Incident]:
    """The valid part of `incidents.toml` in `directory`; problems are appended.

    A directory without the file has no incidents.
    """
    path = directory / INCIDENTS_FILE
    if not path.exists():
        return {}
    incidents: dict[str, Incident] = {}
    for t in read_toml(path, problems, known=("incident",)).tables("incident", INCIDENT_KEYS):
        incident = _incident(t, catalog)
        if incident.id in incidents:
            t.fail("id", f"duplicate id {incident.id!r}")
        incidents[incident.id] = incident
    return incidents


def load_incidents(directory: Path = CATALOG_DIR,
                   catalog: Catalog | None = None) -> dict[str, Incident]:
    """Read and validate `incidents.toml` in `directory`. Raises CatalogError.

    Agency and preset ids are checked against `catalog` (default: the packaged catalog).
    """
    problems: list[str] = []
    incidents = read_incidents(directory, catalog or default_catalog(), problems)
    if problems:
        raise CatalogError(problems)
    return incidents


@cache
def default_incidents() -> dict[str, Incident]:
    """The packaged incidents, loaded and validated once per process."""
    return load_incidents()
