"""Calendar feeds (RFC 5545): every open deadline of a user's requests as all-day events.

Each event's UID is the request's id, the clock's id and the install's own domain, so a
phone that re-reads the feed moves an event whose date changed (a holiday table fixed, an
extension recorded) instead of adding a second one. The date is the clock's safe date:
for the agency's clocks the latest reading (say it is late only after it), for the
requester's the earliest (act by it), as DESIGN "the safe date" asks.

Titles and descriptions carry the request's title, the agency and the law, never a
client's name, birth date or A-number: a calendar is shown on lock screens and shared.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event
from sqlalchemy.orm import Session

from records.catalog import default_catalog
from records.deadlines import Clock
from records.models import TrackedRequest
from records.tracker.overview import headline, law_name, open_clocks, request_url
from records.tracker.requests import tracking, visible
from records.tracker.status import Tracking

PRODID = "-//Show-Me Records//Deadlines//EN"
# Reminders at 9 a.m. three days and one day before the (all-day) date: an all-day event
# starts at midnight, and a reminder at midnight is one nobody reads.
REMINDERS = (timedelta(days=-3, hours=9), timedelta(days=-1, hours=9))
# Calendar apps that honour it re-read the feed this often.
REFRESH = timedelta(hours=6)


def uid(request_id: int, clock_id: str, domain: str) -> str:
    return f"request-{request_id}-{clock_id}@{domain}"


def clock_event(request: TrackedRequest, track: Tracking, clock: Clock, *, base_url: str,
                domain: str, stamp: datetime) -> Event:
    """One all-day event for one open clock, with its two reminders."""
    assert clock.safe_date is not None
    agency = default_catalog().agency(request.agency).short_name
    title = headline(agency, clock)
    url = request_url(base_url, request.id)
    lines = [f"Request: {request.title}", f"Law: {law_name(request.law)}",
             f"This date: {clock.safe_for}."]
    if clock.due is not None and clock.due != clock.safe_date:
        lines.append(f"Statutory due date on the default calendar: {clock.due.isoformat()}.")
    lines += [f"Next step: {track.step.text}", url]
    event = Event()
    event.add("uid", uid(request.id, clock.id, domain))
    event.add("dtstamp", stamp)
    event.add("summary", title)
    event.add("dtstart", clock.safe_date)
    event.add("dtend", clock.safe_date + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a deadline does not make the user busy all day
    event.add("description", "\n".join(lines))
    event.add("url", url)
    for trigger in REMINDERS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", trigger)
        event.add_component(alarm)
    return event


def calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    return cal


def request_events(request: TrackedRequest, *, today: date, base_url: str, domain: str,
                   stamp: datetime) -> list[Event]:
    track = tracking(request, today=today)
    seen: set[str] = set()
    found = []
    for clock in open_clocks(track):
        if clock.id in seen:  # one event per clock id: the UID must stay unique
            continue
        seen.add(clock.id)
        found.append(clock_event(request, track, clock, base_url=base_url, domain=domain,
                                 stamp=stamp))
    return found


def feed(requests: list[TrackedRequest], *, name: str, today: date, base_url: str,
         domain: str, stamp: datetime) -> bytes:
    cal = calendar(name)
    for request in requests:
        for event in request_events(request, today=today, base_url=base_url, domain=domain,
                                    stamp=stamp):
            cal.add_component(event)
    body: bytes = cal.to_ical()
    return body


def user_feed(session: Session, user_id: int, *, today: date, base_url: str, domain: str,
              stamp: datetime) -> bytes:
    """The private feed: every request the user can see (their own and their
    organisations')."""
    return feed(visible(session, user_id), name="Show-Me Records deadlines", today=today,
                base_url=base_url, domain=domain, stamp=stamp)


def request_feed(request: TrackedRequest, *, today: date, base_url: str, domain: str,
                 stamp: datetime) -> bytes:
    return feed([request], name=f"Show-Me Records: {request.title}", today=today,
                base_url=base_url, domain=domain, stamp=stamp)
