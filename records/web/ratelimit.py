"""Per-client limit on PDF rendering: rendering is the one expensive thing a visitor can
trigger. A sliding window in memory per worker process; clients are keyed by address and
never logged."""

from __future__ import annotations

import threading
import time
from collections import deque

WINDOW_SECONDS = 60.0
MAX_PER_WINDOW = 20

_lock = threading.Lock()
_hits: dict[str, deque[float]] = {}


def allow(client: str, *, now: float | None = None, limit: int = MAX_PER_WINDOW) -> bool:
    moment = time.monotonic() if now is None else now
    with _lock:
        hits = _hits.setdefault(client, deque())
        while hits and hits[0] <= moment - WINDOW_SECONDS:
            hits.popleft()
        if len(hits) >= limit:
            return False
        hits.append(moment)
        if len(_hits) > 10_000:  # forget idle clients so memory stays bounded
            for key in [k for k, v in _hits.items() if not v or v[-1] <= moment - WINDOW_SECONDS]:
                del _hits[key]
        return True


def reset() -> None:
    with _lock:
        _hits.clear()
