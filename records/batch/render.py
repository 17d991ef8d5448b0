"""Rendering a batch's letters: chunks of rows in worker processes, each letter kept in a
LetterStore as soon as its chunk is done, so a killed run resumes where it stopped.

WeasyPrint's layout and drawing are most of a letter's cost, so the work is spread over
worker processes, one per core, in chunks of about 25 letters. Each worker keeps one
renderer (records.pdf.renderer(): one FontConfiguration and the parsed stylesheet) and is
replaced after MAX_CHUNKS_PER_WORKER chunks, because a long-lived WeasyPrint process grows
by about 10 KB per letter. Letters are never combined into one HTML document: each keeps
its own first-page envelope margin and its own "Page N of M".
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from records.batch.model import Item, Rendered
from records.drafts import Draft

log = logging.getLogger(__name__)

# A worker renders this many chunks (about 200 letters, about 2 MB of growth) and is then
# replaced by a fresh process (ProcessPoolExecutor's max_tasks_per_child, Python 3.11).
MAX_CHUNKS_PER_WORKER = 8
# Chunks queued per worker: enough to keep each one busy, few enough that a lost worker
# costs little work and the parent holds little in memory.
QUEUED_PER_WORKER = 2
# What a worker gets per letter: the row, its validated Draft and the footer mark. A chunk
# of 25 Drafts pickles to about 50 KB in about a millisecond; re-validating the answers in
# the worker costs about ten times that and needs the catalog loaded there.
Job = tuple[int, Draft, str]


class RenderInterrupted(RuntimeError):
    """A worker process died (killed, out of memory) before its chunk finished. Every
    letter finished before is in the LetterStore: run again with the same store to go on
    from there."""


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


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class LetterStore:
    """A folder of finished letters: "<row>.pdf", then "<row>.json" (pages, size, SHA-256)
    written last as the letter's receipt. A letter counts as stored only with a receipt that
    matches its PDF, so a run killed between the two files renders that row again."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _receipt(self, row: int) -> Path:
        return self.folder / f"{row}.json"

    def get(self, row: int) -> Rendered | None:
        try:
            receipt = json.loads(self._receipt(row).read_text())
            pdf = (self.folder / f"{row}.pdf").read_bytes()
        except (OSError, ValueError):
            return None
        if receipt.get("sha256") != hashlib.sha256(pdf).hexdigest():
            return None
        return Rendered(row=row, pdf=pdf, pages=int(receipt["pages"]))

    def put(self, rendered: Sequence[Rendered]) -> None:
        for letter in rendered:
            _write_atomically(self.folder / f"{letter.row}.pdf", letter.pdf)
            receipt = {"row": letter.row, "pages": letter.pages, "bytes": len(letter.pdf),
                       "sha256": hashlib.sha256(letter.pdf).hexdigest()}
            _write_atomically(self._receipt(letter.row), json.dumps(receipt).encode())

    def rows(self) -> set[int]:
        return {int(p.stem) for p in self.folder.glob("*.json") if p.stem.isdigit()}


def _chunks(jobs: Sequence[Job], size: int) -> Iterator[list[Job]]:
    for start in range(0, len(jobs), size):
        yield list(jobs[start:start + size])


def _warm_worker() -> None:
    """Build the worker's renderer before its first chunk (fonts, parsed stylesheet)."""
    from records.pdf import renderer

    renderer()


def _pool(workers: int) -> ProcessPoolExecutor:
    # forkserver: workers start from a small clean server process rather than a copy of
    # the caller (a web app, a huey consumer with threads), and fork allows no
    # max_tasks_per_child. The server imports WeasyPrint once for all workers.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["records.batch.preload"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_warm_worker,
                               max_tasks_per_child=MAX_CHUNKS_PER_WORKER)


def _run_pool(chunks: list[list[Job]], workers: int,
              finished: Callable[[list[Rendered]], None]) -> None:
    """Keep QUEUED_PER_WORKER chunks per worker in flight; hand each result to `finished`
    as it arrives. A dead worker breaks the pool: the chunks not yet finished are left for
    the next run and RenderInterrupted is raised."""
    pending = iter(chunks)
    running: set[Future[list[Rendered]]] = set()
    with _pool(workers) as pool:
        try:
            for chunk in pending:
                running.add(pool.submit(render_chunk, chunk))
                if len(running) >= workers * QUEUED_PER_WORKER:
                    break
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    finished(future.result())
                    following = next(pending, None)
                    if following is not None:
                        running.add(pool.submit(render_chunk, following))
        except BrokenProcessPool as exc:
            for future in running:
                future.cancel()
            raise RenderInterrupted("a letter-rendering worker process stopped before "
                                    "its chunk was done; the finished letters are kept, "
                                    "so running the batch again goes on from there") from exc


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
    jobs: list[Job] = []
    for item in items:
        found = store.get(item.row) if item.row in stored and store is not None else None
        if found is not None:
            results[item.row] = found
        else:
            jobs.append((item.row, item.draft, mark_for(item)))

    def finished(chunk: list[Rendered]) -> None:
        if store is not None:
            store.put(chunk)
        results.update((r.row, r) for r in chunk)
        if on_progress is not None:
            on_progress(len(results), total)

    if on_progress is not None and results:
        on_progress(len(results), total)
    chunks = list(_chunks(jobs, chunk_size))
    if workers == 1 or len(chunks) <= 1:
        # One process is enough: no start-up cost, and the caller's renderer is reused.
        for chunk in chunks:
            finished(render_chunk(chunk))
    else:
        _run_pool(chunks, min(workers, len(chunks)), finished)
    return results
