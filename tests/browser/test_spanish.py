"""Spanish interface: the visible switch (by keyboard), a whole flow, the letter in English.

Headings are checked against the compiled Spanish catalog (tests/conftest.py compiles the
.po files at session start), and every page must say html lang="es". Text that comes from
the domain (agency warnings, record descriptions, guidance notes) is still English.
"""

from __future__ import annotations

from pathlib import Path

from babel.support import NullTranslations, Translations

from tests.browser.flows import kcpd_by_keyboard
from tests.browser.kit import check_axe, press_and_wait, shot, tab_to

ROOT = Path(__file__).resolve().parents[2]
HEADINGS = {"01-start": "Write a public-records request", "02-agency": "Law and agency",
            "03-records": "Records", "04-requester": "Who is asking",
            "05-fees": "Fees and speed", "06-review": "Review", "07-done": "Your letter is ready"}


def spanish_catalog() -> NullTranslations:
    return Translations.load(str(ROOT / "translations"), ["es"])


def test_spanish_switch_and_whole_flow(page):
    catalog = spanish_catalog()
    untranslated = [h for h in HEADINGS.values() if catalog.gettext(h) == h]
    assert not untranslated, f"the Spanish catalog lacks these headings: {untranslated}"
    page.goto("/new/")
    assert page.get_attribute("html", "lang") == "en"

    # The visible switch in the header, by keyboard.
    tab_to(page, 'header a[hreflang="es"]')
    assert page.locator('header a[hreflang="es"]').inner_text() == "Español"
    press_and_wait(page)
    page.wait_for_url("**/new/")

    def in_spanish(pg, name):  # type: ignore[no-untyped-def]
        assert pg.get_attribute("html", "lang") == "es", f"{name}: not marked Spanish"
        assert pg.locator('header a[hreflang="en"]').inner_text() == "English", name
        english = HEADINGS[name.split("-", 1)[1]]
        assert pg.locator("main h1").inner_text() == catalog.gettext(english), \
            f"{name}: heading not translated as the catalog says"

    text = kcpd_by_keyboard(page, prefix="es", check=in_spanish, goto=False)

    # The letter goes to a US agency: still English.
    assert "Missouri Sunshine Law" in text
    assert "Custodian of Records" in text
    assert "Ley Sunshine" not in text and "Resumen" not in text

    # The Spanish summary for the client.
    tab_to(page, 'main a[href$="/resumen"]')
    press_and_wait(page)
    assert page.get_attribute("html", "lang") == "es"
    assert page.locator("h1").inner_text() == "Resumen de la solicitud de documentos"
    assert "Ley Sunshine de Missouri" in page.locator("main").inner_text()
    shot(page, "es-08-resumen")
    check_axe(page, "es-08-resumen")

    # The choice is remembered on other pages, and the switch goes back to English.
    page.goto("/deadlines")
    assert page.get_attribute("html", "lang") == "es"
    shot(page, "es-09-deadlines")
    check_axe(page, "es-09-deadlines")
    tab_to(page, 'header a[hreflang="en"]')
    press_and_wait(page)
    assert page.get_attribute("html", "lang") == "en"
