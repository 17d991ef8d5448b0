"""Wizard drafts on a real SQLite file: migrations, the DraftStore, the CLI and the app wiring.

Issue 4, "Nothing is lost": drafts live in the database under a random token, expire after
30 days, and the user can delete one at any time.
"""

from __future__ import annotations

import copy
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.orm import Session

from records import create_app, db
from records.models import WizardDraft
from records.store import DRAFT_LIFETIME, DraftStore, DraftStoreBusy, Stored
from records.web import database
from tests import cli_helpers
from tests.conftest import close_store, make_store, postgres_database
from tests.postgres import Postgres

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


# --- SQLite's own behaviour (migrations on both engines: tests/test_migrations.py) ------

def test_the_database_file_is_private_to_its_owner(tmp_path: Path) -> None:
    db.upgrade(f"sqlite:///{tmp_path / 'private' / 'records.db'}")
    assert (tmp_path / "private" / "records.db").stat().st_mode & 0o077 == 0


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(sqlite_store: DraftStore) -> None:
    assert sqlite_store.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert sqlite_store.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


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


def test_a_draft_expires_after_30_days_and_a_load_leaves_it_for_the_purge(
        store: DraftStore) -> None:
    token = store.create(ANSWERS, step="start", now=NOW)
    assert store.load(token, now=NOW + DRAFT_LIFETIME - timedelta(seconds=1)) is not None
    assert store.load(token, now=NOW + DRAFT_LIFETIME) is None
    assert count_rows(store) == 1, "a read never writes, not even to delete"
    assert not store.save(token, ANSWERS, step="start", now=NOW + DRAFT_LIFETIME)
    assert store.purge_expired(now=NOW + DRAFT_LIFETIME) == 1
    assert count_rows(store) == 0


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


def test_tokens_are_random_unique_and_long(sqlite_store: DraftStore) -> None:
    # On SQLite only: the tokens come from `secrets`, whatever the engine, and 1000
    # commits on PostgreSQL would cost every `make test` seconds to prove nothing more.
    store = sqlite_store
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


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_gets_its_own_empty_database(store: DraftStore, run: int) -> None:
    """Twice per engine: a draft left by the first run would be a second row here."""
    assert count_rows(store) == 0
    store.create(ANSWERS, step="start", now=NOW)
    assert count_rows(store) == 1


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
    return cli_helpers.run_cli(*args, env={"DATABASE_URL": None,
                                           "RECORDS_INSTANCE": str(instance)})


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


