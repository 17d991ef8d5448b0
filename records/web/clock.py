"""Today's date for the web app: `TODAY` from the app config when a test or a demo pins
it, otherwise the current date in America/Chicago (records.today)."""

from __future__ import annotations

from datetime import date

from flask import current_app

from records.today import today_in_chicago


def today() -> date:
    pinned = current_app.config.get("TODAY")
    if pinned is None:
        return today_in_chicago()
    if not isinstance(pinned, date):
        raise TypeError("TODAY must be a datetime.date")
    return pinned
