"""Answers -> Draft: the one validator shared by the CLI, the wizard and the CSV batch.

`validate(answers, catalog=..., today=...)` returns a frozen Draft or raises DraftError
with one FieldError per problem. A draft that cannot be valid (a Sunshine request to
ICE, a first-party request with no birth date) gets an error that says what to do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from records import asking
from records.answers import INCIDENT_KEYS, REQUESTER_KEYS, SUBJECT_KEYS, TOP_KEYS
from records.catalog import Agency, Catalog, Preset
from records.fields import (
    A_NUMBER_LIMIT,
    DATE_LIMIT,
    EMAIL_LIMIT,
    ENTRY_LIMIT,
    NUMBER_TOO_LONG,
    PHONE_LIMIT,
    TEXT_LIMIT,
    TIME_LIMIT,
    FieldError,
    Fields,
)
from records.messages import Alternatives, Message, error_message
from records.vocabulary import (
    ACTING_FOR,
    CAPACITIES,
    CATEGORIES,
    DELIVERIES,
    DHS_ONLY_GROUNDS,
    EXPEDITE_GROUNDS,
    FEDERAL_LAWS,
    FORMATS,
    LAWS,
    RELATIONSHIPS,
    Category,
    ExpediteGround,
    Law,
    Relationship,
    Window,
)
from records.vocabulary import FIRST_PARTY as SELF_OR_WARD

DEFAULT_FEE_LIMIT = Decimal("25.00")
# 6 CFR 5.3(a)(2) and 5.21(a)(6) as amended by FR Doc. 2025-23783: from this date DHS
# "generally" takes requests only electronically, with exceptions for people without
# internet access.
DHS_PORTAL_RULE = date(2026, 1, 22)
# The longest text each answer takes, by dotted path, in characters (for a list, each
# entry). One table for the validator and for the wizard, which refuses to store longer.
LIMITS: dict[str, int] = {
    "agency": TEXT_LIMIT, "description": 5000, "fee_waiver": 4000, "expedite": 4000,
    "dissemination": 2000, "expedite_ground": TEXT_LIMIT, "represents": 200,
    "records_from": DATE_LIMIT,
    "capacity": TEXT_LIMIT, "asking_for": TEXT_LIMIT, "format": TEXT_LIMIT,
    "delivery": TEXT_LIMIT,
    "incident.date": DATE_LIMIT, "incident.time": TIME_LIMIT, "incident.place": 300,
    "incident.window_from": TIME_LIMIT, "incident.window_to": TIME_LIMIT,
    "incident.people": ENTRY_LIMIT, "incident.summary": 800,
    "requester.name": 200, "requester.organization": 200, "requester.address": 500,
    "requester.email": EMAIL_LIMIT, "requester.phone": PHONE_LIMIT,
    "requester.category": TEXT_LIMIT,
    "subject.relationship": TEXT_LIMIT, "subject.name": 200, "subject.other_names": ENTRY_LIMIT,
    "subject.birth_date": DATE_LIMIT, "subject.birth_place": 200,
    "subject.a_number": A_NUMBER_LIMIT, "subject.address": 500,
}
# Without a time, an incident covers its whole day; with one, from an hour before to two
# hours after, unless the requester gives a wider window.
WINDOW_BEFORE = timedelta(hours=1)
WINDOW_AFTER = timedelta(hours=2)
ADULT_AGE = 18
LIST_ANSWERS = ("incident.people", "subject.other_names")

NOT_ANSWERS = error_message("not-answers", "must be a JSON object with named fields")
REQUIRED = error_message("required", "is required")
LAW_REQUIRED = error_message("law-required", "is required (mo-sunshine, foia or privacy-act)")
AGENCY_REQUIRED = error_message("agency-required",
                                "is required (see `python -m records agencies`)")
NOTHING_ASKED = error_message(
    "nothing-asked", "describe the records you want, or pick at least one in records")
SUNSHINE_EXPEDITE = error_message(
    "sunshine-expedite", "the Sunshine Law has no expedited processing; the custodian must "
    "already respond within 3 business days (RSMo 610.023.3). Remove it")
UNKNOWN_AGENCY = error_message("unknown-agency", "unknown agency %(agency)s (known: %(known)s)")
SUNSHINE_FEDERAL = error_message(
    "sunshine-to-federal", "the Missouri Sunshine Law does not reach %(agency)s, a federal "
    "agency: use \"foia\" (or \"privacy-act\" for your own records)")
FOIA_MISSOURI = error_message(
    "foia-to-missouri", "%(agency)s is a Missouri public body, and FOIA covers only federal "
    "agencies: use \"mo-sunshine\"")
NOT_RECORD_IDS = error_message("not-record-ids", "must be a list of record ids")
UNKNOWN_RECORD = error_message(
    "unknown-record",
    "unknown record %(record)s for %(agency)s (see `python -m records presets %(agency)s`)")
INCIDENT_DATE_REQUIRED = error_message(
    "incident-date-required", "is required when you describe an incident (YYYY-MM-DD)")
AFTER_LETTER = error_message("after-letter", "is after the letter's date; check the year")
REQUESTER_REQUIRED = error_message("requester-required",
                                   "is required: who is asking, and how to reach them")
CATEGORY_REQUIRED = error_message("category-required", "is required for fees: %(options)s")
ADDRESS_REQUIRED = error_message("address-required",
                                 "is required: where the agency should write")
CAPACITY_NOT_FOIA = error_message(
    "capacity-not-foia", "applies only to Missouri Sunshine requests (RSMo 610.100.4); "
    "for FOIA use subject with consent instead")
INVOLVED_NEEDS_INCIDENT = error_message(
    "involved-needs-incident", "a request under RSMo 610.100.4 must identify the incident: "
    "give at least its date")
REPRESENTS_REQUIRED = error_message(
    "represents-required", "is required: the name of the person involved in the incident "
    "for whom you act as %(capacity)s (RSMo 610.100.4)")
REPRESENTS_NOT_NEEDED = error_message(
    "represents-not-needed", "applies only to an attorney, insurer or family member under "
    "RSMo 610.100.4; remove it")
WINDOW_HALF = error_message(
    "window-half", "give both window_from and window_to (HH:MM), or neither")
WINDOW_EMPTY = error_message("window-empty", "must differ from window_from")
NEEDS_INCIDENT = error_message(
    "needs-incident", "%(record)s describes records of an incident: add the incident's "
    "date, and its time, place and people if you know them, so the records are "
    "reasonably described (5 U.S.C. 552(a)(3)(A))")
NEEDS_INCIDENT_MO = error_message(
    "needs-incident-mo", "%(record)s describes records of an incident: add the incident's "
    "date, and its time, place and people if you know them, so the custodian can find them")
NEEDS_PERSON = error_message(
    "needs-person", "%(record)s is about a person: name them in incident.people, or as the "
    "subject")
RECORDS_FROM_AFTER = error_message(
    "records-from-after", "is after the letter's date; it is the earliest date of the "
    "records about the person you want")
COMMERCIAL_WAIVER = error_message(
    "commercial-waiver", "a commercial-use requester cannot get a fee waiver: the waiver "
    "requires that disclosure is not primarily in the requester's commercial interest "
    "(5 U.S.C. 552(a)(4)(A)(iii); 6 CFR 5.11(k)(3)). Remove fee_waiver, or change "
    "requester.category if the request is not for commercial use")
DISSEMINATION_ALONE = error_message(
    "dissemination-alone", "supports a fee waiver: add fee_waiver (why disclosure is in the "
    "public interest), or remove it")
GROUND_REQUIRED = error_message(
    "ground-required", "is required with expedite: %(options)s (5 U.S.C. 552(a)(6)(E)(v))")
GROUND_ALONE = error_message(
    "ground-alone", "add expedite: the facts that show the compelling need, which you "
    "certify as true")
GROUND_DHS_ONLY = error_message(
    "ground-dhs-only", "%(ground)s is a ground only DHS recognises (6 CFR 5.5(e)(1)); for "
    "%(agency)s use life-safety or urgency-to-inform")
ADULT_PARENT = error_message(
    "adult-parent", "the subject is 18 or older on the letter's date, so a parent cannot "
    "act for them under 5 U.S.C. 552a(h). Ask them to sign a consent (law \"foia\", "
    "relationship \"consent\"), or use \"guardian\" if a court appointed you")
DHS_MAIL_NEEDS_EXCEPTION = error_message(
    "dhs-mail-needs-exception", "since 2026-01-22 DHS generally refuses mailed requests "
    "(6 CFR 5.3(a)(2)): use \"portal\", or, if you have no internet access, set "
    "no_internet to true so the letter asks for the exception")
NO_INTERNET_NOT_MAIL = error_message(
    "no-internet-not-mail", "the no-internet exception is for a request sent by mail; "
    "this one goes by %(delivery)s. Remove no_internet or send it by mail")
SUNSHINE_SUBJECT = error_message(
    "sunshine-subject", "Sunshine requests take no subject; for a person involved in the "
    "incident, set capacity instead")
SUBJECT_REQUIRED = error_message(
    "subject-required",
    "is required for a Privacy Act request: the person whose records these are")
RELATIONSHIP_REQUIRED = error_message("relationship-required", "is required: %(options)s")
THIRD_PARTY = error_message(
    "third-party", "%(relationship)s makes this a third-party request: use law \"foia\" "
    "instead")
FIRST_PARTY = error_message(
    "first-party", "a request for your own (or your ward's) records uses law \"privacy-act\"; "
    "that letter asks under both the Privacy Act and FOIA, so it works for non-citizens too")
IDENTITY_REQUIRED = error_message(
    "identity-required",
    "a first-party request must give it to verify identity (6 CFR 5.21(d))")
IN_THE_FUTURE = error_message("in-the-future", "is in the future; check the year")
# A letter may be dated ahead, to be sent later, but not by more than this: further out is
# almost always a mistyped year, and a custodian's clock would start from a far-off date.
MAX_DAYS_AHEAD = 90
TOO_FAR_AHEAD = error_message(
    "too-far-ahead", "is more than %(days)s days after today (the latest is %(latest)s); "
    "check the year")
DHS_NO_EMAIL = error_message(
    "dhs-no-email", "since 2026-01-22 DHS generally refuses emailed requests: use "
    "\"portal\", or \"mail\" with the no-internet-access exception")
NOT_A_CHANNEL = error_message("not-a-channel",
                              "%(agency)s takes requests by %(channels)s, not %(delivery)s")


class DraftError(Exception):
    """The answers cannot make a letter. `errors` names each field and what is wrong."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    def by_field(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for error in self.errors:
            grouped.setdefault(error.field, []).append(error.message)
        return grouped


