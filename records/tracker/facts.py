"""The facts a follow-up letter is written from, gathered from the request's timeline and
its clocks, so the user types only what the timeline cannot know (their arguments).

Each date is the one the tracker shows: `due` is the missed clock's safe date (the latest
reading, before calling the agency late) and `appeal_by` the appeal clock's (the earliest,
before acting). records.tracker.followups renders the letter from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from records.models import TrackedRequest
from records.tracker.requests import entries, tracking
from records.tracker.timeline import Detail, Entry, TimelineKind, received_on, tracking_numbers
from records.vocabulary import ClockId, Status

T = TimelineKind
# The agency's adverse answers, latest first wins.
ADVERSE = (T.DENIED, T.NO_RECORDS, T.PARTIAL_RELEASE, T.DETERMINATION, T.APPEAL_DECIDED,
           T.FEE_WAIVER_DECIDED, T.EXPEDITE_DECIDED)
WITH_EXEMPTIONS = (T.DENIED, T.PARTIAL_RELEASE, T.DETERMINATION, T.STATEMENT_SENT)
# What the user may type on the letter's form; everything else comes from the timeline.
TYPED = ("arguments", "exemptions", "amend_record", "amend_correction", "amend_reason")


def _last(found: list[Entry], kinds: tuple[TimelineKind, ...]) -> Entry | None:
    return next((e for e in reversed(found) if e.kind in kinds), None)


def _sent(found: list[Entry]) -> Entry | None:
    return next((e for e in found if e.kind == T.SENT), None)


def _listed(text: str) -> tuple[str, ...]:
    return tuple(i.strip() for i in text.replace(";", ",").split(",") if i.strip())


def fact_values(request: TrackedRequest, *, today: date,
                form_values: Mapping[str, str]) -> dict[str, Any]:
    """Every fact, by the name of followups.Facts' field."""
    found = entries(request)
    clocks = {c.id: c for c in tracking(request, today=today).clocks}
    missed = next((c for c in clocks.values() if c.answered is None and c.due is not None
                   and c.status(today) == Status.MISSED and c.side == "agency"), None)
    appeal = clocks.get(ClockId.APPEAL_BY)
    sent = _sent(found)
    adverse = _last(found, ADVERSE)
    cited = _last(found, WITH_EXEMPTIONS)
    fee = _last(found, (T.PAYMENT_REQUESTED, T.FEE_ESTIMATE, T.FEE_TOLLED))
    typed = {name: " ".join(str(form_values.get(name, "")).split()) if name != "arguments"
             else str(form_values.get(name, "")).strip() for name in TYPED}
    exemptions = (_listed(typed["exemptions"]) if typed["exemptions"] else
                  tuple(cited.detail.get(Detail.EXEMPTIONS, ())) if cited else ())
    letter_date = min((s.letter_date for s in request.letters), default=None)
    return {
        "answers": dict(request.answers), "letter_date": today,
        "original_date": letter_date or date.fromisoformat(str(request.answers["date"])),
        "received": received_on(found),
        "sent_method": str(sent.detail.get(Detail.METHOD, "")) if sent else "",
        "certified_number": str(sent.detail.get(Detail.CERTIFIED_NUMBER, "")) if sent else "",
        "tracking": tracking_numbers(found),
        "appeal_tracking": tracking_numbers(found, appeal=True),
        "due": missed.safe_date if missed else None,
        "denied": adverse.day if adverse else None,
        "exemptions": exemptions, "arguments": typed["arguments"],
        "fee_amount": str(fee.detail.get(Detail.AMOUNT, "")) if fee else "",
        "fee_requested": fee.day if fee else None,
        "appeal_by": appeal.safe_date if appeal and appeal.answered is None else None,
        "amend_record": typed["amend_record"], "amend_correction": typed["amend_correction"],
        "amend_reason": typed["amend_reason"],
    }


def facts_for(request: TrackedRequest, kind: str, *, today: date,
              form_values: Mapping[str, str]) -> Any:
    """The followups.Facts for a `kind` follow-up of `request` (followups.problems checks
    them)."""
    from records.tracker import followups_api

    del kind  # every kind gets every fact; each letter uses what it needs
    values = fact_values(request, today=today, form_values=form_values)
    return followups_api.module().Facts(**values)
