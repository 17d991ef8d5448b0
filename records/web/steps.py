"""The wizard's steps, and the mapping between step forms and the answers dict.

Pure functions: no Flask. The answers dict is the one of docs/interfaces.md; each form field
maps to one dotted path in it. Errors from the shared validator (records.drafts) come back
as dotted paths and are routed to the step and the form field that own them.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from records import asking
from records.answers import get_path, prune, set_path
from records.catalog import Agency, Catalog
from records.fields import as_flag
from records.vocabulary import (
    ACTING_FOR,
    ACTING_FOR_SUBJECT,
    ASKING_FOR,
    DHS_ONLY_GROUNDS,
    FEDERAL_LAWS,
    AskingFor,
    Category,
    Law,
    Relationship,
    Window,
)

STEPS = ("agency", "records", "requester", "fees", "review", "done")
FORM_STEPS = ("agency", "records", "requester", "fees")

# form field -> answers path
PATHS: dict[str, str] = {
    "asking_for": "asking_for",
    "agency": "agency",
    "records": "records",
    "incident_date": "incident.date",
    "incident_time": "incident.time",
    "incident_window_from": "incident.window_from",
    "incident_window_to": "incident.window_to",
    "incident_place": "incident.place",
    "incident_people": "incident.people",
    "incident_summary": "incident.summary",
    "records_from": "records_from",
    "description": "description",
    "requester_name": "requester.name",
    "requester_organization": "requester.organization",
    "requester_address": "requester.address",
    "requester_email": "requester.email",
    "requester_phone": "requester.phone",
    "requester_category": "requester.category",
    "capacity": "capacity",
    "represents": "represents",
    "subject_relationship": "subject.relationship",
    "subject_name": "subject.name",
    "subject_other_names": "subject.other_names",
    "subject_birth_date": "subject.birth_date",
    "subject_birth_place": "subject.birth_place",
    "subject_a_number": "subject.a_number",
    "subject_address": "subject.address",
    "fee_limit": "fee_limit",
    "fee_waiver": "fee_waiver",
    "dissemination": "dissemination",
    "expedite_ground": "expedite_ground",
    "expedite": "expedite",
    "format": "format",
    "delivery": "delivery",
    "no_internet": "no_internet",
}
FIELD_FOR_PATH = {path: name for name, path in PATHS.items()}
# Errors about a whole section land on its first field.
SECTION_FIELDS = {"law": "agency", "incident": "incident_date", "requester": "requester_name",
                  "subject": "subject_relationship", "answers": "agency", "date": "fee_limit"}
LIST_FIELDS = {"incident_people", "subject_other_names"}
# Checkboxes send nothing when unticked: a shown checkbox missing from a post is "no".
CHECKBOXES = {"no_internet"}

# Radio buttons keep their form default (other, public, electronic, portal) until answered.
RADIOS = {"asking_for", "requester_category", "capacity", "format", "delivery"}
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "agency": ("asking_for", "agency"),
    "records": ("records", "records_from", "incident_date", "incident_time",
                "incident_window_from", "incident_window_to", "incident_place",
                "incident_people", "incident_summary", "description"),
    "requester": ("requester_name", "requester_organization", "requester_address",
                  "requester_email", "requester_phone", "requester_category", "capacity",
                  "represents", "subject_relationship", "subject_name",
                  "subject_other_names", "subject_birth_date", "subject_birth_place",
                  "subject_a_number", "subject_address"),
    "fees": ("fee_limit", "fee_waiver", "dissemination", "expedite_ground", "expedite",
             "format", "delivery", "no_internet"),
}


def visible_fields(step: str, answers: Mapping[str, Any], catalog: Catalog) -> set[str]:
    """The fields a step's page shows for these answers (its template follows the same
    rules). Only these are taken from a submitted form: a stale page, or a hand-made
    POST, cannot put in an answer the user has no field to see and fix."""
    law = answers.get("law")
    agency = catalog.agencies.get(str(answers.get("agency") or ""))
    fields = set(STEP_FIELDS.get(step, ()))
    federal = law in FEDERAL_LAWS
    if step == "records":
        if agency is None or not person_presets(agency, catalog):
            fields.discard("records_from")
    elif step == "requester":
        if not federal:
            fields -= {"requester_category", *(f for f in fields if f.startswith("subject_"))}
        else:
            fields -= SUBJECT_HIDDEN.get(asking.derived(answers), set())
        if law != Law.MO_SUNSHINE:
            fields -= {"capacity", "represents"}
    elif step == "fees":
        if not federal:
            fields -= {"expedite", "expedite_ground"}
        if agency is None or not agency.is_dhs:
            fields -= {"delivery", "no_internet"}
        if waiver_closed(answers):
            fields -= {"fee_waiver", "dissemination"}
    return fields


# The subject's fields the requester step does not show, by whose records (federal only):
# the first question already said whose they are, and for "self" the name is the
# requester's own (apply copies it).
_SUBJECT = {"subject_relationship", "subject_name", "subject_other_names", "subject_birth_date",
            "subject_birth_place", "subject_a_number", "subject_address"}
SUBJECT_HIDDEN: dict[str, set[str]] = {
    AskingFor.OTHERS: _SUBJECT,
    AskingFor.SELF: {"subject_relationship", "subject_name", "subject_address"},
    AskingFor.CONSENT: {"subject_relationship"},
    AskingFor.DECEASED: {"subject_relationship"},
}


def person_presets(agency: Agency, catalog: Catalog) -> set[str]:
    """The ids of the agency's presets about the person or case (window "person"): only
    these take records_from, the date their search starts."""
    return {p.id for p in catalog.presets_for(agency.id) if p.window == Window.PERSON}


def asks_records_from(answers: Mapping[str, Any], catalog: Catalog) -> bool:
    """Whether a chosen preset is about the person or case, so records_from applies."""
    agency = catalog.agencies.get(str(answers.get("agency") or ""))
    chosen = answers.get("records")
    if agency is None or not isinstance(chosen, list):
        return False
    return bool(person_presets(agency, catalog) & {str(r) for r in chosen})


def waiver_closed(answers: Mapping[str, Any]) -> bool:
    """A commercial-use requester cannot get a fee waiver under FOIA (6 CFR 5.11(k)(3)), so
    the wizard does not offer one, unless one was already given: then it stays on the
    page, with the validator's error, so it can be removed."""
    category = get_path(answers, "requester.category")
    return (answers.get("law") in FEDERAL_LAWS and category == Category.COMMERCIAL
            and not answers.get("fee_waiver") and not answers.get("dissemination"))


