"""Issue 9 in a real browser: sign up, write a letter, track it, add events, watch the
status change, generate the follow-up and the appeal, subscribe to the feed.

The server's "today" is pinned (RECORDS_TODAY) and moves once: the letters are written
and sent on LETTER_DAY, and the server comes back three weeks later (TODAY), as an
advocate does. Every count of days is worked out here from the Missouri calendar, not
copied from the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import icalendar
import pytest
from playwright.sync_api import expect

from records.deadlines import get_calendar
from tests.browser.flows import (
    ICE_REQUESTER,
    INCIDENT,
    KCPD_REQUESTER,
    ice_by_keyboard,
    kcpd_by_keyboard,
)
from tests.browser.kit import check_axe, shot, step_url, values
from tests.browser.tracker_flows import (
    MovableServer,
    add_event,
    add_event_by_keyboard,
    at_widths,
    dashboard_rows,
    download_letter,
    fill_event,
    letters,
    movable_server,
    next_step,
    sign_up,
    status,
    submit_event,
    track_from_done_page,
    write_next_letter,
)
from tests.conftest import TODAY

LETTER_DAY = date(2026, 11, 2)  # a Monday: both letters to KCPD are written and sent
KCPD_RECEIVED = date(2026, 11, 4)  # 19 days before TODAY (2026-11-23)
EMAIL = "advocate@example.org"
PASSWORD = "Harvard Circle 4032, July 22"
CERTIFIED = "9589 0710 5270 0123 4567 89"
EXEMPTIONS = "(b)(6), (b)(7)(C)"
PHONE = 375


@pytest.fixture(scope="module")
def clock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MovableServer]:
    with movable_server(tmp_path_factory.mktemp("tracker-instance"), LETTER_DAY) as server:
        yield server


@pytest.fixture(scope="module")
def base_url(clock: MovableServer) -> str:
    """This module's pages come from the movable server (the same address throughout)."""
    return clock.url


