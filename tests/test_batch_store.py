"""Clinic batches in the database (issue 10), on SQLite and PostgreSQL: a checked upload
kept as a preview, started once, seen only by its owner and their organisation, its
progress and time left, its downloads, and everything deleted after 30 days."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from records import accounts, db
from records.batch import store
from records.batch.model import Item
from records.batch.store import BatchOptions
from records.jobs import get_huey
from records.models import Batch
from records.tracker.requests import NotFound
from tests.batch_jobs_helpers import NOW, TODAY, checked_items, make_user, new_batch


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "instance"
    monkeypatch.setenv("RECORDS_INSTANCE", str(folder))
    monkeypatch.delenv("REDIS_URL", raising=False)
    return folder


@pytest.fixture
def session(database_url: str, instance: Path) -> Iterator[Session]:
    with db.connect(database_url).scope() as made:
        yield made


@pytest.fixture(scope="module")
def items() -> list[Item]:
    return checked_items(3)


def test_an_upload_is_kept_as_a_preview_with_its_rows_and_nothing_queued(
        session: Session, items: list[Item], instance: Path) -> None:
    owner = make_user(session, "clinic@example.org")
    batch = new_batch(session, owner, items, options=BatchOptions(client_packets=False,
                                                                 track=True))
    session.expire_all()
    found = session.get(Batch, batch.id)
    assert found is not None
    assert (found.status, found.total, found.done, found.today) == ("preview", 3, 0, TODAY)
    assert store.options_of(found) == BatchOptions(client_packets=False, track=True)
    assert [r["row"] for r in found.rows] == [2, 3, 4]
    assert found.rows[0]["answers"] == items[0].answers
    assert {r["language"] for r in found.rows} <= {"en", "es"}
    # The folder's name is random: not the id, nothing about the clients.
    assert len(found.folder) == 32 and str(found.id) != found.folder
    assert get_huey().pending_count() == 0


def test_starting_queues_the_batch_once_however_often_it_is_started(
        session: Session, items: list[Item]) -> None:
    owner = make_user(session, "clinic@example.org")
    batch = new_batch(session, owner, items)
    store.start(session, batch, now=NOW)
    assert (batch.status, batch.heartbeat_at) == ("queued", NOW)
    assert get_huey().pending_count() == 1
    store.start(session, batch, now=NOW + timedelta(seconds=1))  # a double click
    assert get_huey().pending_count() == 1
    task = get_huey().dequeue()
    assert task.name.endswith("run_batch") and task.args == (batch.id,)


def test_another_user_gets_not_found_and_an_organisation_member_sees_the_batch(
        session: Session, items: list[Item]) -> None:
    owner = make_user(session, "owner@example.org")
    colleague = make_user(session, "colleague@example.org")
    stranger = make_user(session, "stranger@example.org")
    org = accounts.create_organisation(session, owner, "Legal Clinic", now=NOW)
    accounts.add_member(session, org, colleague, now=NOW)
    session.commit()
    shared = new_batch(session, owner, items, org_id=org.id)
    private = new_batch(session, owner, items, now=NOW + timedelta(minutes=1))
    assert store.get_batch(session, owner.id, private.id).id == private.id
    assert store.get_batch(session, colleague.id, shared.id).id == shared.id
    with pytest.raises(NotFound):
        store.get_batch(session, colleague.id, private.id)
    for batch in (shared, private):
        with pytest.raises(NotFound):
            store.get_batch(session, stranger.id, batch.id)
    with pytest.raises(NotFound):
        store.get_batch(session, owner.id, private.id + 100)
    assert [b.id for b in store.visible_batches(session, owner.id)] == [private.id, shared.id]
    assert [b.id for b in store.visible_batches(session, colleague.id)] == [shared.id]
    assert store.visible_batches(session, stranger.id) == []


def test_time_left_is_unknown_before_the_first_chunk_then_follows_the_pace(
        session: Session, items: list[Item]) -> None:
    owner = make_user(session, "clinic@example.org")
    batch = new_batch(session, owner, items)
    batch.total = 100
    batch.status = "running"
    batch.started_at = NOW
    assert store.eta_seconds(batch, NOW + timedelta(seconds=30)) is None
    batch.done = 25  # 25 letters in 30 s: 75 more take 90 s
    assert store.eta_seconds(batch, NOW + timedelta(seconds=30)) == 90
    batch.done = 100
    batch.status = "done"
    assert store.eta_seconds(batch, NOW + timedelta(seconds=120)) is None


def test_downloads_are_the_finished_files_that_exist(
        session: Session, items: list[Item]) -> None:
    owner = make_user(session, "clinic@example.org")
    batch = new_batch(session, owner, items)
    folder = store.folder_of(batch)
    folder.mkdir(parents=True)
    (folder / "stack.pdf").write_bytes(b"%PDF-")
    (folder / "manifest.csv").write_text("row\n")
    (folder / "notes.txt").write_text("not a download")
    assert store.downloads(batch) == {}  # not done: maybe an earlier attempt's files
    batch.status = "done"
    assert store.downloads(batch) == {"stack.pdf": folder / "stack.pdf",
                                      "manifest.csv": folder / "manifest.csv"}


def test_purge_deletes_old_batches_with_their_folders_and_keeps_recent_ones(
        session: Session, items: list[Item], instance: Path) -> None:
    owner = make_user(session, "clinic@example.org")
    old = new_batch(session, owner, items, now=NOW - timedelta(days=31))
    old.status = "done"
    old_preview = new_batch(session, owner, items, now=NOW - timedelta(hours=25))
    recent = new_batch(session, owner, items, now=NOW - timedelta(days=29))
    recent.status = "done"
    fresh_preview = new_batch(session, owner, items, now=NOW - timedelta(hours=2))
    session.commit()
    folders = {b.id: store.folder_of(b) for b in (old, old_preview, recent, fresh_preview)}
    for folder in folders.values():
        (folder / "letters").mkdir(parents=True)
        (folder / "letters" / "2.pdf").write_bytes(b"%PDF-")
    orphan = store.batches_root() / ("0" * 32)  # its user was deleted with its rows
    orphan.mkdir()
    two_days_ago = (NOW - timedelta(days=2)).timestamp()
    os.utime(orphan, (two_days_ago, two_days_ago))
    assert store.purge_expired(session, NOW) == 2
    left = set(session.scalars(select(Batch.id)))
    assert left == {recent.id, fresh_preview.id}
    assert [folders[i].exists() for i in (old.id, old_preview.id, recent.id,
                                          fresh_preview.id)] == [False, False, True, True]
    assert not orphan.exists()
    assert store.purge_expired(session, NOW) == 0


def test_two_workers_claiming_one_batch_never_both_win(
        session: Session, items: list[Item]) -> None:
    owner = make_user(session, "clinic@example.org")
    batch = new_batch(session, owner, items)
    store.start(session, batch, now=NOW)
    stale = timedelta(seconds=60)
    first = store.claim(session, batch.id, now=NOW, stale=stale)
    assert first == 1
    assert store.claim(session, batch.id, now=NOW + timedelta(seconds=30), stale=stale) is None
    store.beat(session, batch.id, first, now=NOW + timedelta(seconds=40), done=25)
    # The first worker goes quiet (killed): after the stale limit another one takes over,
    # and the first one's next write finds it has lost the batch.
    assert store.claim(session, batch.id, now=NOW + timedelta(seconds=90), stale=stale) is None
    second = store.claim(session, batch.id, now=NOW + timedelta(seconds=101), stale=stale)
    assert second == 2
    with pytest.raises(store.LeaseLost):
        store.beat(session, batch.id, first, now=NOW + timedelta(seconds=102), done=50)
    session.expire_all()
    again = session.get(Batch, batch.id)
    assert again is not None
    # Still "running" for the user, from where it was; this run's clock starts at its claim.
    assert (again.status, again.done, again.started_at, again.attempts) == (
        "running", 25, NOW + timedelta(seconds=101), 2)
    assert again.done_at_start == 25
    store.finish(session, batch.id, second, {"letters": 3}, now=NOW + timedelta(minutes=3))
    session.expire_all()
    assert (again.status, again.done, again.result) == ("done", 3, {"letters": 3})
    assert store.claim(session, batch.id, now=NOW + timedelta(days=1), stale=stale) is None


def test_stranded_batches_are_the_running_ones_gone_quiet_and_the_queued_ones_long_lost(
        session: Session, items: list[Item]) -> None:
    owner = make_user(session, "clinic@example.org")
    stale = timedelta(seconds=60)
    batches = [new_batch(session, owner, items) for _ in range(4)]
    for batch in batches[:3]:
        store.start(session, batch, now=NOW)
    store.start(session, batches[3], now=NOW + timedelta(seconds=100))  # queued lately
    store.claim(session, batches[1].id, now=NOW, stale=stale)  # then its worker died
    lease = store.claim(session, batches[2].id, now=NOW, stale=stale)
    assert lease is not None
    store.beat(session, batches[2].id, lease, now=NOW + timedelta(seconds=100))
    store.release(session, batches[2].id, lease + 1)  # not its lease: changes nothing
    later = NOW + timedelta(seconds=120)
    # batches[0] has waited two minutes in the queue: behind a long batch, not lost.
    assert store.stranded(session, now=later, stale=stale) == [(batches[1].id, "running")]
    # A run that failed and will be retried lets the retry claim at once.
    store.release(session, batches[2].id, lease)
    assert store.stranded(session, now=later, stale=stale) == [
        (batches[1].id, "running"), (batches[2].id, "running")]
    assert store.claim(session, batches[2].id, now=later, stale=stale) == lease + 1
    # Queued ten stale limits ago: its task may be lost, so it is stranded, once.
    much_later = NOW + stale * store.QUEUED_WAIT + timedelta(seconds=1)
    assert store.stranded(session, now=much_later, stale=stale) == [
        (batches[0].id, "queued"), (batches[1].id, "running"), (batches[2].id, "running")]
    store.requeued(session, batches[0].id, now=much_later)
    assert (batches[0].id, "queued") not in store.stranded(
        session, now=much_later + timedelta(minutes=5), stale=stale)
    assert store.fail(session, batches[0].id, 0, "gave up", now=much_later)
    assert [i for i, _ in store.stranded(session, now=much_later, stale=stale)] == [
        batches[1].id, batches[2].id]
    assert session.scalar(select(func.count()).select_from(Batch).where(
        Batch.status == "failed", Batch.error == "gave up")) == 1


def test_a_run_that_lost_its_lease_can_neither_fail_nor_finish_the_batch(
        session: Session, items: list[Item]) -> None:
    """Run A's heartbeats did not get through, run B claimed the batch: A's last retry
    must not mark it failed (or done) while B runs."""
    owner = make_user(session, "clinic@example.org")
    batch = new_batch(session, owner, items)
    store.start(session, batch, now=NOW)
    stale = timedelta(seconds=60)
    first = store.claim(session, batch.id, now=NOW, stale=stale)
    second = store.claim(session, batch.id, now=NOW + timedelta(seconds=61), stale=stale)
    assert (first, second) == (1, 2)
    assert store.fail(session, batch.id, 1, "A gave up", now=NOW + timedelta(seconds=70)) \
        is False
    with pytest.raises(store.LeaseLost):
        store.finish(session, batch.id, 1, {"letters": 3}, now=NOW + timedelta(seconds=70))
    session.expire_all()
    found = session.get(Batch, batch.id)
    assert found is not None
    assert (found.status, found.error, found.result, found.attempts) == (
        "running", None, None, 2)
    assert store.fail(session, batch.id, 2, "B gave up", now=NOW + timedelta(seconds=80))
    session.expire_all()
    assert (found.status, found.error) == ("failed", "B gave up")


def test_time_left_after_try_again_follows_this_runs_pace_only(
        session: Session, items: list[Item]) -> None:
    owner = make_user(session, "clinic@example.org")
    batch = new_batch(session, owner, items)
    batch.total = 100
    session.commit()
    stale = timedelta(seconds=60)
    store.start(session, batch, now=NOW)
    first = store.claim(session, batch.id, now=NOW, stale=stale)
    assert first is not None
    store.beat(session, batch.id, first, now=NOW + timedelta(minutes=5), done=50)
    store.fail(session, batch.id, first, "stopped", now=NOW + timedelta(minutes=6))
    # "Try again" a day later: the first run's 50 letters are kept, and the new run finds
    # ten more in the folder that its progress had not reached.
    again = NOW + timedelta(days=1)
    store.start(session, batch, now=again)
    assert batch.started_at == again
    second = store.claim(session, batch.id, now=again + timedelta(seconds=5), stale=stale)
    assert second is not None
    store.resume_from(session, batch.id, second, done=60)
    session.refresh(batch)
    assert (batch.done, batch.done_at_start, batch.started_at) == (
        60, 60, again + timedelta(seconds=5))
    # Nothing made in this run yet: no pace, no guess.
    assert store.eta_seconds(batch, again + timedelta(seconds=10)) is None
    # 10 letters in 20 s: the 30 left take 60 s (not a day's worth, not 60 letters' pace).
    store.beat(session, batch.id, second, now=again + timedelta(seconds=25), done=70)
    session.refresh(batch)
    assert store.eta_seconds(batch, again + timedelta(seconds=25)) == 60
    with pytest.raises(store.LeaseLost):
        store.resume_from(session, batch.id, first, done=0)
