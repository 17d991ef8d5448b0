"""Database wiring: the engine, a Session per request, and Alembic migrations.

Pure wiring: nothing here creates tables. `upgrade(url)` runs the migrations; `make run`
calls it through `python -m records db upgrade` before serving.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from records import config

EXTENSION = "records.db"
# How long a write waits for another one to finish before the user is asked to try again.
# Writes take milliseconds; seconds of waiting means the database is in trouble.
BUSY_TIMEOUT_SECONDS = 5.0
MIGRATIONS = config.ROOT / "migrations"
_G_KEY = "records_db_session"


@dataclass(frozen=True)
class Database:
    engine: Engine
    sessions: sessionmaker[Session]


def default_url(instance: Path | None = None) -> str:
    """The DATABASE_URL environment variable, else records.db in the instance folder."""
    from_env = os.environ.get("DATABASE_URL", "").strip()
    if from_env:
        return from_env
    folder = instance if instance is not None else config.instance_path()
    return f"sqlite:///{folder / 'records.db'}"


def make_engine(url: str, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS,
                **kwargs: Any) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        # pysqlite's `timeout` is SQLite's busy timeout: wait for a lock, then give up
        # with "database is locked" (records.store turns that into DraftStoreBusy).
        kwargs["connect_args"] = {"timeout": busy_timeout, **kwargs.get("connect_args", {})}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite leaves foreign keys off per connection; WAL lets readers run during a write,
    # which the gunicorn workers need.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def init_app(app: Flask) -> None:
    """Configure DATABASE_URL, build the engine (lazily connecting) and the sessionmaker."""
    app.config.setdefault("DATABASE_URL", default_url(Path(app.instance_path)))
    app.config.setdefault("SQLITE_BUSY_TIMEOUT", BUSY_TIMEOUT_SECONDS)
    engine = make_engine(app.config["DATABASE_URL"],
                         busy_timeout=float(app.config["SQLITE_BUSY_TIMEOUT"]))
    app.extensions[EXTENSION] = Database(engine, sessionmaker(engine, expire_on_commit=False))
    app.teardown_appcontext(_close_session)


def database(app: Flask | None = None) -> Database:
    db: Database = (app or current_app).extensions[EXTENSION]
    return db


def session() -> Session:
    """The current request's Session, opened on first use and closed at teardown."""
    if _G_KEY not in g:
        setattr(g, _G_KEY, database().sessions())
    current: Session = getattr(g, _G_KEY)
    return current


def _close_session(exc: BaseException | None) -> None:
    current: Session | None = g.pop(_G_KEY, None)
    if current is None:
        return
    if exc is not None:
        current.rollback()
    current.close()


def upgrade(url: str) -> str:
    """Run Alembic `upgrade head` on `url`; return the head revision."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    _ensure_sqlite_file(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser interpolates '%': a URL-encoded password would otherwise break it.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")
    head = ScriptDirectory.from_config(cfg).get_current_head()
    return head or ""


def _ensure_sqlite_file(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Drafts hold birth dates and A-numbers: create the file owner-only. SQLite gives its
    # -wal and -shm files the same mode.
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)
