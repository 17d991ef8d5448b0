"""Write the golden holiday snapshots: `python tests/golden/make_golden.py`.

Run once when a calendar changes on purpose, review the diff against ../shared/law/, and
commit it. tests/test_calendars.py fails whenever computed dates drift from these files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from records.catalog.calendar_data import default_calendar_data  # noqa: E402
from records.deadlines.calendar import get_calendar  # noqa: E402

GOLDEN = Path(__file__).parent
YEARS = range(2019, 2031)


def snapshot(calendar_id: str) -> dict[str, list[list[str]]]:
    """Every closed day (observed date, weekday, reason) of each year, as plain JSON."""
    cal = get_calendar(calendar_id)
    return {str(year): [[h.day.isoformat(), f"{h.day:%a}", h.reason] for h in cal.holidays(year)]
            for year in YEARS}


def main() -> None:
    for calendar_id in sorted(default_calendar_data().calendars):
        path = GOLDEN / f"{calendar_id}.json"
        path.write_text(json.dumps(snapshot(calendar_id), indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {path.relative_to(GOLDEN.parent.parent)}")


if __name__ == "__main__":
    main()
