"""The feed, the digest and the export read the database the same way on SQLite and on
PostgreSQL (the web tests run on SQLite only)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from icalendar import Calendar
from sqlalchemy.orm import Session

from records import db
from records.tracker import NotFound, digest, export, feeds
from tests import tracker_data as data

TODAY = date(2026, 11, 23)


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    with db.connect(database_url).scope() as found:
        yield found


def test_feed_digest_and_export_see_own_and_organisation_requests(session: Session) -> None:
    ana, ben = data.user(session, "ana@example.org"), data.user(session, "ben@example.org")
    clinic = data.org(session, "Clinic", ana, ben)
    other = data.org(session, "Other", ben)
    mine = data.request(session, ana, events=[("received", "2026-11-02")])
    shared = data.request(session, ben, organisation=clinic,
                          events=[("received", "2026-11-02")])
    data.request(session, ben, organisation=other, events=[("received", "2026-11-02")])

    body = feeds.user_feed(session, ana.id, today=TODAY, base_url="https://x.example",
                           domain="d.example", stamp=data.NOW)
    uids = {str(e["UID"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert {u.split("-")[1] for u in uids} == {str(mine.id), str(shared.id)}

    rows = export.rows(session, ana.id, today=TODAY, base_url="https://x.example")
    assert [r["id"] for r in rows] == [mine.id, shared.id]
    by_org = export.rows(session, ana.id, today=TODAY, base_url="x", org_id=clinic.id)
    assert [r["id"] for r in by_org] == [shared.id]
    with pytest.raises(NotFound):
        export.rows(session, ana.id, today=TODAY, base_url="x", org_id=other.id)

    found = {d.to: d for d in digest.digests(session, today=TODAY, base_url="x")}
    assert found["ana@example.org"].subject == "Show-Me Records: 2 overdue"
    assert found["ben@example.org"].subject == "Show-Me Records: 2 overdue"
