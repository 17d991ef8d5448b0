"""The tracker's pages: the dashboard, a request's page and its timeline, letters, and
tracking a letter from the wizard's done page."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any

import pytest
from flask import Flask

from records.models import TrackedRequest, User
from records.web import database
from records.web.tracker import PAGE_SIZE
from tests.conftest import make_answers
from tests.tracker_web_helpers import (
    FAKE_PDF,
    NOW,
    csrf,
    form_of,
    make_org,
    make_request,
    make_user,
    sign_in,
)
from tests.wizard_helpers import HttpsClient, Page, Wizard, errors_on


def _rows(page: Page) -> list[str]:
    return [re.sub(r"\s+", " ", row.text()).strip() for row in page.all("tr")[1:]]


def _request(app: Flask, request_id: int) -> TrackedRequest:
    with app.app_context():
        found = database.session().get(TrackedRequest, request_id)
        assert found is not None
        database.session().expunge(found)
        return found


# ------------------------------------------------------------------ tracking a letter


def _finished_draft(web: HttpsClient, **overrides: object) -> Wizard:
    wizard = Wizard(web)
    wizard.start("blank")
    wizard.fill(make_answers(**overrides))
    assert web.post(wizard.url("done"), data={"csrf_token": wizard.csrf}).status_code == 302
    return wizard


def test_a_signed_in_reporter_tracks_the_letter_from_the_done_page(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    wizard = _finished_draft(web)
    done = Page.of(web.get(wizard.url("done")))
    assert "coming in a later version" not in done.text()
    track = f"/new/{wizard.token}/track"
    response = web.post(track, data=form_of(done, track))
    assert response.status_code == 302
    request_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = Page.of(web.get(f"/requests/{request_id}"))
    assert "KCPD: incident of 2019-07-22" in page.text()
    stored = web.get(f"/requests/{request_id}/letters/1.pdf")
    assert stored.data.startswith(b"%PDF-")
    assert hashlib.sha256(stored.data).hexdigest()[:12] in page.text()
    # The account had no details: the letter's are kept for the next one, and it says so.
    assert "saved to your account" in page.text()
    with app.app_context():
        account = database.session().get(User, advocate)
        assert account is not None and account.requester["name"]


def test_tracking_the_same_letter_twice_keeps_one_request(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    wizard = _finished_draft(web)
    done = Page.of(web.get(wizard.url("done")))
    track = f"/new/{wizard.token}/track"
    first = web.post(track, data=form_of(done, track))
    again = web.post(track, data=form_of(done, track))  # a double click, or a second tab
    assert again.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert database.session().query(TrackedRequest).count() == 1
    # A changed letter from the same draft is another letter: it is tracked on its own.
    wizard.fill(make_answers(description="Also the tow report."))
    assert web.post(wizard.url("done"), data={"csrf_token": wizard.csrf}).status_code == 302
    done = Page.of(web.get(wizard.url("done")))
    other = web.post(track, data=form_of(done, track))
    assert other.headers["Location"] != first.headers["Location"]


def test_a_race_between_two_tabs_tracks_the_letter_once(
        app: Flask, advocate: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from records import tracker
    from records.tracker import requests as store
    from records.tracker.requests import AlreadyTracked, source_of

    answers = make_answers(date="2026-11-02")
    letter = tracker.LetterFile("request", answers, b"%PDF-1.7", "text", date(2026, 11, 2))
    source = source_of("a-draft-token", answers)
    with app.app_context():
        session = database.session()
        first = tracker.create(session, owner_id=advocate, answers=answers, letter=letter,
                               now=NOW, source=source)
        # The second tab checked before the first committed: its look-up found nothing.
        real, calls = store.tracked_from, []

        def stale_then_real(*args: Any) -> int | None:
            calls.append(args)
            return None if len(calls) == 1 else real(*args)

        monkeypatch.setattr(store, "tracked_from", stale_then_real)
        with pytest.raises(AlreadyTracked) as caught:
            tracker.create(session, owner_id=advocate, answers=answers, letter=letter,
                           now=NOW, source=source)
        assert caught.value.request_id == first.id
        assert len(calls) == 2  # the unique index caught it; the look-up after named it
        assert session.query(TrackedRequest).count() == 1


def test_a_signed_out_reporter_signs_in_and_tracks_the_same_draft(
        app: Flask, web: HttpsClient) -> None:
    from tests import tracker_helpers as accounts_helpers

    wizard = _finished_draft(web)
    track = f"/new/{wizard.token}/track"
    response = web.post(track, data={"csrf_token": wizard.csrf})
    assert response.status_code == 302
    login = response.headers["Location"]
    assert login.startswith("/login?next=") and f"%2Fnew%2F{wizard.token}%2Fdone" in login
    with accounts_helpers.app_session(app) as session:
        accounts_helpers.make_user(session, "reporter@example.org")
    signed = accounts_helpers.sign_in(web, "reporter@example.org",
                                      next_path=f"/new/{wizard.token}/done")
    assert signed.headers["Location"].endswith(f"/new/{wizard.token}/done")
    done = Page.of(web.get(wizard.url("done")))
    assert web.post(track, data=form_of(done, track)).status_code == 302
    with app.app_context():
        assert database.session().query(TrackedRequest).count() == 1


def test_tracking_refuses_an_organisation_the_user_is_not_in(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    other = make_org(app, "Someone else's clinic", make_user(app, "x@example.org"))
    wizard = _finished_draft(web)
    response = web.post(f"/new/{wizard.token}/track", data={
        "csrf_token": wizard.csrf, "org": str(other), "repeat_months": "30"})
    assert response.status_code == 422
    errors = errors_on(Page.of(response))
    assert any("your organisations" in e for e in errors)
    assert any("from 1 to 24" in e for e in errors)


def test_same_incident_another_agency_starts_a_draft_with_the_incident_and_the_details(
        web: HttpsClient) -> None:
    wizard = _finished_draft(web)
    response = web.post(f"/new/{wizard.token}/another-agency",
                        data={"csrf_token": wizard.csrf})
    assert response.status_code == 302
    match = re.fullmatch(r"/new/([A-Za-z0-9_-]+)/agency", response.headers["Location"])
    assert match and match[1] != wizard.token
    second = Wizard(web)
    second.token = match[1]
    carried = second.answers()
    first = wizard.answers()
    assert carried["incident"] == first["incident"]
    assert carried["requester"] == first["requester"]
    assert "agency" not in carried and "records" not in carried


def test_the_requester_step_starts_from_the_accounts_saved_details(
        app: Flask, web: HttpsClient) -> None:
    sign_in(web, make_user(app, requester={"name": "Ana Reyes", "email": "ana@example.org",
                                           "address": "1 Main St, Kansas City, MO"}))
    wizard = Wizard(web)
    wizard.start("blank")
    page = Page.of(wizard.get("requester"))
    assert page.value("requester_name") == "Ana Reyes"


# ------------------------------------------------------------------ the dashboard


def test_the_dashboard_puts_overdue_first_then_due_soon_then_appeals_closing(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    # TODAY is 2026-11-23.
    make_request(app, advocate, events=[("received", "2026-11-20", {})])  # due 11-25
    make_request(app, advocate, events=[("received", "2026-11-02", {})])  # overdue
    make_request(app, advocate, base="ice-foia-2019.json",
                 answers={"date": "2026-09-01", "expedite": ..., "expedite_ground": ...},
                 events=[("received", "2026-09-02", {}),
                         ("denied", "2026-09-10", {"exemptions": "(b)(6)"})])
    make_request(app, advocate)  # never sent: no deadline
    rows = _rows(Page.of(web.get("/requests")))
    assert len(rows) == 4
    assert "Overdue" in rows[0]
    assert "Awaiting response" in rows[1] and "2 business days left" in rows[1]
    assert "Appeal window open" in rows[2]
    assert "Draft" in rows[3]


def test_a_long_dashboard_comes_in_pages_with_the_urgent_counts_on_top(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    for _ in range(3):
        make_request(app, advocate, events=[("received", "2026-11-02", {})])
    for _ in range(PAGE_SIZE - 1):
        make_request(app, advocate)  # drafts: last in dashboard order
    first = Page.of(web.get("/requests"))
    assert len(_rows(first)) == PAGE_SIZE
    assert "3 overdue · 0 due within a week · 0 appeal windows closing" in first.text()
    assert ["Overdue" in row for row in _rows(first)[:4]] == [True, True, True, False]
    assert "Page 1 of 2" in first.text()
    second = Page.of(web.get("/requests?page=2"))
    assert len(_rows(second)) == 2
    beyond = Page.of(web.get("/requests?page=99"))  # past the end: the last page
    assert _rows(beyond) == _rows(second)
    filtered = Page.of(web.get("/requests?status=overdue&page=2"))
    assert len(_rows(filtered)) == 3 and "Page 1 of" not in filtered.text()


def test_the_overdue_kcpd_request_offers_the_follow_up_in_one_click(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    app.config["TODAY"] = date(2026, 11, 11)
    request_id = make_request(app, advocate, events=[("received", "2026-11-02", {})])
    page = Page.of(web.get("/requests"))
    assert "KCPD is 3 business days late: send the follow-up." in page.text()
    forms = [f for f in page.all("form") if f.get("action") == f"/requests/{request_id}/letters"]
    assert forms and form_of(page, f"/requests/{request_id}/letters")["kind"] == "follow-up"
    assert "3 days late" in page.text() or "days late" in page.text()


def test_dashboard_filters_and_search(app: Flask, web: HttpsClient, advocate: int) -> None:
    make_request(app, advocate, events=[("received", "2026-11-02", {}), (
        "acknowledged", "2026-11-03", {"tracking": "KC-2026-777", "note": "called Sgt Diaz"})])
    make_request(app, advocate, base="ice-foia-2019.json")
    assert len(_rows(Page.of(web.get("/requests?agency=ice")))) == 1
    assert len(_rows(Page.of(web.get("/requests?law=mo-sunshine")))) == 1
    assert len(_rows(Page.of(web.get("/requests?status=draft")))) == 1
    assert len(_rows(Page.of(web.get("/requests?q=kc-2026-777")))) == 1
    assert len(_rows(Page.of(web.get("/requests?q=sgt+diaz")))) == 1
    assert len(_rows(Page.of(web.get("/requests?q=Immigration")))) == 1
    empty = Page.of(web.get("/requests?q=nothing-like-this"))
    assert "No request matches" in empty.text()


def test_a_member_filter_lists_the_organisations_people(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    colleague = make_user(app, "colleague@example.org")
    org = make_org(app, "Clinic", advocate, colleague)
    make_request(app, advocate)
    make_request(app, colleague, org_id=org)
    page = Page.of(web.get("/requests"))
    assert page.by_id("member") is not None
    assert len(_rows(Page.of(web.get(f"/requests?member={colleague}")))) == 1


def test_a_new_user_is_told_how_to_start(web: HttpsClient, advocate: int) -> None:
    page = Page.of(web.get("/requests"))
    assert "Track this request" in page.text()
    assert "/new/" in page.hrefs()


def test_signed_out_the_dashboard_sends_you_to_sign_in(web: HttpsClient) -> None:
    response = web.get("/requests")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=%2Frequests")


# ------------------------------------------------------------------ a request's page


def test_adding_an_event_puts_it_on_the_timeline_and_starts_the_clock(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(app, advocate)
    page = Page.of(web.get(f"/requests/{request_id}"))
    action = f"/requests/{request_id}/events"
    data = form_of(page, action) | {"kind": "sent", "day": "2026-11-02",
                                    "method": "certified", "certified_number": "9407 1000"}
    assert web.post(action, data=data).status_code == 302
    data = form_of(Page.of(web.get(f"/requests/{request_id}")), action)
    data |= {"kind": "received", "day": "2026-11-04"}
    assert web.post(action, data=data).status_code == 302
    page = Page.of(web.get(f"/requests/{request_id}"))
    assert "9407 1000" in page.text() and "certified" in page.text()
    assert "Day-by-day explanation" in page.text()
    assert page.by_id("clock-response") is not None


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"kind": "appeal-sent"}, "kind", "does not apply"),
    ({"day": "2026-12-30"}, "day", "after today"),
    ({"day": "2026-10-01"}, "day", "before the letter"),
    ({"day": "yesterday"}, "day", "YYYY-MM-DD"),
    ({"kind": "payment-requested", "amount": "lots"}, "amount", "not an amount"),
    ({"kind": "payment-requested", "amount": ""}, "amount", "amount the agency asked"),
    ({"kind": "sent", "method": "pigeon"}, "method", "choose how it was sent"),
    ({"kind": "acknowledged", "tracking": "x" * 41}, "tracking", "at most 40"),
    ({"note": "n" * 4001}, "note", "at most 4000"),
])
def test_each_bad_event_field_gets_its_own_error(
        app: Flask, web: HttpsClient, advocate: int, changes: dict[str, str], field: str,
        words: str) -> None:
    request_id = make_request(app, advocate)
    action = f"/requests/{request_id}/events"
    data = form_of(Page.of(web.get(f"/requests/{request_id}")), action)
    data |= {"kind": "received", "day": "2026-11-04"} | changes
    response = web.post(action, data=data)
    assert response.status_code == 422
    page = Page.of(response)
    error = page.by_id(f"{field}-error")
    assert error is not None and words in error.text(), errors_on(page)
    assert _events(app, request_id) == []


def test_a_stale_event_form_is_refused_and_keeps_what_was_typed(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(app, advocate)
    action = f"/requests/{request_id}/events"
    old = form_of(Page.of(web.get(f"/requests/{request_id}")), action)
    fresh = old | {"kind": "sent", "day": "2026-11-02", "method": "mail"}
    assert web.post(action, data=fresh).status_code == 302
    stale = old | {"kind": "received", "day": "2026-11-05", "note": "typed in the old tab"}
    response = web.post(action, data=stale)
    assert response.status_code == 409
    page = Page.of(response)
    assert "changed in another window" in page.text()
    assert page.value("note").strip() == "typed in the old tab"
    kinds = [e.kind for e in _events(app, request_id)]
    assert kinds == ["sent"]


def _events(app: Flask, request_id: int) -> list:
    from records import tracker

    with app.app_context():
        session = database.session()
        owner = session.get(TrackedRequest, request_id)
        assert owner is not None
        return list(tracker.get(session, owner.owner_id, request_id).events)


def test_deleting_an_event_asks_first_then_removes_it(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(app, advocate, events=[("received", "2026-11-02", {})])
    event_id = _events(app, request_id)[0].id
    url = f"/requests/{request_id}/events/{event_id}/delete"
    confirm = Page.of(web.get(url))
    assert "Delete this event?" in confirm.text()
    assert _events(app, request_id)
    assert web.post(url, data=form_of(confirm, url)).status_code == 302
    assert _events(app, request_id) == []


def test_stored_letters_download_byte_for_byte(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(app, advocate)
    pdf = web.get(f"/requests/{request_id}/letters/1.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert hashlib.sha256(pdf.data).hexdigest() == hashlib.sha256(FAKE_PDF).hexdigest()
    assert "attachment" in pdf.headers["Content-Disposition"]
    text = web.get(f"/requests/{request_id}/letters/1.txt")
    assert text.get_data(as_text=True) == "the letter as text"
    assert web.get(f"/requests/{request_id}/letters/2.pdf").status_code == 404


def test_the_title_can_be_changed_but_not_emptied(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(app, advocate)
    action = f"/requests/{request_id}/title"
    data = form_of(Page.of(web.get(f"/requests/{request_id}")), action)
    assert web.post(action, data=data | {"title": "   "}).status_code == 422
    assert web.post(action, data=data | {"title": "KCPD video"}).status_code == 302
    assert _request(app, request_id).title == "KCPD video"


def test_the_owner_shares_a_request_with_their_clinic(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    org = make_org(app, "Clinic", advocate)
    request_id = make_request(app, advocate)
    action = f"/requests/{request_id}/sharing"
    data = form_of(Page.of(web.get(f"/requests/{request_id}")), action)
    assert web.post(action, data=data | {"org": str(org)}).status_code == 302
    assert _request(app, request_id).org_id == org
    data = form_of(Page.of(web.get(f"/requests/{request_id}")), action)
    assert web.post(action, data=data | {"org": "999"}).status_code == 422


def test_a_recurring_request_offers_the_next_one_when_it_is_due(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(app, advocate, answers={"date": "2026-09-01"},
                              events=[("received", "2026-09-02", {}),
                                      ("completed", "2026-09-04", {})], repeat_months=2)
    page = Page.of(web.get(f"/requests/{request_id}"))
    assert "The next request in this series is due" in page.text()
    response = web.post(f"/requests/{request_id}/repeat", data={"csrf_token": csrf(web)})
    assert response.status_code == 302
    follower = _request(app, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert follower.series_id == request_id and follower.repeat_months == 2
    assert follower.answers["date"] == "2026-11-23"
    assert follower.answers["records_from"] == "2026-09-01"
    assert _request(app, request_id).repeat_months is None
    assert web.get(f"/requests/{follower.id}/letters/1.pdf").data.startswith(b"%PDF-")


def test_the_recurring_setting_takes_one_to_24_months(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(app, advocate)
    action = f"/requests/{request_id}/recurring"
    data = form_of(Page.of(web.get(f"/requests/{request_id}")), action)
    response = web.post(action, data=data | {"repeat_months": "25"})
    assert response.status_code == 422
    assert "from 1 to 24" in Page.of(response).text()
    data = form_of(Page.of(web.get(f"/requests/{request_id}")), action)
    assert web.post(action, data=data | {"repeat_months": "6"}).status_code == 302
    assert _request(app, request_id).repeat_months == 6


def test_the_page_links_the_calendar_file_and_the_evidence_packet(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(app, advocate)
    hrefs = Page.of(web.get(f"/requests/{request_id}")).hrefs()
    assert f"/requests/{request_id}.ics" in hrefs
    assert f"/requests/{request_id}/packet.pdf" in hrefs


def test_a_form_without_its_csrf_token_is_refused(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    request_id = make_request(app, advocate)
    response = web.post(f"/requests/{request_id}/events",
                        data={"kind": "received", "day": "2026-11-04"})
    assert response.status_code == 400


def test_the_next_step_speaks_spanish_to_a_spanish_reader(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    app.config["TODAY"] = date(2026, 11, 11)
    make_request(app, advocate, events=[("received", "2026-11-02", {})])
    web.set_cookie("lang", "es", domain="localhost")
    page = Page.of(web.get("/requests"))
    assert "KCPD lleva 3 días hábiles de retraso: envíe la carta de seguimiento." in page.text()
    assert "Vencida" in page.text()


def test_the_request_page_has_one_of_each_id_and_a_label_for_every_field(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    make_org(app, "Clinic", advocate)
    request_id = make_request(app, advocate, events=[("received", "2026-11-02", {})])
    page = Page.of(web.get(f"/requests/{request_id}"))
    ids = page.ids()
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    labelled = {label.get("for") for label in page.all("label")}
    for control in page.all("input") + page.all("select") + page.all("textarea"):
        if control.get("type") not in ("hidden", "submit"):
            assert control.get("id") in labelled, control.attrs


def test_every_tracker_label_has_spanish() -> None:
    from babel.messages.pofile import read_po

    from records.tracker import KINDS, STATUS_LABELS
    from records.tracker.followups import FOLLOW_UP_TITLES
    from records.web.tracker_forms import DETAIL_LABELS
    from records.web.tracker_next import LETTER_NAMES
    from tests.conftest import TRANSLATIONS

    with (TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        spanish = {m.id: m.string for m in read_po(po) if m.id}
    labels = [spec.label for spec in KINDS.values()] + [*STATUS_LABELS.values(),
              *FOLLOW_UP_TITLES.values(), *DETAIL_LABELS.values(), *LETTER_NAMES.values()]
    assert [label for label in labels if not spanish.get(label)] == []


def test_an_unknown_or_impossible_id_is_404_never_a_server_error(
        app: Flask, web: HttpsClient, advocate: int) -> None:
    for url in ("/requests/999", "/requests/999/letters/1.pdf",
                "/requests/2147483648", "/requests/99999999999999999999999"):
        assert web.get(url).status_code == 404, url


def test_a_stranger_changes_nothing(app: Flask, web: HttpsClient) -> None:
    request_id = make_request(app, make_user(app, "owner@example.org"))
    sign_in(web, make_user(app, "stranger@example.org"))
    response = web.post(f"/requests/{request_id}/title",
                        data={"csrf_token": csrf(web), "title": "mine now"})
    assert response.status_code == 404
    assert _request(app, request_id).title != "mine now"
