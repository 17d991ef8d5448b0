"""Worker processes for a batch's rendering: chunks of work spread over a process pool.

WeasyPrint's layout and drawing are most of a page's cost, so the batch renders in worker
processes, one per core. Workers start from a forkserver, a small clean process that has
imported WeasyPrint once (records/batch/preload.py), not from a copy of the caller (a web
app or a huey consumer with threads); and fork allows no max_tasks_per_child. Each worker
builds one renderer (records.pdf.renderer(): one FontConfiguration and the parsed
stylesheet) and is replaced after MAX_CHUNKS_PER_WORKER chunks, because a long-lived
WeasyPrint process grows by about 10 KB per letter.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

# A worker renders this many chunks (about 200 letters, about 2 MB of growth) and is then
# replaced by a fresh process (ProcessPoolExecutor's max_tasks_per_child, Python 3.11).
MAX_CHUNKS_PER_WORKER = 8
# Chunks queued per worker: enough to keep each one busy, few enough that a lost worker
# costs little work and the caller holds little in memory.
QUEUED_PER_WORKER = 2

Job = TypeVar("Job")
Result = TypeVar("Result")


class RenderInterrupted(RuntimeError):
    """A worker process died (killed, out of memory) before its chunk finished. Every
    letter finished before is in the LetterStore: run again with the same store to go on
    from there."""


def _warm_worker() -> None:
    """Build the worker's renderer before its first chunk (fonts, parsed stylesheet)."""
    from records.pdf import renderer

    renderer()


def pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["records.batch.preload"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_warm_worker,
                               max_tasks_per_child=MAX_CHUNKS_PER_WORKER)


def run_chunks(work: Callable[[list[Job]], Result], chunks: Sequence[list[Job]], workers: int,
               finished: Callable[[Result], None]) -> None:
    """`work(chunk)` for every chunk in a pool of `workers` processes; `finished(result)`
    in this process as each one arrives, in any order. `work` must be a module-level
    function (it is pickled by name). A dead worker breaks the pool: RenderInterrupted,
    with the chunks not yet finished left for the next run."""
    pending = iter(chunks)
    running: set[Future[Result]] = set()
    executor = pool(workers)
    try:
        for chunk in pending:
            running.add(executor.submit(work, chunk))
            if len(running) >= workers * QUEUED_PER_WORKER:
                break
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                finished(future.result())
                following = next(pending, None)
                if following is not None:
                    running.add(executor.submit(work, following))
    except BrokenProcessPool as exc:
        raise RenderInterrupted("a letter-rendering worker process stopped before its "
                                "chunk was done; the finished letters are kept, so "
                                "running the batch again goes on from there") from exc
    finally:
        # On an error, drop the queued chunks rather than wait for them: nothing of
        # theirs was acknowledged, and the next run renders them.
        executor.shutdown(wait=True, cancel_futures=True)


def chunked(jobs: Sequence[Job], size: int) -> list[list[Job]]:
    return [list(jobs[start:start + size]) for start in range(0, len(jobs), size)]
