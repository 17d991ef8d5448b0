"""One source of "today": the current date in Missouri (America/Chicago).

Deadlines, letter dates and the wizard's checks count in Missouri days, not on the
server's clock (a server in UTC is already "tomorrow" from 6 or 7 p.m. Central). The web
app reads `TODAY` from its config when a test or a demo pins it (records.web.today());
the CLI takes `--today`. Everything else receives `today=` as an argument.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

CHICAGO = ZoneInfo("America/Chicago")


def today_in_chicago(now: datetime | None = None) -> date:
    """The date in America/Chicago at `now` (default: this instant)."""
    return (now or datetime.now(UTC)).astimezone(CHICAGO).date()


def utc_now() -> datetime:
    """A timezone-aware UTC timestamp, for stored times (draft expiry)."""
    return datetime.now(UTC)
