"""A request's clocks, its status and the next step, computed from its timeline and today.

Nothing here is stored: the clocks come from the deadline engine each time, over the
calendars as they are now, so a corrected holiday table moves every open request
(DESIGN "No frozen dates").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from records.catalog import default_catalog
from records.deadlines import Calendar, Case, Clock, Event, compute, trusted_case
from records.deadlines.missouri import ASKED_IN_LETTER
from records.messages import FieldError, Message, error_message
from records.tracker.followup_facts import FollowUpKind
from records.tracker.timeline import (
    Detail,
    Entry,
    TimelineKind,
    engine_events,
    received_on,
)
from records.vocabulary import ClockId, EventKind, Law, Status, Unit


class TrackStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    AWAITING_RESPONSE = "awaiting-response"
    OVERDUE = "overdue"
    AWAITING_PAYMENT = "awaiting-payment"
    APPEAL_WINDOW = "appeal-window-open"
    IN_APPEAL = "in-appeal"
    DONE = "done"


TRACK_STATUSES: tuple[TrackStatus, ...] = tuple(TrackStatus)
STATUS_LABELS: dict[TrackStatus, str] = {
    TrackStatus.DRAFT: "Draft", TrackStatus.SENT: "Sent",
    TrackStatus.AWAITING_RESPONSE: "Awaiting response", TrackStatus.OVERDUE: "Overdue",
    TrackStatus.AWAITING_PAYMENT: "Awaiting payment",
    TrackStatus.APPEAL_WINDOW: "Appeal window open", TrackStatus.IN_APPEAL: "In appeal",
    TrackStatus.DONE: "Done",
}
# The agency's clocks: missing one makes the request overdue.
AGENCY_CLOCKS = (ClockId.RESPONSE, ClockId.DENIAL_STATEMENT, ClockId.INVOLVED_PERSON,
                 ClockId.DETERMINATION, ClockId.EXPEDITE_DECISION, ClockId.APPEAL_DECISION)

# The next step, in words (msgids; the web page translates them). Dates are not in the
# words: the page shows the deadline beside them, as a date in the reader's language. A
# count of one has its own message ("1 business day"), since these are not plural forms.
STEP_SEND = error_message("step-send", "Send the letter, then record the day you sent it.")
STEP_RECEIVED = error_message(
    "step-received", "Record the day %(agency)s received it: the clock starts then.")
STEP_LATE_MO = (
    error_message("step-late-mo-1", "%(agency)s is 1 business day late: send the follow-up."),
    error_message("step-late-mo", "%(agency)s is %(days)s business days late: send the "
                  "follow-up."))
STEP_LATE_STATEMENT = (
    error_message("step-late-statement-1", "%(agency)s is 1 business day late with its "
                  "written reasons: tell it the time to sue is running."),
    error_message("step-late-statement", "%(agency)s is %(days)s business days late with its "
                  "written reasons: tell it the time to sue is running."))
STEP_LATE_FED = (
    error_message("step-late-fed-1", "%(agency)s is 1 working day late: send a status "
                  "inquiry, or appeal."),
    error_message("step-late-fed", "%(agency)s is %(days)s working days late: send a status "
                  "inquiry, or appeal."))
STEP_LATE_APPEAL = (
    error_message("step-late-appeal-1", "The appeal decision is 1 working day late: ask OGIS "
                  "to mediate."),
    error_message("step-late-appeal", "The appeal decision is %(days)s working days late: ask "
                  "OGIS to mediate."))
STEP_LATE_DAYS = (
    error_message("step-late-days-1", "%(agency)s is 1 day late: send the follow-up."),
    error_message("step-late-days", "%(agency)s is %(days)s days late: send the follow-up."))
STEP_LATE_EXPEDITE = (
    error_message("step-late-expedite-1", "%(agency)s is 1 day late deciding on expedited "
                  "processing: send a status inquiry."),
    error_message("step-late-expedite", "%(agency)s is %(days)s days late deciding on "
                  "expedited processing: send a status inquiry."))
STEP_PAY = error_message("step-pay", "Pay %(agency)s before the deadline, or challenge the "
                         "fee.")
STEP_PAY_FED = error_message(
    "step-pay-fed", "Answer the fee letter from %(agency)s, then record the day your answer "
    "arrived.")
STEP_APPEAL = error_message("step-appeal", "Appeal before the deadline.")
STEP_REASONS = error_message(
    "step-reasons", "Waiting for the written reasons for the denial, which your letter asked "
    "%(agency)s for; you can ask again.")
STEP_SUE = error_message(
    "step-sue", "You may still go to court; you can tell %(agency)s the time is running.")
STEP_WAIT_APPEAL = error_message("step-wait-appeal", "Waiting for the appeal decision.")
STEP_WAIT = error_message("step-wait", "Waiting for %(agency)s.")
STEP_DONE = error_message("step-done", "Nothing to do.")
STEP_REPEAT = error_message("step-repeat", "The next request in this series is due: send it.")


@dataclass(frozen=True)
class NextStep:
    """What to do next: the words (a coded message) and the action's button, if any.

    `action` is a follow-up letter kind, `event:<timeline kind>` (record that event), or
    `repeat` (write the next request of a recurring series).
    """

    message: FieldError
    action: str = ""
    clock: str = ""
    due: date | None = None

    @property
    def text(self) -> str:
        return self.message.message


@dataclass(frozen=True)
class Tracking:
    status: TrackStatus
    clocks: list[Clock]
    step: NextStep
    received: date | None
    calendar: Calendar | None = None  # the agency's calendar, for counting business days

    @property
    def next_due(self) -> tuple[date, Clock] | None:
        """The deadline the next step is about; else the earliest open clock's safe date
        (agency or requester), leaving out the lawsuit clock and an expedite decision made
        moot by the determination."""
        chosen = next((c for c in self.clocks if c.id == self.step.clock), None)
        if chosen is not None and chosen.safe_date is not None:
            return chosen.safe_date, chosen
        skip = moot(self.clocks) | {ClockId.SUIT_BY}
        open_ = [(c.safe_date, c) for c in self.clocks
                 if c.safe_date is not None and c.answered is None and c.id not in skip]
        return min(open_, key=lambda pair: pair[0]) if open_ else None

    def days(self, today: date) -> tuple[int, str] | None:
        """Days to the next deadline (negative: late) in its clock's own unit, as the next
        step counts them: ("business", -9) for a Missouri response nine business days
        late."""
        found = self.next_due
        if found is None:
            return None
        due, clock = found
        if clock.unit != Unit.BUSINESS or self.calendar is None:
            return days_to(due, today, None), Unit.CALENDAR
        return days_to(due, today, self.calendar), Unit.BUSINESS


def days_to(due: date, today: date, calendar: Calendar | None) -> int:
    """Days from `today` to `due` (negative once past): business days on `calendar`, or
    calendar days without one."""
    if calendar is None:
        return (due - today).days
    if due >= today:
        return calendar.business_days_between(today, due)
    return -calendar.business_days_between(due, today)


def moot(clocks: list[Clock]) -> set[str]:
    """Clocks nobody waits on any more: once the agency has decided the request, whether
    to expedite it is moot."""
    decided = any(c.id == ClockId.DETERMINATION and c.answered is not None for c in clocks)
    return {ClockId.EXPEDITE_DECISION} if decided else set()


def _step(message: Message, action: str = "", clock: Clock | None = None,
          **params: str | int) -> NextStep:
    return NextStep(message.at("step", **params), action, clock.id if clock else "",
                    clock.safe_date if clock else None)


def track(law: str, agency_id: str, answers: dict[str, Any], entries: list[Entry], *,
          today: date, explain: bool = False, repeat_due: bool = False) -> Tracking:
    """The request's clocks, status and next step as of `today`."""
    agency = default_catalog().agency(agency_id)
    name = agency.short_name
    kinds = {e.kind for e in entries}
    received = received_on(entries)
    if TimelineKind.WITHDRAWN in kinds or TimelineKind.SUIT_FILED in kinds:
        return Tracking(TrackStatus.DONE, [], _step(STEP_DONE), received)
    if received is None:
        if TimelineKind.SENT in kinds:
            return Tracking(TrackStatus.SENT, [], _step(STEP_RECEIVED, "event:received",
                                                        agency=name), received)
        return Tracking(TrackStatus.DRAFT, [], _step(STEP_SEND, "event:sent"), received)
    case = case_for(law, agency_id, answers, entries, today=today, explain=explain)
    assert case is not None  # received is set
    clocks = compute(case)
    status, step = _status(law, name, entries, clocks, case.calendar, today)
    if status == TrackStatus.DONE and repeat_due:
        step = _step(STEP_REPEAT, "repeat")
    return Tracking(status, clocks, step, received, case.calendar)