def field_for(path: str) -> str:
    """The form field that shows an error at `path` (records[2] -> records)."""
    path = path.split("[", 1)[0]
    if path in FIELD_FOR_PATH:
        return FIELD_FOR_PATH[path]
    return SECTION_FIELDS.get(path.split(".", 1)[0], "agency")


def step_for(field: str) -> str:
    for step, fields in STEP_FIELDS.items():
        if field in fields:
            return step
    return "agency"


def law_for(agency: Agency | None, asking_for: str = "") -> str:
    """The law follows from the agency and whose records: Missouri bodies -> Sunshine;
    federal -> FOIA, or the Privacy Act (with FOIA) when the records are the requester's own
    or a ward's (records.asking)."""
    if agency is None:
        return ""
    if not agency.is_federal:
        return Law.MO_SUNSHINE
    return asking.federal_law(asking_for)


def form_data(answers: Mapping[str, Any], step: str) -> dict[str, Any]:
    """The answers as form defaults for one step."""
    data: dict[str, Any] = {}
    for name in STEP_FIELDS.get(step, ()):
        value = get_path(answers, PATHS[name])
        if name == "asking_for":
            value = asking.derived(answers)  # a draft from before the question: implied
        if name in LIST_FIELDS:
            value = "\n".join(value) if isinstance(value, list) else (value or "")
        elif name in CHECKBOXES:
            value = as_flag(value) is True
        elif name == "subject_relationship" and not value:
            value = "none" if answers.get("law") == Law.FOIA else ""
        elif name == "expedite_ground" and not value:
            value = "none" if answers.get("law") in FEDERAL_LAWS else ""
        elif name in RADIOS and not value:
            continue
        data[name] = value if value is not None else ("" if name != "records" else [])
    return data


def fingerprint(answers: Mapping[str, Any], step: str, key: bytes) -> str:
    """A digest of what a step's page shows, posted back with the form: if the stored
    step no longer matches it, someone else changed this step since the page was made.
    Keyed, because the page's source should not offer an unsalted hash of a birth date."""
    shown = json.dumps(form_data(answers, step), sort_keys=True, default=str)
    return hmac.new(key, f"{step}\n{shown}".encode(), hashlib.sha256).hexdigest()[:32]


def path_of(name: str) -> str:
    """The answers path a form field sets."""
    return PATHS[name]


