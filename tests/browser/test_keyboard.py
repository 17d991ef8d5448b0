"""Both paths of issue 4 by keyboard alone, with axe on every page and the PDF checked."""

from __future__ import annotations

from tests.browser.flows import ICE_REQUESTER, KCPD_REQUESTER, ice_by_keyboard, kcpd_by_keyboard
from tests.browser.kit import check_axe, press_and_wait, shot, tab_to


def test_kcpd_sunshine_path_by_keyboard(page):
    text = kcpd_by_keyboard(page)
    assert "Missouri Sunshine Law" in text
    assert "Custodian of Records" in text
    assert KCPD_REQUESTER["requester_name"] in text
    assert "4032 Harvard Circle" in text

    # The Spanish summary for the client, reached from the done page by keyboard.
    tab_to(page, 'main a[href$="/resumen"]')
    press_and_wait(page)
    assert page.get_attribute("html", "lang") == "es"
    assert page.locator("h1").inner_text() == "Resumen de la solicitud de documentos"
    shot(page, "kcpd-08-resumen")
    check_axe(page, "kcpd-08-resumen")


def test_ice_foia_path_by_keyboard(page):
    text = ice_by_keyboard(page)
    assert "Freedom of Information Act" in text
    assert "true and correct to the best of my knowledge and belief" in text
    assert ICE_REQUESTER["requester_organization"] in text
    # The done page offers the DHS portal's fields, ready to paste.
    assert page.locator("main textarea[id^=portal-]").count() > 0

    # The copy button (a JavaScript comfort), by keyboard; it says so for screen readers.
    tab_to(page, 'main button.copy[data-copy="letter-text"]')
    page.keyboard.press("Enter")
    status = page.locator('button.copy[data-copy="letter-text"] + .copy-status')
    status.filter(has_text="Copied.").wait_for()
    assert status.get_attribute("role") == "status"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#letter-text").input_value()
    assert "Freedom of Information Act" in copied

