"""Rendering a batch's letters: chunks of about 25 rows in worker processes
(records/batch/workers.py), each letter kept in a LetterStore as soon as its chunk is
done, so a killed run resumes where it stopped and never renders a stored row again.

Letters are never combined into one HTML document: each keeps its own first-page envelope
margin and its own "Page N of M".
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from records.batch.files import write_atomically
from records.batch.model import Item, Rendered
from records.batch.workers import RenderInterrupted, chunked, run_chunks
from records.drafts import Draft

# What a worker gets per letter: the row, its validated Draft and the footer mark. A chunk
# of 25 Drafts pickles to about 50 KB in about a millisecond; re-validating the answers in
# the worker costs about ten times that and needs the catalog loaded there.
Job = tuple[int, Draft, str]
__all__ = ["LetterStore", "RenderInterrupted", "count_pages", "letter_key", "mark_for",
           "render_chunk", "render_letters", "render_one"]


def mark_for(item: Item) -> str:
    """The footer mark of a row's pages: its spreadsheet row and the client's initials."""
    return f"Row {item.row} · {item.initials}"


def count_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def render_one(row: int, draft: Draft, mark: str) -> Rendered:
    from records.letters import render_html
    from records.pdf import renderer

    pdf = renderer().write_pdf(render_html(draft, mark=mark))
    return Rendered(row=row, pdf=pdf, pages=count_pages(pdf))


def render_chunk(jobs: Sequence[Job]) -> list[Rendered]:
    """One chunk, in whichever process runs it (a pool worker, or the caller for workers=1)."""
    return [render_one(row, draft, mark) for row, draft, mark in jobs]


def letter_key(item: Item) -> str:
    """What a stored letter was made from: the row's answers and its mark. A folder reused
    for other rows (an id used again) never hands back another client's letter."""
    made_from = json.dumps([item.answers, mark_for(item)], sort_keys=True, default=str)
    return hashlib.sha256(made_from.encode()).hexdigest()


class LetterStore:
    """A folder of finished letters: "<row>.pdf", then "<row>.json" (pages, size, SHA-256,
    what it was made from) written last as the letter's receipt. A letter counts as stored
    only with a receipt that matches its PDF, so a run killed between the two files renders
    that row again."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _receipt(self, row: int) -> Path:
        return self.folder / f"{row}.json"

    def get(self, row: int, key: str = "") -> Rendered | None:
        """The stored letter of `row`; with `key` (letter_key), only if made from that."""
        try:
            receipt = json.loads(self._receipt(row).read_text())
            pdf = (self.folder / f"{row}.pdf").read_bytes()
        except (OSError, ValueError):
            return None
        if receipt.get("sha256") != hashlib.sha256(pdf).hexdigest():
            return None
        if key and receipt.get("key") != key:
            return None
        return Rendered(row=row, pdf=pdf, pages=int(receipt["pages"]))

    def put(self, rendered: Sequence[Rendered], keys: Mapping[int, str] | None = None) -> None:
        for letter in rendered:
            write_atomically(self.folder / f"{letter.row}.pdf", letter.pdf)
            receipt = {"row": letter.row, "pages": letter.pages, "bytes": len(letter.pdf),
                       "sha256": hashlib.sha256(letter.pdf).hexdigest(),
                       "key": (keys or {}).get(letter.row, "")}
            write_atomically(self._receipt(letter.row), json.dumps(receipt).encode())

    def rows(self) -> set[int]:
        return {int(p.stem) for p in self.folder.glob("*.json") if p.stem.isdigit()}


def render_letters(items: Sequence[Item], *, workers: int, store: LetterStore | None = None,
                   chunk_size: int = 25,
                   on_progress: Callable[[int, int], None] | None = None) -> dict[int, Rendered]:
    """Every item's letter PDF (with its signing pages), by row. Rows already in `store`
    are read from it, not rendered; each finished chunk is put in `store` before
    `on_progress(done, total)` is called. Raises RenderInterrupted if a worker dies."""
    if workers < 1 or chunk_size < 1:
        raise ValueError("workers and chunk_size must be at least 1")
    total = len(items)
    results: dict[int, Rendered] = {}
    stored = store.rows() if store is not None else set()
    keys = {item.row: letter_key(item) for item in items} if store is not None else {}
    jobs: list[Job] = []
    for item in items:
        found = store.get(item.row, keys[item.row]) \
            if item.row in stored and store is not None else None
        if found is not None:
            results[item.row] = found
        else:
            jobs.append((item.row, item.draft, mark_for(item)))

    def finished(chunk: list[Rendered]) -> None:
        if store is not None:
            store.put(chunk, keys)
        results.update((r.row, r) for r in chunk)
        if on_progress is not None:
            on_progress(len(results), total)

    if on_progress is not None and results:
        on_progress(len(results), total)
    chunks = chunked(jobs, chunk_size)
    if workers == 1 or len(chunks) <= 1:
        # One process is enough: no start-up cost, and the caller's renderer is reused.
        for chunk in chunks:
            finished(render_chunk(chunk))
    else:
        run_chunks(render_chunk, chunks, min(workers, len(chunks)), finished)
    return results
