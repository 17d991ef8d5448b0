"""The wizard at /new: a blank page (or the 2019 incident) to a letter in six steps.

Views only translate HTTP: answers live in the database keyed by a random token
(records.store), the rules live in records.drafts, the letter in records.letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from records import asking
from records.answers import get_path
from records.catalog import default_catalog
from records.catalog.incidents import default_incidents
from records.deadlines import DeadlineInputError, Event, build_case, compute
from records.drafts import AGENCY_REQUIRED, LAW_REQUIRED, Draft, DraftError, too_long, validate
from records.fields import FieldError
from records.guidance import guidance
from records.letters import render_html, render_text
from records.messages import error_message
from records.portal import portal_fields
from records.store import DraftStore, DraftStoreBusy, Stored
from records.today import utc_now
from records.vocabulary import CLOCK_TITLES, AskingFor, EventKind, Law
from records.web import database, forms, labels, questions, resumen, tracker, wizard_nav
from records.web.calculator import Result
from records.web.clock import today
from records.web.datatext import tr
from records.web.messages import N_, Shown, translate_errors
from records.web.steps import (
    CHECKBOXES,
    FORM_STEPS,
    PATHS,
    STEPS,
    apply,
    changed,
    field_for,
    fingerprint,
    form_data,
    law_for,
    step_for,
    visible_fields,
)

bp = Blueprint("wizard", __name__, url_prefix="/new")
FORMS: dict[str, type[Any]] = {"agency": forms.AgencyForm, "records": forms.RecordsForm,
                               "requester": forms.RequesterForm, "fees": forms.FeesForm}
STEP_TITLES = {"agency": "Whose records and agency", "records": "Records",
               "requester": "Who is asking", "fees": "Fees and speed", "review": "Review",
               "done": "Done"}
CHOOSE_AGENCY = error_message("choose-agency", "choose the agency that holds the records")
BUSY_TITLE = N_("Busy: please try again")
# Seconds a client should wait after a 503: about one SQLite busy timeout.
RETRY_AFTER = "5"
Busy = tuple[str, int, dict[str, str]]  # a page, 503, and its Retry-After header
VERSION = re.compile(r"[0-9]{1,18}")  # ASCII digits only: int() refuses "²" and 5000 digits


def _now() -> datetime:
    return utc_now()


def _store() -> DraftStore:
    return DraftStore(database.session())


def _load(token: str) -> dict[str, Any]:
    row = _store().load(token, now=_now())
    if row is None:
        abort(404, description="draft")
    answers: dict[str, Any] = dict(row.answers)
    return answers


def _check(answers: dict[str, Any]) -> tuple[Draft | None, list[FieldError]]:
    try:
        return validate(answers, catalog=default_catalog(), today=today()), []
    except DraftError as exc:
        return None, questions.relocate(exc.errors, answers)


def _incident_facts(answers: dict[str, Any]) -> dict[str, Any]:
    """Facts of a known incident the answers started from, by field, with their tags, so
    the records step can mark the unconfirmed ones where they are filled in."""
    day = str((answers.get("incident") or {}).get("date") or "")
    for incident in default_incidents().values():
        if incident.date.isoformat() == day:
            return {f.field: f for f in incident.facts if f.editable or f.unconfirmed}
    return {}


def _complete_draft(token: str) -> Draft:
    """The draft as a valid letter, for pages that show the letter; 404 until it is one."""
    draft, _ = _check(_load(token))
    if draft is None:
        abort(404)
    return draft


def _page(template: str, token: str, answers: dict[str, Any], step: str,
          **context: Any) -> str:
    return render_template(template, token=token, answers=answers, step=step,
                           steps=STEPS, titles=STEP_TITLES, catalog=default_catalog(),
                           facts=_incident_facts(answers), numbered=wizard_nav.NUMBERED,
                           position=wizard_nav.indicator(step, STEP_TITLES),
                           step_form=wizard_nav.STEP_FORM_ID if step in FORM_STEPS else None,
                           **labels.template_globals(),
                           **questions.context(answers, step, today(), default_catalog()),
                           **context)


@bp.get("/")
def start() -> str:
    """The start page. Links into the wizard (the home page, the agency directory, the
    calculator) preselect its answers: /new/?asking_for=&agency=&start= (each optional;
    an unknown value is ignored, and the page shows its default)."""
    chosen = _start_choices(request.args)
    form = forms.StartForm(formdata=None, data={k: v for k, v in chosen.items() if v})
    return render_template("wizard/start.html", form=form, incidents=default_incidents(),
                           chosen=chosen, asking_for_labels=forms.ASKING_FOR_LABELS,
                           agency=default_catalog().agencies.get(chosen["agency"]))


def _start_choices(values: Any) -> dict[str, str]:
    """asking_for, agency and start from a query string or the start form, each kept only
    when it is one the wizard offers ("" otherwise)."""
    def known(name: str, options: Any) -> str:
        value = values.get(name, "")
        return value if isinstance(value, str) and value in options else ""

    return {"asking_for": known("asking_for", {str(a) for a in AskingFor}),
            "agency": known("agency", default_catalog().agencies),
            "start": known("start", {"blank", *default_incidents()})}


@bp.post("/")
def create() -> BaseResponse:
    # Rate-limited per client by records.web.limits, so one client cannot fill the disk.
    form = forms.StartForm()
    form.validate_on_submit()  # CSRF is checked app-wide before this view runs
    chosen = _start_choices(request.form)
    answers: dict[str, Any] = {}
    if chosen["asking_for"]:
        answers["asking_for"] = chosen["asking_for"]
    agency = default_catalog().agencies.get(chosen["agency"])
    if agency is not None:
        answers["agency"] = agency.id
        answers["law"] = law_for(agency, chosen["asking_for"])
    incident = default_incidents().get(chosen["start"])
    if incident is not None:
        answers["incident"] = incident.answers_incident()
    store = _store()
    # Expired drafts hold birth dates and A-numbers: clear them out here, one indexed
    # DELETE per new draft, rather than waiting for someone to load them.
    store.purge_expired(now=_now())
    token = store.create(answers, step="agency", now=_now())
    return redirect(url_for(".step", token=token, step="agency"))


@bp.get("/<token>/")
def resume(token: str) -> BaseResponse:
    row = _store().load(token, now=_now())
    if row is None:
        abort(404, description="draft")
    return redirect(url_for(".step", token=token, step=row.step if row.step in STEPS
                            else "agency"))


def _preselect_incident_records(answers: dict[str, Any]) -> None:
    """Starting from a known incident, tick its recommended records for the chosen agency
    that suit whose records they are (a preset's `requesters`): no press statements for a
    person's own records. Items ticked this way for another answer to "whose records",
    and not changed since, follow a new answer."""
    presets = default_catalog().presets
    for incident in default_incidents().values():
        if answers.get("incident") != incident.answers_incident():
            continue
        recommended = incident.presets_for(str(answers.get("agency")))

        def suiting(kind: str, recommended: tuple[str, ...] = recommended) -> list[str]:
            return [i for i in recommended if presets[i].suits(kind)]

        ticked = answers.get("records")
        if ticked and ticked not in [suiting(k) for k in ("", *AskingFor)]:
            return  # the user's own choice
        ids = suiting(str(answers.get("asking_for") or ""))
        if ids:
            answers["records"] = ids


@bp.route("/<token>/<step>", methods=["GET", "POST"])
def step(token: str, step: str) -> BaseResponse | str | tuple[str, int] | Busy:
    if step == "done" and request.method == "POST":
        return finish(token)
    if step in ("review", "done"):
        return review(token, step)
    if step not in FORM_STEPS:
        abort(404)
    if request.method == "POST":
        return _save_step(token, step)
    row = _store().load(token, now=_now())
    if row is None:
        abort(404, description="draft")
    answers = dict(row.answers)
    form = FORMS[step](data=form_data(_with_account_details(answers, step), step))
    _configure(form, step, answers)
    errors = _step_errors(answers, step) if wizard_nav.shows_errors(token, step) else []
    _show_errors(form, errors)
    return _page(f"wizard/{step}.html", token, answers, step, form=form, errors=errors,
                 **_rendered_from(answers, step, row.version))


def _step_errors(answers: dict[str, Any], step: str) -> list[Shown]:
    """The errors of one step's saved answers, as its page shows them (in words)."""
    checked = [e for e in _check(answers)[1] if step_for(field_for(e.field)) == step]
    return translate_errors(_for_web(checked))


def _show_errors(form: Any, errors: list[Shown]) -> None:
    for error in errors:
        getattr(form, field_for(error.field)).errors = [error.message]


def _with_account_details(answers: dict[str, Any], step: str) -> dict[str, Any]:
    """A signed-in user's saved details fill an empty requester step. Only the form shows
    them: the draft keeps what was saved, so the step's fingerprint is the stored one."""
    if step != "requester" or answers.get("requester") or not current_user.is_authenticated:
        return answers
    return {**answers, "requester": dict(current_user.requester or {})}


def _rendered_from(answers: dict[str, Any], step: str, version: int) -> dict[str, Any]:
    """What a step's form posts back about the draft it shows (templates/wizard/
    _rendered_from.html), so a save can tell whether someone else changed the step since."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return {"version": version, "fingerprint": fingerprint(answers, step, key)}


@dataclass
class _Merge:
    """One step's POST applied to the draft as it was at one version."""

    current: Stored
    answers: dict[str, Any]
    target: str
    errors: list[FieldError] = field(default_factory=list)
    refused: bool = False  # a value was left out for its length: only the POST holds it
    conflict: list[str] = field(default_factory=list)  # changed elsewhere: nothing stored


def _merge(current: Stored, step: str, form: Any) -> _Merge:
    """Merge the step's fields into the current answers. No side effects: the store runs
    it again if another save lands first. Only fields over their limit are left out (a huge
    value must not fill the database); every other value is kept, valid or not."""
    catalog = default_catalog()
    _configure(form, step, current.answers)
    sent = _submitted(form, step, current.answers)
    merged = apply(current.answers, step, sent, catalog)
    too_long_errors = {name: e for name in sent if name in PATHS
                       and (e := too_long(PATHS[name], get_path(merged, PATHS[name])))}
    if too_long_errors:
        sent = {k: v for k, v in sent.items() if k not in too_long_errors}
        merged = apply(current.answers, step, sent, catalog)
    if step == "agency":
        _preselect_incident_records(merged)
    checked = [e for e in _check(merged)[1] if step_for(field_for(e.field)) == step]
    errors = _for_web([*too_long_errors.values(), *checked])
    # A step link goes where it says, errors or not (they are saved and shown on the way
    # back), except past a value refused for its length: it was not stored, so the page
    # that still holds it stays.
    target = wizard_nav.goto_target()
    if target is None or too_long_errors:
        target = step if errors else (
            "review" if request.args.get("then") == "review" else STEPS[STEPS.index(step) + 1])
    outcome = _Merge(current, merged, target, errors, bool(too_long_errors))
    if not _unchanged_since_rendered(current, step):
        outcome.conflict = changed(current.answers, merged, list(sent))
    return outcome


def _unchanged_since_rendered(current: Stored, step: str) -> bool:
    """Whether this step's fields are as they were when the posted page was made. A page
    without a version (a hand-made post) claims nothing, and is merged like any other."""
    version = request.form.get("version", "")
    if not VERSION.fullmatch(version) or int(version) == current.version:
        return True
    shown: str = _rendered_from(current.answers, step, current.version)["fingerprint"]
    return request.form.get("fingerprint", "") == shown


def _save_step(token: str, step: str) -> BaseResponse | tuple[str, int] | Busy:
    form = FORMS[step]()
    outcomes: list[_Merge] = []

    def edit(current: Stored) -> tuple[dict[str, Any], str] | None:
        outcomes.append(_merge(current, step, form))
        # Saved before anything else, valid or not: nothing typed is lost. The saved step
        # is where the user goes next, so the resume link returns them there.
        return None if outcomes[-1].conflict else (outcomes[-1].answers, outcomes[-1].target)

    try:
        stored = _store().update(token, edit, now=_now())
    except DraftStoreBusy:
        return _busy_step(token, step, form)
    if stored is None:
        abort(404, description="draft")
    outcome = outcomes[-1]
    if outcome.conflict:
        return _conflict_step(token, step, form, outcome)
    wizard_nav.remember_sent(token, step)
    if outcome.refused:
        return _invalid_step(token, step, outcome, stored)
    if outcome.errors and outcome.target == step:
        # Post/redirect/get: the answers are saved, so the GET shows the same errors, and
        # reloading it sends nothing again.
        then = "review" if request.args.get("then") == "review" else None
        return redirect(url_for(".step", token=token, step=step, then=then, check="1"),
                        code=303)
    return redirect(url_for(".step", token=token, step=outcome.target),
                    code=303 if wizard_nav.goto_target() else 302)


def _invalid_step(token: str, step: str, outcome: _Merge, stored: Stored) -> tuple[str, int]:
    """The step with a value refused for its length: it was never stored, so only this
    answer to the POST can show it again (the form is bound to the request)."""
    form = FORMS[step](data=form_data(stored.answers, step))
    _configure(form, step, stored.answers)
    errors = translate_errors(outcome.errors)
    _show_errors(form, errors)
    return _page(f"wizard/{step}.html", token, stored.answers, step, form=form,
                 errors=errors, **_rendered_from(stored.answers, step, stored.version)), 422


def _conflict_step(token: str, step: str, typed: Any, outcome: _Merge) -> tuple[str, int]:
    """Someone else saved this step since the page was made: nothing is saved, what was
    typed is shown again, and the saved value is set beside it, field by field. The form
    now carries the current version, so sending it again keeps the user's answers."""
    current = outcome.current
    _configure(typed, step, current.answers)
    saved, mine = form_data(current.answers, step), form_data(outcome.answers, step)
    rows = [{"field": typed[name].id, "label": typed[name].label.text,
             "saved": _shown(typed[name], saved.get(name)),
             "typed": _shown(typed[name], mine.get(name))} for name in outcome.conflict]
    return _page(f"wizard/{step}.html", token, current.answers, step, form=typed, errors=[],
                 conflict=rows, **_rendered_from(current.answers, step, current.version)), 409


def _shown(form_field: Any, value: Any) -> str:
    """An answer as the user knows it: the label of a chosen option, not its id."""
    labels = {c.value: str(c.label) for c in getattr(form_field, "choices", None) or []}
    values = value if isinstance(value, list) else [value]
    return "; ".join(str(labels.get(v, v)) for v in values if v not in (None, ""))


def _busy_step(token: str, step: str, typed: Any) -> Busy:
    """The database stayed locked: nothing was saved. The form comes back as typed, still
    claiming the version it was made from, so sending it again is safe."""
    answers = _load(token)
    _configure(typed, step, answers)
    page = _page(f"wizard/{step}.html", token, answers, step, form=typed, errors=[], busy=True,
                 version=request.form.get("version", ""),
                 fingerprint=request.form.get("fingerprint", ""))
    return page, 503, {"Retry-After": RETRY_AFTER}


@bp.errorhandler(DraftStoreBusy)
def _busy(exc: DraftStoreBusy) -> Busy:
    return render_template("errors/error.html", code=503, title=BUSY_TITLE,
                           description="busy"), 503, {"Retry-After": RETRY_AFTER}


def _for_web(errors: list[FieldError]) -> list[FieldError]:
    """The validator's errors as a web page shows them: one per form field, and none that
    speaks of the command line. The law follows from the agency (the user never picks it),
    so a missing law is only reported when nothing is said about the agency."""
    agency_named = any(e.field == "agency" for e in errors)
    shown: dict[str, FieldError] = {}
    for error in errors:
        if error.code in (LAW_REQUIRED.code, AGENCY_REQUIRED.code):
            if error.field == "law" and agency_named:
                continue
            error = CHOOSE_AGENCY.at("agency")
        error = questions.for_web(error)
        shown.setdefault(field_for(error.field), error)
    return list(shown.values())


def _submitted(form: Any, step: str, answers: dict[str, Any]) -> dict[str, Any]:
    """The fields the page sent and shows. Fields a step did not show (a radio's default,
    a stale page's field) must not change answers; unticked checkboxes send nothing,
    meaning none."""
    shown = visible_fields(step, answers, default_catalog())
    sent = {name: value for name, value in form.data.items()
            if name in request.form and name in shown}
    if step == "records" and form.records.choices:
        sent.setdefault("records", [])
    for name in CHECKBOXES & shown:
        sent.setdefault(name, False)
    return sent


def _configure(form: Any, step: str, answers: dict[str, Any]) -> None:
    catalog = default_catalog()
    if step == "agency":
        forms.set_agency_choices(form, catalog)
    elif step == "records":
        agency_id = str(answers.get("agency") or "")
        presets = catalog.presets_for(agency_id) if agency_id in catalog.agencies else []
        # The items that suit whose records they are come first; the rest stay offered.
        kind = asking.derived(answers)
        presets = sorted(presets, key=lambda p: not p.suits(kind))
        form.records.choices = [forms.C(p.id, tr(p.title)) for p in presets]
    elif step == "requester":
        forms.set_subject_choices(form, str(answers.get("law") or ""),
                                  asking.derived(answers))
        forms.offer_people(form, get_path(answers, "incident.people"))
    elif step == "fees":
        forms.set_fee_choices(form, catalog.agencies.get(str(answers.get("agency") or "")),
                              today())


def review(token: str, step: str, **extra: Any) -> BaseResponse | str:
    """The review or done page; `extra` is context from the tracker's "Track this request"
    form when it comes back with errors."""
    answers = _load(token)
    draft, problems = _check(answers)
    errors = translate_errors(_for_web(problems))
    if step == "done" and draft is None:
        return redirect(url_for(".step", token=token, step="review"))
    context: dict[str, Any] = {
        "draft": draft, "errors": errors,
        "error_links": [(e, step_for(field_for(e.field)), field_for(e.field),
                         _field_label(field_for(e.field))) for e in errors],
        "record_titles": labels.record_titles(default_catalog(), str(answers.get("agency")),
                                              [str(r) for r in answers.get("records") or []]),
    }
    if draft is not None:
        context["notes"] = guidance(draft)
    if step == "done" and draft is not None:
        context.update(text=render_text(draft), deadlines=_deadlines(draft),
                       clock_titles=CLOCK_TITLES,
                       portal=portal_fields(draft) if draft.agency.is_dhs else [],
                       **tracker.done_context())
        context.update(extra)
    return _page(f"wizard/{step}.html", token, answers, step, **context)


def _field_label(name: str) -> Any:
    """A form field's label, as its step shows it, for an error listed on the review."""
    unbound = getattr(FORMS.get(step_for(name)), name, None)
    args = getattr(unbound, "args", None)
    return args[0] if args else None


def finish(token: str) -> BaseResponse:
    """"The letter is right": remember that the user reached the letter, so the resume
    link returns them there (a GET never writes), then show it."""

    def edit(current: Stored) -> tuple[dict[str, Any], str] | None:
        return (current.answers, "done") if _check(current.answers)[0] is not None else None

    stored = _store().update(token, edit, now=_now())
    if stored is None:
        abort(404, description="draft")
    return redirect(url_for(".step", token=token,
                            step="done" if stored.step == "done" else "review"))


def _deadlines(draft: Draft) -> Result | None:
    """The clocks this request will have if the agency receives it today.

    The letter itself starts two more clocks on receipt: every Sunshine letter asks up
    front for the RSMo 610.023.4 statement, and a FOIA letter may ask for expedition."""
    day = today()
    events = []
    if draft.law == Law.MO_SUNSHINE:
        events.append(Event(day, 0, EventKind.STATEMENT_REQUESTED))
    elif draft.expedite:
        events.append(Event(day, 0, EventKind.EXPEDITE_REQUESTED))
    try:
        case = build_case(draft.law, day, today=day, agency=draft.agency,
                          capacity=draft.capacity, events=events)
    except DeadlineInputError:
        return None
    return Result(case, compute(case))


@bp.get("/<token>/preview")
def preview(token: str) -> Response:
    """The letter as the PDF will show it, for the review page's frame."""
    draft = _complete_draft(token)
    # The screen's sheet last: on a phone it undoes the PDF's fixed envelope places.
    sheets = (url_for("wizard.letter_css"), url_for("static", filename="letter-screen.css"))
    links = "".join(f'<link rel="stylesheet" href="{href}">' for href in sheets)
    html = render_html(draft).replace("</head>", links + "</head>", 1)
    response = make_response(html)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; frame-ancestors 'self'")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/letter.css")
def letter_css() -> Response:
    from records.letters import LETTERS_DIR

    response = make_response((LETTERS_DIR / "letter.css").read_text())
    response.mimetype = "text/css"
    return response


@bp.get("/<token>/letter.pdf")
def letter_pdf(token: str) -> Response:
    # Rate-limited per client by records.web.limits.
    draft = _complete_draft(token)
    from records.pdf import html_to_pdf

    response = make_response(html_to_pdf(render_html(draft), cached=True))
    response.mimetype = "application/pdf"
    # The file name carries no personal data: agency and date only.
    name = f"records-request-{draft.agency.id}-{draft.date.isoformat()}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/<token>/resumen")
def summary_es(token: str) -> str:
    """A Spanish summary for the client of what the (English) letter asks for."""
    draft = _complete_draft(token)
    return resumen.page(draft, token, _deadlines(draft))


@bp.get("/<token>/delete")
def confirm_delete(token: str) -> str:
    """Deleting cannot be undone, so it takes a second, deliberate step."""
    _load(token)
    return render_template("wizard/delete.html", token=token)


@bp.post("/<token>/delete")
def delete(token: str) -> str:
    _store().delete(token)
    return render_template("wizard/deleted.html")
