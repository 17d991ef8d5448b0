"""Browser suite: the real app in a subprocess, driven by Debian's Chromium (Playwright).

There is no internet: Playwright never downloads a browser; it launches /usr/bin/chromium.
If Chromium cannot start, every browser test FAILS with the reason (never skips).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from records import db
from tests.browser.kit import SCREENSHOTS

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by `flask run` on a free port, with a migrated throwaway database."""
    instance = tmp_path_factory.mktemp("browser-instance")
    db.upgrade(f"sqlite:///{instance / 'records.db'}")
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "FLASK_APP", "FLASK_DEBUG", "FLASK_RUN_PORT")}
    env.update(RECORDS_INSTANCE=str(instance), SECRET_KEY="browser-tests-" + os.urandom(8).hex(),
               PYTHONUNBUFFERED="1")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = instance / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "run", "--host", "127.0.0.1",
             "--port", str(port), "--no-reload"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the app exited with {proc.returncode} before answering:\n"
                            f"{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url + "/new/", timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not answer on {url} within 20 s:\n"
                            f"{log_path.read_text()[-3000:]}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright. Fails (never skips) if it cannot start."""
    from playwright.sync_api import Error, sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `scripts/setup.sh --dev` "
                    "(installs the Debian chromium package). Browser tests cannot run.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    manager = sync_playwright().start()
    try:
        try:
            chromium = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as exc:
            pytest.fail(f"Chromium at {CHROMIUM} could not start; browser tests cannot run:\n"
                        f"{exc}")
        yield chromium
        chromium.close()
    finally:
        manager.stop()


@pytest.fixture
def context(browser, base_url):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(base_url=base_url, accept_downloads=True, locale="en-US",
                              viewport={"width": 1024, "height": 800})
    ctx.set_default_timeout(10_000)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):  # type: ignore[no-untyped-def]
    return context.new_page()