def changed(before: Mapping[str, Any], after: Mapping[str, Any], names: list[str]) -> list[str]:
    """The form fields among `names` whose answer differs between two answers dicts."""
    return [n for n in names if get_path(before, path_of(n)) != get_path(after, path_of(n))]


def apply(answers: Mapping[str, Any], step: str, data: Mapping[str, Any],
          catalog: Catalog) -> dict[str, Any]:
    """New answers with one step's submitted form data merged in. Nothing typed is lost:
    even invalid values are kept, so the user sees them again next to the error."""
    merged = copy.deepcopy(dict(answers))
    for name in STEP_FIELDS[step]:
        if name not in data:
            continue
        value = data[name]
        if name in LIST_FIELDS:
            value = [line.strip() for line in str(value or "").splitlines() if line.strip()]
        elif name in CHECKBOXES:
            value = True if value is True else None
        elif isinstance(value, str):
            value = value.strip()
        set_path(merged, PATHS[name], value)
    if step == "agency":
        agency = catalog.agencies.get(str(merged.get("agency") or ""))
        merged["law"] = law_for(agency, str(merged.get("asking_for") or ""))
        _follow_asking_for(answers, merged, agency)
        _drop_what_no_longer_applies(merged, agency, catalog)
    elif step == "requester":
        _follow_asking_for(answers, merged, catalog.agencies.get(str(merged.get("agency"))))
    if get_path(merged, "subject.relationship") == "none":
        merged.pop("subject", None)
    _drop_what_the_answers_rule_out(merged, catalog)
    prune(merged)
    return merged


def _follow_asking_for(before: Mapping[str, Any], answers: dict[str, Any],
                       agency: Agency | None) -> None:
    """A federal request's subject as whose records it is (records.asking): the fixed
    relationship set, one that no longer fits removed (the requester step asks again), no
    subject for records about others, and for one's own records the requester's name."""
    kind = answers.get("asking_for")
    if agency is None or not agency.is_federal or kind not in ASKING_FOR:
        return
    kind = AskingFor(kind)
    if kind == AskingFor.OTHERS:
        answers.pop("subject", None)
        return
    subject = answers.get("subject")
    subject = answers["subject"] = dict(subject) if isinstance(subject, Mapping) else {}
    name = get_path(answers, "requester.name")
    if kind == AskingFor.SELF:
        subject["name"] = name
        subject.pop("address", None)
    elif before.get("asking_for") == AskingFor.SELF and subject.get("name") == name:
        subject.pop("name", None)  # the requester's own name: not the other person's
    fixed = asking.FIXED_RELATIONSHIP.get(kind)
    if fixed is not None:
        subject["relationship"] = fixed
    elif subject.get("relationship") not in asking.RELATIONSHIPS_FOR[kind]:
        subject.pop("relationship", None)


def _drop_what_the_answers_rule_out(answers: dict[str, Any], catalog: Catalog) -> None:
    """Answers to questions that other answers now hide: a "none" radio, the person an
    attorney acts for once "public" is chosen, the no-internet box of a portal request,
    and the start date of person records when none is chosen."""
    if answers.get("expedite_ground") == "none":
        answers.pop("expedite_ground")
    if answers.get("law") == Law.MO_SUNSHINE and answers.get("capacity") not in ACTING_FOR:
        answers.pop("represents", None)
    if answers.get("delivery") != "mail":
        answers.pop("no_internet", None)
    if not asks_records_from(answers, catalog):
        answers.pop("records_from", None)


def _drop_what_no_longer_applies(answers: dict[str, Any], agency: Agency | None,
                                 catalog: Catalog) -> None:
    """After a change of agency: presets of another agency and answers its law cannot take."""
    if agency is None:
        return
    allowed = {p.id for p in catalog.presets_for(agency.id)}
    answers["records"] = [r for r in answers.get("records") or [] if r in allowed]
    if agency.is_federal:
        answers.pop("capacity", None)
        answers.pop("represents", None)
    else:
        for key in ("subject", "expedite", "expedite_ground", "delivery", "no_internet"):
            answers.pop(key, None)
    if not agency.is_dhs:
        answers.pop("no_internet", None)
        if answers.get("expedite_ground") in DHS_ONLY_GROUNDS:
            answers.pop("expedite_ground")
    if answers.get("law") == Law.FOIA and get_path(answers, "subject.relationship") in (
            Relationship.SELF, *ACTING_FOR_SUBJECT):
        answers.pop("subject", None)
    if answers.get("law") == Law.PRIVACY_ACT and get_path(answers, "subject.relationship") in (
            "consent", "deceased"):
        answers.pop("subject", None)
