"""Clinic batches (issue 10): the pipeline's speed, memory and output size.

Over the same mixed rows (tests/batch_helpers.clinic_rows: Privacy Act requests to ICE
through the DHS portal and by mail, KCPD Sunshine requests), in interleaved rounds whose
order rotates, so a noisy moment on this shared machine hits each variant alike:
  (a) `python -m records batch ... --workers 2`, a new process: start-up, reading,
      checking, rendering and writing the stack, ZIP, manifest and portal packets;
  (b) the same command with `--workers 1`;
  (c) a naive loop in this process over the same letters (rows already checked):
      plain WeasyPrint, `HTML(string=render_html(draft)).write_pdf()` per letter, with no
      shared fonts, stylesheet or user-agent sheet, and nothing written.
Wall time (two processes share two cores: CPU time would hide the point). Each round
gives the ratios a/b and a/c; we print their median and min-max over the rounds.
Then the pipeline (records.batch.pipeline.run, pool start-up included) in a new process
per size, 100 to 5,000 rows (beyond the upload limit: a clinic's 2,000 rows are the
middle of the range): time and how linear it is, the peak memory of each worker process
(VmHWM from /proc, sampled every 50 ms until it exits), and the stack's bytes per letter.
Targets: a/b and a/c >= 1.6; < 150 MB per worker, flat from 500 to 2,000 rows; time
linear; stack < 40 KB per letter.
BENCH_BATCH_QUICK=1 runs a short version (50 rows x 3 rounds, then 50 to 200 rows; it took
23 minutes here with the machine's load average at 13, an estimated 5 on two idle cores);
the full run (200 rows x 5 rounds, then 100 to 5,000 rows) renders about 10,600 letters
rendered: an estimated 25 minutes on two idle cores, hours on a busy machine.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from records.batch.model import MAX_ROWS, Item, Row, Sheet
from tests.batch_helpers import COLUMNS, clinic_rows, csv_bytes

QUICK = os.environ.get("BENCH_BATCH_QUICK") == "1"
# Chunks are 25 letters: 50 rows give each of two workers one chunk (40 would leave one
# worker 15 letters to the other's 25, capping the speed-up at 1.6 before start-up).
ROUND_ROWS = 50 if QUICK else 200
ROUNDS = 3 if QUICK else 5
SIZES = (50, 100, 200) if QUICK else (100, 500, 2000, 5000)
TODAY = date(2026, 11, 23)
ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO, TARGET_WORKER_MB, TARGET_LETTER_KB = 1.6, 150, 40


# --- peak memory of a process's descendants ------------------------------------------


def children(pid: int) -> set[int]:
    found: set[int] = set()
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError):
                text = Path(f"/proc/{pid}/task/{task}/children").read_text()
                found.update(int(p) for p in text.split())
    return found


def descendants(pid: int) -> dict[int, int]:
    """Every process below `pid`, with its parent."""
    parents: dict[int, int] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child in children(parent) - parents.keys():
            parents[child] = parent
            todo.append(child)
    return parents


def is_forkserver(pid: int) -> bool:
    try:
        return b"multiprocessing.forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def cpu_ticks(pid: int) -> int:
    """User and system CPU of a process so far, in clock ticks (/proc/<pid>/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat


def vm_hwm_kib(pid: int) -> int | None:
    """The process's peak resident set (VmHWM), or None once it has gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


class PeakWatch:
    """Samples VmHWM of a process and its descendants every 50 ms. VmHWM only grows, so
    the last sample before a worker exits is its peak (give or take its last 50 ms).
    Workers are the processes the pool's forkserver forks (a forkserver's own children:
    the server itself is the forkserver's child of the command)."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peaks: dict[int, int] = {}  # workers
        self.helpers_kib = 0  # the forkserver
        self.main_kib = 0
        self.ticks: dict[int, int] = {}  # CPU of each process, root and descendants
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.main_kib = max(self.main_kib, vm_hwm_kib(self.root) or 0)
            family = descendants(self.root)
            for pid in (self.root, *family):
                self.ticks[pid] = max(self.ticks.get(pid, 0), cpu_ticks(pid))
            for pid, parent in family.items():
                kib = vm_hwm_kib(pid) or 0
                if parent != self.root and is_forkserver(parent):
                    self.peaks[pid] = max(self.peaks.get(pid, 0), kib)
                elif parent == self.root and is_forkserver(pid):
                    self.helpers_kib = max(self.helpers_kib, kib)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def cpu(self) -> float:
        """CPU seconds of every process seen (each up to its last sample)."""
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")

    def worker_mb(self) -> float:
        return max(self.peaks.values(), default=0) / 1024


# --- the variants ------------------------------------------------------------------


@dataclasses.dataclass
class Timing:
    seconds: float
    letters: int
    pages: int
    cpu: float = 0.0  # CPU seconds of every process involved
    worker_mb: float = 0.0  # the largest worker's peak (none with --workers 1)
    main_mb: float = 0.0  # the command's own process


def run_cli(source: Path, folder: Path, workers: int) -> Timing:
    """(a) and (b): the whole command, start-up included."""
    with tempfile.TemporaryDirectory(dir=folder) as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "records", "batch", str(source), "-o", f"{out}/stack.pdf",
             "--zip", f"{out}/letters.zip", "--manifest", f"{out}/manifest.csv",
             "--packets", f"{out}/portal", "--workers", str(workers),
             "--today", TODAY.isoformat()],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        watch = PeakWatch(proc.pid)
        _, err = proc.communicate()
        seconds = time.perf_counter() - start
        watch.stop()
    if proc.returncode != 0:
        raise RuntimeError(f"batch --workers {workers} failed:\n{err}")
    found = re.search(r"letters\.zip: (\d+) letters?, (\d+) pages?", err)
    assert found is not None, err
    return Timing(seconds, int(found.group(1)), int(found.group(2)), watch.cpu(),
                  watch.worker_mb(), watch.main_kib / 1024)


