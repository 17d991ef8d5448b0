"""One run of a clinic batch, as the job queue runs it (records.jobs.run_batch): rebuild
the rows' drafts, render what the batch's folder does not hold yet, write the outputs,
save to the tracker when asked, and mark the batch done.

The caller has claimed the batch (records.batch.store.claim) and holds its lease: every
write here is fenced by it, so a worker that went quiet and was replaced stops at its next
write (LeaseLost) instead of racing the new one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from records import db
from records.batch import pipeline, store, tracking
from records.batch.model import PORTAL, Item
from records.batch.outputs import OutputPaths
from records.batch.render import LetterStore
from records.batch.rows import item_from_answers
from records.catalog import default_catalog
from records.drafts import DraftError
from records.models import Batch

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


class RulesChanged(Exception):
    """A stored row no longer passes the rules (the catalog changed between the upload
    and the run): no retry can make its letter, so the batch fails at once."""


def execute(batch_id: int, lease: int, *, workers: int, stale: timedelta) -> dict[str, Any]:
    """Run the claimed batch to the end; returns its result (also stored)."""
    database = db.connect()
    with database.scope() as session:
        batch = session.get(Batch, batch_id)
        if batch is None:  # purged while it waited
            raise store.LeaseLost(batch_id)
        rows, today, options = list(batch.rows), batch.today, store.options_of(batch)
        owner_id, org_id, name, folder = (batch.owner_id, batch.org_id, batch.folder,
                                          store.folder_of(batch))
    items = rebuild(rows, today)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    letters = LetterStore(folder / store.LETTERS)
    with database.scope() as session:
        # Letters an earlier run made are done, but not part of this run's pace.
        store.resume_from(session, batch_id, lease,
                          done=len(letters.rows() & {item.row for item in items}))
    with Heartbeat(database, batch_id, lease, every=stale.total_seconds() / 4) as beat:
        written, rendered = pipeline.run(items, output_paths(folder, items, options),
                                         workers=workers, today=today, store=letters,
                                         on_progress=beat.progress)
        tracked = 0
        if options.track:
            beat.check()
            with database.scope() as session:
                tracked = tracking.save_batch(session, owner_id=owner_id, org_id=org_id,
                                              folder=name, items=items, rendered=rendered,
                                              now=utcnow())
    result = {"letters": written.letters, "mailed": written.mailed, "portal": written.portal,
              "pages": written.pages, "stack_pages": written.stack_pages, "tracked": tracked}
    with database.scope() as session:
        store.finish(session, batch_id, lease, result, now=utcnow())
    log.info("batch %d: done, %d letters", batch_id, written.letters)
    return result


def rebuild(rows: Sequence[dict[str, Any]], today: date) -> list[Item]:
    """The rows' items again, from the answers checked at upload (the same validator,
    so the same drafts, on another day in another process). RulesChanged when a row no
    longer passes them."""
    catalog = default_catalog()
    try:
        return [item_from_answers(int(row["row"]), dict(row["answers"]),
                                  str(row["language"]), catalog=catalog, today=today)
                for row in rows]
    except DraftError:
        # Not chained: the error's fields may quote a client's answers.
        raise RulesChanged("a stored row no longer passes the rules") from None


def output_paths(folder: Path, items: Sequence[Item],
                 options: store.BatchOptions) -> OutputPaths:
    portal = any(item.route == PORTAL for item in items)
    return OutputPaths(stack=folder / "stack.pdf", zip=folder / "letters.zip",
                       manifest=folder / "manifest.csv",
                       portal_zip=folder / "portal-packets.zip" if portal else None,
                       clients_zip=folder / "client-packets.zip"
                       if options.client_packets else None)


class Heartbeat:
    """While the batch runs: a beat every `every` seconds from a thread (a chunk or the
    outputs may take longer than the stale limit), and the progress after each chunk."""

    def __init__(self, database: db.Database, batch_id: int, lease: int, *,
                 every: float) -> None:
        self.database, self.batch_id, self.lease, self.every = database, batch_id, lease, every
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"batch-{batch_id}-beat",
                                        daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self._beat(None)
            except store.LeaseLost:
                self.lost = True
                return
            except SQLAlchemyError as exc:  # busy for a moment: the next beat will do
                log.warning("batch %d: heartbeat not written (%s)", self.batch_id,
                            type(exc).__name__)

    def _beat(self, done: int | None) -> None:
        with self.database.scope() as session:
            store.beat(session, self.batch_id, self.lease, now=utcnow(), done=done)

    def check(self) -> None:
        if self.lost:
            raise store.LeaseLost(self.batch_id)

    def progress(self, done: int, total: int) -> None:
        self.check()
        self._beat(done)
