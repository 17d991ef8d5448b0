"""Two tabs on one draft, in a real browser: the same step saved in both shows the
conflict (both values, accessible, by keyboard), and "Keep what I typed" saves it."""

from __future__ import annotations

from tests.browser.flows import start_from_incident
from tests.browser.kit import (
    check_axe,
    press_and_wait,
    select_radio,
    shot,
    step_url,
    submit,
    tab_to,
)


def test_the_same_step_saved_in_two_tabs_asks_which_to_keep(page, context):  # type: ignore[no-untyped-def]
    start_from_incident(page, "tabs", None, axe=False)
    select_radio(page, "agency", "kcpd")
    submit(page)
    page.wait_for_url(step_url("records"))
    records = page.url

    other = context.new_page()  # the same draft in a second tab
    other.goto(records)
    other.fill("[name=description]", "Typed in the other tab")
    other.click("main form button[type=submit]")
    other.wait_for_url(step_url("requester"))

    page.fill("[name=description]", "Typed in this tab")
    submit(page)
    box = page.locator("#conflict")
    assert "Typed in the other tab" in box.inner_text()
    assert "Typed in this tab" in box.inner_text()
    assert page.input_value("[name=description]") == "Typed in this tab"
    shot(page, "tabs-01-conflict")
    check_axe(page, "tabs-01-conflict")

    tab_to(page, "#conflict button[name=resolve]")
    press_and_wait(page)
    page.wait_for_url(step_url("requester"))
    other.goto(records)
    assert other.input_value("[name=description]") == "Typed in this tab"
