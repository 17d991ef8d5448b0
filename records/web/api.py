"""The JSON API under /api/ (DESIGN §4, HTTP): signed in by `Authorization: Bearer
<token>` (a personal token from the account page) or by the browser's session. Another
user's object is a 404. The tracker's routes join this blueprint.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request
from werkzeug.wrappers import Response

from records import accounts
from records.models import User
from records.web import api_tracker, database
from records.web.auth import api_user, require_sign_in

bp = Blueprint("api", __name__, url_prefix="/api")
bp.before_request(require_sign_in)
api_tracker.register(bp)  # the tracker's routes: /api/requests...


def me() -> User:
    """The API caller (require_sign_in has run: never None here)."""
    user = api_user()
    if user is None:
        abort(401)
    return user


def me_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "organisations": [{"id": m.org_id, "name": m.organisation.name, "role": m.role}
                          for m in accounts.memberships(database.session(), user)],
        # Absolute, for pasting into a calendar app; the host is a trusted one (TRUSTED_HOSTS).
        "calendar_feed": (request.host_url.rstrip("/") + accounts.feed_path(user.feed_token)
                          if user.feed_token else None),
    }


@bp.get("/me")
def get_me() -> Response:
    return jsonify(me_json(me()))
