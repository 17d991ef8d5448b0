"""followups.toml: appeals offices, exemption reference lines and the FOIA ombudsman, as
the next-step letters (records.tracker.followups) print them. Each entry carries its
citation and confidence tag; `python -m records check` cross-checks them against
agencies.toml (see `followup_problems`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from records.catalog.agencies import CATALOG_DIR, TAGS, Catalog
from records.catalog.tables import CatalogError, Table, read_toml
from records.vocabulary import FEDERAL_LAWS, Law

FOLLOWUPS_FILE = CATALOG_DIR / "followups.toml"
APPEALS_KEYS = ("agency", "office", "unit", "unit_tag", "address", "portal_name",
                "citation", "tag")
EXEMPTION_KEYS = ("id", "law", "line", "citation", "tag", "case", "case_cite")
OGIS_KEYS = ("agency", "citation", "tag")
AMENDMENT_KEYS = ("agency", "address", "citation", "tag")
# "(b)(7)(C)", "b7C", "Exemption 7(C)", "(j)(2)": a letter, a number, maybe a letter.
EXEMPTION_ID = re.compile(r"^\(?([bdjk])\)?\(?([0-9])\)?(?:\(?([a-f])\)?)?$")


def exemption_key(cited: str) -> str:
    """An exemption as an agency or user writes it, in the catalog's form "(b)(7)(C)";
    "" when it is not one. A bare "Exemption 6" (or "7(C)") is FOIA's (b)."""
    text = re.sub(r"\s+", "", cited.lower())
    text = re.sub(r"exemption|§|5u\.?s\.?c\.?|552a?", "", text)
    if text[:1].isdigit():
        text = "b" + text
    match = EXEMPTION_ID.match(text)
    if not match:
        return ""
    letter, number, sub = match.groups()
    return f"({letter})({number})" + (f"({sub.upper()})" if sub else "")


@dataclass(frozen=True)
class AppealsOffice:
    agency: str
    office: str
    citation: str
    tag: str
    unit: str = ""
    unit_tag: str = "U"
    address: tuple[str, ...] = ()  # confirmed for appeals; none is yet
    portal_name: str = ""  # how the appeal goes when no address is confirmed
    source: str = field(default="", compare=False, repr=False)

    @property
    def printed_unit(self) -> str:
        """The deciding unit, only when it is confirmed (an unconfirmed fact is never
        printed as certain)."""
        return self.unit if self.unit_tag != "U" else ""


@dataclass(frozen=True)
class Exemption:
    id: str
    law: str
    line: str
    citation: str
    tag: str
    case: str = ""  # the case the line relies on, printed in italics
    case_cite: str = ""


@dataclass(frozen=True)
class FollowUpData:
    appeals: dict[str, AppealsOffice]
    exemptions: dict[str, Exemption]
    ogis_agency: str
    ogis_citation: str
    amendment: dict[str, tuple[str, ...]] = field(default_factory=dict)  # agency -> address


def _appeals(t: Table) -> AppealsOffice:
    return AppealsOffice(
        agency=t.text("agency"), office=t.text("office"), citation=t.text("citation"),
        tag=t.choice("tag", TAGS), unit=t.text("unit", False),
        unit_tag=t.choice("unit_tag", TAGS, "U"), address=t.strings("address"),
        portal_name=t.text("portal_name", False), source=t.where())


def _exemption(t: Table) -> Exemption:
    exemption = Exemption(id=t.text("id"), law=t.choice("law", FEDERAL_LAWS),
                          line=t.text("line"), citation=t.text("citation"),
                          tag=t.choice("tag", TAGS), case=t.text("case", False),
                          case_cite=t.text("case_cite", False))
    if bool(exemption.case) != bool(exemption.case_cite):
        t.fail("case", "give both case and case_cite, or neither")
    if exemption_key(exemption.id) != exemption.id:
        t.fail("id", "must be written like (b)(6) or (b)(7)(C)")
    if exemption.tag == "U":
        t.fail("tag", "an unconfirmed reference line would be printed as certain")
    return exemption


def read_followups(path: Path, problems: list[str]) -> FollowUpData:
    data = read_toml(path, problems, path.name, ("appeals", "exemption", "ogis", "amendment"))
    appeals: dict[str, AppealsOffice] = {}
    for t in data.tables("appeals", APPEALS_KEYS):
        office = _appeals(t)
        if office.agency in appeals:
            t.fail("agency", f"duplicate appeals entry for {office.agency!r}")
        if len(office.address) > 4:
            t.fail("address", "at most 4 lines fit the envelope window under the office")
        appeals[office.agency] = office
    exemptions: dict[str, Exemption] = {}
    for t in data.tables("exemption", EXEMPTION_KEYS):
        exemption = _exemption(t)
        if exemption.id in exemptions:
            t.fail("id", f"duplicate exemption {exemption.id!r}")
        exemptions[exemption.id] = exemption
    amendment: dict[str, tuple[str, ...]] = {}
    for t in data.tables("amendment", AMENDMENT_KEYS):
        t.text("citation")
        if t.choice("tag", TAGS) == "U":
            t.fail("tag", "an unconfirmed address would be printed as certain")
        address = t.strings("address", required=True)
        if len(address) > 5 or any(len(line) > 44 for line in address):
            t.fail("address", "at most 5 lines of 44 characters fit the envelope window")
        amendment[t.text("agency")] = address
    ogis = data.table("ogis", OGIS_KEYS)
    return FollowUpData(appeals, exemptions, ogis.text("agency"), ogis.text("citation"),
                        amendment)


def followup_problems(data: FollowUpData, catalog: Catalog) -> list[str]:
    """References between followups.toml and agencies.toml: every federal agency has an
    appeals entry, every entry names a federal agency, and the OGIS agency exists with an
    email, since the mediation letter can go by email."""
    problems = []
    where = FOLLOWUPS_FILE.name
    for agency in catalog.agencies.values():
        if agency.is_federal and agency.id not in data.appeals:
            problems.append(f"{where}: no [[appeals]] entry for federal agency {agency.id!r}")
    for office in data.appeals.values():
        found = catalog.agencies.get(office.agency)
        if found is None or not found.is_federal:
            problems.append(f"{office.source}.agency: {office.agency!r} is not a federal "
                            "agency in agencies.toml")
    for agency_id in data.amendment:
        if agency_id not in catalog.agencies:
            problems.append(f"{where}: amendment entry for unknown agency {agency_id!r}")
    ogis = catalog.agencies.get(data.ogis_agency)
    if ogis is None or not ogis.email:
        problems.append(f"{where}: ogis.agency {data.ogis_agency!r} must be an agency in "
                        "agencies.toml with an email")
    return problems


def exemptions_for(data: FollowUpData, law: str) -> dict[str, Exemption]:
    """The exemptions an appeal under `law` may name: FOIA's always (a Privacy Act request
    is processed under FOIA too, 6 CFR 5.1(a)(2)), and the Privacy Act's for its own."""
    laws = (Law.FOIA, Law.PRIVACY_ACT) if law == Law.PRIVACY_ACT else (Law.FOIA,)
    return {k: e for k, e in data.exemptions.items() if e.law in laws}


@cache
def default_followups() -> FollowUpData:
    """The packaged followups.toml, loaded and validated once per process."""
    problems: list[str] = []
    data = read_followups(FOLLOWUPS_FILE, problems)
    if problems:
        raise CatalogError(problems)
    return data
