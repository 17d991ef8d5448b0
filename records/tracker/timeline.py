"""Timeline events and the one table that maps each of them to the deadline engine's events.

A tracked request's timeline speaks the requester's language ("acknowledged, with tracking
number 2026-ICFO-01234", "partial release"); the engine speaks the statutes' (`responded`,
`determination:adverse`). `KINDS` says, per kind and per law, which engine events a
timeline event stands for, so the clocks follow from the timeline and nowhere else.

Every engine event kind is also a timeline kind that maps to itself, so the JSON API can
take "the engine's kinds, plus `sent`" (and the timeline's own kinds) in one vocabulary.

The choices below are the conservative ones: where an agency's act might or might not
stop or pause a clock, it is counted as stopping or pausing it, so the tracker says an
agency is late only when it is late on every reading (see DESIGN "the safe date").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from records.deadlines import Event
from records.messages import N_
from records.vocabulary import FEDERAL_LAWS, EventKind, Law


class TimelineKind(StrEnum):
    SENT = "sent"
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    RESPONDED = "responded"
    TOLLED = "tolled"
    RESUMED = "resumed"
    EXTENDED = "extended"
    ROUTED = "routed"
    FEE_ESTIMATE = "fee-estimate"
    FEE_TOLLED = "fee-tolled"
    PAYMENT_REQUESTED = "payment-requested"
    PAID = "paid"
    CLARIFICATION_REQUESTED = "clarification-requested"
    CLARIFIED = "clarified"
    PARTIAL_RELEASE = "partial-release"
    PRODUCED = "produced"
    DENIED = "denied"
    NO_RECORDS = "no-records"
    COMPLETED = "completed"
    DETERMINATION = "determination"
    STATEMENT_REQUESTED = "statement-requested"
    STATEMENT_SENT = "statement-sent"
    EXPEDITE_REQUESTED = "expedite-requested"
    EXPEDITE_DECIDED = "expedite-decided"
    FEE_WAIVER_DECIDED = "fee-waiver-decided"
    APPEAL_SENT = "appeal-sent"
    APPEAL_RECEIVED = "appeal-received"
    APPEAL_EXTENDED = "appeal-extended"
    APPEAL_DECIDED = "appeal-decided"
    SUIT_FILED = "suit-filed"
    WITHDRAWN = "withdrawn"


class Detail(StrEnum):
    """The fields a timeline event can carry in its `detail`."""

    METHOD = "method"  # how it was sent: SEND_METHODS
    CERTIFIED_NUMBER = "certified_number"
    TRACKING = "tracking"  # the agency's tracking number (2026-ICFO-01234, 2026-ICAP-00012)
    AMOUNT = "amount"  # dollars, as a decimal string
    EXEMPTIONS = "exemptions"  # a list, as the agency cited them: "(b)(6)", "610.021(14)"
    EXPLAINED = "explained"  # Missouri: the reply gave the cause of delay and a date
    FINAL = "final"  # a partial release that is the agency's final answer
    GRANTED = "granted"  # expedite or fee-waiver decision, appeal decision: granted or not
    COMPONENT = "component"  # where a request was routed


SEND_METHODS = ("mail", "certified", "email", "portal", "hand")
SEND_METHOD_LABELS = {"mail": N_("Mail"), "certified": N_("Certified mail"),
                      "email": N_("Email"), "portal": N_("Portal"),
                      "hand": N_("Hand delivery")}

_MO = (Law.MO_SUNSHINE,)
_FED = FEDERAL_LAWS
_ALL = _MO + _FED
E = EventKind
ADVERSE, FULL = "adverse", "full"


@dataclass(frozen=True)
class KindSpec:
    """A timeline kind: where it applies, what it says, and the engine events it stands for.

    `engine` maps a law group ("mo" or "federal") to (engine kind, value) pairs; a value of
    "amount" takes the event's amount. `conditions` names a boolean detail that must be
    true for the engine events to follow (a Missouri acknowledgment counts as a response
    only when it explained the delay, RSMo 610.023.3).
    """

    laws: tuple[Law, ...]
    label: str
    details: tuple[Detail, ...] = ()
    engine: dict[str, tuple[tuple[EventKind, str], ...]] = field(default_factory=dict)
    condition: Detail | None = None
    why: str = ""


T, D = TimelineKind, Detail
KINDS: dict[TimelineKind, KindSpec] = {
    T.SENT: KindSpec(_ALL, "Sent", (D.METHOD, D.CERTIFIED_NUMBER)),
    # `received` is not an engine event: its date is the case's day 0 (handled in clocks.py).
    T.RECEIVED: KindSpec(_ALL, "Received by the agency"),
    T.ACKNOWLEDGED: KindSpec(
        _ALL, "Acknowledged", (D.TRACKING, D.EXPLAINED),
        {"mo": ((E.RESPONDED, ""),)}, condition=D.EXPLAINED,
        why="RSMo 610.023.3: a reply that explains the cause of further delay and gives the "
            "earliest date is the custodian's response; a bare acknowledgment is not."),
    T.RESPONDED: KindSpec(_MO, "The custodian responded", (), {"mo": ((E.RESPONDED, ""),)}),
    T.TOLLED: KindSpec(_FED, "Tolled (the agency asked for information)", (),
                       {"federal": ((E.TOLLED, ""),)}),
    T.RESUMED: KindSpec(_FED, "Your answer reached the agency", (),
                        {"federal": ((E.RESUMED, ""),)}),
    T.EXTENDED: KindSpec(_FED, "Extended (unusual circumstances)", (),
                         {"federal": ((E.EXTENDED, ""),)}),
    T.ROUTED: KindSpec(_FED, "Routed to another component", (D.COMPONENT, D.TRACKING),
                       {"federal": ((E.ROUTED, ""),)}),
    T.FEE_ESTIMATE: KindSpec(
        _ALL, "Fee estimate", (D.AMOUNT,),
        {"mo": ((E.RESPONDED, ""),), "federal": ((E.FEE_TOLLED, ""),)},
        why="Counted as the custodian's response (Missouri) and as a fee toll, 5 U.S.C. "
            "552(a)(6)(A)(ii)(II) (federal): the later reading of the agency's deadline."),
    T.FEE_TOLLED: KindSpec(_FED, "Fee question (tolled)", (D.AMOUNT,),
                           {"federal": ((E.FEE_TOLLED, ""),)}),
    T.PAYMENT_REQUESTED: KindSpec(
        _ALL, "Payment requested", (D.AMOUNT,),
        {"mo": ((E.RESPONDED, ""), (E.PAYMENT_REQUESTED, "amount")),
         "federal": ((E.FEE_TOLLED, ""),)}),
    T.PAID: KindSpec(_ALL, "Paid", (D.AMOUNT,),
                     {"mo": ((E.PAID, ""),), "federal": ((E.RESUMED, ""),)}),
    T.CLARIFICATION_REQUESTED: KindSpec(
        _ALL, "Clarification requested", (),
        {"mo": ((E.RESPONDED, ""), (E.CLARIFICATION_REQUESTED, "")),
         "federal": ((E.TOLLED, ""),)}),
    T.CLARIFIED: KindSpec(_ALL, "Clarification answered", (),
                          {"mo": ((E.CLARIFIED, ""),), "federal": ((E.RESUMED, ""),)}),
    T.PARTIAL_RELEASE: KindSpec(
        _ALL, "Partial release", (D.FINAL, D.EXEMPTIONS),
        {"mo": ((E.RESPONDED, ""),), "federal": ((E.DETERMINATION, ADVERSE),)},
        condition=D.FINAL,
        why="An interim release is not a determination; a final partial grant is an adverse "
            "determination that can be appealed (6 CFR 5.6(d))."),
    T.PRODUCED: KindSpec(_MO, "Records produced", (), {"mo": ((E.PRODUCED, ""),)}),
    T.DENIED: KindSpec(
        _ALL, "Denied", (D.EXEMPTIONS,),
        {"mo": ((E.DENIED, ""),), "federal": ((E.DETERMINATION, ADVERSE),)}),
    T.NO_RECORDS: KindSpec(
        _ALL, "No records found", (),
        {"mo": ((E.RESPONDED, ""),), "federal": ((E.DETERMINATION, ADVERSE),)},
        why="A no-records response is an adverse determination that can be appealed "
            "(6 CFR 5.6(d)); in Missouri it answers the request."),
    T.COMPLETED: KindSpec(
        _ALL, "Completed (all records released)", (),
        {"mo": ((E.PRODUCED, ""),), "federal": ((E.DETERMINATION, FULL),)}),
    T.DETERMINATION: KindSpec(_FED, "Determination", (D.GRANTED, D.EXEMPTIONS),
                              {"federal": ((E.DETERMINATION, "determination"),)}),
    T.STATEMENT_REQUESTED: KindSpec(_MO, "Written reasons requested (received)", (),
                                    {"mo": ((E.STATEMENT_REQUESTED, ""),)}),
    T.STATEMENT_SENT: KindSpec(_MO, "Written reasons received", (D.EXEMPTIONS,),
                               {"mo": ((E.STATEMENT_SENT, ""),)}),
    T.EXPEDITE_REQUESTED: KindSpec(_FED, "Expedited processing requested (received)", (),
                                   {"federal": ((E.EXPEDITE_REQUESTED, ""),)}),
    T.EXPEDITE_DECIDED: KindSpec(_FED, "Expedited processing decided", (D.GRANTED,),
                                 {"federal": ((E.EXPEDITE_DECIDED, ""),)}),
    T.FEE_WAIVER_DECIDED: KindSpec(_FED, "Fee waiver decided", (D.GRANTED,)),
    T.APPEAL_SENT: KindSpec(_FED, "Appeal sent", (D.METHOD,),
                            {"federal": ((E.APPEAL_SENT, ""),)}),
    T.APPEAL_RECEIVED: KindSpec(_FED, "Appeal received", (D.TRACKING,),
                                {"federal": ((E.APPEAL_RECEIVED, ""),)}),
    T.APPEAL_EXTENDED: KindSpec(_FED, "Appeal decision extended", (),
                                {"federal": ((E.APPEAL_EXTENDED, ""),)}),
    T.APPEAL_DECIDED: KindSpec(_FED, "Appeal decided", (D.GRANTED,),
                               {"federal": ((E.APPEAL_DECIDED, ""),)}),
    T.SUIT_FILED: KindSpec(_ALL, "Suit filed", (),
                           {"mo": ((E.SUIT_FILED, ""),), "federal": ((E.SUIT_FILED, ""),)}),
    T.WITHDRAWN: KindSpec(_ALL, "Withdrawn"),
}
TIMELINE_KINDS: tuple[TimelineKind, ...] = tuple(KINDS)


def law_group(law: str) -> str:
    return "mo" if law == Law.MO_SUNSHINE else "federal"


def kinds_for(law: str) -> tuple[TimelineKind, ...]:
    return tuple(k for k, spec in KINDS.items() if law in spec.laws)


@dataclass(frozen=True)
class Entry:
    """A timeline event as the domain sees it (a row of timeline_events, or a test's)."""

    kind: TimelineKind
    day: date
    detail: dict[str, Any] = field(default_factory=dict)
    note: str = ""


def engine_events(law: str, entries: list[Entry]) -> list[Event]:
    """The engine events the timeline stands for, in timeline order."""
    group = law_group(law)
    found: list[Event] = []
    for entry in entries:
        spec = KINDS[entry.kind]
        if spec.condition is not None and not entry.detail.get(spec.condition):
            continue
        for kind, value in spec.engine.get(group, ()):
            found.append(Event(entry.day, len(found), kind, _value(value, entry)))
    return found


def _value(value: str, entry: Entry) -> str:
    if value == "amount":
        return str(entry.detail.get(Detail.AMOUNT, ""))
    if value == "determination":
        return FULL if entry.detail.get(Detail.GRANTED) is True else ADVERSE
    return value


def received_on(entries: list[Entry]) -> date | None:
    """Day 0: the first date the agency received the request."""
    days = [e.day for e in entries if e.kind == TimelineKind.RECEIVED]
    return min(days) if days else None


def tracking_numbers(entries: list[Entry], *, appeal: bool = False) -> tuple[str, ...]:
    """The agency's tracking numbers, first seen first, without repeats."""
    kinds = {T.APPEAL_RECEIVED} if appeal else {T.ACKNOWLEDGED, T.ROUTED}
    numbers: list[str] = []
    for entry in entries:
        number = str(entry.detail.get(Detail.TRACKING, "")).strip()
        if entry.kind in kinds and number and number not in numbers:
            numbers.append(number)
    return tuple(numbers)
