"""The JSON API's shapes and its one-field event input. Plain domain code: the views in
records.web.api pass the Session, the user's id, `today`, `now` and the base URL.

An event is posted as `{"kind", "date", "value", "note"}` (and optionally `"detail"` for
a kind's other fields). `value` is the kind's main detail (VALUE_DETAIL):

    sent, appeal-sent              how it was sent: mail, certified, email, portal, hand
    acknowledged, appeal-received  the agency's tracking number
    routed                         the component it was routed to
    fee-estimate, fee-tolled,      the amount in dollars ("125.50")
    payment-requested, paid
    denied, partial-release,       the exemptions cited, a list or "(b)(6), (b)(7)(C)"
    statement-sent
    determination                  "full" (granted in full) or "adverse"
    expedite-decided,              "granted" or "denied"
    fee-waiver-decided,
    appeal-decided

Every other kind takes no value. A wrong value is a field error on `value`.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from records.messages import FieldError, error_message
from records.models import StoredLetter, TimelineEvent, TrackedRequest
from records.tracker.overview import Summary, deadlines_json
from records.tracker.timeline import KINDS, Detail, TimelineKind

T, D = TimelineKind, Detail
VALUE_DETAIL: dict[TimelineKind, Detail] = {
    T.SENT: D.METHOD, T.APPEAL_SENT: D.METHOD,
    T.ACKNOWLEDGED: D.TRACKING, T.APPEAL_RECEIVED: D.TRACKING,
    T.ROUTED: D.COMPONENT,
    T.FEE_ESTIMATE: D.AMOUNT, T.FEE_TOLLED: D.AMOUNT, T.PAYMENT_REQUESTED: D.AMOUNT,
    T.PAID: D.AMOUNT,
    T.DENIED: D.EXEMPTIONS, T.PARTIAL_RELEASE: D.EXEMPTIONS, T.STATEMENT_SENT: D.EXEMPTIONS,
    T.DETERMINATION: D.GRANTED, T.EXPEDITE_DECIDED: D.GRANTED,
    T.FEE_WAIVER_DECIDED: D.GRANTED, T.APPEAL_DECIDED: D.GRANTED,
}
# The words `value` takes for a yes/no detail, per kind.
_YES_NO = {T.DETERMINATION: ("full", "adverse")}
_GRANTED = ("granted", "denied")

NO_VALUE = error_message("event-no-value", "%(kind)s takes no value")
BAD_CHOICE = error_message("event-value-choice", "choose %(choices)s")
NOT_TEXT = error_message("event-not-text", "give text here")
UNKNOWN_FIELD = error_message("api-unknown-field", "unknown field (known: %(known)s)")
NOT_DETAIL = error_message("event-detail-object",
                           "give an object of the kind's details: %(known)s")


class PayloadError(ValueError):
    """Bad input in a JSON body: the field errors to report (422)."""

    def __init__(self, problems: list[FieldError]) -> None:
        self.items = problems
        super().__init__("; ".join(str(p) for p in problems))


def errors_json(problems: list[FieldError]) -> dict[str, Any]:
    return {"errors": [{"field": p.field, "code": p.code, "message": p.message}
                       for p in problems]}


def event_detail(kind: TimelineKind, value: Any, detail: Any) -> dict[str, Any]:
    """The event's `detail` from the API's `value` (and `detail`); PayloadError when
    either is the wrong shape. records.tracker.validate_event checks the values."""
    problems: list[FieldError] = []
    allowed = [str(d) for d in KINDS[kind].details]
    if detail is None:
        detail = {}
    if not isinstance(detail, dict):
        problems.append(NOT_DETAIL.at("detail", known=", ".join(allowed) or "none"))
        detail = {}
    clean = {k: v for k, v in detail.items() if k in allowed}
    target = VALUE_DETAIL.get(kind)
    if value not in (None, ""):
        if target is None:
            problems.append(NO_VALUE.at("value", kind=kind))
        elif target == D.GRANTED:
            yes, no = _YES_NO.get(kind, _GRANTED)
            if value not in (yes, no):
                problems.append(BAD_CHOICE.at("value", choices=f"{yes!r} or {no!r}"))
            clean[target] = value == yes
        elif target == D.EXEMPTIONS and isinstance(value, list):
            clean[target] = [str(v) for v in value]
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            clean[target] = str(value)
        else:
            problems.append(NOT_TEXT.at("value"))
    if problems:
        raise PayloadError(problems)
    return clean


def value_field(kind: str, field: str) -> str:
    """Where a validation problem belongs in the API's terms: the kind's main detail is
    `value`, its other details `detail.<name>`, the rest as they are."""
    if field in {str(d) for d in Detail}:
        target = VALUE_DETAIL.get(TimelineKind(kind)) if kind in KINDS else None
        return "value" if field == target else f"detail.{field}"
    return field


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def list_item(summary: Summary) -> dict[str, Any]:
    """A row of `GET /api/requests`."""
    nxt = summary.next_deadline
    return {
        "id": summary.id, "title": summary.title, "agency": summary.agency,
        "agency_name": summary.agency_name, "law": summary.law, "status": str(summary.status),
        "next_deadline": None if nxt is None else {
            "clock": nxt.clock, "due": _day(nxt.due), "safe_date": nxt.safe_date.isoformat(),
            "days_left": nxt.days_left},
        "next_step": {"text": summary.step.text, "action": summary.step.action or None},
        "url": summary.url,
    }


def event_json(event: TimelineEvent) -> dict[str, Any]:
    value_of = VALUE_DETAIL.get(TimelineKind(event.kind))
    value = event.detail.get(value_of) if value_of else None
    if value_of == D.GRANTED and value is not None:
        yes, no = _YES_NO.get(TimelineKind(event.kind), _GRANTED)
        value = yes if value else no
    return {"id": event.id, "kind": event.kind, "label": KINDS[TimelineKind(event.kind)].label,
            "date": event.day.isoformat(), "value": value, "detail": event.detail,
            "note": event.note}


def letter_json(letter: StoredLetter, *, api_base: str, request_id: int) -> dict[str, Any]:
    return {"number": letter.number, "kind": letter.kind,
            "letter_date": letter.letter_date.isoformat(), "sha256": letter.sha256,
            "url": f"{api_base}/requests/{request_id}/letters/{letter.number}.pdf"}


def request_json(request: TrackedRequest, summary: Summary, *, today: date,
                 api_base: str) -> dict[str, Any]:
    """`GET /api/requests/<id>`: the list's row, the answers, the events, the clocks in
    the Deadlines JSON shape (null until the agency received the request), the letters."""
    return {
        **list_item(summary), "version": request.version, "org_id": request.org_id,
        "answers": request.answers,
        "events": [event_json(e) for e in request.events],
        "deadlines": deadlines_json(request, today=today),
        "letters": [letter_json(letter, api_base=api_base, request_id=request.id)
                    for letter in request.letters],
    }


def typed_facts(body: dict[str, Any], typed: tuple[str, ...]) -> dict[str, str]:
    """A next letter's typed facts (records.tracker.facts.TYPED) as the letter form sends
    them: text. A list (exemptions, an address's lines) or a yes/no is accepted too."""
    problems: list[FieldError] = []
    values: dict[str, str] = {}
    for name, value in body.items():
        if name == "kind":
            continue
        if name not in typed:
            problems.append(UNKNOWN_FIELD.at(name, known=", ".join(("kind", *typed))))
        elif isinstance(value, bool):
            values[name] = "yes" if value else ""
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            values[name] = ("\n" if name == "appeal_address" else ", ").join(value)
        elif isinstance(value, str):
            values[name] = value
        elif value is not None:
            problems.append(NOT_TEXT.at(name))
    if problems:
        raise PayloadError(problems)
    return values


def facts_json(facts: Any) -> dict[str, Any]:
    """What a letter was written from, for the stored letter (its answers are kept beside
    it already)."""
    values = dataclasses.asdict(facts)
    values.pop("answers", None)
    return {name: _plain(value) for name, value in values.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
