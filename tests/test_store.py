"""Wizard drafts on a real SQLite file: migrations, the DraftStore, the CLI and the app wiring.

Issue 4, "Nothing is lost": drafts live in the database under a random token, expire after
30 days, and the user can delete one at any time.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import Engine, event, func, inspect, select, text
from sqlalchemy.orm import Session

from records import create_app, db
from records.models import Base, WizardDraft
from records.store import DRAFT_LIFETIME, DraftStore
from records.web import database
from tests.conftest import ROOT, make_store

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)

ANSWERS: dict[str, Any] = {
    "law": "foia",
    "agency": "ice",
    "records": ["i-213", "earm-case"],
    "description": "Registros de la detención; señor Núñez — «todo»",
    "incident": {"date": "2019-07-22", "time": "10:00",
                 "place": "4032 Harvard Circle, Kansas City, MO",
                 "people": ["Florencio Millan-Vazquez"]},
    "subject": {"name": "José Ñandú", "other_names": ["Jose Nandu"],
                "birth_date": "1980-02-29", "birth_place": "Michoacán, México",
                "a_number": "A012345678", "relationship": "consent"},
    "fee_limit": 25,
    "expedite": "",
}


def engine_of(store: DraftStore) -> Engine:
    bind = store.session.get_bind()
    assert isinstance(bind, Engine)
    return bind


def count_rows(store: DraftStore) -> int:
    return store.session.scalar(select(func.count()).select_from(WizardDraft)) or 0


@pytest.fixture
def statements(store: DraftStore) -> Iterator[list[str]]:
    """Every SQL statement the store sends, to prove malformed tokens send none."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine_of(store), "before_cursor_execute", record)
    yield seen
    event.remove(engine_of(store), "before_cursor_execute", record)


# --- Migrations ------------------------------------------------------------------------

def test_migrations_create_exactly_the_models_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'schema.db'}"
    assert db.upgrade(url) == "0001"
    engine = db.make_engine(url)
    try:
        inspector = inspect(engine)
        tables = set(inspector.get_table_names()) - {"alembic_version"}
        assert tables == set(Base.metadata.tables)
        for name, table in Base.metadata.tables.items():
            columns = {c["name"] for c in inspector.get_columns(name)}
            assert columns == {c.name for c in table.columns}, name
        indexes = {i["name"] for i in inspector.get_indexes("wizard_drafts")}
        assert "ix_wizard_drafts_expires_at" in indexes
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        engine.dispose()


def test_the_database_file_is_private_to_its_owner(tmp_path: Path) -> None:
    db.upgrade(f"sqlite:///{tmp_path / 'private' / 'records.db'}")
    assert (tmp_path / "private" / "records.db").stat().st_mode & 0o077 == 0


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(store: DraftStore) -> None:
    assert store.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert store.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


# --- The store -------------------------------------------------------------------------

def test_a_draft_round_trips_nested_unicode_answers(store: DraftStore) -> None:
    token = store.create(ANSWERS, step="records", now=NOW)
    store.session.expunge_all()  # read back from the database, not the identity map

    draft = store.load(token, now=NOW + timedelta(hours=1))
    assert draft is not None
    assert draft.answers == ANSWERS
    assert draft.answers["subject"]["a_number"] == "A012345678"
    assert draft.answers["subject"]["birth_date"] == "1980-02-29"
    assert draft.step == "records"
    assert draft.created_at == NOW and draft.created_at.tzinfo is not None
    assert draft.expires_at == NOW + DRAFT_LIFETIME

    changed = {**ANSWERS, "fee_limit": 50, "format": "paper"}
    assert store.save(token, changed, step="fees", now=NOW + timedelta(days=1))
    store.session.expunge_all()
    again = store.load(token, now=NOW + timedelta(days=1))
    assert again is not None
    assert again.answers == changed and again.step == "fees"
    assert again.updated_at == NOW + timedelta(days=1)


def test_a_draft_expires_after_30_days_and_is_deleted_on_sight(store: DraftStore) -> None:
    token = store.create(ANSWERS, step="start", now=NOW)
    assert store.load(token, now=NOW + DRAFT_LIFETIME - timedelta(seconds=1)) is not None
    assert store.load(token, now=NOW + DRAFT_LIFETIME) is None
    assert count_rows(store) == 0
    assert not store.save(token, ANSWERS, step="start", now=NOW + DRAFT_LIFETIME)


def test_saving_slides_the_expiry(store: DraftStore) -> None:
    token = store.create(ANSWERS, step="start", now=NOW)
    later = NOW + timedelta(days=29)
    assert store.save(token, ANSWERS, step="agency", now=later)
    # Past the original 30 days, still within 30 days of the last save.
    draft = store.load(token, now=NOW + timedelta(days=45))
    assert draft is not None
    assert draft.expires_at == later + DRAFT_LIFETIME
    assert store.load(token, now=later + DRAFT_LIFETIME) is None


def test_saving_a_missing_draft_returns_false(store: DraftStore) -> None:
    assert not store.save("x" * 43, ANSWERS, step="start", now=NOW)
    assert count_rows(store) == 0


def test_the_user_can_delete_a_draft_once(store: DraftStore) -> None:
    token = store.create(ANSWERS, step="review", now=NOW)
    assert store.delete(token)
    assert store.load(token, now=NOW) is None
    assert not store.delete(token)


