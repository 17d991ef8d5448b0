"""The deadline engine: a law, an agency and the events -> every statutory clock.

Pure Python, no Flask: `today` and the catalog are passed in. Callers import from this
package only:
- `build_case(...)` validates what a person typed into a Case (DeadlineInputError lists
  every problem); `trusted_case(...)` builds one from stored, already valid inputs;
- `compute(case)` returns typed Clocks (`due`, `safe_date` and alternatives are dates;
  `status(today)` is a method);
- `to_json(case, clocks)` makes the Deadlines JSON at the edges (CLI, /api/deadlines);
  `compute_deadlines(...)` is validate + compute + to_json in one call.

Inside: model.py (Event, Case, Clock), calendar.py (business-day arithmetic over the
holiday calendars in records/catalog/calendars/), counting.py (walks with explanations),
clocks.py (the builders shared by every clock, and `rule_for`), missouri.py and
federal.py (when each clock starts), engine.py (validation and entry points), output.py.

The explanation lines, the other readings (`Alternative.reading`, `.why`) are messages
(records.messages.Say / Joined), not strings: `str()` is the English the CLI and the JSON
print; a page renders them in its language with the `say` filter (records/web/messages.py).
"""

from records.deadlines.calendar import Calendar, fmt, get_calendar
from records.deadlines.engine import build_case, compute, compute_deadlines, trusted_case
from records.deadlines.model import (
    CLOSURE_MODES,
    DEFAULT_CLOSURES,
    Alternative,
    Case,
    Clock,
    DeadlineInputError,
    Event,
    Problem,
    make_event,
    parse_date,
    parse_event,
)
from records.deadlines.output import to_json

__all__ = ["CLOSURE_MODES", "DEFAULT_CLOSURES", "Alternative", "Calendar", "Case", "Clock",
           "DeadlineInputError", "Event", "Problem", "build_case", "compute",
           "compute_deadlines", "fmt", "get_calendar", "make_event", "parse_date",
           "parse_event", "to_json", "trusted_case"]
