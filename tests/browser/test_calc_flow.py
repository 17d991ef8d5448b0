"""The deadline calculator on a 375 px phone, keyboard only (issue 11): choose the law and
show its events, enter the dates, read what to do now, press the letter button, write the
letter. In English and in Spanish, with and without JavaScript; axe on every page.

The shared server's today is the real one (America/Chicago), so the dates are counted
back from it: a FOIA request received 60 days ago is late on every reading.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from records.today import today_in_chicago
from tests.browser.kit import (
    active,
    assert_focus_visible,
    check_axe,
    press_and_wait,
    shot,
    tab_to,
    type_into,
)

PHONE = {"width": 375, "height": 800}


def choose(page: Any, selector: str, value: str) -> None:
    """Tab to a closed <select> and move through its options with the arrow keys until
    `value` is chosen (whatever the interface's language calls it)."""
    tab_to(page, selector)
    page.keyboard.press("Home")
    for _ in range(40):
        if page.locator(selector).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{selector}: never reached {value!r}")


def type_date(page: Any, selector: str, day: date) -> None:
    tab_to(page, selector)
    page.keyboard.type(f"{day:%m%d%Y}")  # Chromium's en-US date field: month, day, year
    assert page.locator(selector).input_value() == day.isoformat()


def no_sideways_scroll(page: Any, name: str) -> None:
    shot(page, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {width}px wide on a {PHONE['width']}px phone"


def calculator_to_letter(page: Any, prefix: str, *, axe: bool = True) -> str:
    """The whole path by keyboard; returns the letter's text. `axe`: off without
    JavaScript, where axe-core (a script) cannot run in the page."""
    today = today_in_chicago()
    received = today - timedelta(days=60)
    page.set_viewport_size(PHONE)
    page.goto("/deadlines")
    no_sideways_scroll(page, f"{prefix}-01-form")
    if axe:
        check_axe(page, f"{prefix}-01-form")
    # The law first: its events come with it (the form reloads, no script needed).
    choose(page, "#law", "foia")
    tab_to(page, "button[name=show]")
    press_and_wait(page)
    assert page.locator("#kind1 option[value=tolled]").count() == 1
    assert page.locator("#kind1 option[value=responded]").count() == 0
    choose(page, "#agency", "ice")
    type_date(page, "#received", received)
    choose(page, "#kind1", "tolled")
    type_date(page, "#date1", received + timedelta(days=2))
    choose(page, "#kind2", "resumed")
    type_date(page, "#date2", received + timedelta(days=6))
    tab_to(page, "form.calculator button[type=submit]:not([name])")
    press_and_wait(page)
    assert page.locator(".error-summary").count() == 0
    no_sideways_scroll(page, f"{prefix}-02-deadlines")
    if axe:
        check_axe(page, f"{prefix}-02-deadlines")
    now = page.locator("section[aria-labelledby=clock-determination] .what-now")
    assert now.locator("a[href*='kind=ogis']").count() == 1
    # The table is cards on a phone: each value carries its heading.
    assert page.locator(".clock-table thead").bounding_box()["width"] <= 1  # type: ignore[index]
    tab_to(page, "section[aria-labelledby=clock-determination] a[href*='kind=status-inquiry']")
    press_and_wait(page)
    no_sideways_scroll(page, f"{prefix}-03-letter-form")
    if axe:
        check_axe(page, f"{prefix}-03-letter-form")
    assert page.locator("#original_date").input_value() == received.isoformat()
    type_into(page, "#name", "Rosa Díaz")
    tab_to(page, "#address")
    page.keyboard.type("2100 Main Street")
    page.keyboard.press("Enter")
    page.keyboard.type("Kansas City, MO 64108")
    type_into(page, "#email", "rosa@example.org")
    type_into(page, "#description", "records of my son's detention at the Kansas City office")
    tab_to(page, "main form button[type=submit]")
    assert_focus_visible(active(page))
    press_and_wait(page)
    no_sideways_scroll(page, f"{prefix}-04-letter")
    if axe:
        check_axe(page, f"{prefix}-04-letter")
    letter = page.locator("pre.letter-text[lang=en]")
    assert letter.count() == 1
    text: str = letter.inner_text()
    assert page.locator("main form button[type=submit]").count() == 1  # the PDF
    return text


def test_the_calculator_by_keyboard_on_a_phone(page):
    text = calculator_to_letter(page, "calc-en")
    assert "U.S. Immigration and Customs Enforcement" in text
    assert "records of my son's detention at the Kansas City office" in text
    assert "Rosa Díaz" in text


def test_the_calculator_by_keyboard_in_spanish(page):
    page.goto("/lang/es?next=/deadlines")
    assert page.get_attribute("html", "lang") == "es"
    text = calculator_to_letter(page, "calc-es")
    assert page.get_attribute("html", "lang") == "es"
    # The letter stays English whatever the interface's language.
    assert "Status of my Freedom of Information Act request" in text


def test_the_calculator_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False,
                                  locale="en-US")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        text = calculator_to_letter(page, "calc-nojs", axe=False)
        assert page.evaluate("typeof window.axe") == "undefined"  # nothing ran in the page
        assert "U.S. Immigration and Customs Enforcement" in text
    finally:
        context.close()
