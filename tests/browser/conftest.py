"""Browser suite: the real app in a subprocess, driven by Debian's Chromium (Playwright).

There is no internet: Playwright never downloads a browser; it launches /usr/bin/chromium.
If Chromium cannot start, every browser test FAILS with the reason (never skips).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.browser.kit import SCREENSHOTS
from tests.live_server import gunicorn

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served as `make run` serves it (gunicorn, the repo's config, 2 workers) on a
    free port, with a migrated throwaway database."""
    with gunicorn(tmp_path_factory.mktemp("browser-instance"), workers=2) as server:
        yield server.url


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
