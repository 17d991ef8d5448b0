"""Single-letter PDF rendering, warm, in one process (one core).

Three renderers of the same letter HTML (the templates' work is done once, up front):
  ours      records.pdf: one FontConfiguration and the parsed letter.css reused, and the
            minimal user-agent sheet (letters/letter-ua.css) instead of WeasyPrint's own;
  full UA   ours, but with WeasyPrint's full HTML5 user-agent sheet: ours against it
            measures the minimal sheet alone;
  naive     `HTML(string=...).write_pdf(stylesheets=[letter.css])`, everything per letter.

The machine is shared, so a single timing proves little. Times are CPU seconds of this
process (time.process_time), not wall time, and the variants are interleaved
letter by letter, in an order that rotates, so a noisy moment hits each alike; each round
gives one ratio per comparison, and we print the median ratio over the rounds with its
spread (interquartile range and min-max). A ratio is called stable when the medians of
the first and the second half of the rounds each lie within 5% of the overall median,
that is, when the figure repeats.
Targets: >= 15 letters/s on one core, and >= 1.2x the naive loop.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import json
import os
import resource
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from records.catalog import default_catalog
from records.drafts import Draft, validate
from records.letters import LETTERS_DIR, render_html
from records.pdf import renderer

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROUNDS = int(os.environ.get("BENCH_LETTER_ROUNDS", "10"))
STABLE_WITHIN = 0.05
Render = Callable[[str], bytes]


def drafts() -> list[Draft]:
    catalog = default_catalog()
    return [validate(json.loads(p.read_text()), catalog=catalog, today=date(2026, 11, 23))
            for p in sorted(EXAMPLES.glob("*.json"))]


def short_letter() -> Draft:
    """A short Sunshine request (two records): about three pages, for context."""
    answers = json.loads((EXAMPLES / "kcpd-sunshine-2019.json").read_text())
    answers["records"] = answers["records"][:2]
    answers.pop("fee_waiver", None)
    answers.pop("dissemination", None)  # it only supports a fee waiver (issue 8)
    return validate(answers, catalog=default_catalog(), today=date(2026, 11, 23))


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def renderers() -> dict[str, Render]:
    from weasyprint import HTML

    ours = renderer()
    full_ua = dataclasses.replace(ours, html_class=HTML)

    def naive(html: str) -> bytes:
        pdf: bytes = HTML(string=html).write_pdf(
            stylesheets=[str(LETTERS_DIR / "letter.css")])
        return pdf

    return {"ours": ours.write_pdf, "full UA": full_ua.write_pdf, "naive": naive}


def timed(render: Render, html: str) -> float:
    """CPU seconds of this process: unlike the wall clock, it does not count the time other
    engineers' processes hold the core, which on this shared machine swamps the signal."""
    start = time.process_time()
    render(html)
    return time.process_time() - start


@dataclasses.dataclass
class Ratio:
    """Per-round ratios of one comparison (how many times faster `ours` is)."""

    per_round: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.per_round)

    def spread(self) -> str:
        q1, _, q3 = statistics.quantiles(self.per_round, n=4, method="inclusive")
        return (f"IQR {q1:.2f}-{q3:.2f}, min-max {min(self.per_round):.2f}-"
                f"{max(self.per_round):.2f}")

    def stable(self) -> bool:
        half = len(self.per_round) // 2
        halves = (self.per_round[:half], self.per_round[half:])
        return all(abs(statistics.median(h) / self.median - 1) <= STABLE_WITHIN
                   for h in halves)

    def line(self, label: str) -> str:
        verdict = ("stable: both halves of the rounds within +-5%" if self.stable()
                   else "NOT stable within +-5%: read it as a range")
        return f"  {label}: median {self.median:.2f}x ({self.spread()}; {verdict})"


def main() -> None:
    htmls = [render_html(d) for d in drafts()]
    short = render_html(short_letter())
    variants = renderers()
    names = list(variants)
    for render in variants.values():  # warm every path: fonts, imports, caches
        render(htmls[0])
    page_count = sum(pages(variants["ours"](h)) for h in htmls)
    short_pages = pages(variants["ours"](short))

    totals: dict[str, list[float]] = {name: [] for name in names}
    short_times: list[float] = []
    for round_no in range(ROUNDS):
        gc.collect()
        spent = dict.fromkeys(names, 0.0)
        for i, html in enumerate(htmls):
            shift = (round_no + i) % len(names)
            for name in names[shift:] + names[:shift]:
                spent[name] += timed(variants[name], html)
        short_times.append(timed(variants["ours"], short))
        for name in names:
            totals[name].append(spent[name])

    per_letter = {name: statistics.median(t) / len(htmls) for name, t in totals.items()}
    naive = Ratio([n / o for n, o in zip(totals["naive"], totals["ours"], strict=True)])
    ua = Ratio([f / o for f, o in zip(totals["full UA"], totals["ours"], strict=True)])
    ours_rate = 1 / per_letter["ours"]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"letters: {len(htmls)} example letters ({page_count} pages) x {ROUNDS} rounds, "
          "variants interleaved letter by letter, one process; PDF rendering only, "
          "CPU time")
    for name in names:
        print(f"  {name:8}: {1 / per_letter[name]:6.1f} letters/s  "
              f"(median {1000 * per_letter[name]:.0f} ms/letter)")
    print(naive.line("ours vs naive loop            "))
    print(ua.line("minimal UA sheet vs full one  "))
    print(f"  the minimal UA sheet saves {100 * (1 - 1 / ua.median):.0f}% of a letter's "
          "render time (median)")
    print(f"  pages : {ours_rate * page_count / len(htmls):.0f} pages/s (ours)")
    print(f"  short : {1 / statistics.median(short_times):6.1f} letters/s for a "
          f"{short_pages}-page letter (two records), same run")
    print(f"  target: >= 15 letters/s per core -> {'met' if ours_rate >= 15 else 'NOT met'}; "
          f">= 1.2x naive -> {'met' if naive.median >= 1.2 else 'NOT met'}")
    print(f"  peak memory (max RSS): {peak_mib:.0f} MiB")
