"""The private calendar feed and one request's .ics, read back with icalendar."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy.orm import Session

from records import db
from records.models import TimelineEvent, User
from tests import tracker_data as data

FEED = "f" * 20 + "EEDtoken_-123456789"
# Personal data in the example answers: none of it may reach a calendar.
PERSONAL = ("Florencio", "Millan", "Jordan Alvarez", "Maria Elena Robles", "1987-03-14",
            "A012345678", "Harvard Circle")


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with db.connect(app.config["DATABASE_URL"]).scope() as s:
        yield s


@pytest.fixture
def ana(session: Session) -> User:
    return data.user(session, "ana@example.org", feed_token=FEED)


def events_of(body: bytes) -> dict[str, object]:
    """UID -> VEVENT of a feed, parsed back."""
    cal = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_the_feed_has_every_open_deadline_of_own_and_organisation_requests(
        client: FlaskClient, session: Session, ana: User) -> None:
    ben = data.user(session, "ben@example.org")
    clinic = data.org(session, "Clinic", ana, ben)
    kcpd = data.request(session, ana, events=[("received", "2026-11-02")])
    ice = data.request(session, ben, law="foia", agency="ice", organisation=clinic,
                       events=[("received", "2026-09-02"),
                               ("denied", "2026-10-01", {"exemptions": ["(b)(6)"]})])
    data.request(session, ben, events=[("received", "2026-11-02")])  # ben's own: not ana's

    response = client.get(f"/calendar/{FEED}.ics")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert response.headers["Cache-Control"] == "private, no-store"
    found = events_of(response.data)
    ids = {uid.split("@")[0] for uid in found}
    # The ICE letter asked for expedited processing: ICE never decided it (10 days, missed).
    assert ids == {f"request-{kcpd.id}-response", f"request-{kcpd.id}-suit-by",
                   f"request-{ice.id}-appeal-by", f"request-{ice.id}-expedite-decision"}
    response_due = next(e for u, e in found.items() if u.startswith(f"request-{kcpd.id}-resp"))
    assert response_due["SUMMARY"] == "KCPD response due (RSMo 610.023.3)"
    assert response_due.decoded("DTSTART") == date(2026, 11, 5)
    assert response_due.decoded("DTEND") == date(2026, 11, 6)
    description = str(response_due["DESCRIPTION"])
    assert "Next step: KCPD is 11 business days late: send the follow-up." in description
    assert f"http://127.0.0.1:5000/requests/{kcpd.id}" in description
    assert "KCPD: incident of 2019-07-22" in description


def test_an_appeal_deadline_is_the_earliest_reading_and_an_agency_deadline_the_latest(
        client: FlaskClient, session: Session, ana: User) -> None:
    # ICE denied on 2026-10-01: the appeal is due in 90 working days (2027-02-12) by 6 CFR
    # 5.8, but the earliest reading is 2026-12-30: the feed gives the date safe to act by.
    ice = data.request(session, ana, law="foia", agency="ice",
                       events=[("received", "2026-09-02"), ("denied", "2026-10-01")])
    appeal = next(e for u, e in events_of(client.get(f"/calendar/{FEED}.ics").data).items()
                  if u.startswith(f"request-{ice.id}-appeal-by@"))
    assert appeal.decoded("DTSTART") == date(2026, 12, 30)
    assert str(appeal["SUMMARY"]).startswith("Appeal ICE's decision by (6 CFR 5.8")
    assert "act by this date (the earliest reading)" in str(appeal["DESCRIPTION"])
    assert "2027-02-12" in str(appeal["DESCRIPTION"])


def test_each_deadline_reminds_three_days_and_one_day_before_at_nine(
        client: FlaskClient, session: Session, ana: User) -> None:
    data.request(session, ana, events=[("received", "2026-11-02")])
    event = next(iter(events_of(client.get(f"/calendar/{FEED}.ics").data).values()))
    start = datetime.combine(event.decoded("DTSTART"), datetime.min.time())
    alarms = event.walk("VALARM")
    reminded = sorted(start + a.decoded("TRIGGER") for a in alarms)
    assert reminded == [start - timedelta(days=3) + timedelta(hours=9),
                        start - timedelta(days=1) + timedelta(hours=9)]
    assert {str(a["ACTION"]) for a in alarms} == {"DISPLAY"}


def test_uids_stay_the_same_when_a_date_moves_so_phones_update_instead_of_duplicating(
        client: FlaskClient, session: Session, ana: User) -> None:
    kcpd = data.request(session, ana, events=[("received", "2026-11-02")])
    before = events_of(client.get(f"/calendar/{FEED}.ics").data)
    # The custodian's reply arrives: the response clock is answered and leaves the feed;
    # recording a later day of receipt instead moves the date under the same UID.
    kcpd.events[0].day = date(2026, 11, 16)
    session.commit()
    after = events_of(client.get(f"/calendar/{FEED}.ics").data)
    assert set(before) == set(after)
    uid = next(u for u in after if "-response@" in u)
    assert before[uid].decoded("DTSTART") == date(2026, 11, 5)
    assert after[uid].decoded("DTSTART") == date(2026, 11, 19)
    assert uid.endswith(".show-me-records")


def test_answered_and_unsent_requests_have_nothing_in_the_feed(
        client: FlaskClient, session: Session, ana: User) -> None:
    data.request(session, ana)  # a draft, never sent
    data.request(session, ana, events=[("sent", "2026-11-02", {"method": "mail"})])
    done = data.request(session, ana, events=[("received", "2026-11-02")])
    done.events.append(TimelineEvent(kind="completed", day=date(2026, 11, 4), detail={},
                                     note="", created_at=data.NOW))
    session.commit()
    assert events_of(client.get(f"/calendar/{FEED}.ics").data) == {}


def test_no_client_names_birth_dates_or_a_numbers_in_the_feed(
        client: FlaskClient, session: Session, ana: User) -> None:
    for law, agency in (("mo-sunshine", "kcpd"), ("foia", "ice"), ("privacy-act", "ice")):
        data.request(session, ana, law=law, agency=agency, events=[("received", "2026-09-02")])
    body = client.get(f"/calendar/{FEED}.ics").data.decode()
    assert "BEGIN:VEVENT" in body
    for phrase in PERSONAL:
        assert phrase not in body


@pytest.mark.parametrize("token", ["nope", "f" * 20 + "EEDtoken_-12345678X", "../" + FEED,
                                   "a" * 65, FEED + "%00"])
def test_a_wrong_or_malformed_token_is_a_404(client: FlaskClient, ana: User,
                                             token: str) -> None:
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_revoked_token_is_a_404(client: FlaskClient, session: Session, ana: User) -> None:
    assert client.get(f"/calendar/{FEED}.ics").status_code == 200
    ana.feed_token = None
    session.commit()
    assert client.get(f"/calendar/{FEED}.ics").status_code == 404


def test_one_request_downloads_as_ics_and_another_users_is_a_404(
        app: Flask, session: Session, ana: User) -> None:
    ben = data.user(session, "ben@example.org")
    mine = data.request(session, ana, events=[("received", "2026-11-02")])
    theirs = data.request(session, ben, events=[("received", "2026-11-02")])
    client = data.signed_in(app.test_client(), ana)

    response = client.get(f"/requests/{mine.id}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert {u.split("@")[0] for u in events_of(response.data)} == {
        f"request-{mine.id}-response", f"request-{mine.id}-suit-by"}
    assert client.get(f"/requests/{theirs.id}.ics").status_code == 404
    assert client.get("/requests/999999.ics").status_code == 404
    assert client.get("/requests/99999999999999999999999.ics").status_code == 404


def test_commas_semicolons_accents_and_long_lines_survive_the_round_trip(
        client: FlaskClient, session: Session, ana: User) -> None:
    title = "KCPD: incidente del 2019-07-22; cámaras, radio y \\ informes " + "ñ€" * 40
    data.request(session, ana, title=title, events=[("received", "2026-11-02")])
    body = client.get(f"/calendar/{FEED}.ics").data
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert body.endswith(b"END:VCALENDAR\r\n")
    for event in events_of(body).values():
        assert f"Request: {title}\n" in str(event["DESCRIPTION"])


def test_the_account_page_links_the_feed_this_route_serves(
        app: Flask, session: Session, ana: User) -> None:
    # /api/me gives the feed's URL (records.accounts.feed_path): it must be this route.
    data.request(session, ana, events=[("received", "2026-11-02")])
    me = data.signed_in(app.test_client(), ana).get("/api/me").get_json()
    path = me["calendar_feed"].split("://", 1)[1].split("/", 1)[1]
    response = app.test_client().get("/" + path)
    assert response.status_code == 200 and b"BEGIN:VEVENT" in response.data
