"""The deadline engine: every clock for 10,000 requests with dates from 2000 to 2040.

Three figures, each from one interleaved run:
- bulk (trusted_case + compute, typed Clocks, no JSON, no re-validation: what a
  dashboard or a reminder job runs) against the naive walk: the same bulk path with the
  calendar's arithmetic replaced by a day-by-day walk (each day checked against that
  year's holiday set), so the ratio measures the precomputed business-day arithmetic;
- the edge path (build_case from KIND=DATE text + compute + to_json with day-by-day
  explanations: what the CLI and /api/deadlines do), for the cost of validation and JSON;
- the bulk path on both cores (two processes, half the requests each).
Target: the full life-cycle mix at >= 6x the naive walk in one process.
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any
from unittest import mock

from records.catalog import Agency, default_catalog
from records.deadlines import (
    Calendar,
    Event,
    build_case,
    compute,
    get_calendar,
    to_json,
    trusted_case,
)
from records.vocabulary import EventKind, Law

REQUESTS = 10_000
ROUNDS = 7
TARGET = 6.0
TODAY = date(2041, 1, 1)
FIRST, LAST = date(2000, 1, 1).toordinal(), date(2040, 12, 31).toordinal()
Request = tuple[Law, Agency, date, list[Event], str]


def make_requests(n: int = REQUESTS, seed: int = 2019, events: bool = True) -> list[Request]:
    """A mix of Missouri and federal requests. With `events`, each request carries the events
    that start every clock of its law (the full life cycle); without, only the receipt."""
    rng = random.Random(seed)
    catalog = default_catalog()
    found = []
    for _ in range(n):
        law = rng.choice(list(Law))
        received = date.fromordinal(rng.randint(FIRST, LAST))

        def on(days: int, kind: EventKind, value: str = "", i: int = 0,
               received: date = received) -> Event:
            return Event(received + timedelta(days=days), i, kind, value)

        if law == Law.MO_SUNSHINE:
            agency, capacity = rng.choice(["kcpd", "kc-city"]), rng.choice(["public", "involved"])
            chosen = [on(2, EventKind.STATEMENT_REQUESTED),
                      on(6, EventKind.PAYMENT_REQUESTED, rng.choice(["200", "1500"]), 1),
                      on(7, EventKind.CLARIFICATION_REQUESTED, i=2)]
        else:
            agency, capacity = rng.choice(["ice", "uscis", "eoir", "ogis", "cbp"]), "public"
            toll = rng.randint(1, 12)
            chosen = [on(0, EventKind.EXPEDITE_REQUESTED), on(toll, EventKind.TOLLED, i=1),
                      on(toll + rng.randint(0, 20), EventKind.RESUMED, i=2),
                      on(rng.randint(20, 40), EventKind.EXTENDED, i=3),
                      on(rng.randint(30, 60), EventKind.DETERMINATION, i=4),
                      on(rng.randint(61, 120), EventKind.APPEAL_RECEIVED, i=5)]
        found.append((law, catalog.agency(agency), received, chosen if events else [],
                      capacity))
    return found


Summary = tuple[tuple[str, date | None, str, date | None, tuple[date, ...]], ...]


def bulk(requests: list[Request]) -> list[Summary]:
    """Typed clocks for stored, valid requests; the dates kept for the cross-check."""
    out = []
    for law, agency, received, events, capacity in requests:
        clocks = compute(trusted_case(law, received, today=TODAY, agency=agency,
                                      capacity=capacity, events=events))
        out.append(tuple((c.id, c.due, c.status(TODAY), c.safe_date,
                          tuple(a.due for a in c.alternatives)) for c in clocks))
    return out


def edge(texts: list[tuple[str, str, str, list[str], str]]) -> int:
    """What the CLI and the API do: parse and validate text, explain, make the JSON."""
    size = 0
    for law, agency, received, events, capacity in texts:
        case = build_case(law, received, today=TODAY, agency=agency, capacity=capacity,
                          events=events)
        size += len(to_json(case, compute(case))["deadlines"])
    return size


# ---------------------------------------------------------------- the naive baseline
def _holiday_set(cal: Calendar, year: int) -> frozenset[date]:
    return frozenset(h.day for h in cal.holidays(year))


def _naive_is_business(cal: Calendar, day: date) -> bool:
    return day.weekday() < 5 and day not in _holiday_set(cal, day.year)


def _naive_add(cal: Calendar, start: date, n: int) -> date:
    day, k = start, 0
    while k < n:
        day += timedelta(days=1)
        k += _naive_is_business(cal, day)
    return day


def _naive_between(cal: Calendar, start: date, end: date) -> int:
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += _naive_is_business(cal, day)
    return count


def _naive_before(cal: Calendar, day: date) -> date:
    while not _naive_is_business(cal, day):
        day -= timedelta(days=1)
    return day


@contextmanager
def naive_arithmetic() -> Iterator[None]:
    """Swap the precomputed arithmetic for day-by-day walks, for the comparison only."""
    swaps: dict[str, Callable[..., Any]] = {
        "is_business_day": _naive_is_business, "add_business_days": _naive_add,
        "business_days_between": _naive_between, "on_or_before": _naive_before}
    with mock.patch.multiple(Calendar, **swaps):
        yield


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def spread(ratios: list[float]) -> str:
    med = statistics.median(ratios)
    lo, hi = min(ratios), max(ratios)
    return (f"median {med:.2f}x, range {lo:.2f}-{hi:.2f}x "
            f"({(lo / med - 1) * 100:+.0f}% / {(hi / med - 1) * 100:+.0f}%)")


def compare(label: str, requests: list[Request]) -> float:
    """Interleave the bulk path and the naive walk round by round; print one block."""
    ours_s, naive_s, ratios = [], [], []
    for _ in range(ROUNDS):
        fast_t, fast = timed(lambda: bulk(requests))
        with naive_arithmetic():
            slow_t, slow = timed(lambda: bulk(requests))
        assert fast == slow, "the naive walk and the precomputed arithmetic disagree"
        ours_s.append(fast_t)
        naive_s.append(slow_t)
        ratios.append(slow_t / fast_t)
    clocks = sum(len(r) for r in fast)
    med = statistics.median(ratios)
    print(f"{label}: {len(requests)} requests, {clocks} clocks, {ROUNDS} interleaved rounds")
    print(f"  bulk path:  {statistics.median(ours_s):.3f} s median "
          f"({len(requests) / statistics.median(ours_s):,.0f} requests/s)")
    print(f"  naive walk: {statistics.median(naive_s):.3f} s median")
    print(f"  ratio:      {spread(ratios)}")
    return med


def _half(args: tuple[int, int]) -> float:
    seed, part = args
    requests = make_requests(seed=seed)[part::2]
    for calendar_id in ("missouri", "us-federal", "us-federal-dc"):
        get_calendar(calendar_id).add_business_days(date(2000, 1, 3), 1)
    return timed(lambda: bulk(requests))[0]


def both_cores() -> None:
    """Wall time for the 10,000 on two processes (each warms its own calendars first)."""
    ctx = multiprocessing.get_context("fork")
    walls = []
    with ctx.Pool(2) as pool:
        for _ in range(3):
            start = time.perf_counter()
            pool.map(_half, [(2019, 0), (2019, 1)])
            walls.append(time.perf_counter() - start)
    print(f"  both cores: {statistics.median(walls):.3f} s median wall time for the "
          f"{REQUESTS} (two processes; includes generating each half)")


def main() -> None:
    for calendar_id in ("missouri", "us-federal", "us-federal-dc"):
        get_calendar(calendar_id).add_business_days(date(2000, 1, 3), 1)  # build the arrays
    compare("received only (every clock that applies)", make_requests(events=False))
    requests = make_requests()
    ratio = compare("full life cycle (events start all ten kinds of clock)", requests)
    print(f"  target: >= {TARGET:.0f}x the naive walk -> "
          f"{'met' if ratio >= TARGET else 'NOT met'}")
    both_cores()
    texts = [(str(law), agency.id, received.isoformat(), [e.text() for e in events], capacity)
             for law, agency, received, events, capacity in requests]
    edge_s = [timed(lambda: edge(texts))[0] for _ in range(3)]
    bulk_s = [timed(lambda: bulk(requests))[0] for _ in range(3)]
    print(f"edge path (KIND=DATE parsing, validation, explanations, JSON): "
          f"{statistics.median(edge_s):.3f} s median; "
          f"{statistics.median(edge_s) / statistics.median(bulk_s):.1f}x the bulk path")


if __name__ == "__main__":
    main()
