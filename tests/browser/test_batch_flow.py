"""Issue 10 in a real browser: a clinic volunteer signs up, uploads a spreadsheet with a
mistake, sees it with its row number, uploads the fixed one, starts the batch and watches
the progress bar reach the end, then downloads the stack. Without JavaScript the page
reloads itself to the end. The server is gunicorn as `make run` serves it, with a real
job consumer (`python -m records worker`) on the same instance folder.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.batch_helpers import clinic_rows, csv_bytes
from tests.browser.kit import check_axe, pdf_from_download, shot
from tests.browser.tracker_flows import at_widths, sign_up
from tests.conftest import TODAY
from tests.live_server import gunicorn

EMAIL = "volunteer@example.org"
PASSWORD = "Records night, Harvard Circle 4032"
ROWS = 40  # two chunks of letters (25 and 15): the bar stops between the ends
PORTAL = len(range(0, ROWS, 3))  # clinic_rows: every third row is an ICE portal request
DONE = "Done: the files are ready"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn as `make run` serves it, with "today" pinned. Without REDIS_URL its
    config starts the job consumer (`python -m records worker`) as the master's child,
    on the same instance folder: the batches below run there, or not at all."""
    instance = tmp_path_factory.mktemp("batch-instance")
    env = {"RECORDS_TODAY": TODAY.isoformat(),
           "SECRET_KEY": "batch-flow-" + os.urandom(8).hex()}
    with gunicorn(instance, workers=2, env=env) as server:
        yield server.url


def mistaken_rows() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    good = clinic_rows(ROWS)
    bad = [dict(r) for r in good]
    bad[3]["requester.email"] = "not an email"  # row 5 of the sheet
    return bad, good


def choose_file(page: Any, data: bytes, name: str = "clients.csv") -> None:
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv",
                                          "buffer": data}])


def upload(page: Any, data: bytes) -> None:
    choose_file(page, data)
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()


def no_sideways_scroll(page: Any, name: str) -> None:
    widths = at_widths(page, name)
    assert widths["phone"] <= 375, f"{name} scrolls sideways on a phone: {widths}"


def bar(page: Any) -> tuple[int, int, str]:
    """The bar's value and maximum and the words under it; (-1, -1, "") when there is no
    bar, or while the page is being replaced (the script reloads it when done)."""
    from playwright.sync_api import Error

    try:
        found = page.evaluate("""() => {
          const b = document.querySelector('progress');
          const t = document.querySelector('#batch-progress-text');
          return b ? [b.value, b.max, t ? t.textContent : ''] : null; }""")
    except Error:  # "Execution context was destroyed": a navigation, not a failure
        return (-1, -1, "")
    return (int(found[0]), int(found[1]), str(found[2])) if found else (-1, -1, "")


def finished(page: Any) -> bool:
    from playwright.sync_api import Error

    try:
        return bool(page.get_by_text(DONE).count())
    except Error:
        return False


def test_volunteer_fixes_a_mistake_watches_the_bar_and_downloads_the_stack(
        page: Any) -> None:
    page.set_default_timeout(30_000)
    sign_up(page, EMAIL, PASSWORD, too_short="short")
    page.goto("/batch")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clinic batches")
    check_axe(page, "batch-01-upload")
    no_sideways_scroll(page, "batch-01-upload")

    # 1. One mistake: the page names it by its row and column; nothing is saved.
    bad, good = mistaken_rows()
    upload(page, csv_bytes(bad))
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("1 problem: fix it in the spreadsheet and upload it again")
    problems = page.locator(".row-problems li").all_inner_texts()
    assert len(problems) == 1 and problems[0].startswith("row 5, requester.email: "), problems
    assert page.locator("#file").get_attribute("aria-invalid") == "true"
    check_axe(page, "batch-02-problems")
    shot(page, "batch-02-problems")
    expect(page.locator("table.batches")).to_have_count(0)

    # 2. The fixed file: the preview, with its counts.
    upload(page, csv_bytes(good))
    expect(page.get_by_role("heading", name="Preview: every row is ready")).to_be_visible()
    routes = page.locator("table:has(caption:text-is('How they go out')) tbody").inner_text()
    assert f"Mail stack\t{ROWS - PORTAL}" in routes, routes
    assert f"Portal packets\t{PORTAL}" in routes, routes
    check_axe(page, "batch-03-preview")
    no_sideways_scroll(page, "batch-03-preview")
    batch_url = page.url

    # 3. Start, and watch the bar: the script moves it without reloading the page.
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    with page.expect_navigation():
        page.get_by_role("button", name="Start the batch").click()
    assert page.url == batch_url
    seen = set()
    deadline = time.monotonic() + 240
    while not finished(page):
        assert time.monotonic() < deadline, f"not done: {bar(page)}"
        value, most, words = bar(page)
        if value >= 0:
            assert most == ROWS
            seen.add(value)
            # The words say what the bar shows (the script writes both at once).
            assert words.startswith(f"{value} of {ROWS} letters done"), (value, words)
        time.sleep(0.2)
    page.wait_for_load_state()
    assert any(0 < v < ROWS for v in seen), f"the bar never moved between ends: {seen}"
    # The start's redirect, and one reload by the script when the batch finished: the
    # bar itself moved in place, never by a refresh.
    assert len(loads) <= 2, loads
    expect(page.get_by_role("status").first).to_contain_text(f"{ROWS} letters made")
    check_axe(page, "batch-04-done")
    no_sideways_scroll(page, "batch-04-done")

    # 4. The stack and the single letters download under fixed names.
    batch_id = batch_url.rsplit("/", 1)[1]
    with page.expect_download() as info:
        page.get_by_role("link", name="Print-ready stack").click()
    download = info.value
    assert download.suggested_filename == f"batch-{batch_id}-stack.pdf"
    text = pdf_from_download(download)
    assert "Kansas City Missouri Police Department" in text or "KCPD" in text
    with page.expect_download() as info:
        page.get_by_role("link", name="Single letters").click()
    with zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes())) as letters:
        assert len(letters.namelist()) == ROWS

    # 5. A reload shows the same: everything is in the database.
    page.reload()
    expect(page.get_by_text(DONE)).to_be_visible()


def test_without_javascript_the_page_refreshes_itself_to_done(browser: Any,
                                                              base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False,
                                  accept_downloads=True, locale="en-US",
                                  viewport={"width": 375, "height": 800})
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        sign_up(page, "no-script@example.org", PASSWORD, too_short="short")
        page.goto("/batch")
        choose_file(page, csv_bytes(clinic_rows(12)))
        with page.expect_navigation():
            page.get_by_role("button", name="Upload and check").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Start the batch").click()
        url = page.url
        loads: list[str] = []
        page.on("load", lambda: loads.append(page.url))
        # Nobody reloads: the page's own refresh brings the end.
        expect(page.get_by_text(DONE)).to_be_visible(timeout=240_000)
        assert page.url == url
        assert loads, "the page never refreshed itself"
        assert page.get_by_role("link", name="Print-ready stack").count() == 1
        assert int(page.evaluate("document.documentElement.scrollWidth")) <= 375
    finally:
        context.close()
