"""The tracker's downloads for a signed-in user: the export (CSV and JSON) and a request's
evidence packet (PDF). Views only translate HTTP: the files are made in records.tracker."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request

from records import tracker
from records.tracker import export, packet
from records.web import database
from records.web.clock import today
from records.web.links import base_url, ids_in_range, signed_in_user_id

bp = Blueprint("tracker_exports", __name__)
bp.url_value_preprocessor(ids_in_range)


def _org() -> int | None:
    raw = request.args.get("org")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 12:
        abort(404)  # no such organisation, as for one the user does not belong to
    return int(raw)


def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _rows() -> list[dict[str, object]]:
    try:
        return export.rows(database.session(), signed_in_user_id(), today=today(),
                           base_url=base_url(), org_id=_org())
    except tracker.NotFound:
        abort(404)


@bp.get("/requests/export.csv")
def export_csv() -> Response:
    body = export.to_csv(_rows())
    return _download(body.encode("utf-8"), "text/csv", f"requests-{today().isoformat()}.csv")


@bp.get("/requests/export.json")
def export_json() -> Response:
    body = json.dumps({"today": today().isoformat(), "requests": _rows()}, ensure_ascii=False,
                      indent=1)
    return _download(body, "application/json", f"requests-{today().isoformat()}.json")


@bp.get("/requests/<int:request_id>/packet.pdf")
def evidence_packet(request_id: int) -> Response:
    try:
        found = tracker.get(database.session(), signed_in_user_id(), request_id)
    except tracker.NotFound:
        abort(404)
    body = packet.build(found, folder=Path(current_app.instance_path) / "attachments",
                        today=today())
    return _download(body, "application/pdf", f"request-{request_id}-packet.pdf")
