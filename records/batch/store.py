"""Clinic batches in the database and on disk: the checked rows, the job's progress and the
finished files. Plain domain code: the caller passes the Session, the user's id and `now`.

A batch goes preview -> queued -> running -> done (or failed). Its rows hold the clients'
answers (names, birth dates, A-numbers): they stay in the database, like a tracked
request's, and never reach a log, a URL or a file name. Its files live under
<instance>/batches/<folder>/, a random name. Batches follow the tracker's isolation rule:
the owner and the members of the batch's organisation see it, anyone else gets NotFound.
"""

from __future__ import annotations

import logging
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from records import config
from records.batch.model import Item
from records.models import Batch, Membership
from records.tracker.requests import NotFound

log = logging.getLogger(__name__)

PREVIEW, QUEUED, RUNNING, DONE, FAILED = "preview", "queued", "running", "done", "failed"
STATUSES = (PREVIEW, QUEUED, RUNNING, DONE, FAILED)
# Issue 10: batches and their files are deleted after 30 days. A preview nobody started
# holds a whole spreadsheet of personal data for nothing: it goes after a day.
KEEP = timedelta(days=30)
KEEP_PREVIEW = timedelta(days=1)
# The files a finished batch offers, in the order the page lists them.
DOWNLOADS = ("stack.pdf", "letters.zip", "manifest.csv", "portal-packets.zip",
             "client-packets.zip")
# The sub-folder of finished letters (records.batch.render.LetterStore), for resuming.
LETTERS = "letters"
# A queued batch waits behind the batches queued before it, maybe for a long 2,000-row
# one: it counts as lost (its task gone with the queue's storage) only after this many
# stale limits, so a long queue is not enqueued again every minute.
QUEUED_WAIT = 10


@dataclass(frozen=True)
class BatchOptions:
    client_packets: bool = True
    track: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BatchOptions:
        return cls(client_packets=bool(data.get("client_packets", True)),
                   track=bool(data.get("track", False)))


def batches_root() -> Path:
    return config.instance_path() / "batches"


def folder_of(batch: Batch) -> Path:
    return batches_root() / batch.folder


def options_of(batch: Batch) -> BatchOptions:
    return BatchOptions.from_json(batch.options or {})


def create_batch(session: Session, *, owner_id: int, org_id: int | None,
                 items: Sequence[Item], options: BatchOptions, today: date,
                 now: datetime) -> Batch:
    """Keep a checked upload as a preview: nothing is queued until start()."""
    rows = [{"row": item.row, "answers": item.answers, "language": item.language}
            for item in items]
    batch = Batch(owner_id=owner_id, org_id=org_id, folder=secrets.token_hex(16),
                  status=PREVIEW, total=len(rows), done=0, done_at_start=0, created_at=now,
                  options=asdict(options), rows=rows, today=today, attempts=0)
    session.add(batch)
    session.commit()
    return batch


def start(session: Session, batch: Batch, *, now: datetime) -> None:
    """Queue a preview (or a failed batch, to try again: it resumes from the letters
    already made) for the job runner. Starting it again (a double click, a second tab)
    changes nothing: only the UPDATE that finds it still waiting to start enqueues it."""
    # heartbeat_at is when it was queued (records.jobs recovers a batch queued too long).
    started = _update(session, update(Batch).where(Batch.id == batch.id,
                                                   Batch.status.in_((PREVIEW, FAILED)))
                      .values(status=QUEUED, heartbeat_at=now, error=None, started_at=now,
                              done_at_start=Batch.done))
    session.commit()
    session.refresh(batch)
    if not started:
        return
    from records import jobs  # the queue imports this module

    try:
        jobs.enqueue(batch.id)
    except Exception as exc:  # noqa: BLE001 - the queue's store is down: recovery retries
        # The batch stays queued; the runner's recovery (records.jobs) enqueues it again.
        log.warning("batch %d: could not reach the job queue (%s); it will be retried",
                    batch.id, type(exc).__name__)


