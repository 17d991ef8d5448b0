"""Shared fixtures: the app with a throwaway instance folder, its client, and answers."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import Engine, make_url
from sqlalchemy.orm import Session

from records import create_app, db
from records.store import DraftStore
from tests.postgres import Postgres, PostgresUnavailable, postgres_server

# The tracker's web fixtures (`web`, `advocate`), kept beside its helpers.
pytest_plugins = ["tests.tracker_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
# The web app's "today" in tests: pinned, so no web test depends on the day it runs.
TODAY = date(2026, 11, 23)
EXAMPLES = ROOT / "examples"
TRANSLATIONS = ROOT / "translations"

# Property tests that drive the whole app (a draft, its pages, its PDF) cost a few hundred
# milliseconds an example. They take their example count and deadline from the profile:
# "fast" by default, so `make test` stays quick where it is run most; "thorough" (at least
# as many examples as they ever had, no deadline) with HYPOTHESIS_PROFILE=thorough, which
# `make test` selects on CI.
# The deadline is per example and generous, because this machine is shared: it catches an
# input that makes a page pathologically slow, not a busy neighbour.
settings.register_profile("fast", max_examples=10, deadline=timedelta(seconds=5))
settings.register_profile("thorough", max_examples=120, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "fast")


def compile_translations(root: Path = TRANSLATIONS) -> list[Path]:
    """Compile each .po to its .mo when the .mo is missing or older, as `make
    compile-translations` does, so a bare `pytest` on a fresh clone has Spanish pages.
    Returns the catalogs it wrote."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
        with partial.open("wb") as target:
            write_mo(target, catalog)
        partial.replace(mo)  # atomic: parallel sessions never read half a catalog
        written.append(mo)
    return written


def pytest_sessionstart(session: pytest.Session) -> None:
    compile_translations()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated to head once per session (per xdist worker), to copy per test:
    a copy of the file is the same database a fresh upgrade makes, without Alembic's
    80 ms a test."""
    path = tmp_path_factory.mktemp("migrated") / "records.db"
    db.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        migrated_database: Path) -> Iterator[Flask]:
    monkeypatch.setenv("RECORDS_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    # Rate limits are off here: tests start many drafts and PDFs from one client. They are
    # tested with limits on in test_wizard.py (the `limited` fixture) and test_gunicorn.py.
    app = create_app({"TESTING": True, "TODAY": TODAY, "RATELIMIT_ENABLED": False})
    # A throwaway, migrated database per test, as `make run` does before serving.
    target = Path(str(make_url(app.config["DATABASE_URL"]).database))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(migrated_database, target)  # keeps the owner-only mode
    yield app
    db.dispose(app.config["DATABASE_URL"])


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def make_store(tmp_path: Path) -> DraftStore:
    """A DraftStore on a freshly migrated SQLite file in `tmp_path` (no Flask app).

    Close it with `store.session.close()`, or use the `sqlite_store` fixture, which does.
    """
    url = f"sqlite:///{tmp_path / 'records.db'}"
    db.upgrade(url)
    return DraftStore(Session(db.make_engine(url)))


def close_store(store: DraftStore) -> None:
    engine = store.session.get_bind()
    store.session.close()
    assert isinstance(engine, Engine)
    engine.dispose()


@pytest.fixture
def store(database_url: str) -> Iterator[DraftStore]:
    """A DraftStore on an empty, migrated database: once on SQLite, once on PostgreSQL."""
    made = DraftStore(Session(db.make_engine(database_url)))
    yield made
    close_store(made)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[DraftStore]:
    """A DraftStore on SQLite only, for tests of SQLite's own behaviour (WAL, file locks)."""
    made = make_store(tmp_path)
    yield made
    close_store(made)


