"""The batch template's columns, in plain words: one per answers field (the flattened
form of the README's "Answers", records.answers.PATHS) and the batch's own client_language.

The batch page and the README show this table; the rules themselves live in the one
validator (records.drafts), so these sentences describe them and never decide anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from records.batch.model import LANGUAGE_COLUMN
from records.messages import N_
from records.vocabulary import Law


@dataclass(frozen=True)
class ColumnDoc:
    name: str
    required: str  # "yes", "no", or when it is required
    meaning: str
    example: str


def _doc(name: str, required: str, meaning: str, example: str) -> ColumnDoc:
    # `required` and `meaning` are marked N_() so `make messages` extracts them and the
    # batch page shows them translated.
    return ColumnDoc(name, required, meaning, example)


COLUMN_DOCS: tuple[ColumnDoc, ...] = (
    _doc("law", N_("yes"),
         N_("Which law the letter asks under: mo-sunshine (a Missouri body), foia (a federal "
            "agency, someone else's records) or privacy-act (a person's own records from a "
            "federal agency; the letter asks under FOIA too)."),
         Law.MO_SUNSHINE.value),
    _doc("agency", N_("yes"),
         N_("The agency's id: kcpd, kc-city, morgan-county-sheriff, ice, uscis, cbp, eoir, "
            "dhs-oig, dhs-crcl or ogis (`python -m records agencies`)."),
         "kcpd"),
    _doc("records", N_("when description is blank"),
         N_("The agency's preset records, by id, separated by \";\" (`python -m records presets "
            "AGENCY`)."),
         "kcpd-cad; kcpd-incident-report"),
    _doc("records_from", N_("no"),
         N_("The earliest date of the records about the person that you want (YYYY-MM-DD)."),
         "2019-01-01"),
    _doc("description", N_("when records is blank"),
         N_("Further records, in your own words."),
         "Any photographs taken at the scene"),
    _doc("incident.date", N_("when the letter is about an incident"),
         N_("The day of the incident (YYYY-MM-DD; an Excel date is fine)."),
         "2019-07-22"),
    _doc("incident.time", N_("no"),
         N_("The time of the incident, on a 24-hour clock (HH:MM)."),
         "10:00"),
    _doc("incident.window_from", N_("with incident.window_to"),
         N_("The start of the time span the records should cover (HH:MM); by default an hour "
            "before the time."),
         "09:00"),
    _doc("incident.window_to", N_("with incident.window_from"),
         N_("The end of that span (HH:MM); by default two hours after the time."),
         "12:00"),
    _doc("incident.place", N_("no"),
         N_("Where it happened."),
         "4032 Harvard Circle, Kansas City, MO"),
    _doc("incident.people", N_("no"),
         N_("The people involved, separated by \";\"."),
         "Florencio Millan-Vazquez"),
    _doc("incident.summary", N_("no"),
         N_("What happened, in a sentence or two."),
         "ICE officers arrested a man; KCPD officers came to the scene."),
    _doc("requester.name", N_("yes"),
         N_("Who signs the letter: the client, for their own records."),
         "Maria Elena Robles"),
    _doc("requester.organization", N_("no"),
         N_("The requester's organization, if any."),
         "Kansas City Community Newsroom"),
    _doc("requester.address", N_("yes"),
         N_("Where the agency should write (the full mailing address)."),
         "3315 Pleasant Valley Road, Apt. 4B, Kansas City, MO 64124"),
    _doc("requester.email", N_("yes"),
         N_("The requester's email address."),
         "maria.robles@example.org"),
    _doc("requester.phone", N_("no"),
         N_("A phone number (7 to 15 digits)."),
         "(816) 555-0187"),
    _doc("requester.category", N_("for foia and privacy-act"),
         N_("The fee category: news-media, educational, noncommercial, commercial or other (most "
            "clients: other)."),
         "other"),
    _doc("capacity", N_("no"),
         N_("For a Missouri letter only: public (the default), or involved, family, attorney or "
            "insurer for a person involved in the incident (RSMo 610.100.4)."),
         "public"),
    _doc("represents", N_("with capacity attorney, insurer or family"),
         N_("The person involved whom the requester acts for."),
         "Florencio Millan-Vazquez"),
    _doc("subject.name", N_("for privacy-act, and foia with consent"),
         N_("Whose records these are."),
         "Maria Elena Robles"),
    _doc("subject.other_names", N_("no"),
         N_("Other names the person used, separated by \";\"."),
         "Maria Robles Garcia; Elena Robles"),
    _doc("subject.birth_date", N_("for privacy-act"),
         N_("The person's date of birth, to verify identity (YYYY-MM-DD; an Excel date is fine)."),
         "1987-03-14"),
    _doc("subject.birth_place", N_("for privacy-act"),
         N_("The person's place of birth."),
         "Guadalajara, Jalisco, Mexico"),
    _doc("subject.a_number", N_("no"),
         N_("The A-number: the letter A and 8 or 9 digits. Keep the column formatted as text so "
            "Excel keeps leading zeros."),
         "A012345678"),
    _doc("subject.address", N_("no"),
         N_("The person's address, if not the requester's."),
         "1200 Oak Street, Kansas City, MO 64106"),
    _doc("subject.relationship", N_("with a subject"),
         N_("How the requester stands to the person: self, parent (of a child under 18), guardian"
            " (court-appointed), consent (the person signs a consent page; foia) or deceased "
            "(foia; attach proof of death)."),
         "self"),
    _doc("fee_waiver", N_("no"),
         N_("Why disclosure is in the public interest; blank asks for no fee waiver."),
         "The records show how police respond to immigration arrests."),
    _doc("dissemination", N_("no"),
         N_("How and to whom the requester will publish (with a FOIA fee waiver)."),
         "A nonprofit newsroom will publish its reporting free of charge."),
    _doc("fee_limit", N_("no"),
         N_("The most the requester agrees to pay, in dollars (default 25)."),
         "25"),
    _doc("expedite", N_("no"),
         N_("For foia and privacy-act: the compelling need for fast processing, which the "
            "requester certifies as true."),
         "An immigration court hearing on 2027-01-15 needs these records."),
    _doc("expedite_ground", N_("with expedite"),
         N_("life-safety or urgency-to-inform; DHS agencies also take due-process and "
            "media-integrity."),
         "urgency-to-inform"),
    _doc("format", N_("no"),
         N_("electronic (the default) or paper."),
         "electronic"),
    _doc("date", N_("no"),
         N_("The letter's date (YYYY-MM-DD): blank is the day the batch is made; not earlier "
            "than that day, and at most 90 days after it."),
         ""),
    _doc("delivery", N_("no"),
         N_("portal, mail or email. DHS letters (ice, uscis, cbp) dated from 2026-01-22 go by "
            "portal unless a client has no internet access (6 CFR 5.3(a)(2))."),
         "portal"),
    _doc("no_internet", N_("for a DHS letter by mail"),
         N_("true when the client has no internet access: the letter asks DHS for the exception "
            "to its portal rule."),
         "false"),
    _doc("asking_for", N_("no"),
         N_("Whose records: others (an event or other people), self (the client's own), ward "
            "(the client's child under 18 or a person under a court-ordered guardianship), "
            "consent (a person who consents and signs) or deceased (a person who has died). "
            "For a federal agency it must fit law and subject.relationship; a Missouri body "
            "takes any."),
         "self"),
    _doc(LANGUAGE_COLUMN, N_("no"),
         N_("The language of the client's one-page summary: en (English, the default) or es "
            "(Spanish)."),
         "es"),
)
