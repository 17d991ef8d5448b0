"""Drafts under real concurrency: gunicorn (2 worker processes, 8 threads each) on a free
loopback port, on a SQLite file and then on PostgreSQL, real CSRF tokens. Two tabs saving
different steps of one draft at the same moment lose nothing; 32 connections reading
review and done get no 5xx and write nothing."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import JSON, Connection, Integer, text
from sqlalchemy.pool import NullPool

from records import db
from tests.conftest import ENGINES, postgres_database
from tests.live import Tab, gunicorn, step_form
from tests.test_wizard import wizard_answers
from tests.wizard_helpers import form_steps

ROUNDS = 100
READERS = 32
READ_SECONDS = 3.0


@pytest.fixture(scope="module", params=ENGINES)
def server(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """gunicorn on a SQLite file, then on PostgreSQL (DATABASE_URL): yields its address
    and the database's URL."""
    instance = tmp_path_factory.mktemp("live-instance")
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{instance / 'records.db'}"
        else:
            url = stack.enter_context(postgres_database(
                request.getfixturevalue("postgres"),
                template=request.getfixturevalue("postgres_template")))
        address = stack.enter_context(gunicorn(instance, database_url=url))
        yield address, url


@contextlib.contextmanager
def connection(url: str) -> Iterator[Connection]:
    engine = db.make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def new_draft(address: str, example: str = "kcpd-sunshine-2019.json") -> str:
    """A draft with every step filled in from an example; returns its token."""
    tab = Tab(address)
    try:
        csrf = tab.page("/new/").csrf_token()
        status, headers, _ = tab.post("/new/", {"start": "blank", "csrf_token": csrf})
        assert status == 302
        token = headers["Location"].rstrip("/").split("/")[-2]
        for step, data in form_steps(wizard_answers(example)).items():
            form = {**step_form(tab.page(f"/new/{token}/{step}")), **data}
            assert tab.post(f"/new/{token}/{step}", form)[0] == 302, step
        return token
    finally:
        tab.close()


def stored(url: str, token: str, conn: Connection | None = None
           ) -> tuple[dict[str, Any], int]:
    """The draft's answers and version as committed, on `conn` or a new connection."""
    if conn is None:
        with connection(url) as new:
            return stored(url, token, new)
    answers, version = conn.execute(
        text("SELECT answers, version FROM wizard_drafts WHERE token = :token")
        .columns(answers=JSON, version=Integer), {"token": token}).one()
    conn.rollback()  # hold no snapshot: the next call must see later commits
    return answers, version


def write_marker(conn: Connection) -> object:
    """Something any committed write changes: SQLite's data_version (for writes by other
    connections), PostgreSQL's row versions (every UPDATE makes a new xmin) and count."""
    if conn.dialect.name == "sqlite":
        return conn.scalar(text("PRAGMA data_version"))
    return conn.execute(text("SELECT count(*), string_agg(xmin::text, ',' ORDER BY token) "
                             "FROM wizard_drafts")).one()


def test_two_tabs_saving_different_steps_at_once_lose_nothing(
        server: tuple[str, str]) -> None:
    address, database = server
    token = new_draft(address)
    tabs = (Tab(address), Tab(address))  # two clients, each with its own cookies
    barrier = threading.Barrier(2)
    lost: Counter[str] = Counter()

    def save(tab: Tab, step: str, changes: dict[str, str]) -> int:
        form = {**step_form(tab.page(f"/new/{token}/{step}")), **changes}
        barrier.wait(timeout=10)  # both pages are loaded: now send them together
        return tab.post(f"/new/{token}/{step}", form)[0]

    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool, connection(database) as conn:
        for i in range(ROUNDS):
            description, name = f"Round {i}: the records", f"Round {i} Requester"
            results = [pool.submit(save, tabs[0], "records", {"description": description}),
                       pool.submit(save, tabs[1], "requester", {"requester_name": name})]
            assert [r.result(timeout=20) for r in results] == [302, 302], i
            answers, _ = stored(database, token, conn)
            lost["description"] += answers.get("description") != description
            lost["requester.name"] += answers["requester"].get("name") != name
    for tab in tabs:
        tab.close()
    assert +lost == Counter(), f"lost in {ROUNDS} rounds: {dict(lost)}"
    assert time.monotonic() - started < 60


# SQLite only: what is tested is the app (a GET never writes), and "a load sends only
# SELECTs" holds on both engines at the store level (test_store.py); a second gunicorn on
# PostgreSQL for it would cost `make test` seconds and prove nothing more.
@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_32_connections_reading_review_and_done_get_no_5xx_and_write_nothing(
        server: tuple[str, str]) -> None:
    address, database = server
    token = new_draft(address)
    finisher = Tab(address)
    review = finisher.page(f"/new/{token}/review")
    assert finisher.post(f"/new/{token}/done", {"csrf_token": review.csrf_token()})[0] == 302
    finisher.close()
    before = stored(database, token)
    with connection(database) as watcher:
        marker = write_marker(watcher)
        watcher.rollback()  # hold no transaction (nor snapshot) while the readers run
        statuses = read_for(address, token, READ_SECONDS)
        assert write_marker(watcher) == marker, "a GET committed a write"
    assert stored(database, token) == before
    assert set(statuses) == {200}, statuses
    assert sum(statuses.values()) >= READERS


def read_for(address: str, token: str, seconds: float) -> Counter[int]:
    """READERS tabs reading review and done for `seconds`; the statuses they got."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def read(n: int) -> None:
        tab = Tab(address)
        seen: Counter[int] = Counter()
        while time.monotonic() < stop:
            seen[tab.get(f"/new/{token}/{('review', 'done')[n % 2]}")[0]] += 1
            n += 1
        tab.close()
        with lock:
            statuses.update(seen)

    with ThreadPoolExecutor(READERS) as pool:
        for future in [pool.submit(read, n) for n in range(READERS)]:
            future.result(timeout=60)
    return statuses
