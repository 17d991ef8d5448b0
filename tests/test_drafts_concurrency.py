"""Drafts under real concurrency: gunicorn (2 worker processes, 8 threads each) on a free
loopback port, a real SQLite file, real CSRF tokens. Two tabs saving different steps of one
draft at the same moment lose nothing; 32 connections reading review and done get no 5xx
and write nothing."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.live import Tab, gunicorn, step_form
from tests.test_wizard import wizard_answers
from tests.wizard_helpers import form_steps

ROUNDS = 100
READERS = 32
READ_SECONDS = 3.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    instance = tmp_path_factory.mktemp("live-instance")
    with gunicorn(instance) as address:
        yield address, instance / "records.db"


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


def stored(database: Path, token: str) -> tuple[dict[str, Any], int]:
    with sqlite3.connect(database) as conn:
        answers, version = conn.execute(
            "SELECT answers, version FROM wizard_drafts WHERE token = ?", (token,)).fetchone()
    return json.loads(answers), version


def test_two_tabs_saving_different_steps_at_once_lose_nothing(
        server: tuple[str, Path]) -> None:
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
    with ThreadPoolExecutor(2) as pool:
        for i in range(ROUNDS):
            description, name = f"Round {i}: the records", f"Round {i} Requester"
            results = [pool.submit(save, tabs[0], "records", {"description": description}),
                       pool.submit(save, tabs[1], "requester", {"requester_name": name})]
            assert [r.result(timeout=20) for r in results] == [302, 302], i
            answers, _ = stored(database, token)
            lost["description"] += answers.get("description") != description
            lost["requester.name"] += answers["requester"].get("name") != name
    for tab in tabs:
        tab.close()
    assert +lost == Counter(), f"lost in {ROUNDS} rounds: {dict(lost)}"
    assert time.monotonic() - started < 60


def test_32_connections_reading_review_and_done_get_no_5xx_and_write_nothing(
        server: tuple[str, Path]) -> None:
    address, database = server
    token = new_draft(address)
    finisher = Tab(address)
    review = finisher.page(f"/new/{token}/review")
    assert finisher.post(f"/new/{token}/done", {"csrf_token": review.csrf_token()})[0] == 302
    finisher.close()
    before = stored(database, token)
    watcher = sqlite3.connect(database)
    data_version = watcher.execute("PRAGMA data_version").fetchone()[0]
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + READ_SECONDS

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
    try:
        assert watcher.execute("PRAGMA data_version").fetchone()[0] == data_version, \
            "a GET committed a write"
    finally:
        watcher.close()
    assert stored(database, token) == before
    assert set(statuses) == {200}, statuses
    assert sum(statuses.values()) >= READERS