@dataclass(frozen=True)
class Incident:
    date: date
    time: time | None = None
    place: str = ""
    people: tuple[str, ...] = ()
    summary: str = ""
    window_from: dt.time | None = None  # the requester's own window, when given
    window_to: dt.time | None = None

    @property
    def window(self) -> tuple[datetime, datetime] | None:
        """The span records made at the incident should cover: the requester's window (an
        end at or before its start runs past midnight), an hour before to two after the
        time, or None for the whole day when no time is known."""
        if self.window_from is not None and self.window_to is not None:
            start = datetime.combine(self.date, self.window_from)
            end = datetime.combine(self.date, self.window_to)
            return start, end if end > start else end + timedelta(days=1)
        if self.time is None:
            return None
        at = datetime.combine(self.date, self.time)
        return at - WINDOW_BEFORE, at + WINDOW_AFTER


@dataclass(frozen=True)
class Requester:
    name: str
    address: str
    email: str
    category: str = "other"
    organization: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Subject:
    name: str
    relationship: str
    other_names: tuple[str, ...] = ()
    birth_date: date | None = None
    birth_place: str = ""
    a_number: str = ""
    address: str = ""


@dataclass(frozen=True)
class Draft:
    law: str
    agency: Agency
    records: tuple[Preset, ...]
    description: str
    incident: Incident | None
    requester: Requester
    capacity: str
    subject: Subject | None
    fee_waiver: str
    fee_limit: Decimal
    expedite: str
    format: str
    date: date
    delivery: str
    represents: str = ""
    records_from: dt.date | None = None
    dissemination: str = ""
    expedite_ground: str = ""
    no_internet: bool = False
    # Whose records (records.asking); "" when not said. It shapes the wizard's questions,
    # never the letter, so two drafts that make the same letter compare equal.
    asking_for: str = dataclasses.field(default="", compare=False)

    def group(self, window: str) -> tuple[Preset, ...]:
        """The chosen presets that cover `window`, in the order chosen."""
        return tuple(r for r in self.records if r.window == window)

    @property
    def media_records(self) -> bool:
        """Whether RSMo 610.026.1(2)'s fee rule for audio, video and computer records
        applies: electronic delivery, or an item that is such a record."""
        return self.format == "electronic" or any(
            r.media in ("electronic", "audio", "video") for r in self.records)

    @property
    def names_people(self) -> bool:
        """Whether the letter names the incident's people: only when an item is about
        the incident or the person (a housing agreement names no one, 8 CFR 236.6)."""
        return any(r.window in (Window.INCIDENT, Window.PERSON) or r.needs == "person"
                   for r in self.records) or bool(self.description)

    @property
    def kind(self) -> str:
        """Which letter: sunshine, sunshine-involved, foia or privacy-act."""
        if self.law == Law.MO_SUNSHINE:
            return "sunshine" if self.capacity == "public" else "sunshine-involved"
        return self.law

    @property
    def dhs_portal_era(self) -> bool:
        """A DHS letter dated on or after 2026-01-22 (portal submission rule)."""
        return in_portal_era(self.agency, self.date)

    @property
    def cites_morales(self) -> bool:
        """Whether the letter cites Morales v. KCPD on video fees: a Jackson County
        trial-court judgment, so only to KCPD and only where RSMo 610.026.1(2) applies."""
        return self.agency.id == "kcpd" and self.media_records


