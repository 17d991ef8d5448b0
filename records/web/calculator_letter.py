"""The calculator's letter button (GET/POST /deadlines/letter): a short form for what the
letter needs and the calculator does not know, then the tracker's own follow-up letter
(records.tracker.followups via edits.next_letter), shown as text with its PDF; signed in,
"Track this request" stores it with a new tracked request holding the calculator's events.

The GET carries only the law, the agency, the dates and the event kinds (the calculator's
own query). Everything personal is POSTed, never put in a URL.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from flask import make_response, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from records import tracker
from records.catalog import default_catalog
from records.deadlines import Case, Clock
from records.drafts import DraftError, validate
from records.messages import FieldError, error_message
from records.models import TimelineEvent
from records.tracker import edits, followups
from records.tracker.followup_facts import (
    FOLLOW_UP_TITLES,
    FOLLOW_UPS_BY_LAW,
    Facts,
    FollowUpKind,
)
from records.tracker.followups import ONE_LINE
from records.tracker.requests import add_request
from records.tracker.status import AGENCY_CLOCKS
from records.tracker.timeline import Detail, TimelineKind
from records.vocabulary import FEDERAL_LAWS, Category, ClockId, Law, Status
from records.web import database
from records.web.calculator import Query, bp, calculate, case_args, read_query
from records.web.clock import today
from records.web.labels import CATEGORY_NAMES
from records.web.messages import say
from records.web.tracker import now, user
from records.web.tracker_forms import Lenient
from records.web.tracker_next import ASKS

CALC_ARGS = ("law", "agency", "received", "capacity", "closures", "calendar")
NO_CASE = error_message("calc-letter-no-case", "The calculator's dates are missing or wrong: "
                        "go back to the calculator and calculate again.")
ORIGINAL_AFTER = error_message("calc-letter-original-after", "Your letter cannot be dated "
                               "after the day it arrived (%(received)s). Check the date.")
NOT_WRITABLE = error_message("calc-letter-kind", "This letter cannot be written from the "
                             "calculator for this request: use the request wizard.")
DESCRIPTION_NEEDED = error_message("calc-letter-description", "Say in one line what your "
                                   "first request asked for, at most %(limit)s characters.")
TRACK_FAILED = error_message("calc-letter-track", "The request could not be tracked: %(why)s")
# The fee categories, the one most people are first (the form's default).
CATEGORY_ORDER = (Category.OTHER, *(c for c in Category if c != Category.OTHER))
# Where each problem of the letter's answers or facts is shown on this form.
FIELD_OF = {"requester.name": "name", "requester.address": "address",
            "requester.email": "email", "requester.category": "category",
            "description": "description", "date": "original_date",
            "letter_date": "original_date", "received": "original_date",
            "tracking": "tracking", "arguments": "arguments", "exemptions": "exemptions",
            "appeal_address": "appeal_address"}


class LetterForm(FlaskForm):  # type: ignore[misc]
    kind = HiddenField()
    name = StringField(_l("Your full name"), render_kw={"autocomplete": "name"})
    address = TextAreaField(_l("Your postal address"), render_kw={"rows": 3,
                                                                  "autocomplete": "street-address"},
                            description=_l("As it should appear under your signature."))
    email = StringField(_l("Your email"), render_kw={"type": "email", "autocomplete": "email"})
    # The fee categories by the review's own names (records.web.labels): one map of them.
    category = Lenient(_l("Which describes you best? (sets FOIA fees)"), choices=[
        SelectChoice(str(c), CATEGORY_NAMES[c]) for c in CATEGORY_ORDER], default="other")
    original_date = StringField(
        _l("The date on your first letter"), render_kw={"type": "date"},
        description=_l("Filled in with the day it arrived; change it if your letter is dated "
                       "earlier. For example 2024-06-17."))
    description = StringField(
        _l("What your first request asked for, in one line"),
        description=_l("For example: the police reports of the July 22, 2019 arrest on Main "
                       "Street."))
    tracking = StringField(_l("The agency's tracking number (optional)"))
    exemptions = StringField(_l("Exemptions the agency cited"),
                             description=_l("As the agency cited them, separated by commas, "
                                            "for example (b)(6), (b)(7)(C)."))
    appeal_address = TextAreaField(
        _l("The appeals office's address, as the agency's letter gives it (optional)"),
        render_kw={"rows": 4})
    may_sue = BooleanField(_l("Say that I may ask a court to enforce the law"),
                           description=_l("RSMo 610.027.1. Without it, the notice states no "
                                          "intention to sue."))
    arguments = TextAreaField(_l("In your own words (optional)"), render_kw={"rows": 5},
                              description=_l("Why the agency is wrong, or what you want. The "
                                             "letter already states the dates and the law."))
    track = BooleanField(_l("Track this request"), default=True,
                         description=_l("Keeps the request, its dates and this letter in your "
                                        "requests, with the next deadlines."))


def _query(source: MultiDict[str, str]) -> tuple[Query, Case | None, list[Clock]]:
    """The calculator's case from its own arguments, as of the real today (the letter is
    dated today)."""
    args = MultiDict([(k, v) for k, v in source.items(multi=True)
                      if k in CALC_ARGS or k == "event"])
    q = read_query(args)
    q.today = today().isoformat()
    result = calculate(q)
    return (q, result.case, result.clocks) if result else (q, None, [])


def writable(kind: str, case: Case | None) -> bool:
    if case is None or case.agency is None or case.law not in (Law.MO_SUNSHINE, Law.FOIA):
        return False
    return kind in FOLLOW_UPS_BY_LAW[case.law]


def _hidden(q: Query, case: Case) -> list[tuple[str, str]]:
    """The calculator's arguments, carried by the form as hidden fields."""
    pairs = [("law", case.law), ("agency", case.agency or ""),
             ("received", case.received.isoformat()), ("closures", case.closures)]
    pairs += [("capacity", case.capacity)] if case.law not in FEDERAL_LAWS else []
    pairs += [("event", e.text()) for e in case.events]
    return pairs


