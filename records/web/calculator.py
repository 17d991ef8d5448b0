"""The public deadline calculator (GET /deadlines) and its JSON twin (GET /api/deadlines).

Views only translate HTTP: they read query arguments, call the engine, and turn
DeadlineInputError into field errors (the page) or a 400 with {"errors": [...]} (the API).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from records.catalog import default_catalog
from records.deadlines import (
    CLOSURE_MODES,
    DEFAULT_CLOSURES,
    Case,
    Clock,
    DeadlineInputError,
    Event,
    Problem,
    build_case,
    compute,
    make_event,
    parse_date,
    parse_event,
    to_json,
)
from records.deadlines.engine import CAPACITY_NOT_FEDERAL
from records.messages import error_message
from records.vocabulary import (
    CAPACITIES,
    CLOCK_TITLES,
    FEDERAL_LAWS,
    LAW_NAMES,
    LAWS,
    STATUS_NAMES,
    EventKind,
    Law,
)
from records.web.calculator_next import Now, advise, why_no_date
from records.web.calculator_words import (
    CAPACITY_WORDS,
    FULL_GRANT,
    event_choices,
    kind_words,
    page_message,
)
from records.web.clock import today

bp = Blueprint("calculator", __name__)
BLANK_ROWS = 5
MAX_ROWS = 60  # more event rows than any request has: the rest of a hand-made URL is ignored
ROW_FIELD = re.compile(r"^(?:kind|date|value)([1-9][0-9]{0,2})$")
HALF_AN_EVENT = error_message("event-incomplete", "choose what happened and enter its date")
NO_RECEIVED = error_message("received-required",
                            "enter the date the request arrived (YYYY-MM-DD)")
NO_LAW = error_message("law-required-api", "required: one of %(laws)s")


@dataclass
class Query:
    """The calculator's inputs, as typed, with the problems found in them."""

    law: str = Law.MO_SUNSHINE
    received: str = ""
    agency: str = ""
    capacity: str = "public"
    capacity_given: bool = False  # the API refuses any capacity with a federal law
    closures: str = DEFAULT_CLOSURES
    calendar: str = ""
    today: str = ""
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)  # kind, date, value, raw
    problems: list[Problem] = field(default_factory=list)

    def errors(self) -> dict[str, str]:
        """The problems by field, in plain words in the interface language (for the page:
        never the engine's KIND=DATE syntax)."""
        found: dict[str, str] = {}
        agency = default_catalog().agencies.get(self.agency)
        typed = {"received": self.received, "today": self.today,
                 "agency_name": agency.name if agency else self.agency}
        for p in self.problems:
            message = page_message(p, law=self.law, typed=typed, rows=self.rows)
            if message not in found.get(p.field, ""):
                found[p.field] = f"{found[p.field]} {message}" if p.field in found else message
        return found


def _rows(args: MultiDict[str, str]) -> list[tuple[str, str, str, str]]:
    """Event rows: `event=KIND=DATE[:VALUE]` arguments first (kept raw for the engine's own
    syntax check), then the form's kindN/dateN/valueN fields."""
    rows = []
    for text in args.getlist("event"):
        kind, _, rest = text.partition("=")
        day, _, value = rest.partition(":")
        rows.append((kind.strip(), day.strip(), value.strip(), text))
    numbers = [int(m.group(1)) for m in map(ROW_FIELD.match, args) if m]
    for i in range(1, min(max(numbers, default=0), MAX_ROWS) + 1):
        kind, value = args.get(f"kind{i}", "").strip(), args.get(f"value{i}", "").strip()
        if kind == FULL_GRANT:  # the form's own choice for a determination granting all
            kind, value = EventKind.DETERMINATION, value or "full"
        rows.append((kind, args.get(f"date{i}", "").strip(), value, ""))
    return rows


def read_query(args: MultiDict[str, str]) -> Query:
    return Query(law=args.get("law", Law.MO_SUNSHINE).strip(),
                 received=args.get("received", "").strip(), agency=args.get("agency", "").strip(),
                 capacity=args.get("capacity", "public").strip() or "public",
                 capacity_given="capacity" in args,
                 closures=args.get("closures", DEFAULT_CLOSURES).strip() or DEFAULT_CLOSURES,
                 calendar=args.get("calendar", "").strip(), today=args.get("today", "").strip(),
                 rows=_rows(args))


def _events(q: Query) -> list[Event]:
    events = []
    for i, (kind, day, value, raw) in enumerate(q.rows):
        where = f"event {i + 1}"
        if not (kind or day or value or raw):
            continue  # a blank row of the form
        if not raw and not (kind and day):
            q.problems.append(HALF_AN_EVENT.at(where))
            continue
        try:
            events.append(parse_event(raw, i, where=where) if raw
                          else make_event(kind, day, value, i, where))
        except DeadlineInputError as exc:
            q.problems += exc.items
    return events


