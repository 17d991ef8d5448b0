"""The tracker at /requests (issue 9): the dashboard, a request's page, its timeline and its
settings. The done page's buttons and stored letters are in tracker_letters, the next
letter in tracker_next, attachments in tracker_files and the settings forms in
tracker_settings; they all add their views to this module's `bp`.

Views only translate HTTP. A request the user may not see is a 404, never a 403
(records.tracker.NotFound), so nobody learns that someone else's request exists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from records import tracker
from records.catalog import default_catalog
from records.messages import FieldError, error_message
from records.models import Organisation, TrackedRequest, User
from records.today import utc_now
from records.tracker import edits
from records.tracker.timeline import SEND_METHOD_LABELS
from records.vocabulary import CLOCK_TITLES, LAW_NAMES, STATUS_NAMES
from records.web import database
from records.web.clock import today
from records.web.links import ids_in_range
from records.web.messages import say
from records.web.tracker_forms import (
    DETAIL_FIELDS,
    DETAIL_LABELS,
    EventForm,
    RepeatForm,
    ShareForm,
    TitleForm,
    TrackForm,
    VersionForm,
    event_form,
    law_choices,
    org_choices,
    relevant,
    upload_form,
)
from records.web.tracker_rows import Filters, Words, rows

bp = Blueprint("tracker", __name__)
# Rows per dashboard page: the urgent ones come first, and the counts above the table say
# how many of each there are; a page of thousands of rows would take seconds to render.
PAGE_SIZE = 100
bp.url_value_preprocessor(ids_in_range)
Page = str | tuple[str, int]
# The domain's field names where the form's differ.
FORM_FIELD = {"date": "day"}
BAD_DAY = error_message("event-date", "enter the date it happened (YYYY-MM-DD)")


def login_redirect(target: str | None = None) -> Response:
    """To the sign-in page, coming back to `target` (by default here) afterwards. Until
    the sign-in page exists, its path is still /login (DESIGN: sign-in at /login)."""
    from flask_login import login_url
    from werkzeug.routing import BuildError

    # A form posted while signed out comes back to the dashboard, not to a POST-only URL.
    if target is None:
        target = request.full_path.rstrip("?") if request.method == "GET" \
            else url_for("tracker.dashboard")
    try:
        return redirect(login_url("auth.login", next_url=target))
    except BuildError:
        return redirect(login_url("/login", next_url=target))


@bp.before_request
def _signed_in() -> Response | None:
    # The done page's own routes (under /new/) decide for themselves.
    if request.endpoint in ("tracker.track", "tracker.another_agency"):
        return None
    return None if current_user.is_authenticated else login_redirect()


@bp.after_request
def _private(response: Response) -> Response:
    # Pages and files of a request carry clients' details: no shared or disk caches.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.context_processor
def _vocabulary() -> dict[str, Any]:
    from records.web.tracker_next import LETTER_NAMES, letter_titles

    return {"kinds": tracker.KINDS, "letter_titles": letter_titles(),
            "letter_names": LETTER_NAMES, "detail_labels": DETAIL_LABELS,
            "method_labels": SEND_METHOD_LABELS}


def user() -> User:
    found: User = current_user._get_current_object()
    return found


def now() -> datetime:
    return utc_now()


def get_request(request_id: int) -> TrackedRequest:
    try:
        return tracker.get(database.session(), user().id, request_id)
    except tracker.NotFound:
        abort(404)


def version_of(form: Any) -> int | None:
    """The version the page was made from: None when the post claims none (a hand-made
    post: nothing to compare), -1 (never current) when it is not a number."""
    text = str(form.version.data or "")
    if not text:
        return None
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else -1


def show_errors(form: Any, problems: Iterable[FieldError]) -> list[tuple[str, str]]:
    """Put each coded error on its form field; return (field id, message) for the summary
    (an empty id: the error belongs to no field of the form)."""
    shown = []
    for problem in problems:
        name = FORM_FIELD.get(problem.field, problem.field)
        target = form[name] if form is not None and name in form else None
        message = say(problem)
        if target is not None:
            target.errors = [*target.errors, message]
        shown.append((target.id if target is not None else "", message))
    return shown


def _orgs(user_id: int) -> list[tuple[int, str]]:
    session = database.session()
    ids = edits.member_orgs(session, user_id)
    return [(o.id, o.name) for o in session.query(Organisation).filter(
        Organisation.id.in_(ids)).order_by(Organisation.name)] if ids else []


def track_form(user_id: int | None, **kwargs: Any) -> TrackForm:
    form = TrackForm(**kwargs)
    form.org.choices = org_choices(_orgs(user_id) if user_id is not None else [])
    return form


def done_context() -> dict[str, Any]:
    """What the wizard's done page needs to offer "Track this request"."""
    signed_in = bool(current_user.is_authenticated)
    return {"track_form": track_form(user().id if signed_in else None),
            "signed_in": signed_in}


