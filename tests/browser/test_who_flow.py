"""Whose records, in a phone's browser (375 px), by keyboard only, with and without
JavaScript, in English and Spanish: the agency step shows only the chosen agency's warnings
and fits in a few screens, and a mother asks ICE for her son's records from a home-page
link (/new/?asking_for=...) through to the review page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.flows import fill_fields
from tests.browser.kit import check_axe as axe
from tests.browser.kit import (
    select_radio,
    shot,
    step_url,
    submit,
    tab_to,
    type_into,
    values,
)

PHONE = {"width": 375, "height": 667}
# The agency step was 4.6 phone screens long, with every agency's warnings. Now about 2.4
# in English and 2.6 in Spanish, of which about 0.9 is what every step has around it (the
# site's header, the list of steps, "Come back later" and the footer).
MOST_SCREENS = 2.75
WITH_ONE_AGENCYS_WARNINGS = 3.5  # ICE's three warnings, in Spanish: 3.3


@pytest.fixture
def phone(browser: Any, base_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A phone-sized page; the test's parameters (js, locale) choose the rest."""
    js, locale = request.param
    context = browser.new_context(base_url=base_url, java_script_enabled=js, locale=locale,
                                  viewport=PHONE)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.js = js  # axe-core is a script: it runs only where scripts do
        yield page
    finally:
        context.close()


def screens(page: Any) -> float:
    height: float = page.evaluate(
        "document.documentElement.scrollHeight / window.innerHeight")
    return height


def shown_warnings(page: Any) -> list[str]:
    """The agency radios whose warnings are visible."""
    return list(page.evaluate("""() => [...document.querySelectorAll('[data-agency-warnings]')]
        .filter(box => box.offsetParent !== null)
        .map(box => document.getElementById(box.dataset.agencyWarnings).value)"""))


def agency_step(page: Any, query: str = "?start=blank") -> None:
    page.goto(f"/new/{query}")
    submit(page)
    page.wait_for_url(step_url("agency"))


@pytest.mark.parametrize("phone", [(True, "en-US")], indirect=True)
def test_with_javascript_the_chosen_agencys_warnings_appear_as_it_is_chosen(
        phone: Any) -> None:
    page = phone
    agency_step(page)
    assert shown_warnings(page) == []
    assert screens(page) <= MOST_SCREENS, f"{screens(page):.2f} screens"
    axe(page, "who-agency-js")
    select_radio(page, "agency", "uscis")
    assert shown_warnings(page) == ["uscis"]
    describedby = page.get_attribute("input[name=agency][value=uscis]", "aria-describedby")
    assert describedby and page.locator(f"#{describedby}").is_visible()
    select_radio(page, "agency", "kcpd")  # arrows back up: each agency shown in turn
    assert shown_warnings(page) == ["kcpd"]
    shot(page, "who-agency-js-kcpd")
    axe(page, "who-agency-js-kcpd")


@pytest.mark.parametrize("phone", [(False, "en-US"), (False, "es-MX")], indirect=True)
def test_without_javascript_the_warnings_show_once_the_agency_is_saved(phone: Any) -> None:
    page = phone
    agency_step(page)
    assert screens(page) <= MOST_SCREENS, f"{screens(page):.2f} screens"
    # No axe here: axe-core needs the page's JavaScript; the same pages pass it above.
    select_radio(page, "agency", "uscis")
    assert shown_warnings(page) == []  # no script: nothing changes before the save
    submit(page)
    page.wait_for_url(step_url("records"))
    box = page.locator("#agency-warnings")
    assert box.is_visible() and "FIRST" in box.inner_text()
    page.goto(page.url.replace("/records", "/agency"))
    assert shown_warnings(page) == ["uscis"]
    # One agency's warnings, not all of them: still far below the 4.6 screens of before.
    assert screens(page) <= WITH_ONE_AGENCYS_WARNINGS, f"{screens(page):.2f} screens"
    shot(page, f"who-agency-nojs-uscis-{page.get_attribute('html', 'lang')}")


MOTHER = {"requester_name": "María Pérez Ramírez",
          "requester_address": "3315 Pleasant Valley Road\nKansas City, MO 64124",
          "requester_email": "maria.perez@example.org"}


def mother_asks_ice(page: Any, kind: str, person: str, prefix: str) -> None:
    """From the home page's link to the review page, by keyboard only; axe on every page
    where scripts run (axe-core is a script: the no-JavaScript run checks the same pages'
    flow, the run with scripts their accessibility)."""
    def check_axe(pg: Any, label: str) -> None:
        if pg.js:
            axe(pg, label)

    page.goto(f"/new/?asking_for={kind}&agency=ice&start=blank")
    lang = page.get_attribute("html", "lang")
    assert page.locator("#chosen").is_visible()
    check_axe(page, f"{prefix}-start")
    submit(page)

    page.wait_for_url(step_url("agency"))
    assert values(page, ["asking_for", "agency"]) == {"asking_for": kind, "agency": "ice"}
    assert screens(page) <= WITH_ONE_AGENCYS_WARNINGS  # ICE is chosen: its warnings show
    shot(page, f"{prefix}-agency")
    check_axe(page, f"{prefix}-agency")
    submit(page)

    page.wait_for_url(step_url("records"))
    offered = values(page, ["records"])
    assert offered == {"records": []}  # a blank start ticks nothing
    tab_to(page, 'input[name=records][value="ice-i213"]')
    page.keyboard.press("Space")
    tab_to(page, 'input[name=records][value="ice-earm"]')
    page.keyboard.press("Space")
    shot(page, f"{prefix}-records")
    check_axe(page, f"{prefix}-records")
    submit(page)

    page.wait_for_url(step_url("requester"))
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("label[for=requester_name]").inner_text() != \
        page.locator("label[for=subject_name]").inner_text()
    fill_fields(page, MOTHER)
    if kind == "ward":
        select_radio(page, "subject_relationship", "parent")
    type_into(page, "#subject_name", person)
    if kind == "ward":
        type_into(page, "#subject_birth_date", "05012014")
        type_into(page, "#subject_birth_place", "Kansas City, Missouri, USA")
    shot(page, f"{prefix}-requester")
    check_axe(page, f"{prefix}-requester")
    submit(page)

    page.wait_for_url(step_url("fees"))
    fill_fields(page, {"fee_limit": "25"})
    submit(page)

    page.wait_for_url(step_url("review"))
    assert page.get_attribute("html", "lang") == lang
    review = page.locator("main").inner_text()
    assert person in review and MOTHER["requester_name"] in review
    shot(page, f"{prefix}-review")
    check_axe(page, f"{prefix}-review")


@pytest.mark.parametrize("phone", [(True, "es-MX"), (False, "es-MX")], indirect=True)
def test_a_spanish_speaking_mother_asks_ice_for_her_adult_sons_records(phone: Any) -> None:
    mother_asks_ice(phone, "consent", "José Pérez Ramírez", "who-es-consent")
    assert phone.get_attribute("html", "lang") == "es"


@pytest.mark.parametrize("phone", [(True, "en-US")], indirect=True)
def test_a_mother_asks_ice_for_her_minor_childs_records(phone: Any) -> None:
    mother_asks_ice(phone, "ward", "Leo Pérez Ramírez", "who-en-ward")
