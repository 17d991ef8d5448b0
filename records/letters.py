"""Letters: a Jinja2 environment over letters/ (autoescape on, StrictUndefined).

`render_html(draft)` gives the letter as HTML for the PDF and the on-screen preview;
`render_text(draft)` gives the same content as plain text for a portal or an email.
Both come from the same templates, so the two can never say different things.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from records.catalog import Preset
from records.config import ROOT
from records.drafts import Draft
from records.textify import html_to_text
from records.vocabulary import ExpediteGround, Law, Window

LETTERS_DIR = ROOT / "letters"
# Draft.kind -> template; the folders are named after the law ids.
TEMPLATES = {
    "sunshine": f"{Law.MO_SUNSHINE}/letter.html",
    "sunshine-involved": f"{Law.MO_SUNSHINE}/involved.html",
    Law.FOIA: f"{Law.FOIA}/letter.html",
    Law.PRIVACY_ACT: f"{Law.PRIVACY_ACT}/letter.html",
}


def longdate(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def weekday_date(value: date) -> str:
    return f"{value:%A}, {longdate(value)}"


def clocktime(value: time) -> str:
    hour = value.hour % 12 or 12
    suffix = "a.m." if value.hour < 12 else "p.m."
    return f"{hour}:{value.minute:02d} {suffix}"


def money(value: Decimal) -> str:
    return f"${value:,.2f}"


def join_names(names: tuple[str, ...] | list[str]) -> str:
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def address_split(address: str) -> list[str]:
    """Address lines: as typed on separate lines, or split at commas before 'City, ST ZIP'."""
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if len(lines) > 1:
        return lines
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if len(parts) < 3:
        return parts
    return parts[:-2] + [f"{parts[-2]}, {parts[-1]}"]


def window_words(draft: Draft) -> str:
    """The incident's window in words: "from 9:00 a.m. to 12:00 p.m. on Monday, July 22,
    2019", with both dates when it runs past midnight, or the whole day without a time."""
    assert draft.incident is not None
    span = draft.incident.window
    if span is None:
        return f"on {weekday_date(draft.incident.date)}"
    start, end = span
    if start.date() == end.date():
        return f"from {clocktime(start.time())} to {clocktime(end.time())} on " \
               f"{weekday_date(start.date())}"
    return f"from {clocktime(start.time())} on {weekday_date(start.date())}, to " \
           f"{clocktime(end.time())} on {weekday_date(end.date())}"


@dataclass(frozen=True)
class Group:
    """Items that cover the same time, with that time stated once."""

    heading: str
    range: str
    records: tuple[Preset, ...]
    start: int  # the number of its first item: numbering runs on across groups
    other: str = ""  # the requester's own description, in the last group


def person_words(draft: Draft) -> str:
    subject = draft.subject
    if subject is not None:
        return "me" if subject.relationship == "self" else subject.name
    return join_names(draft.incident.people) if draft.incident else "the person"


def groups(draft: Draft) -> list[Group]:
    """The letter's record groups, in a fixed order: the incident, the person, policies,
    then everything else with the requester's own description last."""
    found: list[Group] = []
    number = 1
    since = f"from {longdate(draft.records_from)}" if draft.records_from else "of any date"
    policy_date = (f"in force on {longdate(draft.incident.date)}, and any later revision"
                   if draft.incident else "now in force, and any earlier version still "
                   "applied to pending matters")
    incident_range = (f"Recordings, logs and messages made {window_words(draft)}; reports, "
                      "reviews and other records about the incident, of any date:"
                      if draft.incident else "")
    spec = {
        Window.INCIDENT: ("About the incident.", incident_range),
        Window.PERSON: (f"About {person_words(draft)}.",
                        f"Records {since} through the date of your search:"),
        Window.POLICY: ("Policies and agreements.", f"The versions {policy_date}:"),
        Window.ANY: ("Other records.", "Of any date:"),
    }
    for window, (heading, words) in spec.items():
        records = draft.group(window)
        other = draft.description if window == Window.ANY else ""
        if not records and not other:
            continue
        found.append(Group(heading, words, records, number, other))
        number += len(records) + (1 if other else 0)
    return found


