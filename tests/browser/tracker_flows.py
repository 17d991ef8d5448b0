"""The tracker as an advocate uses it in the browser: sign up, track the wizard's letter,
record what happened through the request page's form, write the next letter, and read the
calendar feed. Also a live server whose "today" can move on, as weeks pass for a request.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tests.browser.kit import (
    active,
    assert_focus_visible,
    check_axe,
    pdf_from_download,
    shot,
    tab_to,
)
from tests.conftest import PdfText
from tests.live_server import Server, free_port, gunicorn

REQUEST_URL = re.compile(r"/requests/(\d+)(#.*)?$")
WIDTHS = {"desktop": 1280, "phone": 375}


@dataclass
class MovableServer:
    """gunicorn serving one instance folder on one port with RECORDS_TODAY pinned. `move_to`
    restarts it with another "today" and the same database, secret key and address, so a
    browser's session and the requests it made survive the jump."""

    instance: Path
    port: int = field(default_factory=free_port)
    secret: str = field(default_factory=lambda: "tracker-flow-" + os.urandom(8).hex())
    today: date | None = None
    _stack: ExitStack = field(default_factory=ExitStack)
    _server: Server | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "the server is not running"
        return self._server.url

    def move_to(self, today: date) -> None:
        self._stack.close()
        self._stack = ExitStack()
        self._server = self._stack.enter_context(gunicorn(
            self.instance, workers=2, port=self.port,
            env={"RECORDS_TODAY": today.isoformat(), "SECRET_KEY": self.secret}))
        self.today = today

    def close(self) -> None:
        self._stack.close()


@contextmanager
def movable_server(instance: Path, today: date) -> Iterator[MovableServer]:
    server = MovableServer(instance)
    try:
        server.move_to(today)
        yield server
    finally:
        server.close()


# ---------------------------------------------------------------------------- accounts
def sign_up(page: Any, email: str, password: str, *, too_short: str) -> None:
    """Sign up through the form: a too-short password first (an error at the field, the
    email kept), then a good one."""
    page.goto("/signup")
    page.fill("#email", email)
    page.fill("#password", too_short)
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    error = page.locator("#password-error")
    assert "too short" in error.inner_text(), error.inner_text()
    assert page.locator("#password").get_attribute("aria-invalid") == "true"
    described = (page.locator("#password").get_attribute("aria-describedby") or "").split()
    assert "password-error" in described, described
    assert page.locator("#email").input_value() == email
    shot(page, "tracker-01-signup-error")
    page.fill("#password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()


# ------------------------------------------------------------------------ request page
def track_from_done_page(page: Any) -> int:
    """Press "Track this request" on the wizard's done page; the request's id."""
    section = page.locator("section[aria-labelledby=track-title]")
    with page.expect_navigation():
        section.get_by_role("button", name="Track this request").click()
    return request_id(page)


def request_id(page: Any) -> int:
    found = REQUEST_URL.search(page.url)
    assert found, f"not a request page: {page.url}"
    return int(found.group(1))


def status(page: Any) -> str:
    text: str = page.locator("dl.summary .track-status").inner_text()
    return text.strip()


def next_step(page: Any) -> str:
    text: str = page.locator("section.primary-step > p").first.inner_text()
    return text.strip()


def fill_event(page: Any, kind: str, day: date | str, details: dict[str, str] | None = None,
               note: str = "") -> None:
    """Fill the add-event form (its script shows only the fields the kind uses)."""
    form = page.locator("form#add-event")
    form.locator("#kind").select_option(kind)
    form.locator("#day").fill(day.isoformat() if isinstance(day, date) else day)
    for name, value in (details or {}).items():
        if name == "method":
            form.locator("#method").select_option(value)
        else:
            form.locator(f"#{name}").fill(value)
    if note:
        form.locator("#note").fill(note)


def submit_event(page: Any) -> None:
    with page.expect_navigation():
        page.locator("form#add-event").get_by_role("button",
                                                   name="Add to the timeline").click()


def add_event(page: Any, kind: str, day: date, details: dict[str, str] | None = None,
              note: str = "") -> None:
    fill_event(page, kind, day, details, note)
    submit_event(page)
    assert page.locator("form#add-event .field-error").count() == 0, \
        page.locator("form#add-event .field-error").all_inner_texts()


def add_event_by_keyboard(page: Any, kind_label: str, day: date) -> None:
    """Tab to the form, choose the kind by typing its label (a closed select's type-ahead),
    type the date into the date field, and press Enter on the form's button: no mouse.
    Every stop on the way must show its focus."""
    tab_to(page, "form#add-event #kind")
    page.keyboard.type(kind_label)
    chosen = page.locator("form#add-event #kind option:checked").inner_text()
    assert chosen == kind_label, chosen
    tab_to(page, "form#add-event #day")
    # Chromium's date field in en-US: month, day, year segments, filled by typing digits.
    page.keyboard.type(f"{day:%m%d%Y}")
    assert page.locator("form#add-event #day").input_value() == day.isoformat()
    tab_to(page, "form#add-event button[type=submit]")
    assert_focus_visible(active(page))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def write_next_letter(page: Any, button: str, *, expect_heading: str, shot_name: str,
                      prefilled: dict[str, str] | None = None) -> None:
    """Press the next step's letter button, check the short form, write the letter."""
    with page.expect_navigation():
        page.locator("section.primary-step").get_by_role("button", name=button).click()
    assert page.locator("h1").inner_text() == expect_heading
    for name, value in (prefilled or {}).items():
        assert page.locator(f"#{name}").input_value() == value, name
    shot(page, shot_name)
    check_axe(page, shot_name)
    with page.expect_navigation():
        page.get_by_role("button", name="Write and keep the letter").click()
    errors = page.locator(".error-summary, .field-error")
    assert errors.count() == 0, errors.all_inner_texts()
    request_id(page)


def letters(page: Any) -> list[tuple[str, str]]:
    """The letters table: (number, name) per row."""
    rows = page.locator("section:has(#letters-title) tbody tr")
    return [(r.locator("th").inner_text().strip(), r.locator("td").first.inner_text().strip())
            for r in rows.all()]


def download_letter(page: Any, rid: int, number: int) -> PdfText:
    link = page.locator(f'section:has(#letters-title) '
                        f'a[href$="/requests/{rid}/letters/{number}.pdf"]')
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"request-{rid}-letter-{number}.pdf"
    return pdf_from_download(download)


# ------------------------------------------------------------------------- dashboard
def dashboard_rows(page: Any) -> list[dict[str, Any]]:
    rows = page.locator("table.requests tbody tr")
    found = []
    for row in rows.all():
        cells = row.locator("td")
        found.append({
            "href": row.locator("th a").get_attribute("href"),
            "status": cells.nth(2).inner_text().strip(),
            "step": row.locator(".step-text").inner_text().strip(),
            "buttons": row.locator("button, a.button").all_inner_texts(),
        })
    return found


def at_widths(page: Any, name: str) -> dict[str, int]:
    """Screenshots at a desktop and a phone width (with BROWSER_SCREENSHOTS=1); the width
    of the page at each, to tell whether it scrolls sideways."""
    widths = {}
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"{name}-{label}")
        widths[label] = int(page.evaluate("document.documentElement.scrollWidth"))
    page.set_viewport_size({"width": 1024, "height": 800})
    return widths