def in_portal_era(agency: Agency, day: date) -> bool:
    """A DHS letter dated `day` falls under the portal rule (6 CFR 5.3(a)(2) from
    2026-01-22); before it, DHS took mail and email."""
    return agency.is_dhs and day >= DHS_PORTAL_RULE


def channels_for(agency: Agency, day: date) -> tuple[str, ...]:
    """How a letter to `agency` dated `day` may go: its channels, without email for a DHS
    letter in the portal era."""
    portal_era = in_portal_era(agency, day)
    return tuple(c for c in agency.channels if not (portal_era and c == "email"))


def grounds_for(agency: Agency) -> tuple[ExpediteGround, ...]:
    """The grounds for expedited processing `agency` recognises: the statute's two, and
    for DHS its own two more (6 CFR 5.5(e)(1)(iii), (iv))."""
    return tuple(g for g in EXPEDITE_GROUNDS if agency.is_dhs or g not in DHS_ONLY_GROUNDS)


def validate(answers: Any, *, catalog: Catalog, today: date) -> Draft:
    """Check answers against the catalog and the law. Raises DraftError."""
    errors: list[FieldError] = []
    if not isinstance(answers, Mapping):
        raise DraftError([NOT_ANSWERS.at("answers")])
    f = Fields(answers, "", errors)
    f.unknown_keys(TOP_KEYS)
    law = f.choice("law", LAWS, required=LAW_REQUIRED)
    agency = _agency(f, catalog, law)
    records = _records(f, catalog, agency)
    description = f.text("description", limit=LIMITS["description"], multiline=True)
    records_named = any(e.field.startswith("records") for e in errors)
    if not records and not description and not records_named:
        f.fail("description", NOTHING_ASKED)
    letter_date = f.day("date") or today
    if letter_date > today + timedelta(days=MAX_DAYS_AHEAD):
        f.fail("date", TOO_FAR_AHEAD, days=MAX_DAYS_AHEAD,
               latest=(today + timedelta(days=MAX_DAYS_AHEAD)).isoformat())
    incident = _incident(f, letter_date)
    records_from = f.day("records_from")
    if records_from and records_from > letter_date:
        f.fail("records_from", RECORDS_FROM_AFTER)
    requester = _requester(f, law)
    capacity = _capacity(f, law, incident)
    represents = _represents(f, law, capacity)
    subject = _subject(f, law, today, letter_date)
    asking_for = asking.check(f, law, agency is not None and agency.is_federal,
                              subject is not None)
    _needs(f, law, records, incident, subject)
    expedite, ground = _expedite(f, law, agency)
    fee_waiver = f.text("fee_waiver", limit=LIMITS["fee_waiver"], multiline=True)
    if fee_waiver and requester and requester.category == Category.COMMERCIAL \
            and law != Law.MO_SUNSHINE:
        f.fail("fee_waiver", COMMERCIAL_WAIVER)
    dissemination = f.text("dissemination", limit=LIMITS["dissemination"],
                           multiline=True)
    if dissemination and not fee_waiver and not f.has("fee_waiver"):
        f.fail("dissemination", DISSEMINATION_ALONE)
    fee_limit = f.dollars("fee_limit", default=DEFAULT_FEE_LIMIT, limit=Decimal(100000))
    letter_format = f.choice("format", FORMATS, default="electronic")
    delivery, no_internet = _delivery(f, agency, letter_date)
    if errors or agency is None or requester is None:
        raise DraftError(errors)
    return Draft(law=law, agency=agency, records=records, description=description,
                 incident=incident, requester=requester, capacity=capacity, subject=subject,
                 fee_waiver=fee_waiver, fee_limit=fee_limit, expedite=expedite,
                 format=letter_format, date=letter_date, delivery=delivery,
                 represents=represents, records_from=records_from,
                 dissemination=dissemination, expedite_ground=ground,
                 no_internet=no_internet, asking_for=asking_for)