@dataclass(frozen=True)
class Result:
    case: Case
    clocks: list[Clock]


def calculate(q: Query) -> Result | None:
    """Run the engine; on bad input, fill `q.problems` and return None."""
    if not q.received:
        q.problems.append(NO_RECEIVED.at("received"))
    events = _events(q)
    day = today()
    if q.today:
        try:
            day = parse_date(q.today, "today")
        except DeadlineInputError as exc:
            q.problems += exc.items
    if q.problems:
        return None
    try:
        case = build_case(q.law, q.received, today=day, agency=q.agency or None,
                          calendar=q.calendar or None, capacity=q.capacity, events=events,
                          closures=q.closures)
    except DeadlineInputError as exc:
        q.problems += exc.items
        return None
    return Result(case, compute(case))


@bp.get("/deadlines")
def page() -> tuple[str, int]:
    q = read_query(request.args)
    # "Show the events for this law" reloads the form with the law's events, no sums.
    # A link that only chooses the law or the agency shows the form, not errors.
    submitted = "received" in request.args and request.args.get("show") != "events"
    result = calculate(q) if submitted else None
    shown = [r[:3] for r in q.rows] + [("", "", "")] * max(BLANK_ROWS - len(q.rows), 1)
    html = render_template("deadlines.html", q=q, result=result, errors=q.errors(), rows=shown,
                           laws=[(law, LAW_NAMES[law].choice) for law in LAWS],
                           agencies=default_catalog().agencies.values(),
                           capacities=CAPACITIES, capacity_words=CAPACITY_WORDS,
                           closure_modes=CLOSURE_MODES, full_grant=FULL_GRANT,
                           event_choices=event_choices(q.law if q.law in LAWS
                                                       else Law.MO_SUNSHINE),
                           kind_words=kind_words, titles=CLOCK_TITLES,
                           statuses=STATUS_NAMES, api_url=api_url(result),
                           advice=advice_for(result), letter_url=letter_link(result))
    return html, 400 if q.problems else 200


def case_args(case: Case) -> list[tuple[str, str]]:
    """The query that gives this case again, without `today`: the law, the agency, the
    dates and the events (never anything personal)."""
    args = [("law", str(case.law)), ("received", case.received.isoformat())]
    args += [("capacity", case.capacity)] if case.law not in FEDERAL_LAWS else []
    args += [("closures", case.closures)]
    args += [("agency", case.agency)] if case.agency else []
    return args + [("event", e.text()) for e in case.events]


def advice_for(result: Result | None) -> dict[str, Now]:
    if result is None:
        return {}
    case = result.case
    asking = "self" if case.law == Law.PRIVACY_ACT else "others"
    agency: dict[str, Any] = {"agency": case.agency} if case.agency else {}
    wizard = url_for("wizard.start", asking_for=asking, **agency)
    fresh = url_for("wizard.start", **agency)
    return {c.id: advise(case, c, wizard, fresh) for c in result.clocks}


def letter_link(result: Result | None) -> Callable[[str], str]:
    args = case_args(result.case) if result else []

    def link(kind: str) -> str:
        return url_for("calculator.letter_form") + "?" + urlencode([("kind", kind), *args])
    return link


@bp.app_template_global("why_no_date")
def _why_no_date(clock: Clock) -> str:
    return why_no_date(clock)


def api_url(result: Result | None) -> str:
    """The /api/deadlines link giving the same answer as JSON."""
    if result is None:
        return ""
    case = result.case
    args = [("law", case.law), ("received", case.received.isoformat()),
            ("today", case.today.isoformat())]
    args += [("capacity", case.capacity)] if case.law not in FEDERAL_LAWS else []
    args += [("calendar", case.calendar.id), ("closures", case.closures)]
    args += [("agency", case.agency)] if case.agency else []
    args += [("event", e.text()) for e in case.events]
    return url_for("calculator.api") + "?" + urlencode(args)


@bp.get("/api/deadlines")
def api() -> tuple[Response, int]:
    q = read_query(request.args)
    if "law" not in request.args:
        q.problems.append(NO_LAW.at("law", laws=", ".join(LAWS)))
    elif q.capacity_given and q.law in FEDERAL_LAWS:  # the form's default "public" aside
        q.problems.append(CAPACITY_NOT_FEDERAL.at("capacity", law=q.law))
    result = calculate(q)
    if result is None:
        return jsonify({"errors": [str(p) for p in q.problems]}), 400
    return jsonify(to_json(result.case, result.clocks)), 200
