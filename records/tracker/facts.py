"""The facts a follow-up letter is written from, gathered from the request's timeline and
its clocks, so the user types only what the timeline cannot know (their arguments).

Each date is the one the tracker shows: `due` is the missed clock's safe date (the latest
reading, before calling the agency late) and `appeal_by` the appeal clock's (the earliest,
before acting). records.tracker.followups renders the letter from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from records.models import TrackedRequest
from records.tracker.followup_facts import Facts
from records.tracker.requests import entries, tracking
from records.tracker.status import AGENCY_CLOCKS
from records.tracker.timeline import Detail, Entry, TimelineKind, received_on, tracking_numbers
from records.vocabulary import ClockId, Status

T = TimelineKind
# The agency's adverse answers, latest first wins.
ADVERSE = (T.DENIED, T.NO_RECORDS, T.PARTIAL_RELEASE, T.DETERMINATION, T.APPEAL_DECIDED,
           T.FEE_WAIVER_DECIDED, T.EXPEDITE_DECIDED)
WITH_EXEMPTIONS = (T.DENIED, T.PARTIAL_RELEASE, T.DETERMINATION, T.STATEMENT_SENT)
# What the user may type on the letter's form; everything else comes from the timeline.
TYPED = ("arguments", "exemptions", "amend_record", "amend_correction", "amend_reason",
         "appeal_address", "delivery", "may_sue")
DELIVERIES = ("mail", "email", "portal")


def _last(found: list[Entry], kinds: tuple[TimelineKind, ...]) -> Entry | None:
    return next((e for e in reversed(found) if e.kind in kinds), None)


def _sent(found: list[Entry]) -> Entry | None:
    return next((e for e in found if e.kind == T.SENT), None)


def _listed(text: str) -> tuple[str, ...]:
    return tuple(i.strip() for i in text.replace(";", ",").split(",") if i.strip())


def _typed(form_values: Mapping[str, str]) -> dict[str, Any]:
    """What the user typed, as Facts takes it: texts with their white space tidied (the
    arguments keep their paragraphs), an address as lines, yes/no as a bool."""
    text = {name: str(form_values.get(name) or "") for name in TYPED}
    delivery = text["delivery"].strip()
    return {
        "arguments": text["arguments"].strip(),
        **{name: " ".join(text[name].split())
           for name in ("amend_record", "amend_correction", "amend_reason")},
        "appeal_address": tuple(line.strip() for line in text["appeal_address"].splitlines()
                                if line.strip()),
        "delivery": delivery if delivery in DELIVERIES else "",
        "may_sue": text["may_sue"].strip().lower() in ("y", "yes", "true", "on", "1"),
    }


def _timeline(request: TrackedRequest, today: date) -> dict[str, Any]:
    """The facts the timeline and the clocks know."""
    found = entries(request)
    clocks = {c.id: c for c in tracking(request, today=today).clocks}
    # The agency's first clock in the statutes' order (the response before the rest).
    missed = next((clocks[i] for i in AGENCY_CLOCKS if i in clocks
                   and clocks[i].answered is None and clocks[i].due is not None
                   and clocks[i].status(today) == Status.MISSED), None)
    appeal = clocks.get(ClockId.APPEAL_BY)
    sent, adverse = _sent(found), _last(found, ADVERSE)
    cited = _last(found, WITH_EXEMPTIONS)
    fee = _last(found, (T.PAYMENT_REQUESTED, T.FEE_ESTIMATE, T.FEE_TOLLED))
    first = min((s.letter_date for s in request.letters), default=None)
    return {
        "answers": dict(request.answers), "letter_date": today,
        "original_date": first or date.fromisoformat(str(request.answers["date"])),
        "received": received_on(found),
        "sent_method": str(sent.detail[Detail.METHOD])
        if sent and sent.detail.get(Detail.METHOD) else None,
        "certified_number": str(sent.detail.get(Detail.CERTIFIED_NUMBER, "")) if sent else "",
        "tracking": tracking_numbers(found),
        "appeal_tracking": tracking_numbers(found, appeal=True),
        "due": missed.safe_date if missed else None,
        "denied": adverse.day if adverse else None,
        "exemptions": tuple(cited.detail.get(Detail.EXEMPTIONS, ())) if cited else (),
        "fee_amount": Decimal(fee.detail[Detail.AMOUNT])
        if fee and fee.detail.get(Detail.AMOUNT) else None,
        "fee_requested": fee.day if fee else None,
        "appeal_by": appeal.safe_date if appeal and appeal.answered is None else None,
    }


def fact_values(request: TrackedRequest, *, today: date,
                form_values: Mapping[str, str]) -> dict[str, Any]:
    """Every fact, by the name of Facts' field. Exemptions typed on the form replace the
    timeline's (the user may read the agency's letter better than they first recorded it)."""
    values = {**_timeline(request, today), **_typed(form_values)}
    typed = _listed(str(form_values.get("exemptions") or ""))
    if typed:
        values["exemptions"] = typed
    return values


def facts_for(request: TrackedRequest, kind: str, *, today: date,
              form_values: Mapping[str, str]) -> Facts:
    """The Facts for a `kind` follow-up of `request` (followups.problems checks them)."""
    del kind  # every kind gets every fact; each letter uses what it needs
    return Facts(**fact_values(request, today=today, form_values=form_values))