def _agency(f: Fields, catalog: Catalog, law: str) -> Agency | None:
    agency_id = f.text("agency", required=AGENCY_REQUIRED)
    if not agency_id:
        return None
    agency = catalog.agencies.get(agency_id)
    if agency is None:
        f.fail("agency", UNKNOWN_AGENCY, agency=repr(agency_id),
               known=", ".join(catalog.agencies))
        return None
    if law == Law.MO_SUNSHINE and agency.is_federal:
        f.fail("law", SUNSHINE_FEDERAL, agency=agency.name)
    elif law in FEDERAL_LAWS and not agency.is_federal:
        f.fail("law", FOIA_MISSOURI, agency=agency.name)
    return agency


def _records(f: Fields, catalog: Catalog, agency: Agency | None) -> tuple[Preset, ...]:
    raw = f.data.get("records") or []
    if isinstance(raw, str):
        raw = [r for r in raw.split(";") if r.strip()]
    if not isinstance(raw, list):
        f.fail("records", NOT_RECORD_IDS)
        return ()
    if agency is None:
        return ()
    allowed = {p.id: p for p in catalog.presets_for(agency.id)}
    chosen: list[Preset] = []
    for i, item in enumerate(raw):
        preset = allowed.get(str(item).strip()) if isinstance(item, str) else None
        if preset is None:
            f.fail(f"records[{i}]", UNKNOWN_RECORD, record=repr(item), agency=agency.id)
        elif preset not in chosen:
            chosen.append(preset)
    return tuple(chosen)


