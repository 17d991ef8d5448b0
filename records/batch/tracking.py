"""A finished batch saved to the tracker (issue 10): every row a tracked request with its
stored letter, in one transaction, so a failure part-way saves nothing.

Each request's `source` is the SHA-256 of the batch's folder and the row, unique per
owner (tracked_requests.uq_tracked_requests_owner_source): a job retried after its save
committed finds the rows already tracked and saves none of them again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from records.batch.model import Item, Rendered
from records.letters import render_text
from records.models import TrackedRequest
from records.tracker.requests import LetterFile, add_request


def source_for(folder: str, row: int) -> str:
    # The folder is the batch's random name: two batches of one spreadsheet are two
    # batches, while a rerun of the same batch is the same rows.
    return hashlib.sha256(f"batch\n{folder}\n{row}".encode()).hexdigest()


def letter_file(item: Item, rendered: Rendered) -> LetterFile:
    """The letter exactly as the batch made it (with the pages the client signs)."""
    return LetterFile(kind="request", answers=item.answers, pdf=rendered.pdf,
                      text=render_text(item.draft), letter_date=item.draft.date)


def save_batch(session: Session, *, owner_id: int, org_id: int | None, folder: str,
               items: Sequence[Item], rendered: Mapping[int, Rendered],
               now: datetime) -> int:
    """Track every row not tracked yet; commit once. Returns how many rows of the batch
    are tracked (all of them, on success)."""
    sources = {item.row: source_for(folder, item.row) for item in items}
    tracked = set(session.scalars(select(TrackedRequest.source).where(
        TrackedRequest.owner_id == owner_id,
        TrackedRequest.source.in_(list(sources.values())))))
    try:
        for item in items:
            if sources[item.row] in tracked:
                continue
            add_request(session, owner_id=owner_id, org_id=org_id, answers=item.answers,
                        letter=letter_file(item, rendered[item.row]), now=now,
                        source=sources[item.row])
            # Row by row into the transaction: a row the database refuses fails here,
            # and the rollback below takes every earlier row with it.
            session.flush()
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return len(items)
