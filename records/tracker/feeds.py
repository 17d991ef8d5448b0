"""Calendar feeds (RFC 5545): every open deadline of a user's requests as all-day events.

Each event's UID is the request's id, the clock's id and the install's own domain, so a
phone that re-reads the feed moves an event whose date changed (a holiday table fixed, an
extension recorded) instead of adding a second one. The date is the clock's safe date:
for the agency's clocks the latest reading (say it is late only after it), for the
requester's the earliest (act by it), as DESIGN "the safe date" asks.

The text is written here rather than through icalendar's objects: for a user with 1,000
requests (about 2,000 events) icalendar 7.3 took about 7 of the feed's 8 seconds, most of
it folding lines; written directly the whole feed takes under a second. The tests parse
every feed back with icalendar.

Titles and descriptions carry the request's title, the agency and the law, never a
client's name, birth date or A-number: a calendar is shown on lock screens and shared.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from weakref import WeakKeyDictionary

from sqlalchemy.orm import Session

from records.catalog import default_catalog
from records.deadlines import Clock
from records.models import TrackedRequest
from records.tracker.overview import headline, law_name, request_url
from records.tracker.summary import Row, row_for, rows

PRODID = "-//Show-Me Records//Deadlines//EN"
# Reminders at 9 a.m. three days and one day before the (all-day) date: an all-day event
# starts at midnight, and a reminder at midnight is one nobody reads.
REMINDERS = (timedelta(days=-3, hours=9), timedelta(days=-1, hours=9))
# Calendar apps that honour it re-read the feed this often.
REFRESH_HOURS = 6


def uid(request_id: int, clock_id: str, domain: str) -> str:
    return f"request-{request_id}-{clock_id}@{domain}"


def text(value: str) -> str:
    """An RFC 5545 TEXT value (3.3.11): backslash, semicolon, comma and newline escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(parts) + "\r\n"


def _duration(delta: timedelta) -> str:
    """A negative trigger such as -P2DT15H (RFC 5545 3.3.6)."""
    seconds = -int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    return f"-P{days}DT{rest // 3600}H" if rest else f"-P{days}D"


def clock_event(row: Row, clock: Clock, *, base_url: str, domain: str,
                stamp: datetime) -> str:
    """One all-day VEVENT for one open clock, with its two reminders."""
    assert clock.safe_date is not None
    agency = default_catalog().agency(row.agency).short_name
    title = text(headline(agency, clock))
    url = request_url(base_url, row.id)
    lines = [f"Request: {row.title}", f"Law: {law_name(row.law)}",
             f"This date: {clock.safe_for}."]
    if clock.due is not None and clock.due != clock.safe_date:
        lines.append(f"Statutory due date on the default calendar: {clock.due.isoformat()}.")
    lines += [f"Next step: {row.step.text}", url]
    props = ["BEGIN:VEVENT", f"UID:{text(uid(row.id, clock.id, domain))}",
             f"DTSTAMP:{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}", f"SUMMARY:{title}",
             f"DTSTART;VALUE=DATE:{clock.safe_date:%Y%m%d}",
             f"DTEND;VALUE=DATE:{clock.safe_date + timedelta(days=1):%Y%m%d}",
             "TRANSP:TRANSPARENT",  # a deadline does not make the user busy all day
             f"DESCRIPTION:{text(chr(10).join(lines))}", f"URL;VALUE=URI:{url}"]
    for trigger in REMINDERS:
        props += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{title}",
                  f"TRIGGER:{_duration(trigger)}", "END:VALARM"]
    props.append("END:VEVENT")
    return "".join(fold(p) for p in props)


def calendar(name: str, events: Iterable[str]) -> bytes:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", f"X-WR-CALNAME:{text(name)}",
            f"REFRESH-INTERVAL;VALUE=DURATION:PT{REFRESH_HOURS}H",
            f"X-PUBLISHED-TTL:PT{REFRESH_HOURS}H"]
    body = "".join(fold(p) for p in head) + "".join(events) + fold("END:VCALENDAR")
    return body.encode("utf-8")


# A row's events, written once per row and feed address: summary.rows() hands back the
# same Row object until the request, the day or the calendars change, so a feed re-read
# by a phone every few hours costs string joins, not clocks. Weak keys: a row replaced in
# the summary cache takes its text with it.
_texts: WeakKeyDictionary[Row, dict[tuple[str, str], str]] = WeakKeyDictionary()
_lock = threading.Lock()


def row_events(row: Row, *, base_url: str, domain: str, stamp: datetime) -> str:
    with _lock:
        found = _texts.get(row, {}).get((base_url, domain))
    if found is not None:
        return found
    seen: set[str] = set()
    events = []
    for clock in row.open_clocks:
        if clock.id in seen:  # one event per clock id: the UID must stay unique
            continue
        seen.add(clock.id)
        events.append(clock_event(row, clock, base_url=base_url, domain=domain, stamp=stamp))
    written = "".join(events)
    with _lock:
        _texts.setdefault(row, {})[(base_url, domain)] = written
    return written


def user_feed(session: Session, user_id: int, *, today: date, base_url: str, domain: str,
              stamp: datetime) -> bytes:
    """The private feed: every request the user can see (their own and their
    organisations')."""
    found = rows(session, user_id, today=today)
    return calendar("Show-Me Records deadlines",
                    (row_events(r, base_url=base_url, domain=domain, stamp=stamp)
                     for r in sorted(found, key=lambda r: r.id)))


def request_feed(request: TrackedRequest, *, today: date, base_url: str, domain: str,
                 stamp: datetime) -> bytes:
    row = row_for(request, today)
    return calendar(f"Show-Me Records: {request.title}",
                    [row_events(row, base_url=base_url, domain=domain, stamp=stamp)])
