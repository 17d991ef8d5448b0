"""A real server for concurrency tests: gunicorn on a free loopback port, its own
instance folder and migrated SQLite file, and a tiny browser (cookies, CSRF, forms) that
talks to it over plain http.client, one connection per tab."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from records import db
from tests.conftest import ROOT
from tests.wizard_helpers import Page, form_values

STARTUP_SECONDS = 30


@contextmanager
def gunicorn(instance: Path, *, workers: int = 2, threads: int = 8) -> Iterator[str]:
    """Serve the app; yield its "127.0.0.1:PORT". Port 0 lets the kernel pick a free port,
    so parallel test workers never collide; gunicorn says which one it got."""
    with gunicorn_master(instance, workers=workers, threads=threads) as (address, _pid):
        yield address


@contextmanager
def gunicorn_master(instance: Path, *, workers: int = 2,
                    threads: int = 8) -> Iterator[tuple[str, int]]:
    """As gunicorn(), also yielding the master's pid (its workers are its children)."""
    env = {**os.environ, "RECORDS_INSTANCE": str(instance), "SECRET_KEY": "live-test-key",
           "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    db.upgrade(f"sqlite:///{instance / 'records.db'}")
    log = instance / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers",
             str(workers), "--threads", str(threads), "--worker-class", "gthread",
             "--graceful-timeout", "2", "records:create_app()"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield _wait_for_port(server, log, workers), server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for_port(server: subprocess.Popen[bytes], log: Path, workers: int) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        found = re.search(r"Listening at: http://(127\.0\.0\.1:\d+)", text)
        if found and text.count("Booting worker") >= workers:
            return found[1]
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {text[-2000:]}")
        time.sleep(0.05)
    raise RuntimeError("gunicorn did not start in time")


class Tab:
    """One browser tab: its own connection; cookies as a browser on localhost keeps them
    (Secure cookies count on http://127.0.0.1, a secure context)."""

    def __init__(self, address: str, cookies: SimpleCookie | None = None) -> None:
        host, port = address.rsplit(":", 1)
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        self.cookies = cookies if cookies is not None else SimpleCookie()

    def request(self, method: str, path: str, form: Mapping[str, Any] | None = None
                ) -> tuple[int, dict[str, str], str]:
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        return response.status, dict(response.headers.items()), text

    def get(self, path: str) -> tuple[int, str]:
        status, _, text = self.request("GET", path)
        return status, text

    def page(self, path: str) -> Page:
        status, text = self.get(path)
        assert status == 200, (path, status)
        return Page(text)

    def post(self, path: str, form: Mapping[str, Any]) -> tuple[int, dict[str, str], str]:
        return self.request("POST", path, form)

    def close(self) -> None:
        self.connection.close()


def step_form(page: Page) -> dict[str, Any]:
    """What a browser sends for the step form on `page`, hidden fields included."""
    forms = [f for f in page.all("form") if f.get("method") == "post" and not f.get("action")]
    assert len(forms) == 1
    return form_values(forms[0])