def visible_to(user_id: int) -> ColumnElement[bool]:
    """The user's own batches and their organisations' (the tracker's rule,
    records.tracker.requests.visible_to)."""
    orgs = select(Membership.org_id).where(Membership.user_id == user_id)
    return or_(Batch.owner_id == user_id, Batch.org_id.in_(orgs))


def get_batch(session: Session, user_id: int, batch_id: int) -> Batch:
    found = session.scalars(select(Batch).where(Batch.id == batch_id,
                                                visible_to(user_id))).one_or_none()
    if found is None:
        raise NotFound(batch_id)
    return found


def visible_batches(session: Session, user_id: int) -> list[Batch]:
    """Newest first; the rows (deferred) are not loaded."""
    return list(session.scalars(select(Batch).where(visible_to(user_id))
                                .order_by(Batch.created_at.desc(), Batch.id.desc())))


def downloads(batch: Batch) -> dict[str, Path]:
    """The finished files that exist, by download name. Only a done batch offers any:
    a running one may have half-written outputs from an earlier attempt."""
    if batch.status != DONE:
        return {}
    folder = folder_of(batch)
    return {name: folder / name for name in DOWNLOADS if (folder / name).is_file()}


def eta_seconds(batch: Batch, now: datetime) -> int | None:
    """Seconds left at this run's pace; None before its first chunk is done. Letters an
    earlier run left (a resume, "Try again") took no time in this run: they count as done
    but not towards the pace."""
    made = batch.done - (batch.done_at_start or 0)
    if batch.status != RUNNING or made <= 0 or batch.started_at is None:
        return None
    elapsed = max((now - batch.started_at).total_seconds(), 0.0)
    return max(round(elapsed / made * (batch.total - batch.done)), 0)


def purge_expired(session: Session, now: datetime) -> int:
    """Delete batches older than 30 days (previews: a day) and their folders, and any
    batch folder no row names (its user was deleted). Returns the batches deleted."""
    expired = or_(Batch.created_at < now - KEEP,
                  (Batch.status == PREVIEW) & (Batch.created_at < now - KEEP_PREVIEW))
    folders = list(session.scalars(select(Batch.folder).where(expired)))
    if folders:
        session.execute(delete(Batch).where(Batch.folder.in_(folders)))
    session.commit()
    # After the commit: a folder that outlives its row is swept next time, while a row
    # whose folder went first would offer files that are gone.
    root = batches_root()
    for name in folders:
        shutil.rmtree(root / name, ignore_errors=True)
    _sweep_orphans(session, root, now)
    return len(folders)


def _sweep_orphans(session: Session, root: Path, now: datetime) -> None:
    if not root.is_dir():
        return
    known = set(session.scalars(select(Batch.folder)))
    session.commit()
    # A folder a day old with no row: never one being created right now.
    cutoff = now.timestamp() - KEEP_PREVIEW.total_seconds()
    for path in root.iterdir():
        if path.is_dir() and path.name not in known and path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True)


# --- The job's side (records.jobs): short transactions, fenced by the claim ------------

class LeaseLost(RuntimeError):
    """Another worker claimed the batch after this one went quiet: stop writing."""


def claim(session: Session, batch_id: int, *, now: datetime,
          stale: timedelta) -> int | None:
    """Take the batch for this run: a queued batch, or a running one whose worker has
    been quiet for `stale` (killed). One conditional UPDATE, so two workers never both
    win. Returns the run's lease (the new attempt number), None when it is not ours.
    The run's clock starts now, from the progress it finds (see resume_from)."""
    won = _update(session, update(Batch).where(
        Batch.id == batch_id,
        or_(Batch.status == QUEUED,
            (Batch.status == RUNNING)
            & or_(Batch.heartbeat_at.is_(None), Batch.heartbeat_at < now - stale)))
        .values(status=RUNNING, heartbeat_at=now, attempts=Batch.attempts + 1,
                started_at=now, done_at_start=Batch.done, error=None))
    lease = session.scalar(select(Batch.attempts).where(Batch.id == batch_id)) if won else None
    session.commit()
    return lease


