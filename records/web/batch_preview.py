"""A stored batch's preview (counts per agency, law and route, and each row's warnings),
rebuilt from its stored rows with the batch's own "today", the way the worker rebuilds
them (records.batch.rows.item_from_answers).

A batch's rows never change after the upload, so its preview never does either: it is
kept per process for the few batches being looked at, and a reload of a 2,000-row
preview does not validate 2,000 drafts again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from records.batch import rows
from records.catalog import default_catalog
from records.drafts import DraftError
from records.models import Batch

KEPT = 16  # previews per process
_kept: OrderedDict[tuple[str, int, str], rows.Preview] = OrderedDict()
_lock = threading.Lock()


class Outdated(Exception):
    """A stored row no longer passes the rules: the catalog changed (an agency or a
    record removed, say) between the upload and this view."""


def preview_of(batch: Batch, database_url: str) -> rows.Preview:
    """Outdated when a row no longer passes the current rules."""
    # The creation time is in the key: a batch id reused by another database (tests, a
    # restored backup) never shows an old preview.
    key = (database_url, int(batch.id), str(batch.created_at))
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    catalog = default_catalog()
    try:
        items = [rows.item_from_answers(int(r["row"]), r["answers"], str(r["language"]),
                                        catalog=catalog, today=batch.today)
                 for r in batch.rows]
    except DraftError:
        # Not chained: the error's fields may quote a client's answers.
        raise Outdated(batch.id) from None
    made = rows.preview(items)
    with _lock:
        _kept[key] = made
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return made


@dataclass(frozen=True)
class Warnings:
    """Each distinct warning once, numbered, with the rows it concerns; and per row the
    numbers of its warnings. Eighty ICE rows share the same three warnings: the page says
    each once instead of eighty times."""

    texts: tuple[tuple[int, str, tuple[int, ...]], ...]  # (number, text, rows)
    of_row: dict[int, tuple[int, ...]]


def warnings_of(preview: rows.Preview) -> Warnings:
    numbers: dict[str, int] = {}
    found: dict[str, list[int]] = {}
    of_row = {}
    for row in preview.rows:
        for text in row.warnings:
            numbers.setdefault(text, len(numbers) + 1)
            found.setdefault(text, []).append(row.row)
        of_row[row.row] = tuple(numbers[text] for text in row.warnings)
    return Warnings(tuple((numbers[t], t, tuple(r)) for t, r in found.items()), of_row)


def counts(batch: Batch) -> dict[str, int]:
    """A finished batch's counts (records.batch.store keeps them in `result`)."""
    result = batch.result or {}
    return {key: int(result.get(key) or 0)
            for key in ("letters", "mailed", "portal", "stack_pages", "tracked")}
