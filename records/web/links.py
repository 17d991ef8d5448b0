"""What the tracker's files and feeds need from the web app: the signed-in account, the
base URL for links that leave the app, and the install's calendar UID domain."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import abort, current_app
from flask_login import current_user

from records import config
from records.web.login import login_manager


def base_url() -> str:
    """Links in feeds, mails and exports: BASE_URL from the config or the environment."""
    return str(current_app.config.get("BASE_URL") or config.base_url()).rstrip("/")


def uid_domain() -> str:
    """This install's own domain for calendar UIDs: FEED_UID_DOMAIN, else one derived from
    the secret key, so it stays the same across restarts and differs between installs
    (two installs' events never collide in one phone) without naming the host."""
    configured = str(current_app.config.get("FEED_UID_DOMAIN") or "").strip()
    if configured:
        return configured
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, b"calendar feed uid domain", hashlib.sha256).hexdigest()[:16]
    return f"{digest}.show-me-records"


# Ids are INTEGER columns: 32 bits on PostgreSQL (SQLite's stop at 2**63). A larger number
# in a URL would fail in the driver (a 500), not find nothing: it is a 404 before any query.
MAX_ID = 2**31 - 1


def ids_in_range(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """A blueprint's url_value_preprocessor: an id no row can have is a 404."""
    if any(isinstance(v, int) and v > MAX_ID for v in (values or {}).values()):
        abort(404)


def signed_in_user_id() -> int:
    """The signed-in account's id; anyone signed out gets what Flask-Login gives them
    (the sign-in page)."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    user_id: int = current_user.id
    return user_id
