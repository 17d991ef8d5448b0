"""`python -m records deadlines --law LAW --received DATE [--agency ID] [--event K=D[:V]]...`.

Prints every statutory clock with its day-by-day explanation, or the Deadlines JSON of
DESIGN.md s.4 with --json. Bad input exits 2 with one line per problem.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from records.catalog import LAWS
from records.cli import UsageError
from records.deadlines import compute_deadlines
from records.deadlines.model import CAPACITIES, DeadlineInputError, parse_date

CHICAGO = ZoneInfo("America/Chicago")
LAW_NAMES = {"mo-sunshine": "Missouri Sunshine Law", "foia": "Freedom of Information Act",
             "privacy-act": "Privacy Act"}


def today_in_chicago() -> date:
    """The default `today`: the current date in Missouri, not on the server's clock."""
    return datetime.now(CHICAGO).date()


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("deadlines", help="statutory clocks, explained day by day")
    p.add_argument("--law", required=True, help=" | ".join(LAWS))
    p.add_argument("--received", required=True, metavar="YYYY-MM-DD",
                   help="the date the request arrived")
    p.add_argument("--agency", help="agency id (python -m records agencies)")
    p.add_argument("--calendar", help="override the agency's holiday calendar")
    p.add_argument("--capacity", default="public", help=" | ".join(CAPACITIES))
    p.add_argument("--event", action="append", default=[], metavar="KIND=YYYY-MM-DD[:VALUE]",
                   help="a later event; repeat for each")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="default: today in America/Chicago")
    p.add_argument("--json", action="store_true", help="the Deadlines JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        today = parse_date(args.today, "today") if args.today else today_in_chicago()
        result = compute_deadlines(args.law, args.received, today=today, agency=args.agency,
                                   calendar=args.calendar, capacity=args.capacity,
                                   events=args.event)
    except DeadlineInputError as exc:
        raise UsageError(exc.problems) from None
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(render_text(result))
    return 0


def _fmt(iso: str | None) -> str:
    return f"{date.fromisoformat(iso):%a %Y-%m-%d}" if iso else "no fixed date"


def _length(c: dict[str, Any]) -> str:
    return "-" if c["unit"] == "none" else f"{c['days']} {c['unit']} days"


def render_text(result: dict[str, Any]) -> str:
    """A summary table, then each clock with its safe date, other readings and explanation."""
    head = [f"{LAW_NAMES[result['law']]}"
            + (f", agency {result['agency']}" if result["agency"] else "")
            + f", received {_fmt(result['received'])}, today {_fmt(result['today'])}",
            f"calendar: {result['calendar']}"
            + (f" (closures on: {', '.join(result['closures'])})" if result["closures"] else ""),
            ""]
    rows = [("clock", "due", "length", "status", "basis")]
    rows += [(c["id"], _fmt(c["due"]), _length(c), c["status"], c["basis"])
             for c in result["deadlines"]]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    table = ["  ".join(v.ljust(w) for v, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
             for r in rows]
    return "\n".join(head + table + [line for c in result["deadlines"] for line in _detail(c)])


def _detail(c: dict[str, Any]) -> list[str]:
    lines = ["", f"== {c['id']}: {_fmt(c['due'])} ({c['status']}) - {c['basis']}"]
    if c.get("note"):
        lines.append(f"   note: {c['note']}")
    if c.get("safe_date"):
        lines.append(f"   safe date: {_fmt(c['safe_date'])} - {c['safe_for']}")
    for alt in c["alternatives"]:
        lines.append(f"   other reading: {_fmt(alt['due'])} ({alt['reading']}): {alt['why']}")
    lines += [f"   {line}" for line in c["explanation"]]
    return lines