def naive_loop(items: list[Item]) -> Timing:
    """(c): plain WeasyPrint per letter, nothing shared between letters."""
    from pypdf import PdfReader
    from weasyprint import HTML

    from records.batch.render import mark_for
    from records.letters import LETTERS_DIR, render_html

    css = str(LETTERS_DIR / "letter.css")
    spent, cpu, pdfs = 0.0, 0.0, []
    for item in items:
        start, start_cpu = time.perf_counter(), time.process_time()
        pdfs.append(HTML(string=render_html(item.draft, mark=mark_for(item))).write_pdf(
            stylesheets=[css]))
        spent += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
    pages = sum(len(PdfReader(io.BytesIO(pdf)).pages) for pdf in pdfs)
    return Timing(spent, len(items), pages, cpu)


def checked_items(n: int) -> list[Item]:
    """`n` clinic rows, checked as an upload would be (in blocks of the upload limit,
    renumbered so each row keeps its own number past 2,000)."""
    from records.batch.rows import check
    from records.catalog import default_catalog

    rows, items = clinic_rows(n), []
    for offset in range(0, n, MAX_ROWS):
        block = rows[offset:offset + MAX_ROWS]
        sheet = Sheet(COLUMNS, tuple(Row(i + 2, cells) for i, cells in enumerate(block)))
        items += [dataclasses.replace(item, row=item.row + offset) for item in
                  check(sheet, catalog=default_catalog(), today=TODAY)]
    return items


# --- side by side ---------------------------------------------------------------------


def spread(values: list[float]) -> str:
    return (f"median {statistics.median(values):.2f}x "
            f"(min-max {min(values):.2f}-{max(values):.2f})")


def side_by_side(folder: Path) -> None:
    source = folder / "clients.csv"
    source.write_bytes(csv_bytes(clinic_rows(ROUND_ROWS)))
    items = checked_items(ROUND_ROWS)
    variants: dict[str, Callable[[], Timing]] = {
        "a: batch --workers 2": lambda: run_cli(source, folder, 2),
        "b: batch --workers 1": lambda: run_cli(source, folder, 1),
        "c: naive loop": lambda: naive_loop(items)}
    names = list(variants)
    naive_loop(items[:3])  # this process's imports and fonts, before the first round
    rounds: list[dict[str, Timing]] = []
    for number in range(ROUNDS):
        order = names[number % 3:] + names[:number % 3]
        rounds.append({name: variants[name]() for name in order})
        print(f"  round {number + 1}: " + ", ".join(
            f"{name[0]} {rounds[-1][name].seconds:.1f} s" for name in names), flush=True)
    print(f"side by side: {ROUND_ROWS} rows x {ROUNDS} interleaved rounds (wall time)")
    for name in names:
        runs = [r[name] for r in rounds]
        seconds = statistics.median(t.seconds for t in runs)
        memory = ""
        if runs[0].main_mb:
            memory = f"; peak: process {max(t.main_mb for t in runs):.0f} MB"
        if runs[0].worker_mb:
            memory += f", each worker <= {max(t.worker_mb for t in runs):.0f} MB"
        cpu = statistics.median(t.cpu for t in runs)
        print(f"  {name:22}: {runs[0].letters / seconds:5.1f} letters/s, "
              f"{runs[0].pages / seconds:5.1f} pages/s (median {seconds:.1f} s; CPU "
              f"{1000 * cpu / runs[0].letters:.0f} ms/letter{memory})")
    for label, other in (("a/b", names[1]), ("a/c", names[2])):
        ratios = [r[other].seconds / r[names[0]].seconds for r in rounds]
        verdict = "met" if statistics.median(ratios) >= TARGET_RATIO else "NOT met"
        print(f"  {label}: {spread(ratios)}; target >= {TARGET_RATIO}x -> {verdict}")


