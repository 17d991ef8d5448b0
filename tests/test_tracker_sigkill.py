"""Issue 9: "Killing a worker with SIGKILL during a save loses nothing that was
acknowledged." Real gunicorn, real SQLite file: clients keep saving tracked requests
(each a letter rendered and stored) through the JSON API while a worker is killed with
SIGKILL in the middle of saves; gunicorn starts new ones. Every save that was answered 201 must be
in the database afterwards, with its letter's bytes matching the stored SHA-256. A save
cut off by the kill was never acknowledged, so the client may retry it; nothing else.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import signal
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from records import accounts, db
from records.models import StoredLetter, TrackedRequest
from tests.conftest import load_example
from tests.live import gunicorn_master

NOW = datetime(2026, 11, 23, 15, tzinfo=UTC)
# 16 saves: under the 20 PDF renders a minute one address may ask for.
CLIENTS = 4
SAVES_PER_CLIENT = 4


def _token(instance: Path) -> str:
    url = f"sqlite:///{instance / 'records.db'}"
    db.upgrade(url)
    with db.connect(url).scope() as session:
        user = accounts.create_user(session, "advocate@example.org", "a long pass phrase",
                                    now=NOW)
        token = accounts.new_api_token(session, user, now=NOW)
        session.commit()
    db.dispose(url)
    return token


def _workers(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True,
                         text=True, check=False).stdout
    return [int(pid) for pid in out.split()]


def _save(address: str, token: str, body: bytes, acknowledged: list[int],
          cut_off: list[str]) -> None:
    host, port = address.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request("POST", "/api/requests", body=body, headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = connection.getresponse()
        payload = response.read()
    except (ConnectionError, http.client.HTTPException) as exc:
        cut_off.append(type(exc).__name__)  # not acknowledged: the client may retry
        return
    finally:
        connection.close()
    if response.status == 201:
        acknowledged.append(int(json.loads(payload)["id"]))
    else:
        cut_off.append(str(response.status))


def test_a_worker_killed_mid_save_loses_no_acknowledged_request(tmp_path: Path) -> None:
    token = _token(tmp_path)
    answers = load_example("kcpd-sunshine-2019.json")
    body = json.dumps({**answers, "date": "2026-11-20"}).encode()
    acknowledged: list[int] = []
    cut_off: list[str] = []
    with gunicorn_master(tmp_path, workers=2, threads=4) as (address, master):
        def client() -> None:
            for _ in range(SAVES_PER_CLIENT):
                _save(address, token, body, acknowledged, cut_off)

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)  # saves are flowing: the next ones are in flight now
        victims = _workers(master)
        assert victims, "gunicorn has no workers to kill"
        for pid in victims:  # whichever worker holds a save, it dies mid-request
            os.kill(pid, signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads)
        # gunicorn replaced the killed worker: the server still answers.
        assert len(_workers(master)) == 2
    assert acknowledged, f"no save was acknowledged ({cut_off})"
    url = f"sqlite:///{tmp_path / 'records.db'}"
    with db.connect(url).scope() as session:
        stored = {r.id: r for r in session.scalars(select(TrackedRequest))}
        for request_id in acknowledged:
            assert request_id in stored, f"request {request_id} was acknowledged, then lost"
            letter = session.scalars(select(StoredLetter).where(
                StoredLetter.request_id == request_id)).one()
            assert hashlib.sha256(letter.pdf).hexdigest() == letter.sha256
            assert letter.pdf.startswith(b"%PDF-")
    db.dispose(url)
    assert len(acknowledged) + len(cut_off) == CLIENTS * SAVES_PER_CLIENT
    # The kill really landed on saves in flight (else this test proved nothing).
    assert cut_off, "no save was in flight when the workers were killed"
