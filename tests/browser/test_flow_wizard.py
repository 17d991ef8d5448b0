"""The wizard's frame in Chromium at 375 px, by keyboard only (issue 11, "flow"): the step
indicator and axe on every page in English and Spanish, step links that save what was
typed (with JavaScript and without), a reload of an error page that sends nothing again,
the review page in words, and a letter preview that fits the phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.flows import KCPD_REQUESTER, fill_fields, ice_by_keyboard, start_from_incident
from tests.browser.kit import (
    check_axe,
    press_and_wait,
    select_radio,
    shot,
    step_url,
    submit,
    tab_to,
    values,
)

PHONE = {"width": 375, "height": 740}
INDICATORS = {"02-agency": (1, "Whose records and agency", "De quién y agencia"),
              "03-records": (2, "Records", "Documentos"),
              "04-requester": (3, "Who is asking", "Quién pide"),
              "05-fees": (4, "Fees and speed", "Costos y rapidez"),
              "06-review": (5, "Review", "Revisar")}

# Inside the preview frame: nothing wider than the frame, and no two consecutive blocks
# of the letter (or of its envelope) drawn over each other.
FITS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll("*")].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5);
  }).map(e => e.tagName + "." + e.className);
  const blocks = [...document.querySelectorAll("body > *, .envelope > *")].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
  const overlaps = [];
  for (const a of blocks) {
    for (const b of blocks) {
      if (a === b || a.contains(b) || b.contains(a) || a.compareDocumentPosition(b) & 2)
        continue;
      const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
      const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (x > 1 && y > 1) overlaps.push(a.className + " / " + b.className);
    }
  }
  return {width, scroll: document.documentElement.scrollWidth, wide, overlaps,
          blocks: blocks.length};
}"""


@pytest.fixture
def phone(browser, base_url) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, accept_downloads=True, locale="en-US",
                                  viewport=PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def indicator(page: Any) -> str:
    return " ".join(page.locator("#step-indicator").inner_text().split())


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways: {width}"


def check_frame(spanish: bool) -> Any:
    def check(page: Any, name: str) -> None:
        no_sideways_scroll(page)
        key = name.split("-", 1)[1] if "-" in name else name
        if key in INDICATORS:
            number, english, translated = INDICATORS[key]
            title = translated if spanish else english
            text = indicator(page)
            # In Spanish the step's title is Spanish; "Paso 2 de 5" comes with the final
            # translation pass (one msgid with placeholders).
            assert text.endswith(f" 5: {title}") and f" {number} " in text, text
            current = page.locator("nav.progress [aria-current=step]").inner_text().strip()
            assert current == title
        if key == "06-review":
            check_review(page, spanish)
        if key == "07-done":
            assert page.locator("#step-indicator").count() == 1
    return check


def check_review(page: Any, spanish: bool) -> None:
    listed = " ".join(page.locator("dl.answers").inner_text().split())
    for raw in ("news-media", "urgency-to-inform", "ice-i213", "2019-07-22"):
        assert raw not in listed, (raw, listed)
    assert ("22 de julio de 2019" if spanish else "July 22, 2019") in listed, listed
    if not spanish:
        assert "Fee category: News media" in listed
        assert "Why it cannot wait: I share news with the public" in listed
    # The letter's frame fits the phone: nothing cut at its right, nothing overlapping.
    frame = page.frame_locator("iframe.letter-frame")
    frame.locator("body").wait_for()
    fits = [f for f in page.frames if f.url.endswith("/preview")][0].evaluate(FITS)
    assert fits["blocks"] > 5, fits
    assert fits["scroll"] <= fits["width"], fits
    assert not fits["wide"], fits
    assert not fits["overlaps"], fits
    box = page.locator("iframe.letter-frame").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_every_step_at_375px_in_english(phone):  # type: ignore[no-untyped-def]
    ice_by_keyboard(phone, "flow-en", check=check_frame(spanish=False), axe=True)


def test_every_step_at_375px_in_spanish(phone):  # type: ignore[no-untyped-def]
    phone.goto("/lang/es?next=/new/")
    assert phone.get_attribute("html", "lang") == "es"
    ice_by_keyboard(phone, "flow-es", check=check_frame(spanish=True), axe=True)


def go_by_step_link(page: Any, target: str, *, backwards: bool = False) -> None:
    tab_to(page, f'nav.progress button[name=goto][value="{target}"]', backwards=backwards)
    press_and_wait(page)
    page.wait_for_url(step_url(target))