def _incident(f: Fields, letter_date: date) -> Incident | None:
    sub = f.child("incident")
    if sub is None:
        return None
    sub.unknown_keys(INCIDENT_KEYS)
    day = sub.day("date", required=INCIDENT_DATE_REQUIRED)
    if day and day > letter_date:
        sub.fail("date", AFTER_LETTER)
    when = sub.clock("time")
    window_from, window_to = sub.clock("window_from"), sub.clock("window_to")
    if (window_from is None) != (window_to is None):
        missing = "window_to" if window_to is None else "window_from"
        if not sub.has(missing):
            sub.fail(missing, WINDOW_HALF)
        window_from = window_to = None
    elif window_from is not None and window_from == window_to:
        sub.fail("window_to", WINDOW_EMPTY)
    place = sub.text("place", limit=LIMITS["incident.place"])
    people = sub.texts("people", limit=LIMITS["incident.people"])
    summary = sub.text("summary", limit=LIMITS["incident.summary"], multiline=True)
    if not day:
        return None
    return Incident(day, when, place, people, summary, window_from, window_to)


def requester_details(data: Any) -> dict[str, str]:
    """A requester's details as an account keeps them for the next letter: each field
    checked by the rules the letter uses (length, email, phone, category), none required,
    since the wizard asks for what is missing. Empty fields are left out. Raises DraftError."""
    errors: list[FieldError] = []
    requester = _requester(Fields({"requester": data}, "", errors), Law.MO_SUNSHINE,
                           complete=False)
    if errors:
        raise DraftError(errors)
    if requester is None:
        return {}
    given = {k: str(v) for k, v in dataclasses.asdict(requester).items() if v}
    if not (isinstance(data, Mapping) and data.get("category")):
        given.pop("category", None)  # the default, not an answer
    return given