# --- Both engines ----------------------------------------------------------------------
# Issue 9: SQLite is the default and PostgreSQL is used when DATABASE_URL is set, so the
# database tests run on both. The server is one per pytest process (per xdist worker):
# about a second to start, on both cores at once, and nothing to share or lock between
# workers, where one shared server would need a lock file and a last-one-out rule to stop
# it. It starts on the first test that needs it, so a run without one never pays for it.

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """The process's throwaway PostgreSQL server (tests/postgres.py). A test that needs
    it fails, never skips, when it cannot start: PostgreSQL support is a feature."""
    stack = contextlib.ExitStack()
    try:
        server = stack.enter_context(postgres_server())
    except PostgresUnavailable as exc:
        problem = str(exc)
    else:
        with stack:
            yield server
        return
    # Outside the except block, so the report is this one message, not a chained trace.
    pytest.fail(f"this test needs PostgreSQL, which did not start: {problem}", pytrace=False)


@pytest.fixture(scope="session")
def postgres_template(postgres: Postgres) -> str:
    """A PostgreSQL database migrated to head once per session, to copy per test (as
    `migrated_database` is for SQLite): CREATE DATABASE ... TEMPLATE is cheaper than
    running Alembic again."""
    name = postgres.create_database()
    url = postgres.url(name)
    db.upgrade(url)
    db.dispose(url)
    return name


@contextlib.contextmanager
def postgres_database(postgres: Postgres, *, template: str = "template0") -> Iterator[str]:
    """A fresh PostgreSQL database (empty, or a copy of `template`); yields its URL and
    drops it afterwards. Fails the test if it left connections open: every engine on it
    must be disposed (records.db.dispose(url) for those made by records.db.connect)."""
    name = postgres.create_database(template=template)
    url = postgres.url(name)
    try:
        yield url
    finally:
        db.dispose(url)
        left = postgres.drop_database(name)
    assert left == 0, f"{left} connection(s) to {name} were left open: dispose the engine"


@pytest.fixture(params=ENGINES)
def blank_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database with no tables, not even Alembic's: on SQLite (a file
    that does not exist yet), then on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'blank.db'}"
        yield url
        db.dispose(url)
    else:
        with postgres_database(request.getfixturevalue("postgres")) as url:
            yield url


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database migrated to head (`records.db.upgrade`), on SQLite,
    then on PostgreSQL. Connect with `records.db.connect(url)` or `make_engine(url)`."""
    if request.param == "sqlite":
        target = tmp_path / "records.db"
        shutil.copy2(request.getfixturevalue("migrated_database"), target)
        url = f"sqlite:///{target}"
        yield url
        db.dispose(url)
    else:
        template = request.getfixturevalue("postgres_template")
        with postgres_database(request.getfixturevalue("postgres"), template=template) as url:
            yield url


def load_example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text())
    return data


def make_answers(base: str = "kcpd-sunshine-2019.json", **overrides: Any) -> dict[str, Any]:
    """An answers dict from an example file, with top-level keys overridden; a value of
    ... removes the key."""
    answers = copy.deepcopy(load_example(base))
    answers.update(overrides)
    return {key: value for key, value in answers.items() if value is not ...}


class PdfText(str):
    """Text read back from a PDF. `in` and `count` ignore white space and hyphens, because
    line breaks in the PDF split words ("In-" / "car") and citations ("(ii)" / "(II)")."""

    @staticmethod
    def fold(text: str) -> str:
        return re.sub(r"[\s\-\u00ad]", "", text)

    def __contains__(self, phrase: object) -> bool:
        return isinstance(phrase, str) and self.fold(phrase) in self.fold(self)

    def count(self, phrase: str, *args: Any) -> int:  # type: ignore[override]
        return self.fold(self).count(self.fold(phrase))


def extract_text(pdf: bytes) -> PdfText:
    """Text of a PDF via poppler's pdftotext, in reading order, page footers removed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                         capture_output=True, check=True).stdout.decode("utf-8")
    out = re.sub(r"Page \d+ of \d+", " ", out)
    return PdfText(re.sub(r"\s+", " ", out))
