"""The catalog: agencies and record presets, as reviewed TOML data with citations.

Python only interprets the data. A lawyer reviews an agency or a preset by reading one
TOML table. The loader validates every file at start-up and names the file, the entry
and the field of each problem, so a bad edit fails loudly instead of printing a wrong
letter.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from records.catalog.tables import CatalogError, Table, read_toml
from records.vocabulary import (
    AGENCY_LAWS,
    ASKING_FOR,
    CHANNELS,
    FEDERAL_LAWS,
    WINDOWS,
    Law,
    Window,
)

CATALOG_DIR = Path(__file__).parent

# Confidence: C/V confirmed from the primary text, S a secondary source, U unconfirmed (the
# interface says so wherever the fact is shown).
TAGS = ("C", "V", "S", "U")
MEDIA = ("paper", "electronic", "audio", "video")
DEPARTMENTS = ("DHS", "DOJ", "NARA")  # a federal body's department picks its rules


@dataclass(frozen=True)
class Note:
    """A fact shown to the user, with its citation and confidence tag."""

    text: str
    tag: str
    citation: str = ""
    topic: str = ""  # notes on one topic are shown once (agency warning or generic note)

    @property
    def unconfirmed(self) -> bool:
        return self.tag == "U"


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    law: str  # Law.MO_SUNSHINE or Law.FOIA (AGENCY_LAWS)
    calendar: str
    custodian_title: str
    address: tuple[str, ...]
    channels: tuple[str, ...]
    public_body: str = ""
    in_text: str = ""  # how a letter names the body inside a sentence ("the City of ...")
    short: str = ""  # the tracker's short name in a sentence ("KCPD is 4 business days late")
    department: str = ""  # "DHS", "DOJ", "NARA" for federal bodies
    custodian_name: str = ""
    custodian_confirmed: bool = False
    address_confirmed: bool = True
    email: str = ""
    portal: str = ""
    portal_name: str = ""
    phone: str = ""
    closures: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    warnings: tuple[Note, ...] = ()
    # Where the entry is ("agencies.toml: agency[3]"), so a cross-check can name it.
    source: str = field(default="", compare=False, repr=False)

    @property
    def called(self) -> str:
        return self.in_text or self.name

    @property
    def short_name(self) -> str:
        return self.short or self.called

    @property
    def is_federal(self) -> bool:
        return self.law == Law.FOIA

    @property
    def is_dhs(self) -> bool:
        return self.department == "DHS"

    @property
    def laws(self) -> tuple[str, ...]:
        """The laws a request to this body may be made under."""
        return FEDERAL_LAWS if self.is_federal else (Law.MO_SUNSHINE,)

    def public_dict(self) -> dict[str, Any]:
        """The stable JSON shape of `agencies --json` (README.md, "CLI")."""
        return {
            "id": self.id,
            "name": self.name,
            "public_body": self.public_body or self.name,
            "law": self.law,
            "department": self.department or None,
            "calendar": self.calendar,
            "custodian": {
                "title": self.custodian_title,
                "name": self.custodian_name or None,
                "confirmed": self.custodian_confirmed,
            },
            "address": list(self.address),
            "address_confirmed": self.address_confirmed,
            "email": self.email or None,
            "portal": self.portal or None,
            "phone": self.phone or None,
            "channels": list(self.channels),
            "notes": [_note_dict(n) for n in self.notes],
            "warnings": [_note_dict(n) for n in self.warnings],
        }


@dataclass(frozen=True)
class Preset:
    id: str
    title: str
    description: str
    citation: str
    media: str = "paper"
    preserve: bool = False  # ask the agency to preserve it (audio, video, dispatch)
    tag: str = "C"
    help: str = ""  # plain-language note for the interface
    agencies: tuple[str, ...] = ()
    scope: str = ""  # "missouri" or "federal" for general presets
    # The time the item covers (records.vocabulary.Window). The letter groups items by it
    # and states each group's range once.
    window: str = Window.ANY
    # What the item cannot be read without: "incident" (it says "the incident"), "person"
    # (it is about the person the request names) or "" (nothing).
    needs: str = ""
    # The kinds of requester the item suits (records.vocabulary.AskingFor values; empty:
    # all). Starting from an incident, only suiting items are ticked for the user.
    requesters: tuple[str, ...] = ()

    def suits(self, asking_for: str) -> bool:
        """Whether the item suits this kind of requester ("" suits every item)."""
        return not self.requesters or not asking_for or asking_for in self.requesters

    def public_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "citation": self.citation,
            "media": self.media,
            "preserve": self.preserve,
            "tag": self.tag,
            "help": self.help or None,
            "window": self.window,
            "needs": self.needs or None,
            "requesters": list(self.requesters) or None,
        }


@dataclass(frozen=True)
class Catalog:
    agencies: dict[str, Agency]
    presets: dict[str, Preset] = field(default_factory=dict)

    def agency(self, agency_id: str) -> Agency:
        return self.agencies[agency_id]

    def presets_for(self, agency_id: str) -> list[Preset]:
        """The agency's own presets first, then the general ones for its jurisdiction."""
        agency = self.agencies[agency_id]
        scope = "federal" if agency.is_federal else "missouri"
        own = [p for p in self.presets.values() if agency_id in p.agencies]
        general = [p for p in self.presets.values() if p.scope == scope]
        return own + general


def _note_dict(note: Note) -> dict[str, str]:
    return {"text": note.text, "tag": note.tag, "citation": note.citation}