@bp.get("/requests")
def dashboard() -> str:
    session = database.session()
    day = today()
    filters = Filters.read(request.args)
    total, shown = rows(session, user().id, day, filters)
    counts = Counter(row.bucket(day) for row in shown)
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    # The member filter lists the people whose requests the user sees (their orgs').
    members = session.execute(select(User.id, User.email).where(User.id.in_(
        select(TrackedRequest.owner_id).where(tracker.visible_to(user().id))))
        .order_by(User.email)).all()
    return render_template(
        "tracker/dashboard.html", rows=shown[(page - 1) * PAGE_SIZE:page * PAGE_SIZE],
        matching=len(shown), counts=counts, page=page, pages=pages, page_url=_page_url,
        total=total, filters=filters, today=day,
        catalog=default_catalog(), laws=law_choices(), law_names=LAW_NAMES,
        statuses=tracker.STATUS_LABELS, members=members if len(members) > 1 else [],
        clock_titles=CLOCK_TITLES, w=Words())


def _page_url(page: int) -> str:
    """This dashboard view (filters kept) at another page."""
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page"}
    if page > 1:
        args["page"] = page
    return url_for("tracker.dashboard", **args)


def _fresh_forms(found: TrackedRequest) -> dict[str, Any]:
    """The page's forms as the request stands. `formdata=None`: a form that was not the
    one posted must not pick up the post's fields (its stale `version` above all)."""
    version = str(found.version)
    return {
        "event_form": event_form(found.law, formdata=None, data={
            "version": version, "kind": request.args.get("kind", "")}),
        "title_form": TitleForm(formdata=None, data={"title": found.title,
                                                     "version": version}),
        "share_form": ShareForm(formdata=None, data={"org": str(found.org_id or ""),
                                                     "version": version}),
        "repeat_form": RepeatForm(formdata=None, data={
            "repeat_months": str(found.repeat_months or ""), "version": version}),
        "upload_form": upload_form(found, formdata=None),
    }


def request_page(found: TrackedRequest, *, status: int = 200, **forms: Any) -> Page:
    day = today()
    orgs = _orgs(user().id)
    forms = {**_fresh_forms(found), **forms}
    forms["share_form"].org.choices = org_choices(orgs)
    html = render_template(
        "tracker/request.html", r=found, t=tracker.tracking(found, today=day, explain=True),
        today=day, agency=default_catalog().agency(found.agency), law_names=LAW_NAMES,
        statuses=tracker.STATUS_LABELS, titles=CLOCK_TITLES, clock_statuses=STATUS_NAMES,
        relevant=relevant(found.law), owner=found.owner_id == user().id, **forms)
    return html, status


@bp.get("/requests/<int:request_id>")
def show(request_id: int) -> Page:
    return request_page(get_request(request_id))


def _detail(form: EventForm) -> dict[str, Any]:
    """The detail fields the kind uses, as the domain takes them."""
    kind = str(form.kind.data or "")
    if kind not in tracker.KINDS:
        return {}
    spec = tracker.KINDS[tracker.TimelineKind(kind)]
    return {d.value: form[DETAIL_FIELDS[d]].data for d in spec.details}


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


@bp.post("/requests/<int:request_id>/events")
def add_event(request_id: int) -> Response | Page:
    found = get_request(request_id)
    form = event_form(found.law)
    form.validate_on_submit()
    day = _day(form.day.data)
    if day is None:
        return request_page(found, status=422, event_form=form,
                            event_errors=show_errors(form, [BAD_DAY.at("day")]))
    try:
        tracker.add_event(database.session(), found, kind=form.kind.data or "", day=day,
                          detail=_detail(form), note=form.note.data or "", user_id=user().id,
                          now=now(), today=today(), expected_version=version_of(form))
    except tracker.EventInputError as exc:
        return request_page(found, status=422, event_form=form,
                            event_errors=show_errors(form, exc.items))
    except tracker.StaleEdit:
        return stale_page(request_id, event_form=form)
    return redirect(url_for(".show", request_id=request_id) + "#timeline")


def stale_page(request_id: int, **forms: Any) -> Page:
    """Someone changed the request since the page was loaded: nothing was saved. The page
    shows the request as it is now, with what was typed, and the form now carries the
    current version, so sending it again is a deliberate choice."""
    database.session().rollback()
    found = get_request(request_id)
    for form in forms.values():
        form.version.data = str(found.version)
    return request_page(found, status=409, stale=True, **forms)


@bp.get("/requests/<int:request_id>/events/<int:event_id>/delete")
def confirm_delete(request_id: int, event_id: int) -> str:
    found = get_request(request_id)
    event = next((e for e in found.events if e.id == event_id), None)
    if event is None:
        abort(404)
    return render_template("tracker/delete_event.html", r=found, event=event,
                           kinds=tracker.KINDS, form=VersionForm(data={"version": found.version}))


@bp.post("/requests/<int:request_id>/events/<int:event_id>/delete")
def delete_event(request_id: int, event_id: int) -> Response | Page:
    found = get_request(request_id)
    form = VersionForm()
    try:
        tracker.delete_event(database.session(), found, event_id, now=now(),
                             expected_version=version_of(form))
    except tracker.NotFound:
        abort(404)
    except tracker.StaleEdit:
        return stale_page(request_id)
    return redirect(url_for(".show", request_id=request_id) + "#timeline")
