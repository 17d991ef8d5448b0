"""The job queue (issue 10): a real `python -m records worker` (huey) runs a started batch
to its files, on huey's SQLite storage with the SQLite database and on a real redis-server
with PostgreSQL; saving to the tracker is one transaction and a retried job tracks nothing
twice; a failed batch tells the user so without a client's name or a traceback."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from records import cli, db, jobs
from records.batch import job, store, tracking
from records.batch.model import MAIL, PORTAL, Item
from records.batch.store import BatchOptions
from records.models import Batch, StoredLetter, TrackedRequest
from tests.batch_jobs_helpers import (
    NOW,
    checked_items,
    consumer,
    make_user,
    new_batch,
    start_batch,
    wait_for,
)
from tests.conftest import Postgres, extract_text, postgres_database
from tests.redis_server import redis_server

ROWS = 30


@pytest.fixture
def sqlite_instance(tmp_path: Path, migrated_database: Path) -> Iterator[tuple[Path, str]]:
    """An instance folder with a migrated SQLite database, as `make run` leaves it."""
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copy2(migrated_database, instance / "records.db")
    url = f"sqlite:///{instance / 'records.db'}"
    yield instance, url
    db.dispose(url)


def assert_files_of_a_finished_batch(instance: Path, batch: Batch, items: list[Item], *,
                                     clients: bool = True) -> None:
    folder = instance / "batches" / batch.folder
    assert set(store.downloads(batch)) == {"stack.pdf", "letters.zip", "manifest.csv",
                                           "portal-packets.zip",
                                           *(["client-packets.zip"] if clients else [])}
    mailed = [i for i in items if i.route == MAIL]
    portal = [i for i in items if i.route == PORTAL]
    assert batch.result is not None
    assert (batch.result["letters"], batch.result["mailed"], batch.result["portal"]) == (
        len(items), len(mailed), len(portal))
    stack = (folder / "stack.pdf").read_bytes()
    assert len(PdfReader(io.BytesIO(stack)).pages) > len(mailed)  # letters and covers
    # What the done page calls the pages to print: the stack's, covers included.
    assert batch.result["stack_pages"] == len(PdfReader(io.BytesIO(stack)).pages)
    text = extract_text(stack)
    for item in mailed:
        assert f"Row {item.row} · {item.initials}" in text
    for item in portal:  # set apart as portal packets, not mailed
        assert f"Row {item.row} · {item.initials}" not in text
    with zipfile.ZipFile(folder / "letters.zip") as letters:
        assert len(letters.namelist()) == len(items)
        for item in items:
            assert any(name.startswith(f"{item.row}-") for name in letters.namelist())
    with zipfile.ZipFile(folder / "portal-packets.zip") as packets:
        assert {name.split("-")[0] for name in packets.namelist()} == {
            str(i.row) for i in portal}
    assert (folder / "manifest.csv").read_text().count("\n") == len(items) + 1  # every row


def assert_no_client_data(log: str, items: list[Item]) -> None:
    for item in items:
        assert item.client not in log
        subject = item.draft.subject
        if subject is not None and subject.a_number:
            assert subject.a_number not in log


def test_a_real_consumer_runs_a_started_batch_to_its_files(
        sqlite_instance: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    instance, url = sqlite_instance
    items = checked_items(ROWS)
    batch_id = start_batch(url, instance, items, monkeypatch)
    assert (instance / "huey.db").exists()  # huey's SQLite queue, in the instance folder
    with consumer(instance, url) as proc:
        batch = wait_for(url, batch_id, lambda b: b.status in ("done", "failed"),
                         seconds=240, proc=proc, log=instance / "worker.log")
    assert (batch.status, batch.done, batch.total, batch.error) == ("done", ROWS, ROWS, None)
    assert batch.started_at is not None and batch.finished_at is not None
    assert batch.result is not None and batch.result["tracked"] == 0
    assert_files_of_a_finished_batch(instance, batch, items)
    log = (instance / "worker.log").read_text()
    assert f"batch {batch_id}: done, {ROWS} letters" in log
    assert_no_client_data(log, items)


def test_with_redis_url_the_same_job_runs_on_redis_and_postgresql(
        tmp_path: Path, postgres: Postgres, postgres_template: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The deployment with workers on other machines: the queue in a real redis-server,
    the database in PostgreSQL, the files in a shared instance folder."""
    instance = tmp_path / "instance"
    items = checked_items(ROWS)
    with redis_server(tmp_path / "redis") as redis_url, \
            postgres_database(postgres, template=postgres_template) as url:
        # Without client packets: the SQLite test above covers them, and each costs a
        # WeasyPrint page of its own.
        batch_id = start_batch(url, instance, items, monkeypatch,
                               options=BatchOptions(client_packets=False),
                               env={"REDIS_URL": redis_url})
        import redis

        queued = redis.Redis.from_url(redis_url)
        assert queued.llen("huey.redis.records") == 1  # huey's RedisStorage queue key
        queued.close()
        with consumer(instance, url, REDIS_URL=redis_url) as proc:
            batch = wait_for(url, batch_id, lambda b: b.status in ("done", "failed"),
                             seconds=240, proc=proc, log=instance / "worker.log")
        assert (batch.status, batch.done, batch.error) == ("done", ROWS, None)
        assert_files_of_a_finished_batch(instance, batch, items, clients=False)
    assert not (instance / "huey.db").exists()  # no SQLite queue on the Redis path


