"""Flask-Login wiring: the session's user id is "<id>:<session_version>", so a password
change (which bumps session_version) signs every other session out."""

from __future__ import annotations

from flask import Flask, request
from flask_login import LoginManager

from records.models import User
from records.web import database

login_manager = LoginManager()
BEARER = "Bearer "


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.user_loader(_load)


def _load(session_id: str) -> User | None:
    # A request that names a bearer token is decided by the token alone, not the cookie
    # (records.web.auth.load_user_from_request), so it is CSRF-exempt only as the token's
    # account.
    if request.headers.get("Authorization", "").startswith(BEARER):
        return None
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = database.session().get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user