def test_purge_expired_counts_only_expired_drafts(store: DraftStore) -> None:
    for days_ago in (40, 31, 30, 29, 1):
        store.create(ANSWERS, step="start", now=NOW - timedelta(days=days_ago))
    assert store.purge_expired(now=NOW) == 3
    assert count_rows(store) == 2
    assert store.purge_expired(now=NOW) == 0


@pytest.mark.parametrize("token", ["../x", "", "a" * 500, "a b", "a" * 19, "a" * 65,
                                   "abcdefghijklmnopqrst\n", "abcdefghijklmnopqrst%00",
                                   "' OR 1=1 --abcdefghijkl"])
def test_malformed_tokens_never_reach_the_database(
        store: DraftStore, statements: list[str], token: str) -> None:
    assert store.load(token, now=NOW) is None
    assert not store.save(token, ANSWERS, step="start", now=NOW)
    assert not store.delete(token)
    assert statements == []


def test_tokens_are_random_unique_and_long(store: DraftStore) -> None:
    tokens = [store.create({"n": i}, step="start", now=NOW) for i in range(1000)]
    assert len(set(tokens)) == 1000
    assert min(len(t) for t in tokens) >= 43
    assert count_rows(store) == 1000


def test_tokens_do_not_carry_the_answers(store: DraftStore) -> None:
    token = store.create(ANSWERS, step="start", now=NOW)
    assert "A012345678" not in token and "1980" not in token


def test_a_naive_now_is_refused(store: DraftStore) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        store.create(ANSWERS, step="start", now=datetime(2026, 11, 23, 15, 0))


def test_make_store_gives_independent_databases(tmp_path: Path) -> None:
    first, second = make_store(tmp_path / "a"), make_store(tmp_path / "b")
    try:
        token = first.create(ANSWERS, step="start", now=NOW)
        assert second.load(token, now=NOW) is None
    finally:
        for made in (first, second):
            made.session.close()
            engine_of(made).dispose()


# --- The CLI ---------------------------------------------------------------------------

def run_cli(*args: str, instance: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["RECORDS_INSTANCE"] = str(instance)
    return subprocess.run([sys.executable, "-m", "records", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_db_upgrade_creates_the_database_and_is_idempotent(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    for _ in range(2):
        done = run_cli("db", "upgrade", instance=instance)
        assert done.returncode == 0, done.stderr
        assert len(done.stdout.strip().splitlines()) == 1
        assert done.stderr == ""
    assert (instance / "records.db").is_file()


def test_db_purge_reports_the_count(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    url = db.default_url(instance)
    db.upgrade(url)
    engine = db.make_engine(url)
    with Session(engine) as session:
        long_ago = datetime.now(UTC) - timedelta(days=31)
        DraftStore(session).create(ANSWERS, step="start", now=long_ago)
    engine.dispose()
    done = run_cli("db", "purge", instance=instance)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "purged 1 expired draft"


def test_db_purge_without_a_database_says_so_in_one_line(tmp_path: Path) -> None:
    done = run_cli("db", "purge", instance=tmp_path / "missing")
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


# --- The app ---------------------------------------------------------------------------

def test_the_app_gives_each_request_a_working_session(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECORDS_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'records.db'}"
    db.upgrade(app.config["DATABASE_URL"])

    with app.test_request_context("/new"):
        session = database.session()
        assert session is database.session()  # one Session per request
        token = DraftStore(session).create(ANSWERS, step="start", now=NOW)
    with app.test_request_context("/new"):
        assert database.session() is not session
        draft = DraftStore(database.session()).load(token, now=NOW)
        assert draft is not None and draft.answers == ANSWERS
    db.dispose(app.config["DATABASE_URL"])


def test_the_app_fixture_database_is_migrated(app: Flask) -> None:
    with app.app_context():
        count = select(func.count()).select_from(WizardDraft)
        assert database.session().execute(count).scalar() == 0


def test_database_url_from_the_environment_wins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    monkeypatch.setenv("RECORDS_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", url)
    app = create_app({"TESTING": True})
    assert app.config["DATABASE_URL"] == url


def test_an_error_in_a_request_rolls_back_its_session(app: Flask) -> None:
    with pytest.raises(RuntimeError), app.app_context():
        session = database.session()
        session.add(WizardDraft(token="t" * 43, answers={}, step="start", created_at=NOW,
                                updated_at=NOW, expires_at=NOW + DRAFT_LIFETIME))
        session.flush()
        raise RuntimeError("boom")
    with app.app_context():
        assert database.session().get(WizardDraft, "t" * 43) is None


def test_saving_answers_edited_in_place_keeps_the_edit(store: DraftStore) -> None:
    """The wizard edits the loaded dict (nested keys included) and saves it back."""
    token = store.create(copy.deepcopy(ANSWERS), step="start", now=NOW)
    draft = store.load(token, now=NOW)
    assert draft is not None
    answers = dict(draft.answers)
    answers["subject"]["a_number"] = "A987654321"
    assert store.save(token, answers, step="who", now=NOW)
    store.session.expunge_all()
    again = store.load(token, now=NOW)
    assert again is not None
    assert again.answers["subject"]["a_number"] == "A987654321"