def _page(form: LetterForm, q: Query, case: Case | None, errors: list[tuple[str, str]],
          status: int = 200, **extra: Any) -> tuple[str, int]:
    kind = str(form.kind.data or "")
    agency = default_catalog().agencies.get(case.agency or "") if case else None
    carried = [(f.name, "y" if f.data is True else "" if f.data in (None, False) else str(f.data))
               for f in form if f.name not in ("csrf_token", "track")]
    return render_template(
        "deadlines_letter.html", form=form, kind=kind, case=case, agency=agency,
        carried=carried, show_form=writable(kind, case),
        letter_titles={str(k): v for k, v in FOLLOW_UP_TITLES.items()},
        hidden=_hidden(q, case) if case else [], asks=ASKS.get(kind, ()), errors=errors,
        signed_in=bool(current_user.is_authenticated), federal=case is not None
        and case.law in FEDERAL_LAWS, back=_back(case), **extra), status


def _back(case: Case | None) -> str:
    """The calculator's page for this case, to go back to."""
    if case is None:
        return str(url_for("calculator.page"))
    return str(url_for("calculator.page")) + "?" + urlencode(case_args(case))


@bp.get("/deadlines/letter")
def letter_form() -> tuple[str, int]:
    q, case, _clocks = _query(request.args)
    form = LetterForm(formdata=None, data={"kind": request.args.get("kind", "")})
    kind = str(form.kind.data or "")
    if not writable(kind, case):
        return _page(form, q, case, [("", say(NOT_WRITABLE.at("kind")))], 422)
    assert case is not None
    form.original_date.data = case.received.isoformat()
    return _page(form, q, case, [])


def _shown(form: LetterForm, problems: list[FieldError]) -> list[tuple[str, str]]:
    shown = []
    for p in problems:
        name = FIELD_OF.get(p.field.split("[")[0].removeprefix("answers."), "")
        message = say(p)
        if name and name in form:
            form[name].errors = [*form[name].errors, message]
            shown.append((form[name].id, f"{form[name].label.text}: {message}"))
        else:
            shown.append(("", message))
    return shown


def _answers(form: LetterForm, case: Case) -> dict[str, Any]:
    requester = {"name": (form.name.data or "").strip(),
                 "address": (form.address.data or "").strip(),
                 "email": (form.email.data or "").strip()}
    if case.law in FEDERAL_LAWS:
        requester["category"] = str(form.category.data or "other")
    return {"law": str(case.law), "agency": case.agency or "",
            "description": " ".join((form.description.data or "").split()),
            "date": (form.original_date.data or "").strip(), "requester": requester}