# Each ground for expedited processing: what the letter says, the statute, DHS's rule.
EXPEDITE_GROUND_TEXT: dict[str, tuple[str, str, str]] = {
    ExpediteGround.LIFE_SAFETY: (
        "failure to obtain the records quickly could reasonably be expected to pose an "
        "imminent threat to the life or physical safety of an individual",
        "5 U.S.C. § 552(a)(6)(E)(v)(I)", "§ 5.5(e)(1)(i)"),
    ExpediteGround.URGENCY_TO_INFORM: (
        "I am primarily engaged in disseminating information, and there is an urgency to "
        "inform the public about actual or alleged federal government activity",
        "5 U.S.C. § 552(a)(6)(E)(v)(II)", "§ 5.5(e)(1)(ii)"),
    ExpediteGround.DUE_PROCESS: (
        "delay would risk the loss of substantial due process rights", "",
        "§ 5.5(e)(1)(iii)"),
    ExpediteGround.MEDIA_INTEGRITY: (
        "the subject is a matter of widespread and exceptional media interest in which "
        "there are possible questions about the government's integrity that affect public "
        "confidence", "", "§ 5.5(e)(1)(iv)"),
}


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(LETTERS_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(longdate=longdate, weekday_date=weekday_date, clocktime=clocktime,
                       money=money, join_names=join_names, address_split=address_split)
    env.globals.update(expedite_grounds=EXPEDITE_GROUND_TEXT)
    return env


def subject_line(draft: Draft) -> str:
    law = Law(draft.law).names.in_letter
    if draft.law == Law.PRIVACY_ACT:
        relationship = draft.subject.relationship if draft.subject else "self"
        whose = {"self": "my own records", "parent": "the records of my child",
                 "guardian": "the records of my ward"}[relationship]
        return f"{law} request for {whose}"
    if draft.kind == "sunshine-involved":
        law = "RSMo 610.100.4 and Missouri Sunshine Law"
    if draft.incident:
        where = f" at {draft.incident.place}" if draft.incident.place else ""
        return f"{law} request: records of the {longdate(draft.incident.date)} incident{where}"
    return f"{law} request for records"


def delivery_line(draft: Draft) -> str:
    if draft.dhs_portal_era and draft.delivery == "portal":
        return f"Submitted through {draft.agency.portal_name}"
    if draft.dhs_portal_era and draft.no_internet:
        return "By mail, with a request for the no-internet-access exception"
    if draft.delivery == "email":
        return f"By email to {draft.agency.email}"
    if draft.delivery == "portal":
        return f"Submitted through {draft.agency.portal_name}"
    return ""


def context(draft: Draft) -> dict[str, Any]:
    is_mo = draft.law == Law.MO_SUNSHINE
    return {
        "draft": draft,
        "law_name": Law(draft.law).names.in_letter,
        "subject_line": subject_line(draft),
        "delivery_line": delivery_line(draft),
        "salutation": f"Dear {'Custodian of Records' if is_mo else draft.agency.custodian_title}:",
        "groups": groups(draft),
        "media_records": draft.media_records,
    }


def render_html(draft: Draft, *, mark: str = "") -> str:
    """The letter as a complete HTML document (no stylesheet: see pdf.py and the web view).

    `mark` (a batch's "Row 14 · FMV") prints in the bottom-left corner of every page, so a
    dropped stack can be put back in order; without it the HTML is exactly as before."""
    values = context(draft)
    if mark:
        values["mark"] = mark
    return environment().get_template(TEMPLATES[draft.kind]).render(values)


def render_text(draft: Draft) -> str:
    """The same letter as plain text, for pasting into a portal or an email."""
    return html_to_text(render_html(draft))