def _requester(f: Fields, law: str, *, complete: bool = True) -> Requester | None:
    def need(message: Message) -> Message | None:
        return message if complete else None

    sub = f.child("requester", required=need(REQUESTER_REQUIRED))
    if sub is None:
        return None
    sub.unknown_keys(REQUESTER_KEYS)
    # The Sunshine Law has no requester categories; FOIA fees depend on them (552(a)(4)(A)(ii)).
    category = sub.choice("category", CATEGORIES, default="other",
                          required=None if law == Law.MO_SUNSHINE else
                          CATEGORY_REQUIRED.with_params(options=", ".join(CATEGORIES)))
    requester = Requester(
        name=sub.text("name", required=need(REQUIRED), limit=LIMITS["requester.name"]),
        address=sub.text("address", required=need(ADDRESS_REQUIRED),
                         limit=LIMITS["requester.address"], multiline=True),
        email=sub.email("email", required=need(REQUIRED)),
        category=category or "other",
        organization=sub.text("organization", limit=LIMITS["requester.organization"]),
        phone=sub.phone("phone"),
    )
    return requester


def _capacity(f: Fields, law: str, incident: Incident | None) -> str:
    capacity = f.choice("capacity", CAPACITIES, default="public")
    if capacity == "public":
        return capacity
    if law != Law.MO_SUNSHINE:
        f.fail("capacity", CAPACITY_NOT_FOIA)
    elif incident is None:
        f.fail("incident", INVOLVED_NEEDS_INCIDENT)
    return capacity


def _represents(f: Fields, law: str, capacity: str) -> str:
    """The person involved whom an attorney, insurer or family member acts for: the letter
    names only that person as the client (RSMo 610.100.4)."""
    represents = f.text("represents", limit=LIMITS["represents"])
    if law == Law.MO_SUNSHINE and capacity in ACTING_FOR:
        if not represents:
            f.fail("represents", REPRESENTS_REQUIRED, capacity=capacity)
    elif represents:
        f.fail("represents", REPRESENTS_NOT_NEEDED)
    return represents


def _needs(f: Fields, law: str, records: tuple[Preset, ...], incident: Incident | None,
           subject: Subject | None) -> None:
    """Refuse an item that cannot be read without an incident or a person."""
    for i, preset in enumerate(records):
        if preset.needs == "incident" and incident is None:
            f.fail(f"records[{i}]", NEEDS_INCIDENT_MO if law == Law.MO_SUNSHINE
                   else NEEDS_INCIDENT, record=repr(preset.id))
        elif preset.needs == "person" and subject is None \
                and not (incident and incident.people):
            f.fail(f"records[{i}]", NEEDS_PERSON, record=repr(preset.id))


def _expedite(f: Fields, law: str, agency: Agency | None) -> tuple[str, str]:
    expedite = f.text("expedite", limit=LIMITS["expedite"], multiline=True)
    if expedite and law == Law.MO_SUNSHINE:
        f.fail("expedite", SUNSHINE_EXPEDITE)
        return expedite, ""
    ground = f.choice("expedite_ground", EXPEDITE_GROUNDS)
    if expedite and not ground and not f.has("expedite_ground"):
        f.fail("expedite_ground", GROUND_REQUIRED, options=", ".join(EXPEDITE_GROUNDS))
    elif ground and not expedite and not f.has("expedite"):
        f.fail("expedite", GROUND_ALONE)
    elif ground and agency is not None and ground not in grounds_for(agency):
        f.fail("expedite_ground", GROUND_DHS_ONLY, ground=ground, agency=agency.name)
    return expedite, ground


