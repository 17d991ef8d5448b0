"""The tracker's export: one row per request, as CSV (for a spreadsheet) or typed JSON.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
return, which some of them skip first) as a formula, and a request's title or tracking
number is typed by a person or copied from an agency's email. Every such CSV cell gets a
leading `'` (OWASP "CSV Injection"), numbers included: a negative "days left" reads '-3.
The JSON is typed and needs none of it.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from records.cells import neutralise
from records.models import Membership, TrackedRequest
from records.tracker.overview import Summary, summaries
from records.tracker.requests import NotFound, visible, visible_to

COLUMNS = ("id", "title", "agency", "law", "status", "next_deadline", "next_clock",
           "days_left", "letter_date", "received_date", "tracking_numbers", "events_count",
           "url")


def requests_for(session: Session, user_id: int, org_id: int | None = None
                 ) -> list[TrackedRequest]:
    """The user's visible requests, or one organisation's; an organisation the user does
    not belong to is NotFound (a 404, as for another user's request)."""
    if org_id is None:
        return visible(session, user_id)
    member = session.get(Membership, {"user_id": user_id, "org_id": org_id})
    if member is None:
        raise NotFound(org_id)
    return list(session.scalars(
        select(TrackedRequest).where(TrackedRequest.org_id == org_id, visible_to(user_id))
        .options(selectinload(TrackedRequest.events)).order_by(TrackedRequest.id)))


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def row(summary: Summary) -> dict[str, Any]:
    nxt = summary.next_deadline
    return {
        "id": summary.id, "title": summary.title, "agency": summary.agency_name,
        "law": summary.law, "status": str(summary.status),
        "next_deadline": _day(nxt.safe_date) if nxt else None,
        "next_clock": nxt.clock if nxt else None,
        "days_left": nxt.days_left if nxt else None,
        "letter_date": _day(summary.letter_date), "received_date": _day(summary.received),
        "tracking_numbers": list(summary.tracking_numbers),
        "events_count": summary.events_count, "url": summary.url,
    }


def rows(session: Session, user_id: int, *, today: date, base_url: str,
         org_id: int | None = None) -> list[dict[str, Any]]:
    """The export's rows, typed (the JSON export)."""
    found = requests_for(session, user_id, org_id)
    return [row(s) for s in summaries(found, today=today, base_url=base_url)]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return neutralise(str(value))


def to_csv(typed: list[dict[str, Any]]) -> str:
    """CSV with a header row; a UTF-8 byte-order mark first, so Excel reads accents."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for each in typed:
        writer.writerow([_cell(each[column]) for column in COLUMNS])
    return "\ufeff" + out.getvalue()