def _statement_asked_in_letter(events: list[Event]) -> list[Event]:
    """Every Sunshine letter asks in advance for the RSMo 610.023.4 written statement, so a
    denial starts its clock unless a separate request for it is on the timeline."""
    kinds = {e.kind for e in events}
    denied = next((e for e in events if e.kind == EventKind.DENIED), None)
    if denied is None or EventKind.STATEMENT_REQUESTED in kinds:
        return []
    return [Event(denied.date, len(events), EventKind.STATEMENT_REQUESTED, ASKED_IN_LETTER)]


def case_for(law: str, agency_id: str, answers: dict[str, Any], entries: list[Entry], *,
             today: date, explain: bool = False) -> Case | None:
    """The engine's case for a timeline (None until the agency has received the request):
    what `track` computes from, and what the Deadlines JSON (`to_json`) describes."""
    received = received_on(entries)
    if received is None:
        return None
    events = engine_events(law, entries)
    if law == Law.MO_SUNSHINE:
        events += _statement_asked_in_letter(events)
    if law != Law.MO_SUNSHINE and answers.get("expedite"):
        # The letter asked for expedited processing: its 10-day clock starts on receipt.
        events.append(_expedite(received, len(events)))
    capacity = str(answers.get("capacity") or "public") if law == Law.MO_SUNSHINE else "public"
    return trusted_case(Law(law), received, today=today,
                        agency=default_catalog().agency(agency_id), capacity=capacity,
                        events=events, explain=explain)