def to_requester(page: Any, prefix: str) -> None:
    start_from_incident(page, prefix, None, axe=False)
    select_radio(page, "agency", "kcpd")
    submit(page)
    page.wait_for_url(step_url("records"))
    submit(page)
    page.wait_for_url(step_url("requester"))


def test_a_step_link_keeps_what_was_typed(phone):  # type: ignore[no-untyped-def]
    to_requester(phone, "flow-goto")
    fill_fields(phone, KCPD_REQUESTER)
    go_by_step_link(phone, "records", backwards=True)  # the links sit above the form
    assert indicator(phone) == "Step 2 of 5: Records"
    go_by_step_link(phone, "requester")
    assert values(phone, list(KCPD_REQUESTER)) == KCPD_REQUESTER
    shot(phone, "flow-goto-back")
    check_axe(phone, "flow-goto-back")

    # Enter in a field still saves and goes on to the next step (the form's default
    # button is the hidden one, not the first step link).
    tab_to(phone, "[name=requester_name]")
    press_and_wait(phone)
    phone.wait_for_url(step_url("fees"))


def test_a_step_link_from_a_step_with_errors_keeps_them_for_the_way_back(phone):  # type: ignore[no-untyped-def]
    to_requester(phone, "flow-goto-errors")
    fill_fields(phone, {**KCPD_REQUESTER, "requester_email": "not-an-email"})
    go_by_step_link(phone, "fees")
    assert phone.locator(".error-summary").count() == 0
    go_by_step_link(phone, "requester", backwards=True)
    assert values(phone, ["requester_email"]) == {"requester_email": "not-an-email"}
    assert phone.locator("#requester_email-error").is_visible()
    check_axe(phone, "flow-goto-errors-back")


def test_leaving_by_a_plain_link_with_unsaved_changes_asks_first(phone):  # type: ignore[no-untyped-def]
    to_requester(phone, "flow-leave")
    asked: list[str] = []

    def dismiss(dialog):  # type: ignore[no-untyped-def]
        asked.append(dialog.type)
        dialog.dismiss()

    phone.on("dialog", dismiss)
    # Nothing typed yet: the site's menu leaves without a question.
    tab_to(phone, "header a[href='/deadlines']", backwards=True)
    press_and_wait(phone)
    assert asked == [] and "/deadlines" in phone.url
    phone.go_back()
    phone.wait_for_url(step_url("requester"))
    fill_fields(phone, {"requester_name": "Typed, not saved"})
    tab_to(phone, "header a[href='/deadlines']", backwards=True)
    phone.keyboard.press("Enter")
    phone.wait_for_timeout(500)
    assert asked == ["beforeunload"], asked
    assert step_url("requester").search(phone.url)
    assert values(phone, ["requester_name"]) == {"requester_name": "Typed, not saved"}


def test_reloading_an_error_page_sends_nothing_and_keeps_the_errors(phone):  # type: ignore[no-untyped-def]
    to_requester(phone, "flow-reload")
    fill_fields(phone, {**KCPD_REQUESTER, "requester_email": "not-an-email"})
    submit(phone)
    phone.wait_for_url(step_url("requester"))
    assert "check=1" in phone.url
    methods: list[str] = []
    phone.on("request", lambda r: methods.append(r.method) if r.is_navigation_request()
             else None)
    phone.reload()
    assert methods == ["GET"], methods
    assert phone.locator("#requester_email-error").is_visible()
    assert values(phone, ["requester_email"]) == {"requester_email": "not-an-email"}
    shot(phone, "flow-reload-errors")
    check_axe(phone, "flow-reload-errors")


def test_step_links_save_without_javascript(browser, base_url):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, java_script_enabled=False,
                                  locale="en-US", viewport=PHONE)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        to_requester(page, "flow-nojs")
        fill_fields(page, KCPD_REQUESTER)
        go_by_step_link(page, "agency", backwards=True)
        assert indicator(page) == "Step 1 of 5: Whose records and agency"
        go_by_step_link(page, "requester")
        assert values(page, list(KCPD_REQUESTER)) == KCPD_REQUESTER
        fill_fields(page, {"requester_email": "not-an-email"})
        go_by_step_link(page, "review", backwards=True)
        problems = page.locator("#review-problems ~ ul").inner_text()
        assert "Who is asking: Email: not an email address" in " ".join(problems.split())
        # (axe needs the page's own JavaScript timers: it runs on these pages in the tests
        # above, with JavaScript on.)
        shot(page, "flow-nojs-review")
    finally:
        context.close()
