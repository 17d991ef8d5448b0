"""What the wizard's pages say around their questions, beyond the form fields: the time span
that incident records will cover, the warnings and explanations a choice needs at the point
of choice, and the validator's errors in the words of a web page.

The rules stay in records.drafts; this module only reads the answers the way the validator
will, so that what a page shows is what the letter will say.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from flask_babel import format_date, get_locale, gettext

from records import asking, drafts
from records.catalog import Agency, Catalog
from records.drafts import Incident, in_portal_era
from records.fields import FieldError
from records.letters import clocktime
from records.messages import error_message
from records.vocabulary import ACTING_FOR, AskingFor, Category, Law
from records.web import forms
from records.web.steps import asks_records_from, person_presets, visible_fields, waiver_closed

# The validator speaks of answer keys ("set no_internet to true"); a web page speaks of the
# boxes the user sees. Same problem, same field: only the words differ.
WEB_WINDOW_HALF = error_message(
    "web-window-half", "give both the start and the end of the span, or leave both empty")
WEB_GROUND_REQUIRED = error_message(
    "web-ground-required", "choose why the records cannot wait, or choose \"I do not need "
    "faster processing\" and empty the box below")
WEB_GROUND_ALONE = error_message(
    "web-ground-alone", "describe the facts that show the records cannot wait, in the box "
    "below; you certify that they are true")
WEB_GROUND_DHS_ONLY = error_message(
    "web-ground-dhs-only", "only DHS agencies accept this reason (6 CFR 5.5(e)(1)); choose "
    "another")
WEB_ADULT_PARENT = error_message(
    "web-adult-parent", "they are 18 or older, so a parent cannot ask for their records "
    "(5 U.S.C. 552a(h)). Ask them to sign a consent instead: on the first step, choose "
    "records about an event or about other people. If a court appointed you as their "
    "guardian, choose that")
WEB_DHS_MAIL = error_message(
    "web-dhs-mail", "DHS takes requests by mail only from people without internet access "
    "(6 CFR 5.3(a)(2)): choose the portal, or, if you have no internet access, tick the box "
    "that says so")
WEB_DISSEMINATION_ALONE = error_message(
    "web-dissemination-alone", "this supports a fee waiver: fill in the box above too (what "
    "the records will show and why it matters), or empty this one")
WEB_COMMERCIAL_WAIVER = error_message(
    "web-commercial-waiver", "a request for commercial use cannot get a fee waiver "
    "(6 CFR 5.11(k)(3)): empty this box, or change the fee category on the \"Who is "
    "asking\" step if the request is not for a business purpose")
WEB_NEEDS_PERSON = error_message(
    "web-needs-person", "%(record)s is about a person: name them under \"People involved\" "
    "below")
WEB_REPRESENTS = error_message(
    "web-represents", "give the full name of the person involved you act for "
    "(RSMo 610.100.4)")
WEB_NEEDS_SUBJECT = error_message(
    "web-needs-subject", "%(record)s is about a person: say here who the records are about")
# The validator lists the categories' ids (news-media, ...); the page's choices say them.
WEB_CATEGORY_REQUIRED = error_message(
    "web-category-required", "choose the one that describes you best: it sets the fees")
WEB_MESSAGES = {
    drafts.CATEGORY_REQUIRED.code: WEB_CATEGORY_REQUIRED,
    drafts.REPRESENTS_REQUIRED.code: WEB_REPRESENTS,
    drafts.WINDOW_HALF.code: WEB_WINDOW_HALF,
    drafts.GROUND_REQUIRED.code: WEB_GROUND_REQUIRED,
    drafts.GROUND_ALONE.code: WEB_GROUND_ALONE,
    drafts.GROUND_DHS_ONLY.code: WEB_GROUND_DHS_ONLY,
    drafts.ADULT_PARENT.code: WEB_ADULT_PARENT,
    drafts.DHS_MAIL_NEEDS_EXCEPTION.code: WEB_DHS_MAIL,
    drafts.DISSEMINATION_ALONE.code: WEB_DISSEMINATION_ALONE,
    drafts.COMMERCIAL_WAIVER.code: WEB_COMMERCIAL_WAIVER,
    drafts.NEEDS_PERSON.code: WEB_NEEDS_PERSON,
}
# The validator's "is required" is one message for every field; on a page, the requester
# and the person the records are about each get their own words.
WEB_YOUR_NAME = error_message("web-your-name", "enter your full name")
WEB_YOUR_EMAIL = error_message("web-your-email", "enter your email address")
WEB_YOUR_ADDRESS = error_message(
    "web-your-address", "enter your mailing address: the agency writes to you there")
WEB_THEIR_NAME = error_message(
    "web-their-name", "enter the full name of the person the records are about")
WEB_THEIR_BIRTH_DATE = error_message(
    "web-their-birth-date", "enter their date of birth: the agency needs it to check who "
    "they are (6 CFR 5.21(d))")
WEB_THEIR_BIRTH_PLACE = error_message(
    "web-their-birth-place", "enter their place of birth: the agency needs it to check who "
    "they are (6 CFR 5.21(d))")
WEB_YOUR_BIRTH_DATE = error_message(
    "web-your-birth-date", "enter your date of birth: the agency needs it to check who you "
    "are (6 CFR 5.21(d))")
WEB_YOUR_BIRTH_PLACE = error_message(
    "web-your-birth-place", "enter your place of birth: the agency needs it to check who you "
    "are (6 CFR 5.21(d))")
WEB_PARENT_OR_GUARDIAN = error_message(
    "web-parent-or-guardian", "choose whether you are their parent (they are under 18) or "
    "their guardian appointed by a court")
WEB_FIELD_MESSAGES = {
    (drafts.REQUIRED.code, "requester.name"): WEB_YOUR_NAME,
    (drafts.REQUIRED.code, "requester.email"): WEB_YOUR_EMAIL,
    (drafts.ADDRESS_REQUIRED.code, "requester.address"): WEB_YOUR_ADDRESS,
    (drafts.REQUIRED.code, "subject.name"): WEB_THEIR_NAME,
    (drafts.IDENTITY_REQUIRED.code, "subject.birth_date"): WEB_THEIR_BIRTH_DATE,
    (drafts.IDENTITY_REQUIRED.code, "subject.birth_place"): WEB_THEIR_BIRTH_PLACE,
}
# For one's own records the person the records are about is the requester.
SELF_MESSAGES = {
    (drafts.IDENTITY_REQUIRED.code, "subject.birth_date"): WEB_YOUR_BIRTH_DATE,
    (drafts.IDENTITY_REQUIRED.code, "subject.birth_place"): WEB_YOUR_BIRTH_PLACE,
}
JAIL_RULE = "8 CFR 236.6"
# Offices that investigate complaints or mediate disputes rather than hold an incident's
# records: the agency step folds them away, so the page stays short on a phone.
OVERSIGHT = ("dhs-oig", "dhs-crcl", "ogis")
NEEDS_INCIDENT = (drafts.NEEDS_INCIDENT.code, drafts.NEEDS_INCIDENT_MO.code)


def relocate(errors: list[FieldError], answers: Mapping[str, Any]) -> list[FieldError]:
    """Errors moved to where the wizard asks what fixes them, without repeats. A Privacy
    Act request names its person as the subject, on the step after the records: an item
    about the person is not refused at the records step, before the user could name them."""
    if any(e.field.startswith("incident") for e in errors):
        # A wrong or missing incident date is reported at the date: that it leaves items
        # without an incident says nothing more.
        errors = [e for e in errors if e.code not in NEEDS_INCIDENT]
    kind = asking.derived(answers)
    if kind == AskingFor.WARD:
        errors = [WEB_PARENT_OR_GUARDIAN.at(e.field)
                  if e.code == drafts.RELATIONSHIP_REQUIRED.code else e for e in errors]
    if kind == AskingFor.SELF and answers.get("law") == Law.PRIVACY_ACT:
        errors = _as_own(errors)
    if answers.get("law") != Law.PRIVACY_ACT:
        return errors
    return [WEB_NEEDS_SUBJECT.at("subject", **dict(e.params))
            if e.code == drafts.NEEDS_PERSON.code else e for e in errors]


def _as_own(errors: list[FieldError]) -> list[FieldError]:
    """For one's own records the subject's name is the requester's (the page asks it once,
    steps.apply copies it): its error is the requester's, and the rest say "your"."""
    named = any(e.field == "requester.name" for e in errors)
    own: list[FieldError] = []
    for e in errors:
        if e.field == "subject.name":
            if not named:
                own.append(WEB_YOUR_NAME.at("requester.name"))
                named = True
            continue
        message = SELF_MESSAGES.get((e.code, e.field))
        own.append(message.at(e.field) if message else e)
    return own