def _expedite(received: date, order: int) -> Event:
    return Event(received, order, EventKind.EXPEDITE_REQUESTED)


def _missed(clocks: list[Clock], today: date) -> Clock | None:
    skip = moot(clocks)
    late = [c for c in clocks if c.id in AGENCY_CLOCKS and c.id not in skip
            and c.answered is None and c.due is not None and c.status(today) == Status.MISSED]
    return late[0] if late else None


def _days_late(clock: Clock, calendar: Calendar, today: date) -> int:
    assert clock.due is not None
    # Late is counted from the latest reading (the safe date), as the page says it.
    business = calendar if clock.unit == Unit.BUSINESS else None
    return max(-days_to(clock.safe_date or clock.due, today, business), 1)


def _status(law: str, agency: str, entries: list[Entry], clocks: list[Clock], calendar: Calendar,
            today: date) -> tuple[TrackStatus, NextStep]:
    by_id = {c.id: c for c in clocks}
    kinds = [e.kind for e in entries]
    late = _missed(clocks, today)
    if late is not None and (late.safe_date is None or late.safe_date < today):
        return TrackStatus.OVERDUE, _late_step(law, agency, late, calendar, today)
    fee = by_id.get(ClockId.FEE_LAPSE)
    if fee is not None and fee.answered is None and fee.status(today) != Status.MISSED:
        return TrackStatus.AWAITING_PAYMENT, _step(
            STEP_PAY, FollowUpKind.FEE_CHALLENGE, fee, agency=agency)
    if law != Law.MO_SUNSHINE and TimelineKind.PAYMENT_REQUESTED in kinds \
            and TimelineKind.PAID not in kinds:
        return TrackStatus.AWAITING_PAYMENT, _step(STEP_PAY_FED, "event:paid", agency=agency)
    if TimelineKind.APPEAL_SENT in kinds or TimelineKind.APPEAL_RECEIVED in kinds:
        if TimelineKind.APPEAL_DECIDED not in kinds:
            decision = by_id.get(ClockId.APPEAL_DECISION)
            return TrackStatus.IN_APPEAL, _step(STEP_WAIT_APPEAL, "event:appeal-decided",
                                                decision)
        return TrackStatus.DONE, _step(STEP_DONE)
    window = _appeal_window(law, agency, entries, by_id, today)
    if window is not None:
        return TrackStatus.APPEAL_WINDOW, window
    if _answered(law, entries, by_id):
        return TrackStatus.DONE, _step(STEP_DONE)
    return TrackStatus.AWAITING_RESPONSE, _waiting(law, agency, by_id, today)


