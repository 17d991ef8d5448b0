"""Attachments on a request's page: upload (up to 10 MB, this route only) and download.

The app refuses bodies over 256 KiB before any view runs (MAX_CONTENT_LENGTH), and
Flask-WTF's app-wide CSRF check reads the form in a before_request hook, which would
enforce that limit first. So this one view is exempt from the app-wide check
(records.web.init_app), raises the limit for its own request, then checks the CSRF token
itself before it reads a byte of the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import abort, current_app, redirect, request, send_file, url_for
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response
from wtforms import ValidationError

from records.messages import FieldError
from records.tracker import NotFound, StaleEdit
from records.tracker import attachments as files
from records.web import database
from records.web.tracker import Page, bp, get_request, now, request_page, show_errors, user
from records.web.tracker_forms import upload_form

# The file plus the multipart envelope and the form's other fields.
BODY_LIMIT = files.MAX_SIZE + 256 * 1024
UPLOAD_VIEW = "records.web.tracker_files.upload"  # for CSRFProtect.exempt


def folder() -> Path:
    """Outside the web root: the instance folder is never served."""
    return Path(current_app.instance_path) / "attachments"


def _csrf() -> None:
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError as exc:
        raise CSRFError(exc.args[0]) from None


@bp.post("/requests/<int:request_id>/attachments")
def upload(request_id: int) -> Response | Page:
    found = get_request(request_id)
    request.max_content_length = BODY_LIMIT
    try:
        _csrf()
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        # The body was not read: no form can be bound to it.
        return _refused(request_id, files.TOO_BIG.at("file", limit=files.MAX_SIZE // 2**20),
                        upload_form(found, formdata=None))
    form = upload_form(found)
    if upload is None or not upload.filename:
        return _refused(request_id, files.EMPTY.at("file"), form)
    try:
        received = files.receive(upload.stream, folder())
        event = form.event.data or ""
        files.store(database.session(), found, received, filename=upload.filename,
                    event_id=int(event) if event.isascii() and event.isdigit() else None,
                    user_id=user().id, now=now(), folder=folder())
    except files.AttachmentError as exc:
        return _refused(request_id, exc.problem, form)
    except (NotFound, StaleEdit):
        return _refused(request_id, files.WRONG_EVENT.at("event"), form)
    return redirect(url_for(".show", request_id=request_id) + "#attachments")


def _refused(request_id: int, problem: FieldError, form: Any) -> Page:
    database.session().rollback()
    found = get_request(request_id)
    return request_page(found, status=422, upload_form=form,
                        upload_errors=show_errors(form, [problem]))


@bp.get("/requests/<int:request_id>/attachments/<int:attachment_id>")
def attachment(request_id: int, attachment_id: int) -> Response:
    found = get_request(request_id)
    try:
        stored = files.find(found, attachment_id)
        path = files.path_of(stored, folder())
    except NotFound:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=stored.content_type, as_attachment=True,
                         download_name=stored.filename, max_age=0, etag=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
