"""`make run` (issue 10): gunicorn, started with the repo's config as `make run` starts it,
runs the batch job consumer as a child when REDIS_URL is unset, and stops it when it exits
(or the consumer dies with a master killed outright); with REDIS_URL set it leaves the
consumer to `python -m records worker` elsewhere."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from records import db
from records.batch.store import BatchOptions
from tests.batch_jobs_helpers import checked_items, start_batch, wait_for
from tests.live_server import gunicorn


def consumer_children(master: int) -> list[int]:
    """The gunicorn master's children running `python -m records worker`."""
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(master)],
                         capture_output=True, text=True, check=False).stdout
    return [int(line.split()[0]) for line in out.splitlines() if "records worker" in line]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped) is gone for our purposes.
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split(") ")[-1][:1] != "Z"


def wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.1)
    return False


def test_make_run_starts_the_consumer_beside_gunicorn_and_stops_it_on_exit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = tmp_path / "instance"
    with gunicorn(instance, workers=1) as server:
        children = consumer_children(server.proc.pid)
        assert len(children) == 1, server.log_text()
        url = f"sqlite:///{instance / 'records.db'}"
        items = checked_items(3)
        batch_id = start_batch(url, instance, items, monkeypatch,
                               options=BatchOptions(client_packets=False))
        batch = wait_for(url, batch_id, lambda b: b.status in ("done", "failed"),
                         seconds=180)
        assert (batch.status, batch.done) == ("done", 3), server.log_text()
        db.dispose(url)
    assert wait_gone(children[0], 20), "gunicorn exited and left its consumer running"
    assert "Stopped the batch job consumer" in server.log_text()


def test_the_consumer_dies_with_a_killed_gunicorn_master(tmp_path: Path) -> None:
    with gunicorn(tmp_path / "instance", workers=1) as server:
        children = consumer_children(server.proc.pid)
        assert len(children) == 1
        server.proc.send_signal(signal.SIGKILL)  # no on_exit hook runs
        server.proc.wait(timeout=10)
        assert wait_gone(children[0], 20), "the consumer outlived its killed master"


def test_with_redis_url_gunicorn_leaves_the_consumer_to_the_workers_elsewhere(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from records.web import gunicorn_conf

    logged: list[str] = []
    server = SimpleNamespace(log=SimpleNamespace(info=lambda msg, *a: logged.append(msg % a)))
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    assert gunicorn_conf.start_consumer(server) is None
    gunicorn_conf.stop_consumer(server)  # nothing to stop: no error
    assert logged == ["REDIS_URL is set: batch jobs run on `python -m records worker`"]