def test_db_upgrade_and_purge_work_on_the_database_of_database_url(
        blank_database_url: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": blank_database_url, "RECORDS_INSTANCE": str(tmp_path / "instance")}
    done = cli_helpers.run_cli("db", "upgrade", env=env)
    assert done.returncode == 0, done.stderr
    engine = db.make_engine(blank_database_url)
    try:
        with Session(engine) as session:
            DraftStore(session).create(ANSWERS, step="start",
                                       now=datetime.now(UTC) - timedelta(days=31))
    finally:
        engine.dispose()
    done = cli_helpers.run_cli("db", "purge", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "purged 1 expired draft"
    db.dispose(blank_database_url)


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


def test_the_app_keeps_drafts_in_the_database_of_database_url(
        database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECORDS_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", database_url)
    app = create_app({"TESTING": True})
    with app.test_request_context("/new"):
        token = DraftStore(database.session()).create(ANSWERS, step="start", now=NOW)
    engine = db.make_engine(database_url)
    try:
        with Session(engine) as session:
            draft = DraftStore(session).load(token, now=NOW)
            assert draft is not None and draft.answers == ANSWERS
    finally:
        engine.dispose()
    assert not (tmp_path / "instance" / "records.db").exists()


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


# --- Versions, compare-and-swap, busy ---------------------------------------------------

def test_each_save_bumps_the_version_and_a_load_sends_only_selects(
        store: DraftStore, statements: list[str]) -> None:
    token = store.create(ANSWERS, step="start", now=NOW)
    assert store.load(token, now=NOW).version == 1  # type: ignore[union-attr]
    assert store.save(token, ANSWERS, step="agency", now=NOW)
    assert store.save(token, ANSWERS, step="records", now=NOW)
    statements.clear()
    draft = store.load(token, now=NOW)
    assert draft is not None and draft.version == 3 and draft.step == "records"
    assert statements and all(s.lstrip().upper().startswith("SELECT") for s in statements)


def second_store(store: DraftStore, **engine_args: Any) -> DraftStore:
    """Another connection to the same file, as another worker process would have."""
    return DraftStore(Session(db.make_engine(str(engine_of(store).url), **engine_args)))


def test_a_save_that_loses_the_race_runs_again_on_the_newer_draft(store: DraftStore) -> None:
    token = store.create({"description": "old"}, step="records", now=NOW)
    other = second_store(store)
    seen: list[dict[str, Any]] = []

    def edit(current: Stored) -> tuple[dict[str, Any], str]:
        seen.append(current.answers)
        if len(seen) == 1:  # another tab saves between our read and our write
            assert other.save(token, {**current.answers, "fee_limit": "50"}, step="fees",
                              now=NOW)
        return {**current.answers, "description": "new"}, "requester"

    try:
        stored = store.update(token, edit, now=NOW)
    finally:
        other.session.close()
        engine_of(other).dispose()
    assert len(seen) == 2 and seen[1]["fee_limit"] == "50"
    assert stored == Stored({"description": "new", "fee_limit": "50"}, "requester", 3)
    assert store.load(token, now=NOW).answers == stored.answers  # type: ignore[union-attr]


def test_an_edit_that_declines_writes_nothing(store: DraftStore) -> None:
    token = store.create({"description": "old"}, step="records", now=NOW)
    stored = store.update(token, lambda current: None, now=NOW + timedelta(days=1))
    assert stored == Stored({"description": "old"}, "records", 1)
    draft = store.load(token, now=NOW)
    assert draft is not None and draft.updated_at == NOW and draft.version == 1


def test_concurrent_saves_of_different_fields_lose_none(store: DraftStore) -> None:
    """Two workers, each with its own connection, merge one key each into the same draft
    at the same moment, 100 times: every value of both survives."""
    token = store.create({}, step="records", now=NOW)
    stores = [second_store(store), second_store(store)]
    barrier = threading.Barrier(2)

    def work(me: int) -> None:
        for i in range(100):
            barrier.wait(timeout=10)
            stores[me].update(token, lambda c, i=i: ({**c.answers, f"k{me}": i}, "records"),
                              now=NOW)
            barrier.wait(timeout=10)
            if me == 0:
                answers = store.load(token, now=NOW).answers  # type: ignore[union-attr]
                lost.extend(k for k in ("k0", "k1") if answers.get(k) != i)

    lost: list[str] = []
    try:
        threads = [threading.Thread(target=work, args=(n,)) for n in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        for other in stores:
            other.session.close()
            engine_of(other).dispose()
    assert lost == []
    assert store.load(token, now=NOW).version == 201  # type: ignore[union-attr]


def test_a_write_lock_held_elsewhere_is_busy_after_the_timeout_and_reads_still_work(
        sqlite_store: DraftStore) -> None:
    store = sqlite_store
    token = store.create({"description": "kept"}, step="records", now=NOW)
    impatient = second_store(store, busy_timeout=0.2)
    holder = sqlite3.connect(str(engine_of(store).url.database), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process's write, holding the lock
        started = time.monotonic()
        with pytest.raises(DraftStoreBusy):
            impatient.save(token, {"description": "lost?"}, step="fees", now=NOW)
        assert 0.15 < time.monotonic() - started < 3
        draft = impatient.load(token, now=NOW)  # WAL: reading needs no lock
        assert draft is not None and draft.answers == {"description": "kept"}
        holder.execute("ROLLBACK")
        assert impatient.save(token, {"description": "now"}, step="fees", now=NOW)
    finally:
        holder.close()
        impatient.session.close()
        engine_of(impatient).dispose()
    assert store.load(token, now=NOW).answers == {"description": "now"}  # type: ignore[union-attr]


def test_a_row_lock_held_elsewhere_on_postgresql_is_busy_after_the_timeout(
        postgres: Postgres, postgres_template: str) -> None:
    """PostgreSQL's twin of the test above: there the wait is lock_timeout on a row lock
    (records.db sets it from the busy timeout), and MVCC lets reads through."""
    with postgres_database(postgres, template=postgres_template) as url:
        store = DraftStore(Session(db.make_engine(url)))
        impatient = DraftStore(Session(db.make_engine(url, busy_timeout=0.2)))
        holder = db.make_engine(url)
        try:
            token = store.create({"description": "kept"}, step="records", now=NOW)
            with holder.connect() as conn:  # another process's write, holding the row
                # Should the store wait for ever (no lock_timeout), the holder's own
                # timeout lets it through: the test then fails instead of hanging.
                conn.execute(text("SET idle_in_transaction_session_timeout = '3s'"))
                conn.execute(text("SELECT 1 FROM wizard_drafts WHERE token = :token "
                                  "FOR UPDATE"), {"token": token})
                started = time.monotonic()
                with pytest.raises(DraftStoreBusy):
                    impatient.save(token, {"description": "lost?"}, step="fees", now=NOW)
                assert 0.15 < time.monotonic() - started < 3
                draft = impatient.load(token, now=NOW)
                assert draft is not None and draft.answers == {"description": "kept"}
                conn.rollback()
            assert impatient.save(token, {"description": "now"}, step="fees", now=NOW)
            assert store.load(token, now=NOW).answers == {  # type: ignore[union-attr]
                "description": "now"}
        finally:
            for made in (store, impatient):
                close_store(made)
            holder.dispose()


def test_a_plain_postgresql_url_is_served_by_psycopg(
        postgres: Postgres, postgres_template: str) -> None:
    """SQLAlchemy would load psycopg2 for postgresql://, which we do not install."""
    with postgres_database(postgres, template=postgres_template) as url:
        plain = url.replace("postgresql+psycopg://", "postgresql://")
        assert plain.startswith("postgresql://")
        assert db.upgrade(plain) == db.upgrade(url)
        with db.connect(plain).scope() as session:
            assert session.get_bind().dialect.driver == "psycopg"
            token = DraftStore(session).create(ANSWERS, step="start", now=NOW)
            assert DraftStore(session).load(token, now=NOW) is not None
        db.dispose(plain)
