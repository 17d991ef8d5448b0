"""The four example letters now against the commit before issue 8, in one interleaved run.

Issue 8 rewrote the letters (shorter, 10pt) and asks what that did to rendering speed. The
old side is the commit before issue 8 (BASE, ffcf320; BENCH_LETTERS_BASE overrides it),
checked out with `git worktree add --detach` into a temporary directory and removed again
afterwards. Each side runs in its own worker process started with this same Python (so the
same WeasyPrint), with only its own tree on sys.path, and renders its own examples/ files
(the answers keys changed in issue 8). A worker validates and renders the HTML of its four
examples up front and warms its renderer; then the controller asks each worker to render
one example at a time, old and new back to back for every example, the order alternating
from example to example and round to round, so a noisy moment on this shared machine hits
both sides alike. Times are the worker's CPU seconds (time.process_time) for the PDF
rendering only, as in bench.letters.

Printed: letters/s and pages/s of each side (median over the rounds), the new/old ratio of
each with its spread (median and min-max of the per-round ratios), and each example's own
new/old speed ratio. Target: the ICE FOIA example renders at least 1.4x as fast as before.
When the old tree cannot be made (no git, no such commit), it says so and measures only the
current side.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = os.environ.get("BENCH_LETTERS_BASE", "ffcf320")
ROUNDS = int(os.environ.get("BENCH_COMPARE_ROUNDS", "10"))
EXAMPLES = ("ice-foia-2019", "ice-privacy-act-self", "kcpd-involved-attorney",
            "kcpd-sunshine-2019")
TARGET = ("ice-foia-2019", 1.4)

# Run by each worker as `python -c WORKER TREE NAME...`: it imports the records package of
# TREE only (the current directory is TREE, and ROOT is kept off sys.path).
WORKER = r"""
import io, json, sys, time
from datetime import date
from pathlib import Path

tree = Path(sys.argv[1]).resolve()
sys.path[:] = [str(tree)] + [p for p in sys.path[1:] if p and Path(p).resolve() != tree]
import pypdf, weasyprint
from records.catalog import default_catalog
from records.drafts import validate
from records.letters import render_html
from records.pdf import renderer

import records
assert Path(records.__file__).resolve().is_relative_to(tree), records.__file__
catalog = default_catalog()
htmls = []
for name in sys.argv[2:]:
    answers = json.loads((tree / "examples" / f"{name}.json").read_text())
    htmls.append(render_html(validate(answers, catalog=catalog, today=date(2026, 11, 23))))
render = renderer().write_pdf
pages = [len(pypdf.PdfReader(io.BytesIO(render(h))).pages) for h in htmls]
for h in htmls:
    render(h)
print(json.dumps({"pages": pages, "weasyprint": weasyprint.__version__,
                  "python": sys.version.split()[0], "records": records.__file__}), flush=True)
for line in sys.stdin:
    i = int(line)
    start = time.process_time()
    render(htmls[i])
    print(time.process_time() - start, flush=True)
"""


@dataclass
class Side:
    label: str
    tree: Path
    proc: subprocess.Popen[str] = field(init=False)
    info: dict[str, object] = field(init=False)
    # per round, the CPU seconds of each example
    rounds: list[list[float]] = field(default_factory=list)

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(self.tree), *EXAMPLES], cwd=self.tree,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": ""})
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.label} worker failed to start (see above)")
        self.info = json.loads(line)

    def time(self, i: int) -> float:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{i}\n")
        self.proc.stdin.flush()
        return float(self.proc.stdout.readline())

    def stop(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)

    @property
    def pages(self) -> list[int]:
        pages = self.info["pages"]
        assert isinstance(pages, list)
        return [int(p) for p in pages]

    def letters_per_s(self, r: int) -> float:
        return len(EXAMPLES) / sum(self.rounds[r])

    def pages_per_s(self, r: int) -> float:
        return sum(self.pages) / sum(self.rounds[r])


@contextmanager
def old_tree() -> Iterator[Path | None]:
    """A detached git worktree of BASE in a temporary directory, or None (with the reason
    printed) when one cannot be made."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-letters-"))
    tree = tmp / "tree"
    made = False
    try:
        try:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                            str(tree), BASE], check=True, capture_output=True, text=True)
            made = True
        except (OSError, subprocess.CalledProcessError) as exc:
            reason = getattr(exc, "stderr", "") or str(exc)
            print(f"  cannot make a worktree of {BASE} ({reason.strip()}); measuring only "
                  "the current letters")
            yield None
            return
        yield tree
    finally:
        if made:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False, capture_output=True)
            subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=False,
                           capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


def spread(values: list[float]) -> str:
    return (f"median {statistics.median(values):.2f}x "
            f"(min-max {min(values):.2f}-{max(values):.2f})")


def measure(sides: list[Side]) -> None:
    for side in sides:
        side.start()
    try:
        for round_no in range(ROUNDS):
            times = {side.label: [0.0] * len(EXAMPLES) for side in sides}
            for i in range(len(EXAMPLES)):
                order = sides if (round_no + i) % 2 == 0 else sides[::-1]
                for side in order:
                    times[side.label][i] = side.time(i)
            for side in sides:
                side.rounds.append(times[side.label])
    finally:
        for side in sides:
            side.stop()


def report(sides: list[Side]) -> None:
    first = sides[0].info
    mixed = [s.label for s in sides
             if (s.info["python"], s.info["weasyprint"]) != (first["python"],
                                                             first["weasyprint"])]
    if mixed:
        print(f"  WARNING: {mixed} run another Python or WeasyPrint than {sides[0].label}")
    if len(sides) < 2:
        print(f"letters, current side only (no tree of {BASE}): {len(EXAMPLES)} examples x "
              f"{ROUNDS} rounds in a worker process (Python {first['python']}, WeasyPrint "
              f"{first['weasyprint']}); PDF rendering only, CPU time")
    else:
        print(f"letters vs {BASE} (before issue 8): {len(EXAMPLES)} examples x {ROUNDS} "
              "rounds, old and new interleaved example by example (order alternating), each "
              f"side in its own process (Python {first['python']}, WeasyPrint "
              f"{first['weasyprint']}); PDF rendering only, CPU time")
    for side in sides:
        n = range(len(side.rounds))
        letters = statistics.median(side.letters_per_s(r) for r in n)
        pages = statistics.median(side.pages_per_s(r) for r in n)
        print(f"  {side.label:<16}: {letters:5.1f} letters/s  {pages:5.1f} pages/s  "
              f"(pages {'+'.join(map(str, side.pages))} = {sum(side.pages)})")
    if len(sides) < 2:
        return
    old, new = sides
    n = range(ROUNDS)
    print("  new/old letters/s: " + spread([new.letters_per_s(r) / old.letters_per_s(r)
                                            for r in n]))
    print("  new/old pages/s  : " + spread([new.pages_per_s(r) / old.pages_per_s(r)
                                            for r in n]))
    print("  per example, new/old speed (pages old -> new):")
    for i, name in enumerate(EXAMPLES):
        ratios = [old.rounds[r][i] / new.rounds[r][i] for r in n]
        line = f"    {name:<24}: {spread(ratios)}  ({old.pages[i]} -> {new.pages[i]} pages)"
        if name == TARGET[0]:
            met = statistics.median(ratios) >= TARGET[1]
            line += f"  target >= {TARGET[1]}x -> {'met' if met else 'NOT met'}"
        print(line)


def main() -> None:
    with old_tree() as tree:
        sides = ([Side(f"old {BASE}", tree)] if tree else []) + [Side("new (this tree)", ROOT)]
        measure(sides)
    report(sides)
