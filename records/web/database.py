"""The web app's database glue: one Session per request, from records.db's factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from records import db

_G_KEY = "records_db_session"


def init_app(app: Flask) -> None:
    """Set DATABASE_URL (default: the instance folder's SQLite file) and close each
    request's Session at teardown. The engine is records.db's, shared in the process."""
    app.config.setdefault("DATABASE_URL", db.default_url(Path(app.instance_path)))
    app.config.setdefault("SQLITE_BUSY_TIMEOUT", db.BUSY_TIMEOUT_SECONDS)
    db.connect(app.config["DATABASE_URL"],
               busy_timeout=float(app.config["SQLITE_BUSY_TIMEOUT"]))
    app.teardown_appcontext(_close_session)


def database(app: Flask | None = None) -> db.Database:
    config = (app or current_app).config
    return db.connect(config["DATABASE_URL"], busy_timeout=float(config["SQLITE_BUSY_TIMEOUT"]))


def session() -> Session:
    """The current request's Session, opened on first use and closed at teardown."""
    if _G_KEY not in g:
        setattr(g, _G_KEY, database().session())
    current: Session = getattr(g, _G_KEY)
    return current


def _close_session(exc: BaseException | None) -> None:
    current: Session | None = g.pop(_G_KEY, None)
    if current is None:
        return
    if exc is not None:
        current.rollback()
    current.close()
