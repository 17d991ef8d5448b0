"""The Alembic migrations on both engines (issue 9): an empty database upgrades to exactly
the models' schema, data written at an older revision survives every later migration, and
the migrations go down to nothing and up again.

Adding a migration? Add a DataCase below: rows written with plain SQL at the revision
before yours (as the schema was then), and what they must look like at head.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Connection,
    Date,
    Engine,
    Integer,
    LargeBinary,
    String,
    bindparam,
    inspect,
    text,
)
from sqlalchemy.orm import Session

from records import db
from records.models import Base, UTCDateTime
from records.store import DraftStore

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@dataclass(frozen=True)
class DataCase:
    """Rows `seed` writes at `revision` (with plain SQL: the models describe head, not the
    schema of then), and the `check` they must pass once the database is at head."""

    revision: str
    seed: Callable[[Connection], None]
    check: Callable[[Connection], None]


# --- Wizard drafts: 0001 -> head (0002 adds their version), 0002 -> head -----------------

def draft_case(revision: str, *, version: int | None) -> DataCase:
    """A wizard draft written at `revision` (with a version column when `version` is
    given), which must read back unchanged at head, at `version` (1 when the column was
    added by a migration), and take a compare-and-swap save from there."""
    token = f"{revision}-".ljust(43, "d")
    answers = {"agency": "ice", "subject": {"name": "José Ñandú", "a_number": "A012345678"}}
    columns = {"token": token, "answers": answers, "step": "fees", "created_at": NOW,
               "updated_at": NOW, "expires_at": NOW + timedelta(days=30)}
    if version is not None:
        columns["version"] = version
    expected_version = version or 1

    def seed(conn: Connection) -> None:
        conn.execute(text(
            f"INSERT INTO wizard_drafts ({', '.join(columns)}) "
            f"VALUES ({', '.join(':' + name for name in columns)})"
        ).bindparams(bindparam("answers", type_=JSON),
                     *(bindparam(name, type_=UTCDateTime)
                       for name in ("created_at", "updated_at", "expires_at"))), columns)

    def check(conn: Connection) -> None:
        row = conn.execute(text(
            "SELECT answers, step, created_at, expires_at, version FROM wizard_drafts "
            "WHERE token = :token").columns(answers=JSON, step=String, created_at=UTCDateTime,
                                            expires_at=UTCDateTime, version=Integer),
            {"token": token}).one()
        assert tuple(row) == (answers, "fees", NOW, NOW + timedelta(days=30),
                              expected_version)
        # And the app carries on with it: a compare-and-swap save from that version.
        with Session(conn) as session:
            store = DraftStore(session)
            assert store.save(token, {"agency": "cbp"}, step="review", now=NOW)
            draft = store.load(token, now=NOW)
            assert draft is not None
            assert (draft.answers, draft.version) == ({"agency": "cbp"}, expected_version + 1)

    return DataCase(revision, seed, check)


# --- Tracked requests: 0003 -> head (0004 adds `source`) ----------------------------------

def tracked_case(revision: str) -> DataCase:
    """A user with a tracked request, its letter and an event, written at `revision`; at head
    they read back unchanged, the request has no `source`, and it takes a new event."""
    answers = {"law": "foia", "agency": "ice", "subject": {"a_number": "A012345678"}}
    pdf = b"%PDF-1.7 a stored letter"

    def seed(conn: Connection) -> None:
        conn.execute(text(
            "INSERT INTO users (id, email, password_hash, requester, session_version, "
            "created_at) VALUES (7, 'ana@example.org', 'x', :requester, 1, :now)"
        ).bindparams(bindparam("requester", type_=JSON), bindparam("now", type_=UTCDateTime)),
            {"requester": {"name": "Ana"}, "now": NOW})
        conn.execute(text(
            "INSERT INTO tracked_requests (id, owner_id, law, agency, title, answers, "
            "created_at, updated_at, version) VALUES (5, 7, 'foia', 'ice', 'ICE: records', "
            ":answers, :now, :now, 2)"
        ).bindparams(bindparam("answers", type_=JSON), bindparam("now", type_=UTCDateTime)),
            {"answers": answers, "now": NOW})
        conn.execute(text(
            "INSERT INTO stored_letters (request_id, number, kind, answers, facts, text, pdf, "
            "sha256, letter_date, created_at) VALUES (5, 1, 'request', :answers, :facts, "
            "'text', :pdf, :sha, :day, :now)"
        ).bindparams(bindparam("answers", type_=JSON), bindparam("facts", type_=JSON),
                     bindparam("pdf", type_=LargeBinary), bindparam("now", type_=UTCDateTime),
                     bindparam("day", type_=Date)),
            {"answers": answers, "facts": {}, "pdf": pdf,
             "sha": hashlib.sha256(pdf).hexdigest(), "day": NOW.date(), "now": NOW})
        conn.execute(text(
            "INSERT INTO timeline_events (request_id, kind, day, detail, note, created_at) "
            "VALUES (5, 'received', :day, :detail, '', :now)"
        ).bindparams(bindparam("detail", type_=JSON), bindparam("day", type_=Date),
                     bindparam("now", type_=UTCDateTime)),
            {"detail": {}, "day": NOW.date(), "now": NOW})

    def check(conn: Connection) -> None:
        from records import tracker
        from records.models import TrackedRequest

        with Session(conn) as session:
            found = session.get(TrackedRequest, 5)
            assert found is not None
            assert (found.answers, found.version, found.source) == (answers, 2, None)
            assert tracker.letter(session, found, 1).pdf == pdf
            tracker.add_event(session, found, kind="acknowledged", day=NOW.date(),
                              detail={"tracking": "2026-ICFO-00001"}, note="", user_id=7,
                              now=NOW, today=NOW.date(), expected_version=2)
            assert found.version == 3
            assert [e.kind for e in found.events] == ["received", "acknowledged"]

    return DataCase(revision, seed, check)


# --- Tracked requests with a source: 0004 -> head (0005 adds batches) --------------------

def sourced_case(revision: str) -> DataCase:
    """A user with a request tracked from a wizard letter (`source` set), written at
    `revision`; at head the request keeps its source (tracking the letter again still finds
    it), and the user can own a clinic batch, which goes when the user goes."""
    answers = {"law": "foia", "agency": "cbp", "subject": {"a_number": "A076543210"}}
    source = hashlib.sha256(b"a wizard letter").hexdigest()

    def seed(conn: Connection) -> None:
        conn.execute(text(
            "INSERT INTO users (id, email, password_hash, requester, session_version, "
            "created_at) VALUES (8, 'luis@example.org', 'x', :requester, 1, :now)"
        ).bindparams(bindparam("requester", type_=JSON), bindparam("now", type_=UTCDateTime)),
            {"requester": {"name": "Luis"}, "now": NOW})
        conn.execute(text(
            "INSERT INTO tracked_requests (id, owner_id, law, agency, title, answers, source, "
            "created_at, updated_at, version) VALUES (6, 8, 'foia', 'cbp', 'CBP: records', "
            ":answers, :source, :now, :now, 1)"
        ).bindparams(bindparam("answers", type_=JSON), bindparam("now", type_=UTCDateTime)),
            {"answers": answers, "source": source, "now": NOW})

    def check(conn: Connection) -> None:
        from records.models import Batch, TrackedRequest, User
        from records.tracker.requests import tracked_from

        with Session(conn) as session:
            found = session.get(TrackedRequest, 6)
            assert found is not None
            assert (found.answers, found.source) == (answers, source)
            assert tracked_from(session, 8, source) == 6
            rows = [{"row": 2, "answers": answers, "language": "es"}]
            batch = Batch(owner_id=8, folder="f" * 32, status="preview", total=1, done=0,
                          created_at=NOW, options={"track": True}, rows=rows,
                          today=NOW.date(), attempts=0)
            session.add(batch)
            session.flush()
            session.expire_all()
            again = session.get(Batch, batch.id)
            assert again is not None
            assert (again.rows, again.options, again.today) == (rows, {"track": True},
                                                                NOW.date())
            user = session.get(User, 8)
            session.delete(user)
            session.flush()
            assert conn.scalar(text("SELECT count(*) FROM batches")) == 0

    return DataCase(revision, seed, check)


DATA_CASES = [
    draft_case("0001", version=None),
    draft_case("0002", version=3),
    tracked_case("0003"),
    sourced_case("0004"),
]


# --- Helpers -----------------------------------------------------------------------------

def config(url: str) -> Config:
    return db.alembic_config(url)


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


@pytest.fixture
def engine(blank_database_url: str) -> Iterator[Engine]:
    made = db.make_engine(blank_database_url)
    yield made
    made.dispose()


def schema_differences(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "compare_server_default": True})
        found: list[Any] = compare_metadata(context, Base.metadata)
        return found


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


# --- Tests -------------------------------------------------------------------------------

def test_revisions_form_one_line_from_0001_to_head() -> None:
    script = ScriptDirectory.from_config(config("sqlite://"))
    assert script.get_heads() == [revisions()[-1]], "one head: merge branching migrations"
    assert revisions()[0] == "0001"


def test_an_empty_database_upgrades_to_head_with_exactly_the_models_schema(
        blank_database_url: str, engine: Engine) -> None:
    head = revisions()[-1]
    assert db.upgrade(blank_database_url) == head
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
    assert tables(engine) == set(Base.metadata.tables) | {"alembic_version"}
    # A model changed without a migration (a column, a type, an index, a default) shows
    # up here as a difference.
    assert schema_differences(engine) == []


def test_upgrading_again_changes_nothing(blank_database_url: str, engine: Engine) -> None:
    db.upgrade(blank_database_url)
    assert db.upgrade(blank_database_url) == revisions()[-1]
    assert schema_differences(engine) == []


def test_the_schema_check_notices_a_model_without_a_migration(
        blank_database_url: str, engine: Engine) -> None:
    """The check above is not vacuous: a database one migration short differs."""
    command.upgrade(config(blank_database_url), revisions()[-2] if len(revisions()) > 1
                    else "base")
    assert schema_differences(engine) != []


def test_every_migration_has_a_data_case() -> None:
    """Each migration is proven on a database with data in it: there is a DataCase at the
    revision before it."""
    assert {case.revision for case in DATA_CASES} >= set(revisions()[:-1])


@pytest.mark.parametrize("case", DATA_CASES, ids=lambda case: f"from-{case.revision}")
def test_rows_written_at_an_older_revision_survive_the_upgrade_to_head(
        blank_database_url: str, engine: Engine, case: DataCase) -> None:
    command.upgrade(config(blank_database_url), case.revision)
    with engine.begin() as conn:
        case.seed(conn)
    assert db.upgrade(blank_database_url) == revisions()[-1]
    with engine.begin() as conn:
        case.check(conn)


def test_a_database_seeded_at_every_revision_in_turn_keeps_all_its_rows(
        blank_database_url: str, engine: Engine) -> None:
    """Revision by revision, as a long-lived instance is upgraded release after release:
    each case's rows go in at its revision and must all be there at head."""
    cfg = config(blank_database_url)
    for revision in revisions():
        command.upgrade(cfg, revision)
        for case in DATA_CASES:
            if case.revision == revision:
                with engine.begin() as conn:
                    case.seed(conn)
    for case in DATA_CASES:
        with engine.begin() as conn:
            case.check(conn)


def test_the_migrations_go_down_to_nothing_and_up_again(
        blank_database_url: str, engine: Engine) -> None:
    cfg = config(blank_database_url)
    db.upgrade(blank_database_url)
    for revision in reversed(["base", *revisions()[:-1]]):
        command.downgrade(cfg, revision)
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        assert current == (None if revision == "base" else revision)
    assert tables(engine) == {"alembic_version"}
    db.upgrade(blank_database_url)
    assert schema_differences(engine) == []