def beat(session: Session, batch_id: int, lease: int, *, now: datetime,
         done: int | None = None) -> None:
    """The run is alive (and, with `done`, how far it got); LeaseLost if it is not ours."""
    values: dict[str, Any] = {"heartbeat_at": now}
    if done is not None:
        values["done"] = done
    ours = _update(session, update(Batch).where(Batch.id == batch_id,
                                                Batch.attempts == lease,
                                                Batch.status == RUNNING).values(**values))
    session.commit()
    if not ours:
        raise LeaseLost(batch_id)


def resume_from(session: Session, batch_id: int, lease: int, *, done: int) -> None:
    """The run found `done` letters already made (in the batch's folder, maybe more than
    the last progress written): they are done, but not this run's work."""
    ours = _update(session, update(Batch).where(Batch.id == batch_id, Batch.attempts == lease,
                                                Batch.status == RUNNING)
                   .values(done=done, done_at_start=done))
    session.commit()
    if not ours:
        raise LeaseLost(batch_id)


def release(session: Session, batch_id: int, lease: int) -> None:
    """Let a retry claim the batch at once instead of waiting for the heartbeat to age."""
    _update(session, update(Batch).where(Batch.id == batch_id, Batch.attempts == lease,
                                         Batch.status == RUNNING).values(heartbeat_at=None))
    session.commit()


def finish(session: Session, batch_id: int, lease: int, result: dict[str, Any], *,
           now: datetime) -> None:
    ours = _update(session, update(Batch).where(Batch.id == batch_id, Batch.attempts == lease,
                                                Batch.status == RUNNING)
                   .values(status=DONE, done=Batch.total, result=result,
                           finished_at=now, heartbeat_at=now))
    session.commit()
    if not ours:
        raise LeaseLost(batch_id)


def fail(session: Session, batch_id: int, lease: int, message: str, *,
         now: datetime) -> bool:
    """Give up: `message` is shown to the user, so it names no client and holds no
    traceback. Fenced like every write: a run that lost its lease (or a recovery that
    read `attempts` before a worker claimed the batch) fails nothing. False when the
    batch was not this lease's to fail."""
    ours = _update(session, update(Batch).where(Batch.id == batch_id, Batch.attempts == lease,
                                                Batch.status.in_((QUEUED, RUNNING)))
                   .values(status=FAILED, error=message, finished_at=now))
    session.commit()
    return ours


def stranded(session: Session, *, now: datetime,
             stale: timedelta) -> list[tuple[int, str]]:
    """(id, status) of the running batches whose worker has gone quiet (a consumer killed
    mid-batch lost its task: huey removes a task from the queue before running it), and
    of the queued ones waiting QUEUED_WAIT stale limits (their task may be lost: the
    queue's store was down at start())."""
    quiet = or_(Batch.heartbeat_at.is_(None), Batch.heartbeat_at < now - stale)
    waited = or_(Batch.heartbeat_at.is_(None),
                 Batch.heartbeat_at < now - stale * QUEUED_WAIT)
    found = [(int(i), str(s)) for i, s in session.execute(
        select(Batch.id, Batch.status).where(or_((Batch.status == RUNNING) & quiet,
                                                 (Batch.status == QUEUED) & waited))
        .order_by(Batch.id))]
    session.commit()
    return found


def requeued(session: Session, batch_id: int, *, now: datetime) -> None:
    """A queued batch was enqueued again: it waits QUEUED_WAIT stale limits from now
    before the recovery looks at it again."""
    _update(session, update(Batch).where(Batch.id == batch_id, Batch.status == QUEUED)
            .values(heartbeat_at=now))
    session.commit()


def attempts(session: Session, batch_id: int) -> int:
    found = session.scalar(select(Batch.attempts).where(Batch.id == batch_id))
    return int(found or 0)


def _update(session: Session, statement: Any) -> bool:
    result = session.execute(statement)
    assert isinstance(result, CursorResult)
    return bool(result.rowcount)
