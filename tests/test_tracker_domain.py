"""The tracker's domain: the timeline -> engine table, statuses, next steps, the store."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from records import db, tracker
from records.models import Membership, Organisation, User
from records.tracker import Entry, TimelineKind, TrackStatus, track
from records.vocabulary import EventKind
from tests.conftest import make_answers

T = TimelineKind
NOW = datetime(2026, 11, 23, 15, tzinfo=UTC)


def status_of(law: str, agency: str, events: list[tuple[TimelineKind, str, dict]],
              today: str) -> tracker.Tracking:
    entries = [Entry(kind, date.fromisoformat(day), detail) for kind, day, detail in events]
    return track(law, agency, {}, entries, today=date.fromisoformat(today))


def test_a_request_never_sent_is_a_draft_and_never_overdue() -> None:
    found = status_of("mo-sunshine", "kcpd", [], "2030-01-01")
    assert found.status == TrackStatus.DRAFT
    assert found.clocks == []


def test_sent_but_not_yet_received_asks_for_the_day_of_receipt() -> None:
    found = status_of("mo-sunshine", "kcpd", [(T.SENT, "2026-11-02", {"method": "mail"})],
                      "2026-11-20")
    assert found.status == TrackStatus.SENT
    assert found.step.action == "event:received"


def test_kcpd_three_business_days_late_is_overdue_with_the_follow_up_one_click_away() -> None:
    # Received Monday 2026-11-02: due Thursday 11-05; on Wednesday 11-11 (Veterans Day,
    # a Missouri holiday) KCPD is late by Fri 11-06, Mon 11-09, Tue 11-10.
    found = status_of("mo-sunshine", "kcpd", [(T.RECEIVED, "2026-11-02", {})], "2026-11-11")
    assert found.status == TrackStatus.OVERDUE
    assert found.step.action == "follow-up"
    assert found.step.text == "KCPD is 3 business days late: send the follow-up."
    assert found.step.due == date(2026, 11, 5)


def test_a_bare_acknowledgment_is_not_a_missouri_response_but_an_explained_one_is() -> None:
    bare = status_of("mo-sunshine", "kcpd", [(T.RECEIVED, "2026-11-02", {}),
                                             (T.ACKNOWLEDGED, "2026-11-03", {})], "2026-11-12")
    explained = status_of("mo-sunshine", "kcpd", [
        (T.RECEIVED, "2026-11-02", {}),
        (T.ACKNOWLEDGED, "2026-11-03", {"explained": True})], "2026-11-12")
    assert bare.status == TrackStatus.OVERDUE
    assert explained.status == TrackStatus.AWAITING_RESPONSE


def test_every_engine_event_the_timeline_makes_is_a_kind_the_engine_knows() -> None:
    for kind, spec in tracker.KINDS.items():
        for pairs in spec.engine.values():
            assert all(engine in set(EventKind) for engine, _value in pairs), kind


def test_a_federal_denial_opens_the_appeal_window_with_the_exemptions_appeal() -> None:
    found = status_of("foia", "ice", [(T.RECEIVED, "2026-09-02", {}),
                                      (T.DENIED, "2026-10-01", {"exemptions": ["(b)(6)"]})],
                      "2026-11-12")
    assert found.status == TrackStatus.APPEAL_WINDOW
    assert found.step.action == "appeal-exemptions"
    assert found.step.clock == "appeal-by"


def test_no_records_is_appealed_for_an_inadequate_search() -> None:
    found = status_of("foia", "ice", [(T.RECEIVED, "2026-09-02", {}),
                                      (T.NO_RECORDS, "2026-10-01", {})], "2026-11-12")
    assert found.step.action == "appeal-search"


def test_an_interim_release_does_not_stop_the_federal_clock_but_a_final_one_does() -> None:
    interim = status_of("foia", "ice", [(T.RECEIVED, "2026-09-02", {}),
                                        (T.PARTIAL_RELEASE, "2026-09-20", {})], "2026-11-12")
    final = status_of("foia", "ice", [(T.RECEIVED, "2026-09-02", {}),
                                      (T.PARTIAL_RELEASE, "2026-09-20", {"final": True})],
                      "2026-11-12")
    assert interim.status == TrackStatus.OVERDUE
    assert final.status == TrackStatus.APPEAL_WINDOW


def test_a_missouri_fee_request_waits_for_payment_and_offers_the_fee_challenge() -> None:
    found = status_of("mo-sunshine", "kcpd", [
        (T.RECEIVED, "2026-11-02", {}),
        (T.PAYMENT_REQUESTED, "2026-11-03", {"amount": "45.00"})], "2026-11-12")
    assert found.status == TrackStatus.AWAITING_PAYMENT
    assert found.step.action == "fee-challenge"


def test_an_appeal_in_progress_then_late_sends_the_user_to_ogis() -> None:
    events = [(T.RECEIVED, "2026-09-02", {}), (T.DENIED, "2026-10-01", {}),
              (T.APPEAL_SENT, "2026-10-05", {}), (T.APPEAL_RECEIVED, "2026-10-06", {})]
    assert status_of("foia", "ice", events, "2026-10-20").status == TrackStatus.IN_APPEAL
    late = status_of("foia", "ice", events, "2026-11-12")
    assert late.status == TrackStatus.OVERDUE
    assert late.step.action == "ogis"


def test_withdrawn_is_done() -> None:
    found = status_of("foia", "ice", [(T.RECEIVED, "2026-09-02", {}),
                                      (T.WITHDRAWN, "2026-09-03", {})], "2026-11-12")
    assert found.status == TrackStatus.DONE


# ---------------------------------------------------------------- the store


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    """A migrated, empty database on each engine (SQLite and PostgreSQL)."""
    with db.connect(database_url).scope() as found:
        yield found


def _user(session: Session, email: str) -> User:
    user = User(email=email, password_hash="x", requester={}, created_at=NOW)
    session.add(user)
    session.commit()
    return user


def _letter(answers: dict) -> tracker.LetterFile:
    return tracker.LetterFile("request", answers, b"%PDF-1.7 test", "text",
                              date.fromisoformat(answers["date"]))


def _request(session: Session, owner: User, **kwargs: object) -> tracker.requests.TrackedRequest:
    answers = make_answers(date="2026-11-02")
    return tracker.create(session, owner_id=owner.id, answers=answers, letter=_letter(answers),
                          now=NOW, **kwargs)  # type: ignore[arg-type]


def test_a_tracked_request_keeps_its_letter_and_its_sha256(session: Session) -> None:
    owner = _user(session, "a@example.org")
    request = _request(session, owner)
    stored = tracker.letter(session, request, 1)
    assert stored.pdf == b"%PDF-1.7 test"
    assert stored.sha256 == hashlib.sha256(b"%PDF-1.7 test").hexdigest()
    assert request.title == "KCPD: incident of 2019-07-22"


def test_another_users_request_is_not_found_but_an_org_members_is(session: Session) -> None:
    owner, stranger, colleague = (_user(session, f"{n}@example.org") for n in "abc")
    org = Organisation(name="Clinic", created_at=NOW)
    session.add(org)
    session.flush()
    session.add_all([Membership(user_id=owner.id, org_id=org.id, role="owner", created_at=NOW),
                     Membership(user_id=colleague.id, org_id=org.id, role="member",
                                created_at=NOW)])
    session.commit()
    private = _request(session, owner)
    shared = _request(session, owner, org_id=org.id)
    with pytest.raises(tracker.NotFound):
        tracker.get(session, stranger.id, private.id)
    with pytest.raises(tracker.NotFound):
        tracker.get(session, colleague.id, private.id)
    assert tracker.get(session, colleague.id, shared.id).id == shared.id
    assert [r.id for r in tracker.visible(session, colleague.id)] == [shared.id]


def test_events_are_checked_field_by_field(session: Session) -> None:
    owner = _user(session, "a@example.org")
    request = _request(session, owner)
    with pytest.raises(tracker.EventInputError) as caught:
        tracker.add_event(session, request, kind="appeal-sent", day=date(2026, 12, 30),
                          detail={}, note="", user_id=owner.id, now=NOW,
                          today=date(2026, 11, 23))
    fields = {p.field: p.code for p in caught.value.items}
    assert fields == {"kind": "event-kind-law", "date": "event-in-future"}
    with pytest.raises(tracker.EventInputError) as caught:
        tracker.add_event(session, request, kind="payment-requested", day=date(2026, 11, 5),
                          detail={"amount": "lots"}, note="", user_id=owner.id, now=NOW,
                          today=date(2026, 11, 23))
    assert [p.field for p in caught.value.items] == ["amount"]


def test_two_tabs_cannot_overwrite_each_other(session: Session) -> None:
    owner = _user(session, "a@example.org")
    request = _request(session, owner)
    seen = request.version
    tracker.add_event(session, request, kind="sent", day=date(2026, 11, 2),
                      detail={"method": "certified", "certified_number": "9407 1111"},
                      note="", user_id=owner.id, now=NOW, today=date(2026, 11, 23),
                      expected_version=seen)
    with pytest.raises(tracker.StaleEdit):
        tracker.add_event(session, request, kind="received", day=date(2026, 11, 4), detail={},
                          note="", user_id=owner.id, now=NOW, today=date(2026, 11, 23),
                          expected_version=seen)
    assert [e.kind for e in request.events] == ["sent"]


# ---------------------------------------------------------------- dashboard rows


def _received(session: Session, request: tracker.requests.TrackedRequest, day: str,
              owner: User) -> None:
    tracker.add_event(session, request, kind="received", day=date.fromisoformat(day),
                      detail={}, note="", user_id=owner.id, now=NOW, today=date(2026, 11, 23))


def test_the_dashboard_puts_overdue_first_then_due_this_week(session: Session) -> None:
    from records.tracker import summary

    summary.clear()
    owner = _user(session, "a@example.org")
    late, soon, draft = (_request(session, owner) for _ in range(3))
    _received(session, late, "2026-11-02", owner)  # due 11-05: late on 11-23
    _received(session, soon, "2026-11-20", owner)  # due 11-25 (Thanksgiving week)
    rows = summary.rows(session, owner.id, today=date(2026, 11, 23))
    assert [r.id for r in rows] == [late.id, soon.id, draft.id]
    assert rows[0].status == TrackStatus.OVERDUE
    assert rows[1].days_left(date(2026, 11, 23)) == 2


def test_a_cached_row_is_recomputed_when_the_request_changes(session: Session) -> None:
    from records.tracker import summary

    summary.clear()
    owner = _user(session, "a@example.org")
    request = _request(session, owner)
    before = summary.rows(session, owner.id, today=date(2026, 11, 23))
    assert before[0].status == TrackStatus.DRAFT
    _received(session, request, "2026-11-02", owner)
    after = summary.rows(session, owner.id, today=date(2026, 11, 23))
    assert after[0].status == TrackStatus.OVERDUE


def test_a_cached_row_is_recomputed_the_next_day(session: Session) -> None:
    from records.tracker import summary

    summary.clear()
    owner = _user(session, "a@example.org")
    request = _request(session, owner)
    _received(session, request, "2026-11-19", owner)  # Thu: due Tue 11-24
    assert summary.rows(session, owner.id, today=date(2026, 11, 24))[0].status == \
        TrackStatus.AWAITING_RESPONSE
    assert summary.rows(session, owner.id, today=date(2026, 11, 25))[0].status == \
        TrackStatus.OVERDUE


def test_the_cache_key_covers_the_calendars(monkeypatch: pytest.MonkeyPatch,
                                           session: Session) -> None:
    from records.tracker import summary

    summary.clear()
    owner = _user(session, "a@example.org")
    _received(session, _request(session, owner), "2026-11-02", owner)
    first = summary.rows(session, owner.id, today=date(2026, 11, 23))[0]
    assert summary.rows(session, owner.id, today=date(2026, 11, 23))[0] is first  # cached
    monkeypatch.setattr(summary, "fingerprint", lambda: "a corrected holiday table")
    assert summary.rows(session, owner.id, today=date(2026, 11, 23))[0] is not first


def test_a_sunshine_denial_starts_the_written_reasons_clock_the_letter_asked_for() -> None:
    # Every Sunshine letter asks in advance for the RSMo 610.023.4 statement: the clock runs
    # from the denial (Tue 11-03), the later reading, and is missed after Fri 11-06.
    events = [(T.RECEIVED, "2026-11-02", {}), (T.DENIED, "2026-11-03", {})]
    waiting = status_of("mo-sunshine", "kcpd", events, "2026-11-05")
    assert waiting.status == TrackStatus.APPEAL_WINDOW
    assert waiting.step.due == date(2026, 11, 6)
    late = status_of("mo-sunshine", "kcpd", events, "2026-11-12")
    assert late.status == TrackStatus.OVERDUE
    assert late.step.action == "suit-notice"
    answered = status_of("mo-sunshine", "kcpd", events + [(T.STATEMENT_SENT, "2026-11-05", {})],
                         "2026-11-12")
    assert answered.step.action == "suit-notice" and answered.status == TrackStatus.APPEAL_WINDOW


def test_a_determination_makes_a_missing_expedite_decision_moot() -> None:
    events = [(T.RECEIVED, "2026-09-02", {}), (T.COMPLETED, "2026-10-01", {})]
    entries = [Entry(kind, date.fromisoformat(day), detail) for kind, day, detail in events]
    found = track("foia", "ice", {"expedite": "a compelling need"}, entries,
                  today=date(2026, 11, 12))
    assert any(c.id == "expedite-decision" for c in found.clocks)
    assert found.status == TrackStatus.DONE
    waiting = track("foia", "ice", {"expedite": "a compelling need"}, entries[:1],
                    today=date(2026, 9, 20))
    # Received Wed 09-02: ten calendar days end Sat 09-12; the latest reading is the next
    # working day, Mon 09-14, and lateness counts from it: 6 days on Sun 09-20.
    assert waiting.status == TrackStatus.OVERDUE
    assert waiting.step.text == "ICE is 6 days late deciding on expedited processing: send a "\
        "status inquiry."
