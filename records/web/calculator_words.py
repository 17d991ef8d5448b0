"""The deadline calculator's words: each event and capacity in plain language, and the
engine's coded problems said as a person would say them, at the field they concern.

The engine (records.deadlines) keeps its own messages for the CLI and /api/deadlines,
which speak its syntax (`tolled=2024-09-06`). The page never shows that syntax: `page_message`
maps each problem code to a sentence here, and falls back to the engine's own message
(translated) only for a code it does not know.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext

from records.deadlines import Problem
from records.messages import N_, Message, error_message
from records.vocabulary import EVENT_KINDS, LAW_NAMES, Capacity, EventKind, Law
from records.web.messages import say

E = EventKind
# What happened, in the words of the person it happened to (msgids). Each says what the
# engine does with the event: `tolled` stops the clock, `resumed` restarts it.
EVENT_WORDS: dict[EventKind, str] = {
    E.RESPONDED: N_("The custodian answered: records, a date they will be ready, or the "
                    "reason for a delay"),
    E.DENIED: N_("The agency refused all or part of my request"),
    E.PRODUCED: N_("The agency gave me the records"),
    E.STATEMENT_REQUESTED: N_("I asked for the written reasons for a denial (the day my "
                              "request for them arrived)"),
    E.STATEMENT_SENT: N_("The agency sent the written reasons for the denial"),
    E.PAYMENT_REQUESTED: N_("The agency asked me to pay (enter the amount)"),
    E.PAID: N_("I paid"),
    E.CLARIFICATION_REQUESTED: N_("The agency asked me to make my request clearer"),
    E.CLARIFIED: N_("I answered the agency's request to make it clearer"),
    E.ROUTED: N_("My request reached the right office of the agency"),
    E.TOLLED: N_("The agency asked me a question and stopped the clock"),
    E.FEE_TOLLED: N_("The agency asked me about fees and stopped the clock"),
    E.RESUMED: N_("My answer reached the agency (the clock runs again)"),
    E.EXTENDED: N_("The agency wrote that it needs more time (unusual circumstances)"),
    E.EXPEDITE_REQUESTED: N_("My request for faster processing arrived"),
    E.EXPEDITE_DECIDED: N_("The agency decided on faster processing"),
    E.DETERMINATION: N_("The agency answered: it withheld something or found nothing"),
    E.APPEAL_SENT: N_("I sent my appeal"),
    E.APPEAL_RECEIVED: N_("The agency received my appeal"),
    E.APPEAL_EXTENDED: N_("The agency wrote that it needs more time to decide my appeal"),
    E.APPEAL_DECIDED: N_("The agency decided my appeal"),
    E.SUIT_FILED: N_("I went to court"),
}
# A determination that granted everything is the same engine event with the value "full";
# the form offers it as its own choice, so nobody types a value for it.
FULL_GRANT = "determination-full"
FULL_GRANT_WORDS = N_("The agency answered: it gave me everything I asked for")

CAPACITY_WORDS: dict[Capacity, str] = {
    Capacity.PUBLIC: N_("A member of the public or a reporter"),
    Capacity.INVOLVED: N_("A person involved in the incident (RSMo 610.100.4)"),
    Capacity.ATTORNEY: N_("The attorney of a person involved (RSMo 610.100.4)"),
    Capacity.INSURER: N_("The insurer of a person involved (RSMo 610.100.4)"),
    Capacity.FAMILY: N_("The parent or child of a person involved who has died or cannot "
                        "act for themselves (RSMo 610.100.4)"),
}
EXAMPLE = "2024-06-17"


def event_choices(law: str) -> list[tuple[str, str]]:
    """The events that can happen under `law`: (option value, words), untranslated."""
    found: list[tuple[str, str]] = []
    for kind, spec in EVENT_KINDS.items():
        if law in spec.laws:
            found.append((str(kind), EVENT_WORDS[kind]))
            if kind == E.DETERMINATION:
                found.append((FULL_GRANT, FULL_GRANT_WORDS))
    return found


def kind_words(kind: str) -> str:
    """An option value's words in the interface language ("" for an unknown one)."""
    if kind == FULL_GRANT:
        return str(gettext(FULL_GRANT_WORDS))
    return str(gettext(EVENT_WORDS[EventKind(kind)])) if kind in EVENT_KINDS else ""


def law_words(law: str) -> str:
    return str(gettext(LAW_NAMES[Law(law)].title)) if law in set(Law) else law


# --------------------------------------------------------------- the page's messages
DATE_RECEIVED = error_message("calc-received", "Enter the date the request arrived, for "
                              "example %(example)s.")
DATE_RECEIVED_BAD = error_message("calc-received-bad", "%(text)s is not a date we can use. "
                                  "Enter the date the request arrived, for example "
                                  "%(example)s.")
DATE_TODAY_BAD = error_message("calc-today-bad", "%(text)s is not a date we can use. Enter "
                               "today's date, for example %(example)s, or leave it blank.")
EVENT_HALF = error_message("calc-event-half", "Choose what happened and enter the date it "
                           "happened, for example %(example)s.")
EVENT_DATE_BAD = error_message("calc-event-date", "%(text)s is not a date we can use. Enter "
                               "the date it happened, for example %(example)s.")