def weekday_date(day: date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def rule_ids(violations: list[dict[str, Any]]) -> list[str]:
    return [f"{v['id']} [{v['impact']}]" for v in violations]


def requester_fields(page: Any, name: str, seen: dict[str, dict[str, Any]]) -> None:
    """A wizard page check: note what the requester step shows before anything is typed."""
    if name.endswith("-04-requester"):
        seen[name] = values(page, list(KCPD_REQUESTER))


def test_advocate_tracks_kcpd_and_ice_from_sign_up_to_the_calendar_feed(
        page: Any, clock: MovableServer) -> None:
    assert clock.today == LETTER_DAY, "the story starts on the day the letters are written"
    page.set_default_timeout(20_000)  # letters are rendered to PDF on 2 shared cores

    # 1. Sign up: a field error first, then signed in, with the account menu.
    sign_up(page, EMAIL, PASSWORD, too_short="short")
    expect(page).to_have_url(re.compile(r"/requests$"))
    menu = page.get_by_role("navigation", name="Your account")
    expect(menu.get_by_role("link", name="Account")).to_be_visible()
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator("header .sign-in")).to_have_count(0)
    expect(page.get_by_role("heading", name="Nothing tracked yet")).to_be_visible()
    shot(page, "tracker-02-signed-in")

    # 2. The KCPD letter with the wizard: a new account has no details to fill in.
    seen: dict[str, dict[str, Any]] = {}
    text = kcpd_by_keyboard(page, "tracker-kcpd", axe=False,
                            check=lambda p, name: requester_fields(p, name, seen))
    assert seen["tracker-kcpd-04-requester"] == dict.fromkeys(KCPD_REQUESTER, "")
    assert "Missouri Sunshine Law" in text
    assert long_date(LETTER_DAY) in text  # the pinned today is the letter's date

    # 3. Track it: a draft whose next step is to send it; the account keeps the details.
    kcpd = track_from_done_page(page)
    assert status(page) == "Draft"
    assert next_step(page) == "Send the letter, then record the day you sent it."
    expect(page.locator("p.notice[role=status]")).to_contain_text("saved to your account")
    assert letters(page) == [("1", "Request letter")]
    shot(page, "tracker-03-kcpd-draft")

    # 4. Events. A date after today is refused at its field, and what was typed stays.
    fill_event(page, "sent", LETTER_DAY + timedelta(days=1),
               {"method": "certified", "certified_number": CERTIFIED},
               note="Mailed from the Main Street post office.")
    submit_event(page)
    expect(page.locator("form#add-event #day-error")).to_contain_text("after today")
    assert page.locator("form#add-event #day").get_attribute("aria-invalid") == "true"
    assert values(page, ["kind", "method", "certified_number", "note"]) == {
        "kind": "sent", "method": "certified", "certified_number": CERTIFIED,
        "note": "Mailed from the Main Street post office."}
    assert status(page) == "Draft"
    assert page.locator("ol.timeline > li").count() == 0
    shot(page, "tracker-04-event-error")
    check_axe(page, "tracker-04-event-error")
    page.locator("form#add-event #day").fill(LETTER_DAY.isoformat())
    submit_event(page)
    assert status(page) == "Sent"
    assert next_step(page) == "Record the day KCPD received it: the clock starts then."
    expect(page.locator("ol.timeline")).to_contain_text(CERTIFIED)

    # Three weeks later: KCPD received it on the 4th and has not answered.
    clock.move_to(TODAY)
    page.reload()
    missouri = get_calendar("missouri")
    assert missouri.is_business_day(KCPD_RECEIVED)  # no "deemed received" alternative
    due = missouri.add_business_days(KCPD_RECEIVED, 3)
    late = missouri.business_days_between(due, TODAY)
    assert late > 1
    add_event(page, "received", KCPD_RECEIVED)
    assert status(page) == "Overdue"
    assert next_step(page) == f"KCPD is {late} business days late: send the follow-up."
    shot(page, "tracker-05-kcpd-overdue")

    # 5. The follow-up: written, stored as letter 2, its PDF downloaded from the list.
    write_next_letter(page, "Send the follow-up", expect_heading="Follow-up letter",
                      shot_name="tracker-06-kcpd-follow-up-form")
    assert letters(page) == [("1", "Request letter"), ("2", "Follow-up letter")]
    follow_up = download_letter(page, kcpd, 2)
    assert weekday_date(due) in follow_up, follow_up[:1500]
    assert f"no. {CERTIFIED}" in follow_up
    assert "RSMo 610.023.3" in follow_up
    shot(page, "tracker-06-kcpd-follow-up")
    kcpd_page = page.url

    # 6. ICE, in the same session: the requester step starts with the account's details.
    text = ice_by_keyboard(page, "tracker-ice", axe=False,
                           check=lambda p, name: requester_fields(p, name, seen))
    assert seen["tracker-ice-04-requester"] == KCPD_REQUESTER
    assert "Freedom of Information Act" in text
    assert ICE_REQUESTER["requester_name"] in text
    ice_done = page.url
    ice = track_from_done_page(page)
    assert status(page) == "Draft"
    # 9 (keyboard): one event recorded without the mouse, focus visible at every stop.
    add_event_by_keyboard(page, "Received by the agency", TODAY)
    assert status(page) == "Awaiting response"
    add_event(page, "denied", TODAY, {"exemptions": EXEMPTIONS})
    assert status(page) == "Appeal window open"
    assert next_step(page) == "Appeal before the deadline."
    expect(page.locator("ol.timeline")).to_contain_text(EXEMPTIONS)
    write_next_letter(page, "Appeal the withholdings", expect_heading="Appeal: exemptions",
                      shot_name="tracker-07-ice-appeal-form",
                      prefilled={"exemptions": EXEMPTIONS})
    assert letters(page) == [("1", "Request letter"), ("2", "Appeal: exemptions")]
    appeal = download_letter(page, ice, 2)
    assert "(b)(6)" in appeal and "(b)(7)(C)" in appeal, appeal[:1500]
    assert "I appeal the determination of " + long_date(TODAY) in appeal
    shot(page, "tracker-07-ice-appeal")

    # "Same incident, another agency" carries the incident and this letter's requester
    # (ICE's, not the account's) into a new draft.
    page.goto(ice_done)
    with page.expect_navigation():
        page.get_by_role("button", name="Write to another agency about this incident").click()
    expect(page).to_have_url(step_url("agency"))
    page.get_by_label("City of Kansas City, Missouri").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(step_url("records"))
    assert values(page, list(INCIDENT)) == INCIDENT
    requester_url = page.url.rsplit("/", 1)[0] + "/requester"
    page.goto(requester_url)
    assert values(page, list(ICE_REQUESTER)) == ICE_REQUESTER

    # 7. The dashboard: overdue KCPD first, each row's next step with its button; filters.
    page.goto("/requests")
    rows = dashboard_rows(page)
    assert [r["href"] for r in rows] == [f"/requests/{kcpd}", f"/requests/{ice}"]
    assert [r["status"] for r in rows] == ["Overdue", "Appeal window open"]
    assert rows[0]["step"] == f"KCPD is {late} business days late: send the follow-up."
    assert rows[1]["step"] == "Appeal before the deadline."
    # Each button's words, then its request's title for screen readers (visually hidden).
    assert [b.split("(")[0].strip() for r in rows for b in r["buttons"]] == [
        "Send the follow-up", "Appeal the withholdings"]
    dashboard_widths = at_widths(page, "tracker-08-dashboard")
    axe = {"dashboard": rule_ids(check_axe(page, "tracker-08-dashboard"))}
    for value, expected in (("overdue", kcpd), ("appeal-window-open", ice)):
        page.locator("#status").select_option(value)
        with page.expect_navigation():
            page.get_by_role("button", name="Show matching requests").click()
        assert [r["href"] for r in dashboard_rows(page)] == [f"/requests/{expected}"], value
    page.locator("#status").select_option("done")
    with page.expect_navigation():
        page.get_by_role("button", name="Show matching requests").click()
    expect(page.get_by_text("No request matches these filters.")).to_be_visible()

    # 9. The request page and the account page pass axe too.
    page.goto(kcpd_page)
    request_widths = at_widths(page, "tracker-09-request")
    axe["request page"] = rule_ids(check_axe(page, "tracker-09-request"))

    # 8. The calendar feed: on, read, both requests' deadlines with reminders; off: 404.
    page.goto("/account")
    feed = page.locator("section[aria-labelledby=feed]")
    with page.expect_navigation():
        feed.get_by_role("button", name="Turn the feed on").click()
    url = feed.locator("code").inner_text().strip()
    assert re.fullmatch(re.escape(clock.url) + r"/calendar/[A-Za-z0-9_-]{16,64}\.ics", url), url
    shot(page, "tracker-10-account")
    axe["account page"] = rule_ids(check_axe(page, "tracker-10-account"))
    reply = page.request.get(url)
    assert reply.status == 200, reply.status
    assert reply.headers["content-type"].startswith("text/calendar")
    events = {str(e["UID"]).split("@")[0]: e
              for e in icalendar.Calendar.from_ical(reply.body()).walk("VEVENT")}
    response = events[f"request-{kcpd}-response"]
    assert response.decoded("DTSTART") == due
    assert str(response["SUMMARY"]).startswith("KCPD response due")
    appeal_by = events[f"request-{ice}-appeal-by"]
    assert appeal_by.decoded("DTSTART") > TODAY
    assert str(appeal_by["SUMMARY"]).startswith("Appeal ICE's decision by")
    for event in (response, appeal_by):
        assert [a["ACTION"] for a in event.walk("VALARM")] == ["DISPLAY", "DISPLAY"]
    with page.expect_navigation():
        feed.get_by_role("button", name="Turn the feed off").click()
    expect(feed).to_contain_text("The feed is off.")
    assert page.request.get(url).status == 404

    # Checked last, so that a page problem does not hide the story's results above.
    # axe: no violation of any impact (check_axe itself fails only on serious ones);
    # the report is in tests/browser/screenshots/axe-report.txt.
    assert axe == {"dashboard": [], "request page": [], "account page": []}
    # Phone widths: nothing scrolls sideways (WCAG 1.4.10); the screenshots are for a look.
    assert dashboard_widths["phone"] <= PHONE, dashboard_widths
    assert request_widths["phone"] <= PHONE, request_widths