def _facts(form: LetterForm, case: Case, clocks: list[Clock], answers: dict[str, Any],
           original: date) -> Facts:
    """The facts the tracker's letters take, from the calculator's case and the form."""
    by_id = {c.id: c for c in clocks}
    missed = next((by_id[i] for i in AGENCY_CLOCKS if i in by_id and by_id[i].answered is None
                   and by_id[i].due is not None
                   and by_id[i].status(case.today) == Status.MISSED), None)
    adverse = [e for e in case.events if e.kind == "denied"
               or (e.kind == "determination" and e.value != "full")]
    fee = case.first("payment-requested")
    appeal = by_id.get(ClockId.APPEAL_BY)
    values = edits_typed(form)
    tracking = " ".join((form.tracking.data or "").split())
    return Facts(answers=answers, letter_date=today(), original_date=original,
                 received=case.received, tracking=(tracking,) if tracking else (),
                 due=missed.safe_date if missed else None,
                 denied=adverse[-1].date if adverse else None,
                 fee_amount=Decimal(fee.value) if fee and fee.amount is not None else None,
                 fee_requested=fee.date if fee else None,
                 appeal_by=appeal.safe_date if appeal and appeal.answered is None else None,
                 **values)


def edits_typed(form: LetterForm) -> dict[str, Any]:
    """What the user typed that the letters take as they are (the tracker's own reader)."""
    from records.tracker.facts import _listed, _typed

    typed = _typed({"arguments": form.arguments.data or "",
                    "appeal_address": form.appeal_address.data or "",
                    "may_sue": "y" if form.may_sue.data else ""})
    typed.pop("delivery", None)
    for name in ("amend_record", "amend_correction", "amend_reason"):
        typed.pop(name, None)
    return {**typed, "exemptions": _listed(form.exemptions.data or "")}


@bp.post("/deadlines/letter")
def write() -> Response | tuple[str, int]:
    form = LetterForm()
    form.validate_on_submit()
    q, case, clocks = _query(request.form)
    kind = str(form.kind.data or "")
    if case is None or not writable(kind, case):
        return _page(form, q, case, [("", say((NO_CASE if case is None else NOT_WRITABLE)
                                              .at("kind")))], 422)
    answers = _answers(form, case)
    problems: list[FieldError] = []
    if not answers["description"] or len(answers["description"]) > ONE_LINE:
        return _page(form, q, case, _shown(form, [DESCRIPTION_NEEDED.at(
            "description", limit=ONE_LINE)]), 422)
    try:
        draft = validate(answers, catalog=default_catalog(), today=today())
    except DraftError as exc:
        return _page(form, q, case, _shown(form, exc.errors), 422)
    if draft.date > case.received:
        problems.append(ORIGINAL_AFTER.at("date", received=case.received.isoformat()))
    facts = _facts(form, case, clocks, answers, draft.date)
    problems += followups.problems(FollowUpKind(kind), facts)
    if problems:
        return _page(form, q, case, _shown(form, problems), 422)
    letter = edits.next_letter(FollowUpKind(kind), facts, answers, today=today())
    if request.form.get("pdf"):
        response = make_response(letter.pdf)
        response.headers["Content-Type"] = "application/pdf"
        response.headers["Content-Disposition"] = f'attachment; filename="{kind}-letter.pdf"'
        response.headers["Cache-Control"] = "private, no-store"
        return response
    if current_user.is_authenticated and form.track.data:
        return _track(form, q, case, answers, letter)
    return _page(form, q, case, [], 200, letter=letter)


def _track(form: LetterForm, q: Query, case: Case, answers: dict[str, Any],
           letter: Any) -> Response | tuple[str, int]:
    """A tracked request with this letter and the calculator's events, in one commit."""
    session = database.session()
    request_row = add_request(session, owner_id=user().id, answers=answers,
                                      letter=letter, now=now())
    events: list[tuple[TimelineKind, date, dict[str, Any]]] = [
        (TimelineKind.SENT, date.fromisoformat(answers["date"]), {}),
        (TimelineKind.RECEIVED, case.received, {})]
    for e in case.events:
        detail: dict[str, Any] = {}
        if e.kind == "payment-requested":
            detail[Detail.AMOUNT] = e.value
        if e.kind == "determination":
            detail[Detail.GRANTED] = e.value == "full"
        events.append((TimelineKind(str(e.kind)), e.date, detail))
    try:
        for kind, day, detail in events:
            clean = tracker.validate_event(request_row, kind, day, detail, "", today=today())
            request_row.events.append(TimelineEvent(kind=kind, day=day, detail=clean, note="",
                                                    created_at=now(), created_by=user().id))
        session.commit()
    except tracker.EventInputError as exc:
        session.rollback()
        why = "; ".join(say(p) for p in exc.items)
        return _page(form, q, case, [("", say(TRACK_FAILED.at("track", why=why)))], 422)
    return redirect(url_for("tracker.show", request_id=request_row.id))
