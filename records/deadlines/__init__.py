"""The deadline engine: a law, an agency and the events -> every statutory clock.

Pure Python, no Flask: `today` and the catalog are passed in. Callers import from this
package only: `build_case(...)` validates the inputs into a Case, `compute(case)` returns
typed Clocks (dates are `date` objects), and `to_json(...)` makes the Deadlines JSON at the
edges (the CLI and /api/deadlines).

Inside: model.py (Event, Case, Clock), calendar.py (business-day arithmetic over the
holiday calendars in records/catalog/calendars/), counting.py (walks with explanations),
clocks.py (the builders shared by every clock), missouri.py and federal.py (when each
clock starts), engine.py (validation and the entry points).
"""

from records.deadlines.engine import build_case, compute_deadlines
from records.deadlines.model import DeadlineInputError, Event, parse_date, parse_event

__all__ = ["DeadlineInputError", "Event", "build_case", "compute_deadlines", "parse_date",
           "parse_event"]