EVENT_UNKNOWN = error_message("calc-event-unknown", "Choose what happened from the list.")
EVENT_OTHER_LAW = error_message(
    "calc-event-other-law", "“%(what)s” does not happen under the %(law)s. Choose from the "
    "list for this law, or change the law.")
EVENT_BEFORE = error_message("calc-event-before", "It is dated %(date)s, before the request "
                             "arrived on %(received)s. Check the year.")
EVENT_SECOND_TOLL = error_message(
    "calc-event-second-toll", "The agency may stop the clock only once to ask you for "
    "information (5 U.S.C. 552(a)(6)(A)(ii)(I)); a second question does not stop it again. "
    "Remove this event.")
EVENT_PAUSED = error_message(
    "calc-event-paused", "The clock is already stopped since %(since)s. Add the day your "
    "answer reached the agency first.")
EVENT_NOT_PAUSED = error_message(
    "calc-event-not-paused", "Nothing stopped the clock before this. Add the day the agency "
    "asked you a question first.")
EVENT_AMOUNT = error_message("calc-event-amount", "Enter the amount the agency asked for, in "
                             "dollars, for example 1200.")
EVENT_NO_AMOUNT = error_message("calc-event-no-amount", "Leave the amount empty: only a "
                                "request to pay has one.")
LAW_UNKNOWN = error_message("calc-law", "Choose a law from the list.")
AGENCY_UNKNOWN = error_message("calc-agency", "Choose an agency from the list.")
AGENCY_OTHER_LAW = error_message(
    "calc-agency-law", "%(agency)s does not take requests under the %(law)s. Change the law "
    "or the agency.")
CAPACITY_UNKNOWN = error_message("calc-capacity", "Choose who you are asking as from the "
                                 "list.")
CAPACITY_FEDERAL = error_message(
    "calc-capacity-federal", "This choice is only for Missouri requests (RSMo 610.100.4). For "
    "a federal law, choose “A member of the public or a reporter”.")
CLOSURES_UNKNOWN = error_message("calc-closures", "Choose one of the readings in the list.")

DATE_CODES = ("deadline-not-a-date", "deadline-not-a-real-date", "deadline-date-out-of-range")
# The engine's event codes, by the page's message (no parameters needed).
EVENT_CODES: dict[str, Message] = {
    "event-second-toll": EVENT_SECOND_TOLL, "event-no-open-toll": EVENT_NOT_PAUSED,
    "event-needs-amount": EVENT_AMOUNT, "event-bad-determination": EVENT_NO_AMOUNT,
    "event-takes-no-value": EVENT_NO_AMOUNT, "unknown-event-kind": EVENT_UNKNOWN,
    "event-syntax": EVENT_HALF, "event-incomplete": EVENT_HALF,
}
FIELD_CODES: dict[str, Message] = {
    "unknown-law": LAW_UNKNOWN, "deadline-unknown-agency": AGENCY_UNKNOWN,
    "unknown-capacity": CAPACITY_UNKNOWN, "capacity-federal": CAPACITY_FEDERAL,
    "unknown-closure-mode": CLOSURES_UNKNOWN, "received-required": DATE_RECEIVED,
}


def page_message(p: Problem, *, law: str, typed: Mapping[str, str],
                 rows: list[tuple[str, str, str, str]]) -> str:
    """One of the engine's problems as the page says it, in the interface language.

    `typed` holds what was typed in each single field (received, today), `rows` the event
    rows as typed, so a message can quote the date that is wrong and name the event."""
    mine = _page_problem(p, law=law, typed=typed, rows=rows)
    return say(mine) if mine is not None else say(p)


def _page_problem(p: Problem, *, law: str, typed: Mapping[str, str],
                  rows: list[tuple[str, str, str, str]]) -> Problem | None:
    where, code, params = p.field, p.code, p.params
    if where.startswith("event "):
        n = int(where.split(" ")[1]) if where.split(" ")[1].isdigit() else 0
        kind, day = (rows[n - 1][0], rows[n - 1][1]) if 0 < n <= len(rows) else ("", "")
        if code in DATE_CODES:
            return EVENT_DATE_BAD.at(where, text=f"“{day}”", example=EXAMPLE)
        if code == "event-wrong-law":
            return EVENT_OTHER_LAW.at(where, what=kind_words(kind) or kind,
                                      law=law_words(law))
        if code == "event-before-received":
            return EVENT_BEFORE.at(where, date=str(params.get("date", "")),
                                   received=str(params.get("received", "")))
        if code == "event-already-paused":
            return EVENT_PAUSED.at(where, since=str(params.get("since", "")))
        if code in EVENT_CODES:
            return EVENT_CODES[code].at(where, example=EXAMPLE) if code in (
                "event-syntax", "event-incomplete") else EVENT_CODES[code].at(where)
        return None
    if where in ("received", "today") and code in DATE_CODES:
        message = DATE_RECEIVED_BAD if where == "received" else DATE_TODAY_BAD
        return message.at(where, text=f"“{typed.get(where, '')}”", example=EXAMPLE)
    if code == "agency-law":
        return AGENCY_OTHER_LAW.at(where, agency=typed.get("agency_name", ""),
                                   law=law_words(law))
    if code in FIELD_CODES:
        found = FIELD_CODES[code]
        return found.at(where, example=EXAMPLE) if code == "received-required" \
            else found.at(where)
    return None
