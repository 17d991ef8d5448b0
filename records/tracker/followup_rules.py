"""The facts each next-step letter needs, checked before anything is printed.

`check(kind, facts)` returns the original request's Draft (or None) and one FieldError per
problem, each at the Facts field it concerns ("due", "exemptions[1]", "amend_record"), or at
"answers.<field>" when the original answers no longer validate. A letter whose law does
not state a fact is never asked to guess it: a missing required fact is an error here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from records.catalog import default_catalog
from records.catalog.followups import default_followups, exemption_key, exemptions_for
from records.drafts import Draft, DraftError, validate
from records.fields import FieldError, Fields
from records.messages import Message, error_message
from records.tracker.followup_facts import (
    FOLLOW_UPS_BY_LAW,
    SENT_METHODS,
    Facts,
    FollowUpKind,
)
from records.tracker.followup_route import RouteProblem, route
from records.vocabulary import Law

ARGUMENTS_LIMIT = 4000
AMEND_LIMIT = 2000
NUMBER_LIMIT = 60  # a tracking or certified-mail number
ADDRESS_LINES = 5  # the envelope window (agencies.py)
ADDRESS_LINE = 44

NOT_FOR_LAW = error_message(
    "followup-not-for-law", "there is no %(kind)s letter for a %(law)s request; for it "
    "choose: %(options)s")
BEFORE_REQUEST = error_message("before-request",
                               "is before the original request's date; check the year")
AFTER_LETTER_DATE = error_message("after-letter-date",
                                  "is after this letter's date; check the year")
NOT_YET_LATE = error_message(
    "not-yet-late", "is not before this letter's date, so nothing is overdue yet: send "
    "this letter after %(due)s")
DUE_OR_DENIED = error_message(
    "due-or-denied", "give the day the response was due (due) if none came, or the date "
    "of the denial (denied): the notice must say what the violation is")
UNKNOWN_EXEMPTION = error_message(
    "unknown-exemption", "%(value)s is not an exemption this letter knows for this "
    "request; write it as the agency cited it, e.g. (b)(6) or (b)(7)(C)")
NOT_A_FEE = error_message("not-a-fee", "must be more than $0")
CERTIFIED_ONLY = error_message("certified-only",
                               "is for certified mail: set sent_method to \"certified\"")
ADDRESS_TOO_LONG = error_message(
    "address-too-long", "must be at most %(lines)s lines of %(width)s characters, to fit "
    "the envelope window")

# Each required fact's message, naming what it is in the user's words (one message per
# field, so the whole sentence is translated).
NEEDED = {
    "due": error_message("needed-due", "is required for this letter: the day the "
                         "response or determination was due"),
    "denied": error_message("needed-denied", "is required for this letter: the date of "
                            "the agency's decision"),
    "fee_amount": error_message("needed-fee-amount", "is required for this letter: the "
                                "amount the agency asked for"),
    "fee_requested": error_message("needed-fee-requested", "is required for this letter: "
                                   "the date the agency asked for payment"),
    "exemptions": error_message("needed-exemptions", "is required for this letter: each "
                                "exemption the agency cited, e.g. (b)(6)"),
    "arguments": error_message("needed-arguments", "is required for this letter: in your "
                               "own words, what is wrong"),
    "amend_record": error_message("needed-amend-record", "is required for this letter: the "
                                  "record to amend"),
    "amend_correction": error_message("needed-amend-correction", "is required for this "
                                      "letter: the correction you ask for"),
    "amend_reason": error_message("needed-amend-reason", "is required for this letter: why "
                                  "the record is not accurate, relevant, timely or complete"),
}
# The facts each kind needs (beyond the original answers).
REQUIRED: dict[FollowUpKind, tuple[str, ...]] = {
    FollowUpKind.FOLLOW_UP: ("due",),
    FollowUpKind.DENIAL_STATEMENT: ("denied",),
    FollowUpKind.FEE_CHALLENGE: ("fee_amount", "fee_requested"),
    FollowUpKind.SUIT_NOTICE: (),
    FollowUpKind.STATUS_INQUIRY: (),
    FollowUpKind.APPEAL_NO_DETERMINATION: ("due",),
    FollowUpKind.APPEAL_SEARCH: ("denied", "arguments"),
    FollowUpKind.APPEAL_EXEMPTIONS: ("denied", "exemptions"),
    FollowUpKind.APPEAL_FEE_WAIVER: ("denied",),
    FollowUpKind.APPEAL_EXPEDITE: ("denied",),
    FollowUpKind.OGIS: ("arguments",),
    FollowUpKind.AMEND: ("amend_record", "amend_correction", "amend_reason"),
}
# Clocks whose due day must be past before the letter says it was missed.
OVERDUE = (FollowUpKind.FOLLOW_UP, FollowUpKind.APPEAL_NO_DETERMINATION,
           FollowUpKind.SUIT_NOTICE)


def original_draft(facts: Facts) -> Draft:
    """The original request as its letter printed it. Raises DraftError."""
    return validate(facts.answers, catalog=default_catalog(), today=facts.original_date)


def check(kind: FollowUpKind, facts: Facts) -> tuple[Draft | None, list[FieldError]]:
    errors: list[FieldError] = []
    try:
        draft: Draft | None = original_draft(facts)
    except DraftError as exc:
        errors += [FieldError(f"answers.{e.field}", e.code, e.params) for e in exc.errors]
        draft = None
    law = Law(str(facts.answers.get("law"))) if facts.answers.get("law") in set(Law) \
        else None
    if law is not None and kind not in FOLLOW_UPS_BY_LAW[law]:
        errors.append(NOT_FOR_LAW.at("kind", kind=kind, law=law, options=", ".join(
            FOLLOW_UPS_BY_LAW[law])))
        return draft, errors
    errors += _dates(facts)
    errors += _required(kind, facts)
    errors += _texts(facts)
    if kind == FollowUpKind.APPEAL_EXEMPTIONS and law is not None:
        known = exemptions_for(default_followups(), law)
        errors += [UNKNOWN_EXEMPTION.at(f"exemptions[{i}]", value=repr(cited))
                   for i, cited in enumerate(facts.exemptions)
                   if exemption_key(cited) not in known]
    if draft is not None:
        errors += _against_original(kind, facts, draft)
    return draft, errors


def _dates(facts: Facts) -> list[FieldError]:
    errors = []
    if facts.letter_date < facts.original_date:
        errors.append(BEFORE_REQUEST.at("letter_date"))
    named = {"received": facts.received, "denied": facts.denied,
             "fee_requested": facts.fee_requested}
    for name, day in named.items():
        if day is not None and day < facts.original_date:
            errors.append(BEFORE_REQUEST.at(name))
        elif day is not None and day > facts.letter_date:
            errors.append(AFTER_LETTER_DATE.at(name))
    if facts.due is not None and facts.due < facts.original_date:
        errors.append(BEFORE_REQUEST.at("due"))
    return errors


def _required(kind: FollowUpKind, facts: Facts) -> list[FieldError]:
    errors = []
    for name in REQUIRED[kind]:
        value = getattr(facts, name)
        if value is None or value == () or (isinstance(value, str) and not value.strip()):
            errors.append(NEEDED[name].at(name))
    if kind in OVERDUE and facts.due is not None and facts.due >= facts.letter_date:
        errors.append(NOT_YET_LATE.at("due", due=facts.due.isoformat()))
    if kind == FollowUpKind.SUIT_NOTICE and facts.due is None and facts.denied is None:
        errors.append(DUE_OR_DENIED.at("due"))
    if facts.fee_amount is not None and facts.fee_amount <= 0:
        errors.append(NOT_A_FEE.at("fee_amount"))
    return errors


def _texts(facts: Facts) -> list[FieldError]:
    """The user's own text: the same readers as the answers, so an invisible control
    character or an overlong text is refused the same way (records.fields)."""
    errors: list[FieldError] = []
    data = {"arguments": facts.arguments, "amend_record": facts.amend_record,
            "amend_correction": facts.amend_correction, "amend_reason": facts.amend_reason,
            "certified_number": facts.certified_number,
            "tracking": list(facts.tracking), "appeal_tracking": list(facts.appeal_tracking),
            "appeal_address": list(facts.appeal_address)}
    if facts.sent_method is not None:
        data["sent_method"] = facts.sent_method
    f = Fields(data, "", errors)
    f.text("arguments", limit=ARGUMENTS_LIMIT, multiline=True)
    for name in ("amend_record", "amend_correction", "amend_reason"):
        f.text(name, limit=AMEND_LIMIT, multiline=True)
    f.text("certified_number", limit=NUMBER_LIMIT)
    f.texts("tracking", limit=NUMBER_LIMIT)
    f.texts("appeal_tracking", limit=NUMBER_LIMIT)
    f.texts("appeal_address", limit=ADDRESS_LINE)
    if len(facts.appeal_address) > ADDRESS_LINES:
        errors.append(ADDRESS_TOO_LONG.at("appeal_address", lines=ADDRESS_LINES,
                                          width=ADDRESS_LINE))
    f.choice("sent_method", SENT_METHODS)
    if facts.certified_number and facts.sent_method != "certified":
        errors.append(CERTIFIED_ONLY.at("certified_number"))
    return errors


# What an appeal of a denied option needs the original request to have asked for.
ASKED: dict[FollowUpKind, tuple[Message, Callable[[Draft], object]]] = {
    FollowUpKind.APPEAL_FEE_WAIVER: (error_message(
        "no-waiver-to-appeal", "the original request did not ask for a fee waiver, so "
        "there is no denial of one to appeal"), lambda d: d.fee_waiver),
    FollowUpKind.APPEAL_EXPEDITE: (error_message(
        "no-expedite-to-appeal", "the original request did not ask for expedited "
        "processing, so there is no denial of it to appeal"), lambda d: d.expedite),
}


def _against_original(kind: FollowUpKind, facts: Facts, draft: Draft) -> list[FieldError]:
    errors = []
    if kind in ASKED:
        message, asked = ASKED[kind]
        if not asked(draft):
            errors.append(message.at("kind"))
    found = route(kind, facts, draft, default_followups(), default_catalog())
    if isinstance(found, RouteProblem):
        errors.append(FieldError(found.field, found.message.code, found.message.params))
    return errors


# The appeals that may say they are timely: those against the determination on the
# request itself, the "adverse determination" of 552(a)(6)(A)(i)(III)(aa). Whether a fee
# waiver or expedition denial falls under that clause is left to the agency's rule (DHS's
# 6 CFR 5.6(c) is believed to include them [U]), so those appeals say nothing of timing.
TIMELY_KINDS = (FollowUpKind.APPEAL_SEARCH, FollowUpKind.APPEAL_EXEMPTIONS)


def is_timely(kind: FollowUpKind, facts: Facts, law: str) -> bool:
    """Whether an appeal may say it is timely: only from dates given, and only where every
    reading allows at least 90 days after the adverse determination (552(a)(6)(A)(i)(III)
    (aa), for requests made after June 30, 2016: FOIA Improvement Act of 2016, sec. 6), and
    for a Privacy Act request only under DHS's 2022 rule (6 CFR 5.25, from 2022-12-16)."""
    if kind not in TIMELY_KINDS or facts.denied is None or facts.appeal_by is None:
        return False
    if facts.letter_date > facts.appeal_by or (facts.letter_date - facts.denied).days > 90:
        return False
    if facts.original_date <= date(2016, 6, 30):
        return False
    return not (law == Law.PRIVACY_ACT and facts.denied < date(2022, 12, 16))