def _late_step(law: str, agency: str, clock: Clock, calendar: Calendar,
               today: date) -> NextStep:
    days = _days_late(clock, calendar, today)

    def late(pair: tuple[Message, Message], action: str) -> NextStep:
        return _step(pair[0] if days == 1 else pair[1], action, clock, agency=agency,
                     days=days)

    if clock.id == ClockId.DENIAL_STATEMENT:
        return late(STEP_LATE_STATEMENT, FollowUpKind.SUIT_NOTICE)
    if clock.id == ClockId.APPEAL_DECISION:
        return late(STEP_LATE_APPEAL, FollowUpKind.OGIS)
    if clock.id == ClockId.EXPEDITE_DECISION:
        return late(STEP_LATE_EXPEDITE, FollowUpKind.STATUS_INQUIRY)
    if law == Law.MO_SUNSHINE:
        pair = STEP_LATE_MO if clock.unit == Unit.BUSINESS else STEP_LATE_DAYS
        return late(pair, FollowUpKind.FOLLOW_UP)
    return late(STEP_LATE_FED, FollowUpKind.STATUS_INQUIRY)


def _appeal_window(law: str, agency: str, entries: list[Entry], by_id: dict[str, Clock],
                   today: date) -> NextStep | None:
    if law == Law.MO_SUNSHINE:
        if not any(e.kind == TimelineKind.DENIED for e in entries):
            return None
        statement = by_id.get(ClockId.DENIAL_STATEMENT)
        if statement is not None and statement.answered is None:
            return _step(STEP_REASONS, FollowUpKind.DENIAL_STATEMENT, statement, agency=agency)
        suit = by_id.get(ClockId.SUIT_BY)
        if suit is None or suit.safe_date is None or suit.safe_date < today:
            return None
        return _step(STEP_SUE, FollowUpKind.SUIT_NOTICE, suit, agency=agency)
    appeal = by_id.get(ClockId.APPEAL_BY)
    if appeal is None or appeal.safe_date is None or appeal.safe_date < today:
        return None
    return _step(STEP_APPEAL, appeal_kind(entries), appeal)


def appeal_kind(entries: list[Entry]) -> str:
    """The appeal that fits the last adverse answer: a no-records answer is appealed for an
    inadequate search, anything else against the exemptions it cites."""
    for entry in reversed(entries):
        if entry.kind == TimelineKind.NO_RECORDS:
            return FollowUpKind.APPEAL_SEARCH
        if entry.kind in (TimelineKind.DENIED, TimelineKind.PARTIAL_RELEASE,
                          TimelineKind.DETERMINATION):
            return FollowUpKind.APPEAL_EXEMPTIONS
        if entry.kind in (TimelineKind.FEE_WAIVER_DECIDED, TimelineKind.EXPEDITE_DECIDED) \
                and entry.detail.get(Detail.GRANTED) is False:
            return (FollowUpKind.APPEAL_FEE_WAIVER if entry.kind ==
                    TimelineKind.FEE_WAIVER_DECIDED else FollowUpKind.APPEAL_EXPEDITE)
    return FollowUpKind.APPEAL_EXEMPTIONS


def _answered(law: str, entries: list[Entry], by_id: dict[str, Clock]) -> bool:
    kinds = {e.kind for e in entries}
    if law == Law.MO_SUNSHINE:
        return bool(kinds & {TimelineKind.COMPLETED, TimelineKind.PRODUCED,
                             TimelineKind.NO_RECORDS, TimelineKind.DENIED})
    determination = by_id.get(ClockId.DETERMINATION)
    return determination is not None and determination.answered is not None


def _waiting(law: str, agency: str, by_id: dict[str, Clock], today: date) -> NextStep:
    first = ClockId.RESPONSE if law == Law.MO_SUNSHINE else ClockId.DETERMINATION
    clock = by_id.get(first)
    if clock is None or clock.answered is not None or clock.safe_date is None:
        return _step(STEP_WAIT, "event:acknowledged", agency=agency)
    return _step(STEP_WAIT, "event:acknowledged", clock, agency=agency)