def for_web(error: FieldError) -> FieldError:
    """The validator's error in the words of the wizard's pages, at the same field."""
    message = WEB_MESSAGES.get(error.code) or WEB_FIELD_MESSAGES.get((error.code, error.field))
    return message.at(error.field, **dict(error.params)) if message else error


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _clock(value: Any) -> time | None:
    try:
        return time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _incident(answers: Mapping[str, Any]) -> Mapping[str, Any]:
    block = answers.get("incident")
    return block if isinstance(block, Mapping) else {}


def incident_window(answers: Mapping[str, Any], day: date) -> tuple[datetime, datetime] | None:
    """The span the letter will ask incident records of `day` for, read as the validator
    reads it: (start, end), or None for the whole day."""
    block = _incident(answers)
    start, end = _clock(block.get("window_from")), _clock(block.get("window_to"))
    if start is None or end is None or start == end:
        start = end = None
    return Incident(day, _clock(block.get("time")), window_from=start, window_to=end).window


def _at(moment: datetime) -> str:
    """A time of day as people say it: "11:00 p.m." in English, as the letter writes it;
    "23:00" in Spanish."""
    locale = get_locale()
    if locale is not None and locale.language != "en":
        return f"{moment.hour}:{moment.minute:02d}"
    return clocktime(moment.time())


