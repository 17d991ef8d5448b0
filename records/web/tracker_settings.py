"""A request's settings: its title, who shares it, and whether it recurs. Each form
carries the version it was made from, like the event form (records.web.tracker)."""

from __future__ import annotations

from typing import Any

from flask import redirect, url_for
from werkzeug.wrappers import Response

from records import tracker
from records.tracker import edits
from records.web import database
from records.web.tracker import (
    Page,
    bp,
    get_request,
    now,
    request_page,
    show_errors,
    stale_page,
    user,
    version_of,
)
from records.web.tracker_forms import RepeatForm, ShareForm, TitleForm, months


def _setting(request_id: int, form: Any, name: str, change: Any) -> Response | Page:
    """Apply one settings form (title, sharing, recurring) with its version check."""
    found = get_request(request_id)
    try:
        change(found, version_of(form))
    except tracker.EventInputError as exc:
        return request_page(found, status=422, **{name: form},
                            setting_errors=show_errors(form, exc.items))
    except tracker.StaleEdit:
        return stale_page(request_id, **{name: form})
    return redirect(url_for(".show", request_id=request_id))


@bp.post("/requests/<int:request_id>/title")
def rename(request_id: int) -> Response | Page:
    form = TitleForm()
    return _setting(request_id, form, "title_form", lambda r, v: edits.rename(
        database.session(), r, form.title.data or "", now=now(), expected_version=v))


@bp.post("/requests/<int:request_id>/sharing")
def share(request_id: int) -> Response | Page:
    form = ShareForm()
    text = form.org.data or ""
    org = int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None
    if text and org is None:
        org = -1  # not one of the user's: refused by the domain
    return _setting(request_id, form, "share_form", lambda r, v: edits.share(
        database.session(), r, org, user_id=user().id, now=now(), expected_version=v))


@bp.post("/requests/<int:request_id>/recurring")
def set_repeat(request_id: int) -> Response | Page:
    form = RepeatForm()
    return _setting(request_id, form, "repeat_form", lambda r, v: edits.set_repeat(
        database.session(), r, months(form.repeat_months.data), now=now(), expected_version=v))
