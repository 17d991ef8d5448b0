"""Flask-Login wiring: the session's user id is "<id>:<session_version>", so a password
change (which bumps session_version) signs every other session out."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager

from records.models import User
from records.web import database

login_manager = LoginManager()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.user_loader(_load)


def _load(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = database.session().get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user