@pytest.fixture
def in_process(sqlite_instance: tuple[Path, str],
               monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """The job run in this process (huey's call_local), on the instance's database."""
    instance, url = sqlite_instance
    monkeypatch.setenv("RECORDS_INSTANCE", str(instance))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("REDIS_URL", raising=False)
    return sqlite_instance


def queued_batch(url: str, items: list[Item], *, track: bool) -> tuple[int, int]:
    """A started batch and its owner's id (the queue's copy of the task is not needed:
    the tests run the task here)."""
    with db.connect(url).scope() as session:
        owner = make_user(session, "clinic@example.org")
        batch = new_batch(session, owner, items,
                          options=BatchOptions(client_packets=False, track=track))
        batch.status, batch.heartbeat_at = "queued", NOW
        session.commit()
        return batch.id, owner.id


def tracked_count(url: str) -> int:
    with db.connect(url).scope() as session:
        return int(session.scalar(select(func.count()).select_from(TrackedRequest)) or 0)


def test_saving_to_the_tracker_keeps_every_row_with_its_stored_letter(
        in_process: tuple[Path, str]) -> None:
    instance, url = in_process
    items = checked_items(4)
    batch_id, owner_id = queued_batch(url, items, track=True)
    jobs.run_batch.call_local(batch_id)
    with db.connect(url).scope() as session:
        batch = session.get(Batch, batch_id)
        assert batch is not None and batch.status == "done"
        assert batch.result is not None and batch.result["tracked"] == 4
        stack = PdfReader(instance / "batches" / batch.folder / "stack.pdf")
        assert batch.result["stack_pages"] == len(stack.pages)
        requests = list(session.scalars(select(TrackedRequest).order_by(TrackedRequest.id)))
        assert [r.owner_id for r in requests] == [owner_id] * 4
        assert [r.answers for r in requests] == [i.answers for i in items]
        assert {r.source for r in requests} == {tracking.source_for(batch.folder, i.row)
                                                for i in items}
        for item, request in zip(items, requests, strict=True):
            letter = session.scalars(select(StoredLetter).where(
                StoredLetter.request_id == request.id)).one()
            stored = instance / "batches" / batch.folder / "letters" / f"{item.row}.pdf"
            assert letter.pdf == stored.read_bytes()
            assert (letter.kind, letter.letter_date) == ("request", item.draft.date)
            assert letter.text.strip()
        # No client's name in a title: titles show in lists and exports.
        assert all(item.client not in r.title for item, r in zip(items, requests, strict=True))


def test_a_tracker_failure_on_the_last_row_saves_no_row_and_fails_the_batch(
        in_process: tuple[Path, str], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    _, url = in_process
    items = checked_items(4)
    batch_id, _ = queued_batch(url, items, track=True)
    real = tracking.letter_file
    last = items[-1].row

    def failing(item: Item, rendered: object) -> object:
        if item.row == last:
            raise RuntimeError(f"cannot store the letter of {item.client}")
        return real(item, rendered)  # type: ignore[arg-type]

    monkeypatch.setattr(tracking, "letter_file", failing)
    with pytest.raises(jobs.BatchJobFailed) as raised:
        jobs.run_batch.call_local(batch_id)  # no task: its last try
    assert tracked_count(url) == 0
    with db.connect(url).scope() as session:
        batch = session.get(Batch, batch_id)
        assert batch is not None
        assert (batch.status, batch.error) == ("failed", jobs.FAILED)
    # What reaches logs and huey's traceback: the class, never the client.
    assert str(raised.value) == f"batch {batch_id}: RuntimeError"
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert_no_client_data(caplog.text, items)
    assert "RuntimeError" in caplog.text


def test_a_job_retried_after_its_tracker_save_does_not_track_twice(
        in_process: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, url = in_process
    items = checked_items(3)
    batch_id, _ = queued_batch(url, items, track=True)
    real_finish = store.finish

    def crash_once(*args: object, **kwargs: object) -> None:
        monkeypatch.setattr(store, "finish", real_finish)
        raise ConnectionError("the worker lost the database after the save")

    monkeypatch.setattr(store, "finish", crash_once)
    with pytest.raises(jobs.BatchJobFailed):
        jobs.run_batch.call_local(batch_id, task=SimpleNamespace(retries=2))
    assert tracked_count(url) == 3
    with db.connect(url).scope() as session:
        batch = session.get(Batch, batch_id)
        assert batch is not None
        # Released for huey's retry: still running for the user, claimable at once.
        assert (batch.status, batch.heartbeat_at, batch.attempts) == ("running", None, 1)
    jobs.run_batch.call_local(batch_id, task=SimpleNamespace(retries=1))  # huey's retry
    assert tracked_count(url) == 3
    with db.connect(url).scope() as session:
        batch = session.get(Batch, batch_id)
        assert batch is not None and batch.result is not None
        assert (batch.status, batch.attempts, batch.result["tracked"]) == ("done", 2, 3)
        # The retry found all three letters made: none of them paces its time left.
        assert batch.done_at_start == 3


def test_a_batch_claimed_too_often_fails_instead_of_running_for_ever(
        in_process: tuple[Path, str]) -> None:
    _, url = in_process
    batch_id, _ = queued_batch(url, checked_items(1), track=False)
    with db.connect(url).scope() as session:
        batch = session.get(Batch, batch_id)
        assert batch is not None
        batch.status, batch.attempts, batch.heartbeat_at = "running", jobs.MAX_ATTEMPTS, None
        session.commit()
    assert jobs.recover_stranded() == []
    with db.connect(url).scope() as session:
        batch = session.get(Batch, batch_id)
        assert batch is not None and (batch.status, batch.error) == ("failed", jobs.GAVE_UP)


def test_a_run_that_lost_its_lease_does_not_fail_the_batch_another_run_holds(
        in_process: tuple[Path, str], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """Run A's heartbeats failed with a database error (so it never saw LeaseLost), run B
    claimed the batch, then A's last try failed: B's batch stays running."""
    _, url = in_process
    batch_id, _ = queued_batch(url, checked_items(1), track=False)

    def taken_over_then_crash(batch_id: int, lease: int, **kwargs: object) -> None:
        with db.connect(url).scope() as session:
            later = jobs.utcnow() + jobs.STALE * 2
            assert store.claim(session, batch_id, now=later, stale=jobs.STALE) == lease + 1
        raise ConnectionError("the database went away")

    monkeypatch.setattr(job, "execute", taken_over_then_crash)
    with pytest.raises(jobs.BatchJobFailed):
        jobs.run_batch.call_local(batch_id)  # no task: its last try
    with db.connect(url).scope() as session:
        batch = session.get(Batch, batch_id)
        assert batch is not None
        assert (batch.status, batch.error, batch.attempts) == ("running", None, 2)
    assert "another worker took it over; not marked failed" in caplog.text


def test_a_row_the_rules_no_longer_pass_fails_the_batch_at_once_without_retries(
        in_process: tuple[Path, str], caplog: pytest.LogCaptureFixture) -> None:
    """The catalog changed between the upload and the run (here: the row names an agency
    the catalog no longer has): no retry could help, so the first try fails the batch
    with a message that says what to do."""
    _, url = in_process
    items = checked_items(2)
    batch_id, _ = queued_batch(url, items, track=False)
    with db.connect(url).scope() as session:
        batch = session.get(Batch, batch_id)
        assert batch is not None
        rows = [dict(r) for r in batch.rows]
        rows[1] = {**rows[1], "answers": {**rows[1]["answers"], "agency": "nowhere-county"}}
        batch.rows = rows
        session.commit()
    # huey retries a task that raises: this one returns, with retries left.
    jobs.run_batch.call_local(batch_id, task=SimpleNamespace(retries=2))
    with db.connect(url).scope() as session:
        batch = session.get(Batch, batch_id)
        assert batch is not None
        assert (batch.status, batch.error, batch.attempts) == ("failed", jobs.OUTDATED, 1)
    assert "older rules" in jobs.OUTDATED and "Upload the spreadsheet again" in jobs.OUTDATED
    assert_no_client_data(caplog.text, items)
    assert "nowhere-county" not in caplog.text and "Traceback" not in caplog.text


def test_a_queued_batch_behind_a_long_one_is_not_enqueued_again_every_minute(
        in_process: tuple[Path, str], caplog: pytest.LogCaptureFixture) -> None:
    _, url = in_process
    batch_id, _ = queued_batch(url, checked_items(1), track=False)

    def queued_since(ago: timedelta) -> None:
        with db.connect(url).scope() as session:
            batch = session.get(Batch, batch_id)
            assert batch is not None
            batch.heartbeat_at = jobs.utcnow() - ago
            session.commit()

    queued_since(jobs.STALE * 3)  # waiting behind a long batch
    assert jobs.recover_stranded() == []
    queued_since(jobs.STALE * (store.QUEUED_WAIT + 1))  # its task was lost
    assert jobs.recover_stranded() == [batch_id]
    assert jobs.huey.pending_count() == 1
    # Logged and enqueued once: the next minute's recovery leaves it alone.
    assert jobs.recover_stranded() == []
    assert jobs.huey.pending_count() == 1
    assert caplog.text.count(f"batch {batch_id}: queued for over") == 1


def test_the_worker_command_refuses_bad_arguments_and_an_unmigrated_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    for bad in (["--workers", "0"], ["--workers", "two"], ["--threads", "2"]):
        assert cli.main(["worker", *bad]) == 2, bad
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert re.search(r"--workers|--threads", err)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert cli.main(["worker"]) == 1  # before any consumer starts
    err = capsys.readouterr().err
    assert "run `python -m records db upgrade`" in err and "Traceback" not in err
    db.dispose(f"sqlite:///{tmp_path / 'empty.db'}")