# --- size ---------------------------------------------------------------------------


def scale_child(n: int, folder: Path) -> None:
    """In a new process: time pipeline.run over `n` rows, print the figures as JSON."""
    from records.batch.outputs import OutputPaths
    from records.batch.pipeline import run

    items = checked_items(n)
    paths = OutputPaths(stack=folder / "stack.pdf", zip=folder / "letters.zip",
                        manifest=folder / "manifest.csv", portal_dir=folder / "portal")
    start = time.perf_counter()
    written, _ = run(items, paths, workers=2, today=TODAY)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "letters": written.letters, "pages": written.pages,
                      "mailed": written.mailed, "stack": (folder / "stack.pdf").stat().st_size}))


def scale(n: int, folder: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(dir=folder) as out:
        proc = subprocess.Popen([sys.executable, "-m", "bench.batch", "--scale", str(n), out],
                                cwd=ROOT, stdout=subprocess.PIPE, text=True)
        watch = PeakWatch(proc.pid)
        stdout, _ = proc.communicate()
        watch.stop()
    if proc.returncode != 0:
        raise RuntimeError(f"the {n}-row pipeline failed")
    figures: dict[str, Any] = json.loads(stdout.splitlines()[-1])
    figures.update(worker_mb=watch.worker_mb(), main_mb=watch.main_kib / 1024,
                   processes=len(watch.peaks), helpers_mb=watch.helpers_kib / 1024,
                   cpu=watch.cpu())
    return figures


def sizes(folder: Path) -> None:
    print("pipeline.run --workers 2, a new process per size (pool start-up included)")
    results: dict[int, dict[str, Any]] = {}
    for n in SIZES:
        results[n] = scale(n, folder)
        print(f"  ({n} rows done)", flush=True)
    for n, f in results.items():
        print(f"  {n:5} rows: {f['seconds']:6.1f} s, {1000 * f['seconds'] / n:5.0f} ms/letter "
              f"(CPU {1000 * f['cpu'] / n:.0f} ms/letter, the process's start included), "
              f"{f['pages'] / f['seconds']:5.1f} pages/s; worker peak {f['worker_mb']:.0f} MB "
              f"({f['processes']} pool processes), forkserver {f['helpers_mb']:.0f} MB, main "
              f"{f['main_mb']:.0f} MB; stack "
              f"{f['stack'] / max(f['mailed'], 1) / 1024:.1f} KB/letter")
    xs, ys = list(results), [results[n]["seconds"] for n in results]
    slope = statistics.linear_regression(xs, ys).slope
    intercept = statistics.linear_regression(xs, ys).intercept
    worst = max(abs(y - (intercept + slope * x)) / y for x, y in zip(xs, ys, strict=True))
    print(f"  linear fit: {intercept:.1f} s + {1000 * slope:.0f} ms/letter; the worst size "
          f"is {100 * worst:.0f}% off the line")
    middle = [n for n in SIZES if n >= SIZES[1]]
    peaks = [results[n]["worker_mb"] for n in middle]
    stack_kb = max(results[n]["stack"] / max(results[n]["mailed"], 1) / 1024 for n in SIZES)
    flat = max(peaks) <= 1.1 * min(peaks)
    print(f"  worker peak {', '.join(f'{p:.0f}' for p in peaks)} MB at "
          f"{', '.join(map(str, middle))} rows ({'flat: within 10%' if flat else 'NOT flat'})"
          f"; target < {TARGET_WORKER_MB} MB -> "
          f"{'met' if max(peaks) < TARGET_WORKER_MB else 'NOT met'}")
    print(f"  stack: at most {stack_kb:.1f} KB per letter; target < {TARGET_LETTER_KB} KB -> "
          f"{'met' if stack_kb < TARGET_LETTER_KB else 'NOT met'}")


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        yield Path(folder)


def main() -> None:
    started = time.perf_counter()
    cores, load = len(os.sched_getaffinity(0)), os.getloadavg()[0]
    shared = " (other work shares the cores: read the figures as a range)" \
        if load > cores / 2 else ""
    print(f"{'quick' if QUICK else 'full'} run (BENCH_BATCH_QUICK=1 for the short one); "
          f"{cores} cores; load average {load:.1f}{shared}")
    with workspace() as folder:
        side_by_side(folder)
        sizes(folder)
    print(f"  (took {(time.perf_counter() - started) / 60:.1f} min; load average at the end "
          f"{os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--scale"]:
        scale_child(int(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
