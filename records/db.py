"""The database: one engine per process and URL, a Session factory, Alembic migrations.

No Flask here: the web app (records.web.database), the CLI and the workers all get their
sessions from `connect(url)`, so every process has one engine per database, however many
callers it has. Nothing here creates tables: `upgrade(url)` runs the migrations, and `make
run` calls it through `python -m records db upgrade` before serving.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from records import config

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

# How long a write waits for another one to finish before the user is asked to try again.
# Writes take milliseconds; seconds of waiting means the database is in trouble.
BUSY_TIMEOUT_SECONDS = 5.0
MIGRATIONS = config.ROOT / "migrations"


@dataclass(frozen=True)
class Database:
    """An engine and its Session factory. Get one from `connect(url)`."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    def session(self) -> Session:
        """A new Session; the caller closes it (or uses `scope()`)."""
        return self.sessions()

    @contextlib.contextmanager
    def scope(self) -> Iterator[Session]:
        """A Session for one unit of work: rolled back on error, always closed."""
        session = self.sessions()
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


_lock = threading.Lock()
_databases: dict[tuple[str, float], Database] = {}


def connect(url: str | None = None, *,
            busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> Database:
    """The process's Database for `url` (default: DATABASE_URL or the instance's SQLite
    file), built on first use. Connections open lazily, on the first query."""
    url = url or default_url()
    key = (url, busy_timeout)
    with _lock:
        found = _databases.get(key)
        if found is None:
            engine = make_engine(url, busy_timeout=busy_timeout)
            found = _databases[key] = Database(url, engine,
                                               sessionmaker(engine, expire_on_commit=False))
        return found


def dispose(url: str) -> None:
    """Close the pooled connections of `url`'s engines and forget them (tests, shutdown)."""
    with _lock:
        found = [_databases.pop(key) for key in list(_databases) if key[0] == url]
    for each in found:
        each.engine.dispose()


def _after_fork_in_child() -> None:
    # A pool inherited through fork (gunicorn --preload) must not reuse the parent's
    # sockets or file handles: drop them without closing the parent's.
    for found in list(_databases.values()):
        found.engine.dispose(close=False)


os.register_at_fork(after_in_child=_after_fork_in_child)


def default_url(instance: Path | None = None) -> str:
    """The DATABASE_URL environment variable, else records.db in the instance folder."""
    from_env = os.environ.get("DATABASE_URL", "").strip()
    if from_env:
        return from_env
    folder = instance if instance is not None else config.instance_path()
    return f"sqlite:///{folder / 'records.db'}"


def engine_url(url: str) -> URL:
    """`url` with the driver we install: a plain postgresql:// URL would make SQLAlchemy
    load psycopg2, which requirements.txt does not have; we ship psycopg (3)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS,
                **kwargs: Any) -> Engine:
    parsed = engine_url(url)
    connect_args = kwargs.pop("connect_args", {})
    if parsed.get_backend_name() == "sqlite":
        # pysqlite's `timeout` is SQLite's busy timeout: wait for a lock, then give up
        # with "database is locked" (records.store turns that into DraftStoreBusy).
        connect_args = {"timeout": busy_timeout, **connect_args}
    elif parsed.get_backend_name() == "postgresql":
        # PostgreSQL waits for a row lock for ever by default. lock_timeout is its busy
        # timeout: give up with lock_not_available, which the store also calls busy.
        options = " ".join(filter(None, (str(parsed.query.get("options", "")),
                                         f"-c lock_timeout={round(busy_timeout * 1000)}")))
        connect_args = {"options": options, **connect_args}
    engine = create_engine(parsed, connect_args=connect_args, **kwargs)
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


def upgrade(url: str) -> str:
    """Run Alembic `upgrade head` on `url`; return the head revision."""
    from alembic import command
    from alembic.script import ScriptDirectory

    _ensure_sqlite_file(url)
    cfg = alembic_config(url)
    command.upgrade(cfg, "head")
    head = ScriptDirectory.from_config(cfg).get_current_head()
    return head or ""


def alembic_config(url: str) -> AlembicConfig:
    """An Alembic Config for migrations/ on `url`, for `alembic.command` (tests step
    through single revisions with it)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser interpolates '%': a URL-encoded password would otherwise break it.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


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
