"""The next letter (POST /requests/<id>/letters): a short form for what only the user knows
(their arguments, the exemptions as they read them), every other fact taken from the
timeline and the clocks (records.tracker.facts), then the letter rendered and stored.
"""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from records import tracker
from records.messages import N_, error_message
from records.tracker import edits, facts, followups
from records.tracker.followups import FOLLOW_UP_TITLES, FOLLOW_UPS_BY_LAW, FollowUpKind
from records.web import database
from records.web.clock import today
from records.web.tracker import Page, bp, get_request, now, request_page, show_errors, user

# What each stored letter is called in a request's list of letters (the follow-ups'
# FOLLOW_UP_TITLES are their buttons: "Send the follow-up").
LETTER_NAMES = {
    "request": N_("Request letter"), "follow-up": N_("Follow-up letter"),
    "denial-statement": N_("Request for the written reasons for a denial"),
    "fee-challenge": N_("Fee challenge"), "suit-notice": N_("Notice that the time to sue runs"),
    "status-inquiry": N_("Status inquiry"),
    "appeal-no-determination": N_("Appeal: no determination in time"),
    "appeal-search": N_("Appeal: inadequate search"),
    "appeal-exemptions": N_("Appeal: exemptions"),
    "appeal-fee-waiver": N_("Appeal: fee waiver denied"),
    "appeal-expedite": N_("Appeal: expedited processing denied"),
    "ogis": N_("Request for OGIS mediation"), "amend": N_("Request to amend a record"),
}
APPEALS = ("appeal-no-determination", "appeal-search", "appeal-exemptions",
           "appeal-fee-waiver", "appeal-expedite")
# The fields each kind asks for, beyond the user's own arguments and how it goes.
ASKS = {"appeal-exemptions": ("exemptions", "appeal_address"),
        **{kind: ("appeal_address",) for kind in APPEALS if kind != "appeal-exemptions"},
        "suit-notice": ("may_sue",),
        "amend": ("amend_record", "amend_correction", "amend_reason")}


NO_SUCH_LETTER = error_message("letter-kind", "choose one of the letters this request can take")


class LetterForm(FlaskForm):  # type: ignore[misc]
    kind = HiddenField()
    write = HiddenField()
    arguments = TextAreaField(
        _l("Your arguments (optional)"), render_kw={"rows": 6},
        description=_l("In your own words: why the agency is wrong, and anything it should "
                       "know. The letter already states the dates and the law."))
    exemptions = StringField(
        _l("Exemptions the agency cited"),
        description=_l("As the agency cited them, separated by commas; filled in from the "
                       "timeline."))
    amend_record = TextAreaField(_l("The record to amend"), render_kw={"rows": 2})
    amend_correction = TextAreaField(_l("What it should say"), render_kw={"rows": 3})
    amend_reason = TextAreaField(_l("Why it is wrong"), render_kw={"rows": 3})
    appeal_address = TextAreaField(
        _l("The appeals office's address, as the agency's letter gives it (optional)"),
        render_kw={"rows": 4},
        description=_l("Needed only to mail an appeal where the office's address is not "
                       "confirmed, or a DHS appeal by mail. One line per line of the address."))
    may_sue = BooleanField(
        _l("Say that I may ask a court to enforce the law"),
        description=_l("RSMo 610.027.1. Without it, the notice states no intention to sue."))
    delivery = SelectField(_l("How this letter goes"), choices=[
        SelectChoice("", _l("As the first letter went")), SelectChoice("mail", _l("By mail")),
        SelectChoice("email", _l("By email")),
        SelectChoice("portal", _l("Through the agency's portal"))])


def letter_titles() -> dict[str, str]:
    """The next-letter buttons' words, by kind."""
    return {str(k): v for k, v in FOLLOW_UP_TITLES.items()}


@bp.post("/requests/<int:request_id>/letters")
def next_letter(request_id: int) -> Response | Page:
    found = get_request(request_id)
    form = LetterForm()
    form.validate_on_submit()
    kind = str(form.kind.data or "")
    if kind not in FOLLOW_UPS_BY_LAW.get(found.law, ()):  # type: ignore[call-overload]
        return request_page(found, status=422,
                            step_errors=show_errors(None, [NO_SUCH_LETTER.at("kind")]))
    if not form.write.data:
        cited = facts.fact_values(found, today=today(), form_values={})["exemptions"]
        form.exemptions.data = ", ".join(cited)
        return _form_page(found, form, kind, [])
    return _write(found, form, FollowUpKind(kind))


def _form_page(found: Any, form: LetterForm, kind: str, errors: list[tuple[str, str]],
               status: int = 200) -> Page:
    form.kind.data, form.write.data = kind, "1"
    return render_template("tracker/letter.html", r=found, form=form, kind=kind,
                           asks=ASKS.get(kind, ()), errors=errors), status


def _write(found: Any, form: LetterForm, kind: FollowUpKind) -> Response | Page:
    values = {name: str(form[name].data or "") for name in facts.TYPED}
    values["may_sue"] = "y" if form.may_sue.data else ""
    gathered = facts.facts_for(found, kind, today=today(), form_values=values)
    problems = followups.problems(kind, gathered)
    if problems:
        return _form_page(found, form, kind, show_errors(form, problems), status=422)
    letter = edits.next_letter(kind, gathered, found.answers, today=today())
    tracker.store_letter(database.session(), found, letter, user_id=user().id, now=now())
    return redirect(url_for(".show", request_id=found.id) + "#letters-title")


