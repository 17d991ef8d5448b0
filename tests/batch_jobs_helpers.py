"""Helpers for the batch job tests: checked rows, accounts, batches in a database, and a
real `python -m records worker` in a subprocess with its own instance folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from records import accounts, db
from records.batch import store
from records.batch.model import Item
from records.batch.reader import read_sheet
from records.batch.rows import check
from records.batch.store import BatchOptions, create_batch
from records.catalog import default_catalog
from records.models import Batch, User
from tests.batch_helpers import clinic_rows, csv_bytes
from tests.live_server import ROOT, SCRUBBED, tail

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
PASSWORD = "a long pass phrase"


def checked_items(n: int, **kwargs: Any) -> list[Item]:
    """n rows of a clinic's spreadsheet, read and checked as an upload is."""
    sheet = read_sheet(csv_bytes(clinic_rows(n, **kwargs)), "clients.csv")
    return check(sheet, catalog=default_catalog(), today=TODAY)


def make_user(session: Session, email: str) -> User:
    user = accounts.create_user(session, email, PASSWORD, now=NOW)
    session.commit()
    return user


def new_batch(session: Session, owner: User, items: list[Item], *, org_id: int | None = None,
              options: BatchOptions | None = None, now: datetime = NOW) -> Batch:
    return create_batch(session, owner_id=owner.id, org_id=org_id, items=items,
                        options=options or BatchOptions(), today=TODAY, now=now)


def start_batch(url: str, instance: Path, items: list[Item], monkeypatch: pytest.MonkeyPatch,
                *, options: BatchOptions | None = None, env: dict[str, str] | None = None
                ) -> int:
    """Create and start a batch as the web page does, enqueueing it where the worker
    reads (this process's environment pointed at the worker's instance and queue)."""
    monkeypatch.setenv("RECORDS_INSTANCE", str(instance))
    monkeypatch.delenv("REDIS_URL", raising=False)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    now = datetime.now(UTC)  # the worker compares the heartbeat with its own clock
    with db.connect(url).scope() as session:
        owner = make_user(session, "clinic@example.org")
        batch = new_batch(session, owner, items, options=options, now=now)
        store.start(session, batch, now=now)
        return batch.id


def worker_env(instance: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update(RECORDS_INSTANCE=str(instance), DATABASE_URL=database_url,
               PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


@contextmanager
def consumer(instance: Path, database_url: str, *, log_name: str = "worker.log",
             **extra: str) -> Iterator[subprocess.Popen[bytes]]:
    """A real `python -m records worker` in its own process group (so a test can kill it
    with every process it started), stopped at the end."""
    log = instance / log_name
    instance.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "records", "worker"], cwd=ROOT,
                                env=worker_env(instance, database_url, **extra),
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def wait_for(database_url: str, batch_id: int, ready: Callable[[Batch], bool], *,
             seconds: float, proc: subprocess.Popen[bytes] | None = None,
             log: Path | None = None, poll: float = 0.2) -> Batch:
    """Poll the batch's row until `ready`; fail with the worker's log after `seconds`."""
    deadline = time.monotonic() + seconds
    database = db.connect(database_url)
    while True:
        with database.scope() as session:
            batch = session.get(Batch, batch_id)
            assert batch is not None
            if ready(batch):
                session.expunge(batch)
                return batch
            status = (batch.status, batch.done, batch.total, batch.error)
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the worker exited with {proc.returncode} at {status}:\n"
                                 f"{tail(log) if log else ''}")
        if time.monotonic() > deadline:
            raise AssertionError(f"batch not ready within {seconds} s, at {status}:\n"
                                 f"{tail(log) if log else ''}")
        time.sleep(poll)