def window_text(answers: Mapping[str, Any]) -> str:
    """The span in words, as the letter gives it: "from 11:00 p.m. on Friday, July 19,
    2019, to 1:00 a.m. on Saturday, July 20, 2019"; empty until the incident has a date."""
    day = _day(_incident(answers).get("date"))
    if day is None:
        return ""
    span = incident_window(answers, day)
    if span is None:
        return str(gettext("the whole day of %(day)s", day=format_date(day, format="full")))
    start, end = span
    if start.date() == end.date():
        return str(gettext("from %(start)s to %(end)s on %(day)s", start=_at(start),
                           end=_at(end), day=format_date(start.date(), format="full")))
    return str(gettext("from %(start)s on %(start_day)s, to %(end)s on %(end_day)s",
                       start=_at(start), start_day=format_date(start.date(), format="full"),
                       end=_at(end), end_day=format_date(end.date(), format="full")))


def jail_warnings(agency: Agency | None) -> list[str]:
    """An agency's warnings under 8 CFR 236.6 (a jail that houses ICE detainees may not
    release a detainee's name or information), shown where a person is named."""
    if agency is None:
        return []
    return [w.text for w in agency.warnings if JAIL_RULE in w.citation]


def suggests_category(answers: Mapping[str, Any]) -> bool:
    """Whether the requester step suggests a fee category: an organization is given and
    the category is still "other" (federal only: the Sunshine Law has no categories)."""
    requester = answers.get("requester")
    if answers.get("law") not in (Law.FOIA, Law.PRIVACY_ACT) or not isinstance(requester,
                                                                            Mapping):
        return False
    return bool(requester.get("organization")) and requester.get("category") in (
        None, "", Category.OTHER)


def context(answers: Mapping[str, Any], step: str, day: date,
            catalog: Catalog) -> dict[str, Any]:
    """What a step's template needs to show its conditional questions."""
    agency = catalog.agencies.get(str(answers.get("agency") or ""))
    incident_day = _day(_incident(answers).get("date"))
    requester = answers.get("requester")
    kind = asking.derived(answers)
    people = _incident(answers).get("people")
    return {
        "asking_for": kind,
        "oversight": OVERSIGHT,
        "people": [str(p) for p in people] if isinstance(people, list) else [],
        "suggest_category": suggests_category(answers),
        "capacity_hint": answers.get("law") == Law.MO_SUNSHINE
        and not answers.get("capacity") and kind in asking.CAPACITY_HINTED,
        "shown": visible_fields(step, answers, catalog) if step in (
            "agency", "records", "requester", "fees") else set(),
        "window": window_text(answers),
        "jail_warnings": jail_warnings(agency),
        "person_presets": person_presets(agency, catalog) if agency else set(),
        "asks_records_from": asks_records_from(answers, catalog),
        "acting_for": [c.value for c in ACTING_FOR],
        "portal_era": agency is not None and in_portal_era(agency, day),
        "waiver_closed": waiver_closed(answers),
        "commercial": isinstance(requester, Mapping)
        and requester.get("category") == Category.COMMERCIAL,
        "ground_help": {g.value: text for g, text in forms.GROUND_HELP.items()},
        "ground_labels": {g.value: text for g, text in forms.GROUND_LABELS.items()},
        "relationship_help": forms.RELATIONSHIP_HELP,
        "incident_year": incident_day.year if incident_day and incident_day.year < day.year
        else None,
    }
