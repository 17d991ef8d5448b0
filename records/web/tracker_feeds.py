"""Calendar feeds over HTTP: the private feed `/calendar/<token>.ics` (DESIGN §4) and one
request's deadlines as a download, `/requests/<id>.ics`.

The feed URL is the credential: a calendar app cannot sign in. A wrong, malformed or
revoked token is a plain 404, and the response is never cached by anything in between.
"""

from __future__ import annotations

import hmac
import re
from datetime import UTC, datetime

from flask import Blueprint, Response, abort

from records import accounts, tracker
from records.tracker import feeds
from records.web import database
from records.web.clock import today
from records.web.links import base_url, ids_in_range, signed_in_user_id, uid_domain

bp = Blueprint("tracker_feeds", __name__)
bp.url_value_preprocessor(ids_in_range)

# What records.accounts issues (secrets.token_urlsafe): anything else is not worth a query.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}\Z")
ICS = "text/calendar; charset=utf-8"


def _calendar(body: bytes, filename: str | None = None) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = ICS
    response.headers["Cache-Control"] = "private, no-store"
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/calendar/<token>.ics")
def private_feed(token: str) -> Response:
    if not _TOKEN.match(token):
        abort(404)
    session = database.session()
    user = accounts.user_for_feed_token(session, token)
    if user is None or user.feed_token is None \
            or not hmac.compare_digest(user.feed_token, token):
        abort(404)
    body = feeds.user_feed(session, user.id, today=today(), base_url=base_url(),
                           domain=uid_domain(), stamp=datetime.now(UTC))
    return _calendar(body)


@bp.get("/requests/<int:request_id>.ics")
def request_calendar(request_id: int) -> Response:
    try:
        found = tracker.get(database.session(), signed_in_user_id(), request_id)
    except tracker.NotFound:
        abort(404)
    body = feeds.request_feed(found, today=today(), base_url=base_url(), domain=uid_domain(),
                              stamp=datetime.now(UTC))
    return _calendar(body, f"request-{request_id}-deadlines.ics")
