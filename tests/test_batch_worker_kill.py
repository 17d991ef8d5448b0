"""Issue 10: "A worker killed mid-batch loses nothing: the job is retried from the last
finished chunk, and the user sees it resume." A real consumer renders a 75-row batch (three
chunks of 25); once a chunk is done its whole process group (the consumer, huey's threads,
the rendering processes) is killed with SIGKILL. A new consumer picks the batch up by
itself: it stays "running" for the user, goes on from the stored letters without rendering
them again, and every row ends up in the outputs exactly once."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from records import db
from records.batch import store
from records.batch.model import MAIL, PORTAL
from records.batch.store import BatchOptions
from tests.batch_jobs_helpers import (
    checked_items,
    consumer,
    make_user,
    new_batch,
    wait_for,
)

ROWS = 75
STALE_SECONDS = "3"  # RECORDS_BATCH_STALE_SECONDS: a dead worker noticed in seconds
MARK = re.compile(r"Row (\d+) · ([A-Z]+)")


def letter_mtimes(folder: Path) -> dict[int, int]:
    """The stored letters (rows with a receipt) and their PDFs' modification times."""
    return {int(p.stem): (folder / f"{p.stem}.pdf").stat().st_mtime_ns
            for p in folder.glob("*.json") if p.stem.isdigit()}


def stack_rows(pdf: bytes) -> list[int]:
    """The row of each page of the stack that carries a row mark (cover sheets do not)."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        marks = {int(m[1]) for m in MARK.finditer(page.extract_text() or "")}
        assert len(marks) <= 1, marks
        found.extend(marks)
    return found


def test_a_consumer_killed_mid_batch_loses_nothing_and_renders_nothing_twice(
        tmp_path: Path, migrated_database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copy2(migrated_database, instance / "records.db")
    url = f"sqlite:///{instance / 'records.db'}"
    monkeypatch.setenv("RECORDS_INSTANCE", str(instance))
    monkeypatch.delenv("REDIS_URL", raising=False)
    items = checked_items(ROWS)
    now = datetime.now(UTC)  # the workers compare the heartbeat with their own clocks
    with db.connect(url).scope() as session:
        owner = make_user(session, "clinic@example.org")
        # Client packets off: they add a page per row after the letters, not a chunk.
        batch = new_batch(session, owner, items, options=BatchOptions(client_packets=False),
                          now=now)
        store.start(session, batch, now=now)
        batch_id, letters = batch.id, store.folder_of(batch) / store.LETTERS

    with consumer(instance, url, log_name="first.log",
                  RECORDS_BATCH_STALE_SECONDS=STALE_SECONDS) as first:
        wait_for(url, batch_id, lambda b: b.done >= 25, seconds=240, proc=first,
                 log=instance / "first.log", poll=0.02)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    before = letter_mtimes(letters)
    killed = wait_for(url, batch_id, lambda b: True, seconds=1)
    # The kill landed mid-batch: some letters stored, not all, and the batch still runs.
    assert 25 <= len(before) < ROWS, len(before)
    assert (killed.status, killed.attempts) == ("running", 1)

    with consumer(instance, url, log_name="second.log",
                  RECORDS_BATCH_STALE_SECONDS=STALE_SECONDS) as second:
        resumed = wait_for(url, batch_id, lambda b: b.attempts == 2, seconds=60,
                           proc=second, log=instance / "second.log", poll=0.05)
        # Resumed from where it was, never back to "queued" or to zero for the user.
        # (The letters stored can be a few more than the progress said: the kill may
        # land while a second chunk is being put in the store.)
        assert resumed.status in ("running", "done") and resumed.done >= killed.done
        batch = wait_for(url, batch_id, lambda b: b.status in ("done", "failed"),
                         seconds=240, proc=second, log=instance / "second.log")
    assert (batch.status, batch.done, batch.error) == ("done", ROWS, None)

    after = letter_mtimes(letters)
    assert set(after) == {i.row for i in items}
    # The letters stored before the kill were not rendered again.
    assert {row: after[row] for row in before} == before
    folder = store.folder_of(batch)
    mailed = {i.row for i in items if i.route == MAIL}
    pages = {i.row: len(PdfReader(letters / f"{i.row}.pdf").pages) for i in items}
    # Every mailed row is in the stack exactly once: its pages, together, nothing more.
    on_pages = stack_rows((folder / "stack.pdf").read_bytes())
    assert Counter(on_pages) == {row: pages[row] for row in mailed}
    runs = [row for n, row in enumerate(on_pages) if n == 0 or on_pages[n - 1] != row]
    assert sorted(runs) == sorted(mailed)
    with zipfile.ZipFile(folder / "letters.zip") as zipped:
        assert sorted(int(name.split("-")[0]) for name in zipped.namelist()) == sorted(after)
    with zipfile.ZipFile(folder / "portal-packets.zip") as packets:
        portal = Counter(int(name.split("-")[0]) for name in packets.namelist()
                         if name.endswith("/letter.pdf"))
    assert portal == {i.row: 1 for i in items if i.route == PORTAL}
    log = (instance / "second.log").read_text()
    assert f"batch {batch_id}: no worker has been running it for 3 s; enqueued again" in log
