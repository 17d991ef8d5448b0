"""Single-letter PDF rendering, warm, in one process (one core).

Compares our renderer (one FontConfiguration and the parsed stylesheet reused) with a
naive `HTML(string=...).write_pdf(stylesheets=[...])` loop over the same letters. The two
are interleaved round by round, so machine noise hits both alike.
Targets: >= 15 letters/s on one core, and >= 1.2x the naive loop.
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from datetime import date
from pathlib import Path

from records.catalog import default_catalog
from records.drafts import Draft, validate
from records.letters import LETTERS_DIR, render_html
from records.pdf import html_to_pdf, renderer

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROUNDS = 6


def drafts() -> list[Draft]:
    catalog = default_catalog()
    return [validate(json.loads(p.read_text()), catalog=catalog, today=date(2026, 11, 23))
            for p in sorted(EXAMPLES.glob("*.json"))]


def ours(letters: list[Draft]) -> None:
    for draft in letters:
        html_to_pdf(render_html(draft))


def naive(letters: list[Draft]) -> None:
    from weasyprint import HTML

    for draft in letters:
        HTML(string=render_html(draft)).write_pdf(
            stylesheets=[str(LETTERS_DIR / "letter.css")])


def timed(fn: object, letters: list[Draft]) -> float:
    start = time.perf_counter()
    fn(letters)  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    letters = drafts()
    renderer()
    ours(letters)  # warm both paths: fonts, templates, imports
    naive(letters)
    ours_times, naive_times = [], []
    for _ in range(ROUNDS):
        ours_times.append(timed(ours, letters))
        naive_times.append(timed(naive, letters))
    per_round = len(letters)
    ours_rate = per_round / statistics.median(ours_times)
    naive_rate = per_round / statistics.median(naive_times)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"letters: {per_round} example letters x {ROUNDS} rounds, interleaved, one process")
    print(f"  ours  : {ours_rate:6.1f} letters/s  (median {1000 / ours_rate:.0f} ms/letter)")
    print(f"  naive : {naive_rate:6.1f} letters/s  (median {1000 / naive_rate:.0f} ms/letter)")
    print(f"  ratio : {ours_rate / naive_rate:.2f}x naive   target >= 1.2x")
    print(f"  target: >= 15 letters/s per core -> {'met' if ours_rate >= 15 else 'NOT met'}")
    print(f"  peak memory (max RSS): {peak_mib:.0f} MiB")
