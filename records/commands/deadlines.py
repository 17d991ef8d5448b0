"""`python -m records deadlines --law LAW --received DATE [--agency ID] [--event K=D[:V]]...`.

Prints every statutory clock with its day-by-day explanation, or the Deadlines JSON with
--json. Bad input exits 2 with one line per problem. --capacity is for Missouri only: given
with a federal law it is an error, not ignored. --closures says how the agency's clocks
count one-off closures (both, the default; count; ignore).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from records.commands.base import UsageError, print_json
from records.deadlines import (
    CLOSURE_MODES,
    DEFAULT_CLOSURES,
    Case,
    Clock,
    DeadlineInputError,
    build_case,
    compute,
    parse_date,
    to_json,
)
from records.deadlines.engine import CAPACITY_NOT_FEDERAL
from records.today import today_in_chicago
from records.vocabulary import CAPACITIES, FEDERAL_LAWS, LAWS, Law


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("deadlines", help="statutory clocks, explained day by day")
    p.add_argument("--law", required=True, help=" | ".join(LAWS))
    p.add_argument("--received", required=True, metavar="YYYY-MM-DD",
                   help="the date the request arrived")
    p.add_argument("--agency", help="agency id (python -m records agencies)")
    p.add_argument("--calendar", help="override the agency's holiday calendar")
    p.add_argument("--capacity", help=" | ".join(CAPACITIES) + " (Missouri only; default: "
                   "public)")
    p.add_argument("--closures", default=DEFAULT_CLOSURES, help=" | ".join(CLOSURE_MODES)
                   + ": how the agency's deadlines count one-off closures by executive or "
                   "governor's order (both: the statute's date is due and the date counting "
                   "them is another reading and the safe date; default: both). The "
                   "requester's own deadlines always ignore them")
    p.add_argument("--event", action="append", default=[], metavar="KIND=YYYY-MM-DD[:VALUE]",
                   help="a later event; repeat for each")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="default: today in America/Chicago")
    p.add_argument("--json", action="store_true", help="the Deadlines JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    problems = []
    capacity = args.capacity
    if capacity is not None and args.law in FEDERAL_LAWS:
        problems.append(str(CAPACITY_NOT_FEDERAL.at("--capacity", law=args.law)))
        capacity = None
    try:
        today = parse_date(args.today, "today") if args.today else today_in_chicago()
        case = build_case(args.law, args.received, today=today, agency=args.agency,
                          calendar=args.calendar, capacity=capacity, events=args.event,
                          closures=args.closures)
    except DeadlineInputError as exc:
        raise UsageError(problems + exc.problems) from None
    if problems:
        raise UsageError(problems)
    clocks = compute(case)
    if args.json:
        print_json(to_json(case, clocks))
    else:
        print(render_text(case, clocks))
    return 0


def _fmt(day: date | None) -> str:
    return f"{day:%a %Y-%m-%d}" if day else "no fixed date"


def _length(c: Clock) -> str:
    return "-" if c.unit == "none" else f"{c.days} {c.unit} days"


def render_text(case: Case, clocks: list[Clock]) -> str:
    """A summary table, then each clock with its safe date, other readings and explanation."""
    closures = [c.id for c in case.calendar.closure_lists]
    head = [f"{Law(case.law).names.title}"
            + (f", agency {case.agency}" if case.agency else "")
            + f", received {_fmt(case.received)}, today {_fmt(case.today)}",
            f"calendar: {case.calendar.id}"
            + (f" (closures on: {', '.join(closures)}; agency clocks: {case.closures})"
               if closures else ""),
            ""]
    rows = [("clock", "due", "length", "status", "basis")]
    rows += [(c.id, _fmt(c.due), _length(c), c.status(case.today), c.basis) for c in clocks]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    table = ["  ".join(v.ljust(w) for v, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
             for r in rows]
    return "\n".join(head + table + [line for c in clocks for line in _detail(c, case.today)])


def _detail(c: Clock, today: date) -> list[str]:
    lines = ["", f"== {c.id}: {_fmt(c.due)} ({c.status(today)}) - {c.basis}"]
    if c.note:
        lines.append(f"   note: {c.note}")
    if c.safe_date:
        lines.append(f"   safe date: {_fmt(c.safe_date)} - {c.safe_for}")
    for alt in c.alternatives:
        lines.append(f"   other reading: {_fmt(alt.due)} ({alt.reading}): {alt.why}")
    lines += [f"   {line}" for line in c.explanation]
    return lines
