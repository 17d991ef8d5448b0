"""The Deadlines JSON, made in one place, at the edges (the CLI's --json, /api/deadlines).

Everything inside the product passes typed Clocks; only this module turns them into the
stable JSON shape documented in the README ("Deadlines JSON").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from records.deadlines.model import Alternative, Case, Clock


def _alternative(a: Alternative) -> dict[str, Any]:
    # The engine's sentences are messages (records.messages.Say): str() is their English.
    return {"due": a.due.isoformat(), "reading": str(a.reading), "why": str(a.why)}


def clock_json(c: Clock, today: Any) -> dict[str, Any]:
    safe = c.safe_date
    return {
        "id": c.id, "due": c.due.isoformat() if c.due else None,
        "days": c.days, "unit": c.unit, "calendar": c.calendar,
        "basis": c.basis, "status": c.status(today),
        "explanation": [str(line) for line in c.explanation],
        "alternatives": [_alternative(a) for a in c.alternatives],
        "safe_date": safe.isoformat() if safe else None, "safe_for": c.safe_for,
        "side": c.side, "tag": c.tag, "note": c.note or None,
    }


def to_json(case: Case, clocks: Sequence[Clock]) -> dict[str, Any]:
    """The Deadlines JSON for a case and its computed clocks."""
    return {
        "law": case.law, "agency": case.agency, "received": case.received.isoformat(),
        "today": case.today.isoformat(), "calendar": case.calendar.id,
        "closures": [c.id for c in case.calendar.closure_lists],
        "closures_mode": case.closures,
        "department": case.department or None, "capacity": case.capacity,
        "events": [e.text() for e in case.events],
        "deadlines": [clock_json(c, case.today) for c in clocks],
    }
