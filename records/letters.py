"""Letters: a Jinja2 environment over letters/ (autoescape on, StrictUndefined).

`render_html(draft)` gives the letter as HTML for the PDF and the on-screen preview;
`render_text(draft)` gives the same content as plain text for a portal or an email.
Both come from the same templates, so the two can never say different things.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from records.config import ROOT
from records.drafts import Draft
from records.textify import html_to_text
from records.vocabulary import Law

LETTERS_DIR = ROOT / "letters"
# Draft.kind -> template; the folders are named after the law ids.
TEMPLATES = {
    "sunshine": f"{Law.MO_SUNSHINE}/letter.html",
    "sunshine-involved": f"{Law.MO_SUNSHINE}/involved.html",
    Law.FOIA: f"{Law.FOIA}/letter.html",
    Law.PRIVACY_ACT: f"{Law.PRIVACY_ACT}/letter.html",
}
MEDIA_FEE_RULE = ("electronic", "audio", "video")  # RSMo 610.026.1(2) records


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


def window(incident: Any) -> tuple[time, time]:
    """The search window around the incident time: one hour before to two hours after."""
    start = datetime.combine(incident.date, incident.time)
    begin = max(start - timedelta(hours=1), datetime.combine(incident.date, time(0, 0)))
    end = min(start + timedelta(hours=2), datetime.combine(incident.date, time(23, 59)))
    return begin.time(), end.time()


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
    env.globals.update(window=window)
    return env


def subject_line(draft: Draft) -> str:
    law = Law(draft.law).names.in_letter
    if draft.law == Law.PRIVACY_ACT:
        whose = "my own records" if draft.subject and draft.subject.relationship == "self" \
            else "records of a person in my care"
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
    if draft.dhs_portal_era and draft.delivery == "mail":
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
        "media_records": draft.format == "electronic"
        or any(r.media in MEDIA_FEE_RULE for r in draft.records),
    }


def render_html(draft: Draft) -> str:
    """The letter as a complete HTML document (no stylesheet: see pdf.py and the web view)."""
    return environment().get_template(TEMPLATES[draft.kind]).render(context(draft))


def render_text(draft: Draft) -> str:
    """The same letter as plain text, for pasting into a portal or an email."""
    return html_to_text(render_html(draft))
