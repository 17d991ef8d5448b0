"""The two wizard paths, driven by keyboard only, with a screenshot and axe at every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.browser.kit import (
    check_axe,
    open_details,
    pdf_from_download,
    press_and_wait,
    select_radio,
    shot,
    step_url,
    submit,
    tab_to,
    type_into,
    values,
)
from tests.conftest import PdfText

INCIDENT_KCPD_RECORDS = ["kcpd-cad", "kcpd-incident-report", "kcpd-in-car-video",
                         "kcpd-body-camera", "kcpd-radio", "kcpd-ice-communications",
                         "kcpd-use-of-force", "kcpd-immigration-directive", "kcpd-retention"]
INCIDENT = {"incident_date": "2019-07-22", "incident_time": "10:00",
            "incident_place": "4032 Harvard Circle, Kansas City, MO",
            "incident_people": "Florencio Millan-Vazquez"}
KCPD_REQUESTER = {"requester_name": "Maria Lopez",
                  "requester_address": "1200 Main Street\nKansas City, MO 64105",
                  "requester_email": "maria.lopez@example.org",
                  "requester_phone": "816-555-0100"}
ICE_REQUESTER = {"requester_name": "Jordan Alvarez",
                 "requester_organization": "Kansas City Community Newsroom",
                 "requester_address": "2100 Main Street, Suite 210\nKansas City, MO 64108",
                 "requester_email": "jordan.alvarez@example.org",
                 "requester_phone": "(816) 555-0142"}
FEE_WAIVER = ("The records show how ICE made an arrest in Kansas City with local police, "
              "a question of current public debate.")
DISSEMINATION = "Our newsroom will publish what it learns, free, to readers across Kansas City."
EXPEDITE = ("We publish news every day, and there is an urgency to inform the public about "
            "this federal activity while it is being debated.")

Check = Callable[[Any, str], None]


def _page(page: Any, name: str, check: Check | None, axe: bool) -> None:
    shot(page, name)
    if axe:
        check_axe(page, name)
    if check is not None:
        check(page, name)


def fill_fields(page: Any, fields: dict[str, str]) -> None:
    for name, text in fields.items():
        type_into(page, f'[name="{name}"]', text)


def start_from_incident(page: Any, prefix: str, check: Check | None, axe: bool,
                        *, goto: bool = True) -> None:
    if goto:
        page.goto("/new/")
    _page(page, f"{prefix}-01-start", check, axe)
    select_radio(page, "start", "kc-2019-07-22")
    submit(page)
    page.wait_for_url(step_url("agency"))


def finish(page: Any, prefix: str, check: Check | None, axe: bool) -> PdfText:
    """From the review page: go to Done and download the PDF, by keyboard."""
    page.wait_for_url(step_url("review"))
    _page(page, f"{prefix}-06-review", check, axe)
    tab_to(page, 'main form[action$="/done"] button')
    press_and_wait(page)
    page.wait_for_url(step_url("done"))
    _page(page, f"{prefix}-07-done", check, axe)
    tab_to(page, 'main a[href$="/letter.pdf"]')
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    return pdf_from_download(download)


def kcpd_by_keyboard(page: Any, prefix: str = "kcpd", check: Check | None = None,
                     axe: bool = True, goto: bool = True) -> PdfText:
    start_from_incident(page, prefix, check, axe, goto=goto)

    _page(page, f"{prefix}-02-agency", check, axe)
    select_radio(page, "agency", "kcpd")
    submit(page)

    page.wait_for_url(step_url("records"))
    _page(page, f"{prefix}-03-records", check, axe)
    got = values(page, ["records", *INCIDENT])
    assert got == {"records": INCIDENT_KCPD_RECORDS, **INCIDENT}, got
    submit(page)

    page.wait_for_url(step_url("requester"))
    _page(page, f"{prefix}-04-requester", check, axe)
    fill_fields(page, KCPD_REQUESTER)
    # The form's default ("public") is not preselected: choose it.
    select_radio(page, "capacity", "public")
    submit(page)

    page.wait_for_url(step_url("fees"))
    _page(page, f"{prefix}-05-fees", check, axe)
    fill_fields(page, {"fee_limit": "25"})
    select_radio(page, "format", "electronic")
    submit(page)
    return finish(page, prefix, check, axe)


def ice_by_keyboard(page: Any, prefix: str = "ice", check: Check | None = None,
                    axe: bool = True) -> PdfText:
    start_from_incident(page, prefix, check, axe)

    _page(page, f"{prefix}-02-agency", check, axe)
    select_radio(page, "asking_for", "others")  # the first question: a reporter's records
    select_radio(page, "agency", "ice")
    submit(page)

    page.wait_for_url(step_url("records"))
    _page(page, f"{prefix}-03-records", check, axe)
    got = values(page, ["records", *INCIDENT])
    assert got["records"], "starting from the incident should tick ICE's recommended records"
    assert {k: got[k] for k in INCIDENT} == INCIDENT, got
    submit(page)

    page.wait_for_url(step_url("requester"))
    _page(page, f"{prefix}-04-requester", check, axe)
    fill_fields(page, ICE_REQUESTER)
    select_radio(page, "requester_category", "news-media")
    # Records about others: whose records was the first question, not asked again here.
    assert values(page, ["subject_relationship", "subject_name"]) == {
        "subject_relationship": None, "subject_name": None}
    submit(page)

    page.wait_for_url(step_url("fees"))
    _page(page, f"{prefix}-05-fees", check, axe)
    fill_fields(page, {"fee_limit": "50"})
    open_details(page, "waiver")
    fill_fields(page, {"fee_waiver": FEE_WAIVER, "dissemination": DISSEMINATION})
    open_details(page, "expedited")
    select_radio(page, "expedite_ground", "urgency-to-inform")
    fill_fields(page, {"expedite": EXPEDITE})
    select_radio(page, "format", "electronic")
    select_radio(page, "delivery", "portal")
    submit(page)
    return finish(page, prefix, check, axe)
