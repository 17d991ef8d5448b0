"""Whose records: the answers' optional `asking_for` (records.vocabulary.AskingFor), and
what it means under each law. One table for the validator (records.drafts) and the wizard
(records.web.steps), so the first question and the letter cannot disagree.

For a federal agency, `asking_for` decides the law and the subject's relationship:

    self     -> privacy-act, subject.relationship "self"
    ward     -> privacy-act, "parent" (a child under 18) or "guardian" (a court order);
                5 U.S.C. 552a(h) lets a parent of a minor or a court-appointed guardian act
                for the individual
    consent  -> foia, "consent" (the person signs a consent page, 6 CFR 5.21(f))
    deceased -> foia, "deceased" (proof of death is attached; the Privacy Act protects only
                living individuals, 5 U.S.C. 552a(a)(2))
    others   -> foia, with no subject who is the requester or their ward

For a Missouri body it decides nothing by itself. The Sunshine Law opens public records to
anyone, whoever they are (RSMo 610.011, 610.023); only RSMo 610.100.4 gives more (records
closed under 610.100 or 610.150) to a person involved in the incident, their attorney or
insurer, and the parent or child of an involved person who has died or cannot act for
themselves. Whether a relative who "consents", or the parent of a minor, fits that section
is not clear from the text, so the conservative reading is taken: `asking_for` never puts a
610.100.4 claim in a letter, and the wizard preselects nothing from it: a default the user
saves without reading would make that claim for them. For "self" the capacity question only
carries a hint that a person involved should say so (CAPACITY_HINTED).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from records.fields import Fields
from records.messages import error_message
from records.vocabulary import (
    ASKING_FOR,
    FIRST_PARTY,
    AskingFor,
    Capacity,
    Law,
    Relationship,
)

FEDERAL_LAW: dict[AskingFor, Law] = {
    AskingFor.OTHERS: Law.FOIA,
    AskingFor.SELF: Law.PRIVACY_ACT,
    AskingFor.WARD: Law.PRIVACY_ACT,
    AskingFor.CONSENT: Law.FOIA,
    AskingFor.DECEASED: Law.FOIA,
}
# The subject relationships each kind allows for a federal agency; "others" allows none
# that is the requester or their ward (and FOIA refuses those anyway).
RELATIONSHIPS_FOR: dict[AskingFor, tuple[Relationship, ...]] = {
    AskingFor.OTHERS: (Relationship.CONSENT, Relationship.DECEASED),
    AskingFor.SELF: (Relationship.SELF,),
    AskingFor.WARD: (Relationship.PARENT, Relationship.GUARDIAN),
    AskingFor.CONSENT: (Relationship.CONSENT,),
    AskingFor.DECEASED: (Relationship.DECEASED,),
}
# Kinds whose relationship follows by itself (the wizard does not ask it again).
FIXED_RELATIONSHIP: dict[AskingFor, Relationship] = {
    AskingFor.SELF: Relationship.SELF,
    AskingFor.CONSENT: Relationship.CONSENT,
    AskingFor.DECEASED: Relationship.DECEASED,
}
# Missouri: the kinds whose capacity question carries the involved-person hint (see the
# module's docstring: a hint, never an answer chosen for the user).
CAPACITY_HINTED: tuple[AskingFor, ...] = (AskingFor.SELF,)

ASKING_FOR_LAW = error_message(
    "asking-for-law", "for a federal agency, %(asking_for)s records are asked for under law "
    "\"%(law)s\": change law, or asking_for")
ASKING_FOR_RELATIONSHIP = error_message(
    "asking-for-relationship", "does not fit asking_for %(asking_for)s: use %(options)s")
ASKING_FOR_SUBJECT = error_message(
    "asking-for-subject", "is required when asking_for is %(asking_for)s: the person the "
    "records are about, with relationship %(options)s")


def federal_law(asking_for: str) -> Law:
    """The law of a federal request for this kind of records (FOIA when not said)."""
    return FEDERAL_LAW.get(AskingFor(asking_for), Law.FOIA) if asking_for in ASKING_FOR \
        else Law.FOIA


def derived(answers: Mapping[str, Any]) -> str:
    """`asking_for` as the answers say it, or, for a draft made before the question
    existed, as its law, subject and capacity imply ("" when nothing is said)."""
    value = answers.get("asking_for")
    if value in ASKING_FOR:
        return str(value)
    subject = answers.get("subject")
    relationship = subject.get("relationship") if isinstance(subject, Mapping) else None
    law = answers.get("law")
    if law == Law.PRIVACY_ACT:
        return AskingFor.WARD if relationship in (Relationship.PARENT, Relationship.GUARDIAN) \
            else AskingFor.SELF
    if law == Law.FOIA:
        third: dict[str, AskingFor] = {Relationship.CONSENT: AskingFor.CONSENT,
                                       Relationship.DECEASED: AskingFor.DECEASED}
        return third.get(str(relationship), AskingFor.OTHERS)
    if law == Law.MO_SUNSHINE:
        return AskingFor.SELF if answers.get("capacity") == Capacity.INVOLVED \
            else AskingFor.OTHERS
    return ""


def check(f: Fields, law: str, federal: bool, has_subject: bool) -> str:
    """Read and check `asking_for` against the law and the subject (federal agencies only;
    see the module's docstring for Missouri). Errors are added to `f`."""
    asking_for = f.choice("asking_for", ASKING_FOR)
    if not asking_for or not federal or not law:
        return asking_for
    kind = AskingFor(asking_for)
    expected = FEDERAL_LAW[kind]
    if law != expected:
        f.fail("asking_for", ASKING_FOR_LAW, asking_for=repr(asking_for), law=expected)
        return asking_for
    allowed = RELATIONSHIPS_FOR[kind]
    sub = f.data.get("subject")
    relationship = sub.get("relationship") if isinstance(sub, Mapping) else None
    already = any(e.field == "subject.relationship" for e in f.errors)
    options = ", ".join(repr(str(r)) for r in allowed)
    if kind in (AskingFor.CONSENT, AskingFor.DECEASED) and not has_subject:
        f.fail("subject", ASKING_FOR_SUBJECT, asking_for=repr(asking_for), options=options)
    elif relationship and not already and relationship not in allowed and (
            kind != AskingFor.OTHERS or relationship in FIRST_PARTY):
        f.fail("subject.relationship", ASKING_FOR_RELATIONSHIP, asking_for=repr(asking_for),
               options=options)
    return asking_for
