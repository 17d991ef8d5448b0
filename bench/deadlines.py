"""Every clock for 10,000 requests with random dates from 2000 to 2040, in one process.

The engine counts business days with two bisects over business-day ordinals precomputed once
per calendar. The naive baseline runs the very same engine with the calendar's arithmetic
replaced by a day-by-day walk (each day checked against that year's holiday set), so the
ratio measures the precomputation alone. Both compute dates only (explain=False); the
end-to-end figure with day-by-day explanations and KIND=DATE parsing is printed too.
Target: under 0.5 s for the 10,000 requests.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any
from unittest import mock

from records.deadlines import compute_deadlines
from records.deadlines.calendar import Calendar, get_calendar
from records.deadlines.model import Event, parse_event

REQUESTS = 10_000
TARGET = 0.5
TODAY = date(2041, 1, 1)
FIRST, LAST = date(2000, 1, 1).toordinal(), date(2040, 12, 31).toordinal()
Request = tuple[str, str, date, list[Event], str]


def make_requests(n: int = REQUESTS, seed: int = 2019, events: bool = True) -> list[Request]:
    """A mix of Missouri and federal requests. With `events`, each request carries the events
    that start every clock of its law (the full life cycle); without, only the receipt."""
    rng = random.Random(seed)
    found = []
    for _ in range(n):
        law = rng.choice(["mo-sunshine", "foia", "privacy-act"])
        received = date.fromordinal(rng.randint(FIRST, LAST))

        def on(days: int, kind: str, value: str = "", i: int = 0,
               received: date = received) -> Event:
            return Event(received + timedelta(days=days), i, kind, value)

        if law == "mo-sunshine":
            agency, capacity = rng.choice(["kcpd", "kc-city"]), rng.choice(["public", "involved"])
            chosen = [on(2, "statement-requested"), on(6, "payment-requested",
                                                        rng.choice(["200", "1500"]), 1),
                      on(7, "clarification-requested", i=2)]
        else:
            agency, capacity = rng.choice(["ice", "uscis", "eoir", "ogis", "cbp"]), "public"
            toll = rng.randint(1, 12)
            chosen = [on(0, "expedite-requested"), on(toll, "tolled", i=1),
                      on(toll + rng.randint(0, 20), "resumed", i=2),
                      on(rng.randint(20, 40), "extended", i=3),
                      on(rng.randint(30, 60), "determination", i=4),
                      on(rng.randint(61, 120), "appeal-received", i=5)]
        found.append((law, agency, received, chosen if events else [], capacity))
    return found


Summary = tuple[tuple[str, str | None, str, str | None, tuple[str, ...]], ...]


def summary(result: dict[str, Any]) -> Summary:
    """The dates of one result, kept for the cross-check; the full dicts are dropped as a
    streaming consumer (a dashboard, a reminder job) would drop them."""
    return tuple((c["id"], c["due"], c["status"], c["safe_date"],
                  tuple(a["due"] for a in c["alternatives"])) for c in result["deadlines"])


def run(requests: list[Request]) -> list[Summary]:
    return [summary(compute_deadlines(law, received, today=TODAY, agency=agency,
                                      capacity=capacity, events=events, explain=False))
            for law, agency, received, events, capacity in requests]


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


def compare(label: str, requests: list[Request]) -> float:
    """Time the engine and the naive walk on the same requests; print one block."""
    fast_s, fast = timed(lambda: run(requests))
    with naive_arithmetic():
        naive_s, naive = timed(lambda: run(requests))
    assert fast == naive, "the naive walk and the precomputed arithmetic disagree"
    clocks = sum(len(r) for r in fast)
    print(f"{label}: {len(requests)} requests, {clocks} clocks (dates only)")
    print(f"  precomputed: {fast_s:.3f} s  {len(requests) / fast_s:,.0f} requests/s  "
          f"(target < {TARGET} s: {'ok' if fast_s < TARGET else 'MISSED'})")
    print(f"  naive walk:  {naive_s:.3f} s  {len(requests) / naive_s:,.0f} requests/s")
    print(f"  ratio:       {naive_s / fast_s:.1f}x faster than the naive walk")
    return fast_s


def main() -> None:
    for calendar_id in ("missouri", "us-federal", "us-federal-dc"):
        get_calendar(calendar_id).add_business_days(date(2000, 1, 3), 1)  # build the arrays
    compare("received only (every clock that applies)", make_requests(events=False))
    requests = make_requests()
    compare("full life cycle (events start all ten kinds of clock)", requests)
    texts = [(law, agency, received, [e.text() for e in events], capacity)
             for law, agency, received, events, capacity in requests]
    full_s, _ = timed(lambda: [compute_deadlines(
        law, received, today=TODAY, agency=agency, capacity=capacity,
        events=[parse_event(t, i) for i, t in enumerate(events)])
        for law, agency, received, events, capacity in texts])
    print(f"full life cycle end to end, with KIND=DATE parsing and day-by-day explanations: "
          f"{full_s:.3f} s ({REQUESTS / full_s:,.0f} requests/s)")


if __name__ == "__main__":
    main()
