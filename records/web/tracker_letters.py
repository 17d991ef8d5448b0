"""From the wizard's done page to the tracker, and a request's stored letters.

- "Track this request": the draft's letter rendered once (the wizard's PDF path) and
  stored with a new tracked request. Signed out, the user signs in and comes back to the
  same done page: the draft's token stays valid, nothing is typed again.
- "Same incident, another agency": a new draft with the incident and the requester's
  details, at the agency step.
- Stored letters are served exactly as stored, never rendered again.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, make_response, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from records import accounts, tracker
from records.drafts import DraftError
from records.models import StoredLetter
from records.store import DraftStore
from records.tracker import edits
from records.tracker.requests import AlreadyTracked, source_of, tracked_from
from records.web import database, wizard
from records.web.clock import today
from records.web.tracker import (
    Page,
    bp,
    get_request,
    login_redirect,
    now,
    request_page,
    show_errors,
    track_form,
    user,
)
from records.web.tracker_forms import TrackForm, months

# What the same person asks of another agency about the same incident.
CARRIED = ("incident", "requester", "capacity", "represents", "subject")
SAVED_DETAILS = "details-saved"  # the flash that says the account keeps the details


def _draft_answers(token: str) -> dict[str, Any]:
    row = DraftStore(database.session()).load(token, now=now())
    if row is None:
        abort(404, description="draft")
    return dict(row.answers)


@bp.post("/new/<token>/track")
def track(token: str) -> Response | Page:
    answers = _draft_answers(token)
    if not current_user.is_authenticated:
        # After signing in, the done page offers the button again.
        return login_redirect(url_for("wizard.step", token=token, step="done"))
    form = track_form(user().id)
    form.validate_on_submit()
    org = form.org.data or ""
    org_id = int(org) if org.isascii() and org.isdigit() and len(org) < 12 else None
    session = database.session()
    problems = _settings_problems(session, org, org_id, months(form.repeat_months.data))
    if problems:
        return _done_again(token, form, problems)
    source = source_of(token, answers)
    tracked = tracked_from(session, user().id, source)
    if tracked is not None:  # tracked already (a second click): no second copy
        return redirect(url_for(".show", request_id=tracked))
    try:
        letter = edits.request_letter(answers, today=today())
    except DraftError:
        return redirect(url_for("wizard.step", token=token, step="review"))
    try:
        created = tracker.create(session, owner_id=user().id, answers=answers, letter=letter,
                                 now=now(), org_id=org_id,
                                 repeat_months=months(form.repeat_months.data),
                                 source=source)
    except AlreadyTracked as exc:  # a second click, or a second tab: the first request
        return redirect(url_for(".show", request_id=exc.request_id))
    _keep_requester(answers)
    return redirect(url_for(".show", request_id=created.id))


def _settings_problems(session: Any, org: str, org_id: int | None,
                       repeat_months: int | None) -> list[Any]:
    """Every problem with the sharing and recurring choices, not just the first."""
    problems: list[Any] = []
    try:
        edits.check_org(session, user().id, -1 if org and org_id is None else org_id)
    except tracker.EventInputError as exc:
        problems += exc.items
    try:
        edits.check_repeat(repeat_months)
    except tracker.EventInputError as exc:
        problems += exc.items
    return problems


def _done_again(token: str, form: TrackForm, problems: list[Any]) -> Page:
    errors = show_errors(form, problems)
    page = wizard.review(token, "done", track_form=form, track_errors=errors)
    return (page, 422) if isinstance(page, str) else abort(404)


def _keep_requester(answers: dict[str, Any]) -> None:
    """The account keeps the letter-writer's details for the next letter, unless it has
    its own already (those are never overwritten from a draft)."""
    account = user()
    details = answers.get("requester") or {}
    if accounts.get_requester(account) or not details:
        return
    try:
        accounts.set_requester(account, details)
    except accounts.InvalidDetails:
        return  # the letter took them, so this cannot happen; never fail tracking over it
    database.session().commit()
    flash(SAVED_DETAILS, SAVED_DETAILS)


@bp.post("/new/<token>/another-agency")
def another_agency(token: str) -> Response:
    """The same incident and the same details, for a letter to another agency."""
    answers = _draft_answers(token)
    carried = {key: answers[key] for key in CARRIED if answers.get(key)}
    new = DraftStore(database.session()).create(carried, step="agency", now=now())
    return redirect(url_for("wizard.step", token=new, step="agency"))


@bp.get("/requests/<int:request_id>/letters/<int:number>.pdf")
def letter_pdf(request_id: int, number: int) -> Response:
    stored = _stored(request_id, number)
    response = make_response(stored.pdf)
    response.mimetype = "application/pdf"
    return _download(response, request_id, number, "pdf")


@bp.get("/requests/<int:request_id>/letters/<int:number>.txt")
def letter_text(request_id: int, number: int) -> Response:
    stored = _stored(request_id, number)
    response = make_response(stored.text)
    response.mimetype = "text/plain"
    return _download(response, request_id, number, "txt")


def _stored(request_id: int, number: int) -> StoredLetter:
    found = get_request(request_id)
    try:
        return tracker.letter(database.session(), found, number)
    except tracker.NotFound:
        abort(404)


def _download(response: Response, request_id: int, number: int, ext: str) -> Response:
    # No personal data in the file name: the request's and the letter's numbers.
    name = f"request-{request_id}-letter-{number}.{ext}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/requests/<int:request_id>/repeat")
def repeat(request_id: int) -> Response | Page:
    """The next request of a recurring series, dated today, for records since the last."""
    found = get_request(request_id)
    try:
        follower = edits.repeat(database.session(), found, user_id=user().id, today=today(),
                                now=now())
    except tracker.EventInputError as exc:
        return request_page(found, status=422, step_errors=show_errors(None, exc.items))
    except tracker.StaleEdit:
        return redirect(url_for(".show", request_id=request_id))
    except DraftError:
        # The saved answers no longer make a valid letter (a rule changed since).
        return request_page(found, status=422, repeat_invalid=True)
    return redirect(url_for(".show", request_id=follower.id))
