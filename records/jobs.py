"""The job queue (issue 10): huey, an existing task queue, and the batch's tasks.

Storage: SQLite in <instance>/huey.db by default, so `make run` needs nothing else (the
gunicorn config starts `python -m records worker` beside the web workers); Redis when
REDIS_URL is set, so the same tasks run on huey workers on other machines. The storage is
picked from the environment when it is first used, not at import: the web app, the CLI and
tests import this module before they point RECORDS_INSTANCE or REDIS_URL anywhere.

A killed worker loses nothing. huey removes a task from the queue before running it, so a
consumer killed with SIGKILL loses the task itself: the batch row keeps a heartbeat, and a
batch that is queued or running with a heartbeat older than STALE is enqueued again (at a
consumer's start-up, a little after it, and every minute). The rerun claims the batch with
a conditional UPDATE (never two runs at once) and resumes from the letters already in the
batch's folder (records.batch.render.LetterStore).
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from huey import Huey, crontab
from huey.api import Task
from huey.storage import BaseStorage, RedisStorage, SqliteStorage

from records import config, db
from records.batch import store
from records.messages import N_

log = logging.getLogger(__name__)

# A running batch writes its heartbeat every STALE / 4; one quiet for STALE lost its
# worker. RECORDS_BATCH_STALE_SECONDS shortens it (the kill tests use a few seconds).
STALE = timedelta(seconds=float(os.environ.get("RECORDS_BATCH_STALE_SECONDS") or 60))
# huey's own retries after an exception, ten seconds apart; a batch claimed this many
# times (retries and reruns after kills together) has failed for good.
RETRIES = 2
RETRY_DELAY = 10
MAX_ATTEMPTS = 5
# The messages a failed batch keeps (Batch.error): English in the database, marked for
# translation, and said in the interface's language by the batch page (its _()).
FAILED = N_("The letters could not be made. Nothing was saved to the tracker. Press \"Try "
            "again\"; if it fails again, ask the site's operator to look at the worker's log.")
OUTDATED = N_("This batch was checked against older rules: the list of agencies or records "
              "has changed since the upload, and some rows no longer pass. Nothing was made. "
              "Upload the spreadsheet again to check it against the current rules.")
GAVE_UP = N_("The batch was interrupted too many times. Nothing was saved to the tracker. "
             "Press \"Try again\" to carry on from the letters already made.")


class EnvironmentStorage:
    """huey's storage for the environment of the moment: RedisStorage on REDIS_URL, else
    SqliteStorage in the instance folder, made on first use and kept per setting."""

    def __init__(self, name: str, **_kwargs: Any) -> None:
        self.name = name
        self._made: dict[tuple[str, str], BaseStorage] = {}
        self._lock = threading.Lock()

    def current(self) -> BaseStorage:
        redis_url = os.environ.get("REDIS_URL", "").strip()
        key = (redis_url, "" if redis_url else str(config.instance_path()))
        with self._lock:
            found = self._made.get(key)
            if found is None:
                found = self._made[key] = _storage(self.name, redis_url)
            return found

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.current(), attribute)


def _storage(name: str, redis_url: str) -> BaseStorage:
    if redis_url:
        return RedisStorage(name, url=redis_url)
    folder = config.instance_path()
    folder.mkdir(parents=True, exist_ok=True)
    return SqliteStorage(name, filename=str(folder / "huey.db"))


# huey ships no type hints: its decorators are marked below for mypy.
# results=False: nothing reads a task's return value, and kept results would pile up.
huey = Huey("records", results=False, storage_class=EnvironmentStorage)


def get_huey() -> Huey:
    return huey


def utcnow() -> datetime:
    return datetime.now(UTC)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def enqueue(batch_id: int) -> None:
    run_batch(batch_id)


class BatchJobFailed(RuntimeError):
    """What huey logs for a failed run: the batch's id and the exception's class only.
    The original may quote a client's answers (a SQL error lists its parameters)."""


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)  # type: ignore[untyped-decorator]
def run_batch(batch_id: int, task: Task | None = None) -> None:
    database = db.connect()
    with database.scope() as session:
        lease = store.claim(session, batch_id, now=utcnow(), stale=STALE)
    if lease is None:
        log.info("batch %d: running elsewhere or finished; nothing to do", batch_id)
        return
    # The last try: huey has no retry left, or the batch has been claimed too often (a
    # rerun after a kill starts with fresh retries).
    final = task is None or not task.retries or lease >= MAX_ATTEMPTS
    from records.batch import job  # the renderer loads WeasyPrint: only in workers

    try:
        job.execute(batch_id, lease, workers=cores(), stale=STALE)
    except store.LeaseLost:
        log.warning("batch %d: another worker took it over; this run stops", batch_id)
    except job.RulesChanged:
        # Every retry would find the same rows and the same rules: fail now, and return
        # normally so huey does not retry.
        log.error("batch %d: a stored row no longer passes the rules; failed", batch_id)
        _settle(database, batch_id, lease, final=True, message=OUTDATED)
    except Exception as exc:
        log.error("batch %d: attempt %d failed with %s%s", batch_id, lease,
                  type(exc).__name__, "" if final else "; it will be retried")
        _settle(database, batch_id, lease, final=final)
        raise BatchJobFailed(f"batch {batch_id}: {type(exc).__name__}") from None