def _subject(f: Fields, law: str, today: date, letter_date: date) -> Subject | None:
    if law == Law.MO_SUNSHINE:
        if f.has("subject"):
            f.fail("subject", SUNSHINE_SUBJECT)
        return None
    sub = f.child("subject", required=SUBJECT_REQUIRED if law == Law.PRIVACY_ACT else None)
    if sub is None:
        return None
    sub.unknown_keys(SUBJECT_KEYS)
    relationship = sub.choice("relationship", RELATIONSHIPS, required=RELATIONSHIP_REQUIRED
                              .with_params(options=", ".join(RELATIONSHIPS)))
    first_party = relationship in SELF_OR_WARD
    if law == Law.PRIVACY_ACT and relationship in (Relationship.CONSENT, Relationship.DECEASED):
        sub.fail("relationship", THIRD_PARTY, relationship=repr(relationship))
    if law == Law.FOIA and first_party:
        sub.fail("relationship", FIRST_PARTY)
    why = IDENTITY_REQUIRED if first_party else None
    birth_date = sub.day("birth_date", required=why)
    if birth_date and birth_date > today:
        sub.fail("birth_date", IN_THE_FUTURE)
    elif birth_date and relationship == Relationship.PARENT \
            and _age(birth_date, letter_date) >= ADULT_AGE:
        sub.fail("relationship", ADULT_PARENT)
    return Subject(
        name=sub.text("name", required=REQUIRED, limit=LIMITS["subject.name"]),
        relationship=relationship,
        other_names=sub.texts("other_names", limit=LIMITS["subject.other_names"]),
        birth_date=birth_date,
        birth_place=sub.text("birth_place", required=why,
                             limit=LIMITS["subject.birth_place"]),
        a_number=sub.a_number("a_number"),
        address=sub.text("address", limit=LIMITS["subject.address"], multiline=True),
    )


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _delivery(f: Fields, agency: Agency | None, letter_date: date) -> tuple[str, bool]:
    """How the letter goes out, and whether the requester says they lack internet access.
    DHS letters from 2026-01-22 default to the portal; one by mail must say it needs the
    no-internet exception (6 CFR 5.3(a)(2)), because the letter may not invent that."""
    no_internet = f.flag("no_internet")
    if agency is None:
        return "", False
    portal_era = in_portal_era(agency, letter_date)
    default = "portal" if portal_era else ("mail" if "mail" in agency.channels
                                          else agency.channels[0])
    delivery = f.choice("delivery", DELIVERIES, default=default)
    if portal_era and delivery == "email":
        f.fail("delivery", DHS_NO_EMAIL)
    elif delivery and delivery not in agency.channels:
        f.fail("delivery", NOT_A_CHANNEL, agency=agency.name,
               channels=Alternatives(agency.channels), delivery=delivery)
    elif no_internet and delivery != "mail":
        f.fail("no_internet", NO_INTERNET_NOT_MAIL, delivery=delivery)
    elif portal_era and delivery == "mail" and no_internet is not True:
        f.fail("delivery", DHS_MAIL_NEEDS_EXCEPTION)
    return delivery, bool(no_internet) and portal_era


def too_long(path: str, value: Any) -> FieldError | None:
    """The validator's error for an answer longer than LIMITS allows at `path`, else None.
    Other problems are left to validate(): only length decides whether a value may be
    stored at all."""
    limit = LIMITS.get(path)
    items = value if isinstance(value, list) else [value]
    if limit is None or all(len(str(item).strip()) <= limit for item in items):
        return None
    errors: list[FieldError] = []
    parent, _, key = path.rpartition(".")
    reader = Fields({key: value}, f"{parent}." if parent else "", errors)
    if path in LIST_ANSWERS:
        reader.texts(key, limit=limit)
    else:
        reader.text(key, limit=limit)
    return errors[0] if errors else NUMBER_TOO_LONG.at(path)
