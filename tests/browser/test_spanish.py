"""Spanish interface: the visible switch (by keyboard), a whole flow, the letter in English.

Headings are checked against the compiled Spanish catalog (tests/conftest.py compiles the
.po files at session start), and every page must say html lang="es". Text that comes from
the domain (agency warnings, record descriptions, guidance notes) is still English.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.support import NullTranslations, Translations

from tests.browser.flows import fill_fields, kcpd_by_keyboard
from tests.browser.kit import (
    check_axe,
    pdf_from_download,
    press_and_wait,
    select_radio,
    shot,
    step_url,
    submit,
    tab_to,
    type_into,
)

ROOT = Path(__file__).resolve().parents[2]
HEADINGS = {"01-start": "Write a public-records request", "02-agency": "Whose records and agency",
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
        assert pg.locator("main h1").inner_text().endswith(catalog.gettext(english)), \
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


# --- a Spanish-speaking mother asks ICE for her detained son's records ------------------

MOTHER = {"requester_name": "María Hernández",
          "requester_address": "1200 Central Avenue\nKansas City, KS 66102",
          "requester_email": "maria.hernandez@example.org"}
SON = "Florencio Millan-Vazquez"
NOT_SIGNED = "Traducción para leer. No firme esta página: firme la página en inglés."


def _spanish_page(page, name: str, heading: str | None = None,  # type: ignore[no-untyped-def]
                  axe: bool = True) -> None:
    assert page.get_attribute("html", "lang") == "es", f"{name}: not marked Spanish"
    if heading is not None:
        # A wizard step's heading is its place: "Paso 2 de 5: Documentos".
        assert page.locator("main h1").inner_text().endswith(heading), name
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{name}: the page is {width}px wide at 375px"
    shot(page, name)
    if axe:  # axe runs in the page, so only with JavaScript; the markup is the same
        check_axe(page, name)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_mother_asks_ice_for_her_sons_records_in_spanish(browser, base_url, javascript):
    """From the Spanish home page to the done page and the Spanish summary, at 375 px, by
    keyboard only, with and without JavaScript: every page in Spanish, the letter and its
    signing page in English, and a reading copy of that page in Spanish, marked unsigned."""
    catalog = spanish_catalog()
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                                  accept_downloads=True, locale="en-US",
                                  viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    prefix = "es-mother" + ("" if javascript else "-nojs")
    try:
        page = context.new_page()

        def seen(name: str, heading: str | None = None) -> None:
            _spanish_page(page, f"{prefix}-{name}", heading, axe=javascript)

        page.goto("/")
        tab_to(page, 'header a[hreflang="es"]')
        press_and_wait(page)
        seen("00-home")

        tab_to(page, 'a[href^="/new/"]')
        press_and_wait(page)
        page.wait_for_url("**/new/**")
        seen("01-start")
        select_radio(page, "start", "kc-2019-07-22")
        submit(page)

        page.wait_for_url(step_url("agency"))
        seen("02-agency", catalog.gettext("Whose records and agency"))
        # Whose records: her son's, who consents and signs (asking_for, the first question).
        select_radio(page, "asking_for", "consent")
        select_radio(page, "agency", "ice")
        submit(page)

        page.wait_for_url(step_url("records"))
        seen("03-records", catalog.gettext("Records"))
        labels = page.locator("fieldset#records label").all_inner_texts()
        assert any("Formulario I-213, registro y relato del arresto" in t for t in labels)
        assert not any("arrest record and narrative" in t for t in labels)
        submit(page)

        page.wait_for_url(step_url("requester"))
        seen("04-requester", catalog.gettext("Who is asking"))
        fill_fields(page, MOTHER)
        select_radio(page, "requester_category", "other")
        type_into(page, '[name="subject_name"]', SON)
        submit(page)

        page.wait_for_url(step_url("fees"))
        seen("05-fees", catalog.gettext("Fees and speed"))
        type_into(page, '[name="fee_limit"]', "25")
        select_radio(page, "format", "electronic")
        select_radio(page, "delivery", "portal")
        submit(page)

        page.wait_for_url(step_url("review"))
        seen("06-review", catalog.gettext("Review"))
        tab_to(page, 'main form[action$="/done"] button')
        press_and_wait(page)

        page.wait_for_url(step_url("done"))
        seen("07-done", catalog.gettext("Your letter is ready"))
        tab_to(page, 'main a[href$="/resumen"]')
        press_and_wait(page)

        seen("08-resumen", "Resumen de la solicitud de documentos")
        main = page.locator("main").inner_text()
        assert "Envíela por internet" in main and "https://www.dhs.gov/foia" in main
        assert f"firmada y fechada por {SON}" in main
        copy = page.locator("section.reading-copy").inner_text()
        assert copy.count(NOT_SIGNED) == 2
        assert f"Yo, {SON}, autorizo a U.S. Immigration and Customs Enforcement a entregar " \
               f"a {MOTHER['requester_name']}" in copy

        tab_to(page, 'main a[href$="/lectura.pdf"]')
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        reading = pdf_from_download(info.value)
        assert NOT_SIGNED in reading and "Consentimiento para entregar documentos" in reading
    finally:
        context.close()
