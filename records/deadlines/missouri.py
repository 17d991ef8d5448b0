"""Missouri Sunshine Law clocks (RSMo ch. 610): when each one starts. Lengths are data.

Receipt by the custodian is day 0 (RSMo 610.023.3 counts days "following the date the request
is received"; RSMo 1.040 excludes the first day). A weekend receipt counts from the calendar
date of arrival; "deemed received next business day" is a later alternative.
"""

from __future__ import annotations

from datetime import date, timedelta

from records.deadlines.clocks import calendar_clock, clock_for, earliest_start, none_clock, rule_for
from records.deadlines.model import MISSOURI, Case, Clock, Event
from records.messages import N_, Say, Text
from records.vocabulary import Capacity

RECEIVED = Say("the custodian of records received the request")
# A tracked letter that asked in advance for the written statement (every Sunshine letter
# does): the statement cannot be due before there is a denial, so the tracker starts the
# clock on the denial's date, the later reading (records/tracker/status.py).
ASKED_IN_LETTER = "asked-in-letter"
IN_LETTER = Say("the request was denied (your letter asked in advance for the written "
                "statement; counted from the denial, the later reading)")


def response(case: Case) -> Clock:
    rule = rule_for(case, "response", case.received)
    return clock_for(case, rule, case.received, RECEIVED, deemed=True)


def denial_statement(case: Case, asked: Event) -> Clock:
    # 610.023.4: "the third business day following the date that the request for the
    # statement is received"; the same day-0 convention as the response clock.
    rule = rule_for(case, "denial-statement", asked.date)
    label = IN_LETTER if asked.value == ASKED_IN_LETTER else asked.words
    return clock_for(case, rule, asked.date, label, deemed=True)


# The capacity as the explanation names it: its id in English (the CLI's and the API's text
# is unchanged), a word in messages.po for the interface.
CAPACITY_SAID: dict[str, str] = {
    Capacity.PUBLIC: N_("public"), Capacity.INVOLVED: N_("involved"),
    Capacity.ATTORNEY: N_("attorney"), Capacity.INSURER: N_("insurer"),
    Capacity.FAMILY: N_("family"),
}


def involved_person(case: Case) -> Clock:
    # 610.100.4 [U]: 30 days for a person involved, their attorney or insurer; RSMo 1.040.
    rule = rule_for(case, "involved-person", case.received)
    label = Say("the custodian of records received the request (a written request under "
                "RSMo 610.100.4, capacity: %(capacity)s)",
                capacity=Say(CAPACITY_SAID.get(case.capacity, case.capacity)))
    return calendar_clock(case, rule, case.received, label, deemed=True)


def lapse(case: Case, clock_id: str, asked: Event) -> Clock:
    """HB 145's fee and clarification lapses; the date of the agency's request picks the rule."""
    rule = rule_for(case, clock_id, asked.date, asked.amount)
    label: Text = asked.words
    if asked.value:
        label = Say("%(event)s ($%(amount)s)", event=asked.words, amount=asked.value)
    return clock_for(case, rule, asked.date, label)


def suit_by(case: Case, response_clock: Clock) -> Clock:
    """610.027.5 as guidance: one year from the day after a missed response, or a denial.

    Several starting points can exist; the earliest is the default because it is the safe
    date for suing, and the others are alternatives.
    """
    starts: list[tuple[date, Text]] = []
    if response_clock.due is not None and response_clock.status(case.today) == "missed":
        starts.append((response_clock.due + timedelta(days=1),
                       Say("the day after the missed response deadline (%(date)s)",
                           date=response_clock.due)))
    denied = case.first("denied")
    if denied is not None:
        starts.append((denied.date, Say("the request was denied")))
    rule = rule_for(case, "suit-by", starts[0][0] if starts else case.received)
    if not starts:
        return none_clock(case, rule, [
            Say("No lawsuit clock yet: it starts the day after a missed response deadline, "
                "or on a denial (RSMo 610.027.5, read as one year; guidance).")])
    return earliest_start(case, rule, starts)


def missouri_clocks(case: Case) -> list[Clock]:
    """Every Missouri clock that applies to the case, in the order of docs/interfaces.md."""
    assert case.law == MISSOURI
    first = response(case)
    clocks = [first]
    asked = case.first("statement-requested")
    if asked is not None:
        clocks.append(denial_statement(case, asked))
    if case.capacity != "public":
        clocks.append(involved_person(case))
    for kind, clock_id in (("payment-requested", "fee-lapse"),
                           ("clarification-requested", "clarification-lapse")):
        event = case.first(kind)
        if event is not None:
            clocks.append(lapse(case, clock_id, event))
    clocks.append(suit_by(case, first))
    return clocks
