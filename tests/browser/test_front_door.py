"""The front door and the agency directory in Chromium on a 375 px phone: keyboard only
from / to the wizard, from the directory's list to "Write to this agency", no sideways
scrolling, axe in English and Spanish, and both pages without JavaScript."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from records.catalog import default_catalog
from tests.browser.kit import active, check_axe, press_and_wait, shot, tab_to

PHONE = {"width": 375, "height": 740}
AGENCIES = list(default_catalog().agencies.values())


def on_phone(page, lang: str = "en"):  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    if lang != "en":
        page.goto(f"/lang/{lang}?next=/")
        assert page.get_attribute("html", "lang") == lang
    return page


def query(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_keyboard_from_the_home_page_to_the_primary_action(page, lang):
    on_phone(page, lang)
    page.goto("/")
    # The primary action is the first thing after the header: the skip link, the brand,
    # the main links, sign-in and the language switch come before it, nothing else.
    tab_to(page, "main .primary-action a.button", limit=12)
    assert active(page)["href"] == "/new/"
    shot(page, f"front-{lang}-01-home-focus")
    press_and_wait(page)
    assert query(page.url) == ("/new/", {})
    assert page.get_attribute("html", "lang") == lang


@pytest.mark.parametrize("lang", ["en", "es"])
def test_keyboard_from_the_directory_to_write_to_ice(page, lang):
    on_phone(page, lang)
    page.goto("/agencies")
    tab_to(page, 'nav.agency-index a[href="#ice"]')
    assert active(page)["text"] == "U.S. Immigration and Customs Enforcement"
    page.keyboard.press("Enter")  # a link within the page: focus moves on to #ice
    page.wait_for_url(re.compile(r"/agencies#ice$"))
    # From the ICE section, its own button is a few presses away (the portal link and the
    # notes come first), not the whole page.
    tab_to(page, "section#ice a.write-to", limit=6)
    shot(page, f"front-{lang}-02-agencies-ice-focus")
    press_and_wait(page)
    assert query(page.url) == ("/new/", {"agency": ["ice"]})
    assert page.get_attribute("html", "lang") == lang


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_sideways_scrolling_at_375_px_and_axe_is_clean(page, lang):
    on_phone(page, lang)
    for path, name in (("/", "home"), ("/agencies", "agencies")):
        page.goto(path)
        assert page.get_attribute("html", "lang") == lang
        if path == "/agencies":  # the notes, open, must fit as well
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            assert page.locator("details[open]").count() == sum(1 for a in AGENCIES if a.notes)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        shot(page, f"front-{lang}-03-{name}-375")
        assert width <= PHONE["width"], f"{path} in {lang} is {width} px wide at 375 px"
        check_axe(page, f"front-{lang}-{name}")


def test_the_width_check_would_see_sideways_scrolling(page):
    """A control: a too-wide element does make the page scroll sideways."""
    on_phone(page)
    page.goto("/agencies")
    page.evaluate("""() => {
      const wide = document.createElement("pre");
      wide.textContent = "x".repeat(200);
      document.querySelector("main").append(wide);
    }""")
    assert page.evaluate("document.scrollingElement.scrollWidth") > PHONE["width"]


def test_both_pages_work_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False,
                                  locale="en-US", viewport=PHONE)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto("/")
        assert page.locator("main .primary-action a.button").inner_text() \
            == "Write a records request"
        assert page.locator("main a[href='/agencies']").count() == 1
        page.click("main a[href='/agencies']")
        page.wait_for_url(re.compile(r"/agencies$"))
        assert page.locator("main section.agency-card").count() == len(AGENCIES)
        assert page.locator("main a.write-to").count() == len(AGENCIES)
        # Without JavaScript the notes still open (a <details> element).
        page.click("section#ice details summary")
        assert page.locator("section#ice details[open] li").count() \
            == len(default_catalog().agency("ice").notes)
        page.click("section#ice a.write-to")
        page.wait_for_url(re.compile(r"/new/\?agency=ice$"))
        shot(page, "front-nojs-04-write-to-ice")
    finally:
        context.close()
