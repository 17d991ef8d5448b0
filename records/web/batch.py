"""The clinic batch at /batch (issue 10): upload a spreadsheet, see every problem or a
preview, start it, watch its progress, download its files.

Views only translate HTTP: reading and checking rows is records.batch.reader/rows, the
batch's state and files are records.batch.store's, and the work runs in the job queue
(records.jobs). Every state lives in the database, so a page survives a reload, a closed
tab and a restarted worker. A batch the user may not see is a 404, never a 403 (the
tracker's rule): nobody learns that someone else's batch exists.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response
from wtforms import ValidationError

from records.batch import reader, rows, store, template
from records.batch.model import MAX_BYTES, BatchInputError, RowErrors, RowProblem
from records.catalog import default_catalog
from records.models import Batch, Membership, Organisation
from records.today import utc_now
from records.tracker import NotFound
from records.web import database
from records.web.batch_forms import (
    DOWNLOAD_LABELS,
    NO_FILE,
    NOT_YOUR_ORG,
    ROUTE_LABELS,
    STATUS_LABELS,
    TOO_BIG,
    BatchForm,
    batch_form,
    chosen_org,
    done_of_total,
    file_size,
    law_title,
    time_left,
    warning_text,
)
from records.web.batch_preview import Outdated, counts, preview_of, warnings_of
from records.web.clock import today
from records.web.links import ids_in_range
from records.web.messages import say
from records.web.tracker import login_redirect

bp = Blueprint("batch", __name__)
bp.url_value_preprocessor(ids_in_range)
UPLOAD_VIEW = "records.web.batch.upload"  # for CSRFProtect.exempt
# The file plus the multipart envelope and the form's few other fields.
BODY_LIMIT = MAX_BYTES + 256 * 1024
# The template holds no one's data: anyone may download it (a clinic shares the link).
PUBLIC = ("batch.template_csv", "batch.template_xlsx")
RECENT = 50  # batches listed on the upload page; older ones are a scroll away in time
MIMETYPES = {".pdf": "application/pdf", ".zip": "application/zip", ".csv": "text/csv"}
Page = str | tuple[str, int]


@bp.before_request
def _signed_in() -> Response | None:
    if request.endpoint in PUBLIC or current_user.is_authenticated:
        return None
    # A form posted while signed out comes back to the upload page, not to a POST URL.
    return login_redirect(None if request.method == "GET" else url_for("batch.index"))


@bp.after_request
def _private(response: Response) -> Response:
    # Batches carry clients' details: no shared or disk caches.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.context_processor
def _words() -> dict[str, Any]:
    return {"status_labels": STATUS_LABELS, "route_labels": ROUTE_LABELS,
            "file_size": file_size, "law_title": law_title, "warning_text": warning_text}


def _user_id() -> int:
    user_id: int = current_user.id
    return user_id


def _orgs(user_id: int) -> list[tuple[int, str]]:
    found = database.session().execute(
        select(Organisation.id, Organisation.name).join(
            Membership, Membership.org_id == Organisation.id)
        .where(Membership.user_id == user_id).order_by(Organisation.name)).all()
    return [(org_id, name) for org_id, name in found]


def _get(batch_id: int) -> Batch:
    try:
        return store.get_batch(database.session(), _user_id(), batch_id)
    except NotFound:
        abort(404)


def _index(form: BatchForm, status: int = 200, **problems: Any) -> Page:
    batches = store.visible_batches(database.session(), _user_id())[:RECENT]
    page = render_template("batch/index.html", form=form, batches=batches,
                           columns=template.COLUMN_DOCS, **problems)
    return page if status == 200 else (page, status)


@bp.get("/batch")
def index() -> Page:
    return _index(batch_form(_orgs(_user_id())))


def _csrf() -> None:
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError as exc:
        raise CSRFError(exc.args[0]) from None


@bp.post("/batch")
def upload() -> Response | Page:
    """Check the whole spreadsheet before anything is stored: every problem, or a batch
    in "preview" that nothing has rendered yet."""
    orgs = _orgs(_user_id())
    # The app refuses bodies over 256 KiB; this view alone takes a spreadsheet. The
    # limit is raised before the body is read, and the CSRF token checked before the file.
    request.max_content_length = BODY_LIMIT
    try:
        _csrf()
        form = batch_form(orgs)
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        # The body was not read: no form can be bound to it.
        return _refused(batch_form(orgs, formdata=None), _(TOO_BIG), status=413)
    if upload is None or not upload.filename:
        return _refused(form, _(NO_FILE))
    org_id = chosen_org(form, orgs)
    if org_id is False:
        form.org.errors = [_(NOT_YOUR_ORG)]
        return _index(form, 422, summary=[(form.org.id, _(NOT_YOUR_ORG))])
    try:
        sheet = reader.read_sheet(upload.read(MAX_BYTES + 1), upload.filename)
    except BatchInputError as exc:
        return _refused(form, *exc.problems)
    try:
        items = rows.check(sheet, catalog=default_catalog(), today=today())
    except RowErrors as exc:
        return _row_problems(form, exc.problems, sheet.warnings)
    batch = store.create_batch(
        database.session(), owner_id=_user_id(), org_id=org_id or None, items=items,
        options=store.BatchOptions(client_packets=bool(form.packets.data),
                                   track=bool(form.track.data)),
        today=today(), now=utc_now())
    for warning in sheet.warnings:
        flash(warning, "sheet-warning")
    return redirect(url_for(".show", batch_id=batch.id))


def _refused(form: BatchForm, *problems: str, status: int = 422) -> Page:
    """The file as a whole was refused: the sentences at the file field and on top."""
    form.file.errors = list(problems)
    return _index(form, status, summary=[(form.file.id, p) for p in problems])


def _row_problems(form: BatchForm, problems: list[RowProblem],
                  warnings: tuple[str, ...]) -> Page:
    form.file.errors = [_("The spreadsheet has problems: see the list at the top.")]
    # The validator's problems in the interface's language; the reader's own are English.
    shown = [RowProblem(p.row, p.field, say(p.error) if p.error else p.message)
             for p in problems]
    return _index(form, 422, row_problems=shown, sheet_warnings=warnings)


@bp.get("/batch/template.csv")
def template_csv() -> Response:
    return _attachment(template.template_csv(), "text/csv", "clinic-batch-template.csv")


@bp.get("/batch/template.xlsx")
def template_xlsx() -> Response:
    return _attachment(template.template_xlsx(),
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       "clinic-batch-template.xlsx")


def _attachment(data: bytes, mimetype: str, name: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/batch/<int:batch_id>")
def show(batch_id: int) -> str:
    batch = _get(batch_id)
    extra: dict[str, Any] = {}
    if batch.status == "preview":
        try:
            extra["preview"] = preview_of(batch, current_app.config["DATABASE_URL"])
        except Outdated:
            # No counts and no Start button, only what to do; the rows are not shown.
            return render_template("batch/outdated.html", batch=batch)
        extra["warnings"] = warnings_of(extra["preview"])
    if batch.status == "done":
        extra["files"] = _files(batch)
    return render_template("batch/show.html", batch=batch, counts=counts(batch),
                           progress=_progress(batch), **extra)


def _files(batch: Batch) -> list[tuple[str, str, int]]:
    """(name, label msgid, size in bytes) of each file the batch has, in a fixed order."""
    found = store.downloads(batch)
    return [(name, label, found[name].stat().st_size)
            for name, label in DOWNLOAD_LABELS.items() if name in found]


def _progress(batch: Batch) -> dict[str, Any]:
    """What the progress bar shows, for the page and for its script alike."""
    eta = store.eta_seconds(batch, utc_now()) if batch.status == "running" else None
    working = batch.status in ("queued", "running")
    return {"status": batch.status, "done": batch.done, "total": batch.total,
            "eta_seconds": eta, "text": done_of_total(batch.done, batch.total),
            "time_left": time_left(eta) if working else ""}


@bp.get("/batch/<int:batch_id>/progress.json")
def progress(batch_id: int) -> Response:
    return jsonify(_progress(_get(batch_id)))


@bp.post("/batch/<int:batch_id>/start")
def start(batch_id: int) -> Response:
    """Start a checked batch, or start a failed one again (from its last finished chunk).
    A second press (a double click, another tab) starts nothing more."""
    batch = _get(batch_id)
    if batch.status in ("preview", "failed"):
        store.start(database.session(), batch, now=utc_now())
    return redirect(url_for(".show", batch_id=batch.id))


@bp.get("/batch/<int:batch_id>/<name>")
def download(batch_id: int, name: str) -> Response:
    batch = _get(batch_id)
    path = store.downloads(batch).get(name)
    if path is None:
        abort(404)
    # A fixed name: the batch's number and the file's kind, never a client's name.
    response = send_file(path, mimetype=MIMETYPES.get(path.suffix, "application/octet-stream"),
                         as_attachment=True, download_name=f"batch-{batch.id}-{name}",
                         max_age=0, etag=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