# The keys each kind of table may have: anything else is a typo to report.
AGENCY_KEYS = ("id", "name", "law", "calendar", "custodian_title", "address", "channels",
               "public_body", "in_text", "short", "department", "custodian_name",
               "custodian_confirmed", "address_confirmed", "email", "portal", "portal_name",
               "phone", "closures", "notes", "warnings")
NOTE_KEYS = ("text", "tag", "citation", "topic")
PRESET_KEYS = ("id", "title", "description", "citation", "media", "preserve", "tag", "help",
               "agencies", "scope", "window", "needs", "requesters")
NEEDS = ("incident", "person")
# A preset's default need follows its window.
NEEDS_BY_WINDOW = {Window.INCIDENT: "incident", Window.PERSON: "person"}


def _notes(t: Table, key: str) -> tuple[Note, ...]:
    return tuple(Note(n.text("text"), n.choice("tag", TAGS), n.text("citation", False),
                      n.text("topic", False)) for n in t.tables(key, NOTE_KEYS))


def _agency(t: Table) -> Agency:
    agency = Agency(
        id=t.text("id"),
        name=t.text("name"),
        law=t.choice("law", AGENCY_LAWS),
        calendar=t.text("calendar"),
        custodian_title=t.text("custodian_title"),
        address=t.strings("address", required=True),
        channels=t.strings("channels", required=True),
        public_body=t.text("public_body", False),
        in_text=t.text("in_text", False),
        short=t.text("short", False),
        department=t.text("department", False),
        custodian_name=t.text("custodian_name", False),
        custodian_confirmed=t.flag("custodian_confirmed"),
        address_confirmed=t.flag("address_confirmed", True),
        email=t.text("email", False),
        portal=t.text("portal", False),
        portal_name=t.text("portal_name", False),
        phone=t.text("phone", False),
        closures=t.strings("closures"),
        notes=_notes(t, "notes"),
        warnings=_notes(t, "warnings"),
        source=t.where(),
    )
    # The recipient block must fit a #10 envelope window (4.5 x 1.125 in at 10 pt).
    if len(agency.address) > 5:
        t.fail("address", "at most 5 lines fit the envelope window")
    for line in agency.address:
        if len(line) > 44:
            t.fail("address", f"line too long for the envelope window (44 max): {line!r}")
    for channel in agency.channels:
        if channel not in CHANNELS:
            t.fail("channels", f"unknown channel {channel!r}")
    if "email" in agency.channels and not agency.email:
        t.fail("email", "is required when channels has email")
    if "portal" in agency.channels and not (agency.portal and agency.portal_name):
        t.fail("portal", "portal and portal_name are required when channels has portal")
    if agency.law == Law.FOIA and agency.department not in DEPARTMENTS:
        t.fail("department", "a federal body needs its department (DHS, DOJ or NARA)")
    return agency


def _preset(t: Table) -> Preset:
    preset = Preset(
        id=t.text("id"),
        title=t.text("title"),
        description=t.text("description"),
        citation=t.text("citation"),
        media=t.choice("media", MEDIA, "paper"),
        preserve=t.flag("preserve"),
        tag=t.choice("tag", TAGS, "C"),
        help=t.text("help", False),
        agencies=t.strings("agencies"),
        scope=t.text("scope", False),
        window=t.choice("window", WINDOWS, Window.ANY),
        needs=t.text("needs", False),
        requesters=t.strings("requesters"),
    )
    for kind in preset.requesters:
        if kind not in ASKING_FOR:
            t.fail("requesters", f"preset {preset.id!r}: unknown requester kind {kind!r} "
                   f"(known: {', '.join(ASKING_FOR)})")
    if preset.needs and preset.needs not in NEEDS:
        t.fail("needs", f"must be one of {', '.join(NEEDS)}")
    if not preset.needs and preset.window in NEEDS_BY_WINDOW:
        preset = replace(preset, needs=NEEDS_BY_WINDOW[Window(preset.window)])
    if bool(preset.agencies) == bool(preset.scope):
        t.fail("agencies", "give either agencies = [...] or scope = \"missouri\"/\"federal\"")
    if preset.scope and preset.scope not in ("missouri", "federal"):
        t.fail("scope", "must be missouri or federal")
    return preset


def read_catalog(directory: Path, problems: list[str]) -> Catalog:
    """agencies.toml and presets/*.toml as far as they are valid; problems are appended."""
    agencies: dict[str, Agency] = {}
    agencies_file = read_toml(directory / "agencies.toml", problems, known=("agency",))
    for t in agencies_file.tables("agency", AGENCY_KEYS):
        agency = _agency(t)
        if agency.id in agencies:
            t.fail("id", f"duplicate id {agency.id!r}")
        agencies[agency.id] = agency
    if not agencies:
        problems.append("agencies.toml: no [[agency]] entries")

    presets: dict[str, Preset] = {}
    for path in sorted((directory / "presets").glob("*.toml")):
        presets_file = read_toml(path, problems, f"presets/{path.name}", ("preset",))
        for t in presets_file.tables("preset", PRESET_KEYS):
            preset = _preset(t)
            if preset.id in presets:
                t.fail("id", f"duplicate id {preset.id!r}")
            for agency_id in preset.agencies:
                if agency_id not in agencies:
                    t.fail("agencies", f"unknown agency {agency_id!r}")
            presets[preset.id] = preset
    return Catalog(agencies=agencies, presets=presets)


def load_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    """Read and validate agencies.toml and presets/*.toml. Raises CatalogError."""
    problems: list[str] = []
    catalog = read_catalog(directory, problems)
    if problems:
        raise CatalogError(problems)
    return catalog


@cache
def default_catalog() -> Catalog:
    """The packaged catalog, loaded and validated once per process."""
    return load_catalog()
