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


def short_letter() -> Draft:
    """A short Sunshine request (two records): about three pages, for context."""
    answers = json.loads((EXAMPLES / "kcpd-sunshine-2019.json").read_text())
    answers["records"] = answers["records"][:2]
    answers.pop("fee_waiver", None)
    return validate(answers, catalog=default_catalog(), today=date(2026, 11, 23))


def pages(letters: list[Draft]) -> int:
    import io

    from pypdf import PdfReader

    return sum(len(PdfReader(io.BytesIO(html_to_pdf(render_html(d)))).pages) for d in letters)


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
    ours_times, naive_times, short_times = [], [], []
    short = [short_letter()] * len(letters)
    for _ in range(ROUNDS):
        ours_times.append(timed(ours, letters))
        naive_times.append(timed(naive, letters))
        short_times.append(timed(ours, short))
    per_round = len(letters)
    page_count = pages(letters)
    short_rate = per_round / statistics.median(short_times)
    ours_rate = per_round / statistics.median(ours_times)
    naive_rate = per_round / statistics.median(naive_times)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"letters: {per_round} example letters x {ROUNDS} rounds, interleaved, one process")
    print(f"  ours  : {ours_rate:6.1f} letters/s  (median {1000 / ours_rate:.0f} ms/letter)")
    print(f"  naive : {naive_rate:6.1f} letters/s  (median {1000 / naive_rate:.0f} ms/letter)")
    print(f"  ratio : {ours_rate / naive_rate:.2f}x naive   target >= 1.2x")
    print(f"  pages : {page_count} pages in the {per_round} letters -> "
          f"{ours_rate * page_count / per_round:.0f} pages/s")
    print(f"  short : {short_rate:6.1f} letters/s for a {pages(short[:1])}-page letter "
          "(two records), same run")
    print(f"  target: >= 15 letters/s per core -> {'met' if ours_rate >= 15 else 'NOT met'}")
    print(f"  peak memory (max RSS): {peak_mib:.0f} MiB")
