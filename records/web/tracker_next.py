"""The next letter (POST /requests/<id>/letters): a short form for what only the user knows
(their arguments, the exemptions as they read them), every other fact taken from the
timeline and the clocks (records.tracker.facts), then the letter rendered and stored.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from flask import abort, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import HiddenField, StringField, TextAreaField

from records import tracker
from records.messages import N_
from records.tracker import facts, followups_api
from records.web import database
from records.web.clock import today
from records.web.tracker import Page, bp, get_request, now, show_errors, user

# Shown until records.tracker.followups (and its FOLLOW_UP_TITLES) is there.
TITLES = {
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
# The fields each kind asks for; every kind may take the user's own arguments.
ASKS = {"appeal-exemptions": ("exemptions",), "denial-statement": ("exemptions",),
        "amend": ("amend_record", "amend_correction", "amend_reason")}


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


def letter_titles() -> dict[str, str]:
    if followups_api.available():
        return {**TITLES, **followups_api.module().FOLLOW_UP_TITLES}
    return TITLES


def _kinds_for(law: str) -> tuple[str, ...]:
    if not followups_api.available():
        return tuple(TITLES)
    return tuple(str(k) for k in followups_api.module().FOLLOW_UPS_BY_LAW[law])


@bp.post("/requests/<int:request_id>/letters")
def next_letter(request_id: int) -> Response | Page:
    found = get_request(request_id)
    form = LetterForm()
    form.validate_on_submit()
    kind = str(form.kind.data or "")
    if kind not in _kinds_for(found.law) or kind == "request":
        abort(404)
    if not form.write.data:
        cited = facts.fact_values(found, today=today(), form_values={})["exemptions"]
        form.exemptions.data = ", ".join(cited)
        return _form_page(found, form, kind, [])
    if not followups_api.available():
        return _form_page(found, form, kind, [], status=503)
    return _write(found, form, kind)


def _form_page(found: Any, form: LetterForm, kind: str, errors: list[tuple[str, str]],
               status: int = 200) -> Page:
    form.kind.data, form.write.data = kind, "1"
    return render_template("tracker/letter.html", r=found, form=form, kind=kind,
                           asks=ASKS.get(kind, ()), errors=errors,
                           available=followups_api.available()), status


def _write(found: Any, form: LetterForm, kind: str) -> Response | Page:
    followups = followups_api.module()
    values = {name: str(form[name].data or "") for name in facts.TYPED}
    gathered = facts.facts_for(found, kind, today=today(), form_values=values)
    problems = followups.problems(kind, gathered)
    if problems:
        return _form_page(found, form, kind, show_errors(form, problems), status=422)
    letter = tracker.LetterFile(kind, dict(found.answers), followups.render_pdf(kind, gathered),
                                followups.render_text(kind, gathered), today(),
                                facts=_jsonable(gathered))
    tracker.store_letter(database.session(), found, letter, user_id=user().id, now=now())
    return redirect(url_for(".show", request_id=found.id) + "#letters-title")


def _jsonable(gathered: Any) -> dict[str, Any]:
    """What the letter was written from, for the stored letter (the answers are kept
    beside it already)."""
    values = dataclasses.asdict(gathered)
    values.pop("answers", None)
    return {name: _plain(value) for name, value in values.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