def _settle(database: db.Database, batch_id: int, lease: int, *, final: bool,
            message: str = FAILED) -> None:
    """After a failed run: fail the batch for the user, or free it for huey's retry. If
    the database is what failed, the heartbeat ages and the recovery takes over."""
    try:
        with database.scope() as session:
            if not final:
                store.release(session, batch_id, lease)
            elif not store.fail(session, batch_id, lease, message, now=utcnow()):
                # The heartbeats did not get through and another worker claimed it: that
                # run decides how the batch ends.
                log.warning("batch %d: another worker took it over; not marked failed",
                            batch_id)
    except Exception as exc:  # noqa: BLE001 - logged by class: its text may quote answers
        log.error("batch %d: could not record the failure (%s)", batch_id,
                  type(exc).__name__)


def recover_stranded() -> list[int]:
    """Enqueue again every running batch whose worker went quiet, and every queued one
    waiting far longer than a long queue takes (store.stranded); fail those tried too
    often. Returns the ids enqueued."""
    now = utcnow()
    with db.connect().scope() as session:
        again = []
        for batch_id, status in store.stranded(session, now=now, stale=STALE):
            attempts = store.attempts(session, batch_id)
            if attempts >= MAX_ATTEMPTS:
                if store.fail(session, batch_id, attempts, GAVE_UP, now=now):
                    log.error("batch %d: claimed %d times; giving up", batch_id, attempts)
                continue
            if status == store.QUEUED:
                # Its clock restarts: one more look after another QUEUED_WAIT limits.
                store.requeued(session, batch_id, now=now)
                log.warning("batch %d: queued for over %d s without a worker; enqueued "
                            "again", batch_id, STALE.total_seconds() * store.QUEUED_WAIT)
            else:
                log.warning("batch %d: no worker has been running it for %d s; enqueued "
                            "again", batch_id, STALE.total_seconds())
            again.append(batch_id)
    for batch_id in again:
        enqueue(batch_id)
    return again


_recovered_at_startup = threading.Event()


@huey.on_startup()  # type: ignore[untyped-decorator]
def _recover_at_startup() -> None:
    # A consumer starting after a kill picks up what the dead one held: now for batches
    # quiet long enough, and once more when the ones just interrupted have gone stale.
    # huey calls this in each worker thread: once per consumer is enough.
    if _recovered_at_startup.is_set():
        return
    _recovered_at_startup.set()
    recover_stranded()
    recover_later.schedule(delay=STALE.total_seconds() + 1)


@huey.task()  # type: ignore[untyped-decorator]
def recover_later() -> None:
    recover_stranded()


@huey.periodic_task(crontab())  # type: ignore[untyped-decorator]
def recover() -> None:
    recover_stranded()


@huey.periodic_task(crontab(minute="7"))  # type: ignore[untyped-decorator]
def purge() -> None:
    """Hourly: batches older than 30 days and unstarted previews older than a day."""
    with db.connect().scope() as session:
        deleted = store.purge_expired(session, utcnow())
    if deleted:
        log.info("purged %d expired batch(es)", deleted)
