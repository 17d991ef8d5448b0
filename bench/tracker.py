"""The tracker under a heavy user: 5,000 requests with their events, one account.

Measured in-process (Flask's test client, so the figure is server time: routing, queries,
clocks, templates; no network), on SQLite and on a throwaway PostgreSQL server, in one
interleaved run (each round asks both engines for both pages in turn):
- the dashboard `/requests`: first load after the in-memory row cache is cleared (cold:
  the first visit of a day, or after a calendar change) and the loads after it (warm);
- the user's calendar feed `/calendar/<token>.ics` (every open deadline with alarms),
  after the dashboard has computed the rows (the feed's first read also writes each row's
  events once).
The dashboard shows 100 rows a page (overdue first), with counts of each kind above.
Targets (issue 9): dashboard < 300 ms, feed < 500 ms, on both engines.
"""

from __future__ import annotations

import contextlib
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from records import create_app, db
from records.models import StoredLetter, TimelineEvent, TrackedRequest, User

REQUESTS = 5_000
ROUNDS = 12
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 15, tzinfo=UTC)
TARGETS = {"dashboard": 0.300, "feed": 0.500}
ROOT = Path(__file__).resolve().parent.parent
FEED_TOKEN = "bench-feed-token-0123456789abcdef0123456789abcdef"

# The timeline of a request at some point in its life, by law group.
MISSOURI = [[], [("sent",)], [("sent",), ("received",)],
            [("sent",), ("received",), ("acknowledged",)],
            [("sent",), ("received",), ("payment-requested",)],
            [("sent",), ("received",), ("denied",)],
            [("sent",), ("received",), ("completed",)]]
FEDERAL = [[("sent",), ("received",)], [("sent",), ("received",), ("acknowledged",)],
           [("sent",), ("received",), ("extended",)],
           [("sent",), ("received",), ("denied",)],
           [("sent",), ("received",), ("denied",), ("appeal-sent",), ("appeal-received",)],
           [("sent",), ("received",), ("completed",)]]


def _answers(law: str, agency: str, day: date) -> dict[str, Any]:
    import json

    name = "kcpd-sunshine-2019.json" if law == "mo-sunshine" else "ice-foia-2019.json"
    answers: dict[str, Any] = json.loads((ROOT / "examples" / name).read_text())
    answers.update(law=law, agency=agency, date=day.isoformat())
    return answers


def seed(url: str, n: int = REQUESTS, seed: int = 2019) -> None:
    """One user with `n` requests (half Missouri, half federal) and their events."""
    rng = random.Random(seed)
    with db.connect(url).scope() as session:
        user = User(email="heavy@example.org", password_hash="-", requester={},
                    feed_token=FEED_TOKEN, created_at=NOW)
        session.add(user)
        session.commit()
        requests, events, letters = [], [], []
        for i in range(1, n + 1):
            federal = i % 2 == 0
            law, agency = ("foia", "ice") if federal else ("mo-sunshine", "kcpd")
            sent = TODAY - timedelta(days=rng.randint(1, 400))
            answers = _answers(law, agency, sent)
            requests.append(dict(id=i, owner_id=user.id, law=law, agency=agency,
                                 title=f"{agency.upper()}: request {i}", answers=answers,
                                 created_at=NOW, updated_at=NOW, version=1))
            letters.append(dict(request_id=i, number=1, kind="request", answers=answers,
                                facts={}, text="-", pdf=b"%PDF-1.7 -", sha256="0" * 64,
                                letter_date=sent, created_at=NOW))
            day = sent
            for (kind,) in rng.choice(FEDERAL if federal else MISSOURI):
                day = min(day + timedelta(days=rng.randint(0, 20)), TODAY)
                detail: dict[str, Any] = {"amount": "45.00"} if kind == "payment-requested" \
                    else {}
                events.append(dict(request_id=i, kind=kind, day=day, detail=detail, note="",
                                   created_at=NOW))
        session.execute(insert(TrackedRequest), requests)
        session.execute(insert(TimelineEvent), events)
        session.execute(insert(StoredLetter), letters)
        session.commit()


@contextlib.contextmanager
def engines() -> Iterator[dict[str, str]]:
    """A seeded SQLite file and a seeded database on a throwaway PostgreSQL server."""
    from tests.postgres import postgres_server

    with tempfile.TemporaryDirectory() as folder, postgres_server() as server:
        urls = {"sqlite": f"sqlite:///{Path(folder) / 'bench.db'}",
                "postgresql": server.url(server.create_database())}
        for url in urls.values():
            db.upgrade(url)
            seed(url)
        try:
            yield urls
        finally:
            for url in urls.values():
                db.dispose(url)


def client_for(url: str) -> Any:
    os.environ.setdefault("RECORDS_INSTANCE", tempfile.mkdtemp())
    app = create_app({"DATABASE_URL": url, "TODAY": TODAY, "RATELIMIT_ENABLED": False,
                      "SECRET_KEY": "bench", "TRUSTED_HOSTS": None})
    from tests.wizard_helpers import https_client

    client = https_client(app)  # the session cookie is Secure: talk https, as a browser would
    with app.app_context():
        user = db.connect(url).session().get(User, 1)
        assert user is not None
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    return client


def timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    response = call()
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"{response.request.path}: {response.status_code}")
    return elapsed


def main() -> None:
    from records.tracker import summary

    with engines() as urls:
        clients = {name: client_for(url) for name, url in urls.items()}
        pages = {"dashboard": "/requests", "feed": f"/calendar/{FEED_TOKEN}.ics"}
        cold: dict[str, float] = {}
        summary.clear()  # rows are cached per database: each engine's first load is cold
        for name, client in clients.items():
            cold[name] = timed(lambda c=client: c.get(pages["dashboard"]))
        figures: dict[tuple[str, str], list[float]] = {}
        for _round in range(ROUNDS):
            for name, client in clients.items():
                for page, path in pages.items():
                    figures.setdefault((name, page), []).append(
                        timed(lambda c=client, p=path: c.get(p)))
        print(f"{REQUESTS} requests with events, one user; {ROUNDS} interleaved rounds")
        for name in clients:
            print(f"  {name}: dashboard cold (cache cleared) {cold[name] * 1000:.0f} ms")
            for page in pages:
                values = figures[(name, page)]
                median = statistics.median(values)
                print(f"  {name}: {page} warm median {median * 1000:.0f} ms "
                      f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}); "
                      f"{median / TARGETS[page]:.2f}x the {TARGETS[page] * 1000:.0f} ms target "
                      f"-> {'met' if median < TARGETS[page] else 'NOT met'}")


if __name__ == "__main__":
    main()
