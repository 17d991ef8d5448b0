"""The tracker's routes in the JSON API (README "The tracker's JSON API"), added to
records.web.api's blueprint, whose before_request signs the caller in (bearer token or
session) and answers 401 otherwise.

Every answer is JSON, errors included: 400 for a body that is not a JSON object, 404 for a
request the caller may not see (never 403), 409 for a stale edit, 413 for a body over the
app's limit, 415 for a body that is not `application/json`, 422 with field errors.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NoReturn

from flask import Blueprint, Response, abort, jsonify, make_response, request, url_for
from werkzeug.exceptions import BadRequest

from records import tracker
from records.catalog import default_catalog
from records.deadlines import DeadlineInputError, parse_date
from records.drafts import DraftError, validate
from records.models import TrackedRequest
from records.today import utc_now
from records.tracker import edits, facts, followups, overview, payloads
from records.tracker.export import requests_for
from records.tracker.requests import UNKNOWN_KIND
from records.vocabulary import Law
from records.web import database
from records.web.clock import today
from records.web.links import MAX_ID, base_url, signed_in_user_id


def _abort_with(code: int, body: dict[str, Any]) -> NoReturn:
    # abort() with a response: Flask sends it as it is, past the app's error pages.
    abort(make_response(jsonify(body), code))


def fail(code: int, message: str) -> NoReturn:
    _abort_with(code, {"error": message})


def unprocessable(problems: list[Any]) -> NoReturn:
    _abort_with(422, payloads.errors_json(problems))


def json_body() -> dict[str, Any]:
    """The request's JSON object, or the JSON error that says what is wrong with it."""
    if not request.is_json:
        fail(415, "send the body as application/json")
    try:
        data = request.get_json()
    except BadRequest:
        fail(400, "the body is not valid JSON")
    except RecursionError:
        fail(400, "the body is nested too deeply")
    if not isinstance(data, dict):
        fail(400, "the body must be a JSON object")
    return data


def _request(request_id: int) -> TrackedRequest:
    try:
        return tracker.get(database.session(), signed_in_user_id(), request_id)
    except tracker.NotFound:
        fail(404, "no such request")


def _api_base() -> str:
    return base_url() + "/api"


def _detail(found: TrackedRequest) -> dict[str, Any]:
    track = tracker.tracking(found, today=today())
    summary = overview.summarise(found, track, today=today(), base_url=base_url())
    return payloads.request_json(found, summary, today=today(), api_base=_api_base())


def list_requests() -> Response:
    found = requests_for(database.session(), signed_in_user_id())
    rows = overview.summaries(found, today=today(), base_url=base_url())
    return jsonify({"requests": [payloads.list_item(row) for row in rows]})


def get_request(request_id: int) -> Response:
    return jsonify(_detail(_request(request_id)))


def _org_id() -> int | None:
    raw = request.args.get("org")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 12:
        fail(404, "no such organisation")
    try:
        requests_for(database.session(), signed_in_user_id(), int(raw))
    except tracker.NotFound:
        fail(404, "no such organisation")
    return int(raw)


def create_request() -> tuple[Response, int, dict[str, str]]:
    """The answers (the CLI's answers file) -> a letter and a tracked request."""
    answers = json_body()
    org_id = _org_id()
    try:
        draft = validate(answers, catalog=default_catalog(), today=today())
    except DraftError as exc:
        unprocessable(exc.errors)
    # The stored answers carry the letter's date, so they make the same letter again.
    answers = {**answers, "date": draft.date.isoformat()}
    letter = edits.letter_for(draft, answers)
    made = tracker.create(database.session(), owner_id=signed_in_user_id(), answers=answers,
                          letter=letter, now=utc_now(), org_id=org_id)
    location = url_for("api.get_request", request_id=made.id)
    return jsonify(_detail(_request(made.id))), 201, {"Location": location}


def add_event(request_id: int) -> tuple[Response, int]:
    found = _request(request_id)  # first: someone else's request is a 404, whatever the body
    body = json_body()
    kind = body.get("kind")
    if not isinstance(kind, str) or kind not in tracker.KINDS:
        unprocessable([UNKNOWN_KIND.at("kind", kind=repr(kind),
                                       known=", ".join(tracker.kinds_for(found.law)))])
    problems: list[Any] = []
    try:
        day = parse_date(str(body.get("date") or ""), "date")
    except DeadlineInputError as exc:
        problems += exc.items
    note = body.get("note") or ""
    if not isinstance(note, str):
        problems.append(payloads.NOT_TEXT.at("note"))
    try:
        detail = payloads.event_detail(tracker.TimelineKind(kind), body.get("value"),
                                       body.get("detail"))
    except payloads.PayloadError as exc:
        problems += exc.items
    if problems:
        unprocessable(problems)
    version = body.get("version")
    try:
        tracker.add_event(database.session(), found, kind=kind, day=day, detail=detail,
                          note=note, user_id=signed_in_user_id(), now=utc_now(), today=today(),
                          expected_version=version if isinstance(version, int) else None)
    except tracker.EventInputError as exc:
        unprocessable([replace(p, field=payloads.value_field(kind, p.field))
                       for p in exc.items])
    except tracker.StaleEdit:
        fail(409, "this request changed since that version: get it again and retry")
    return jsonify(_detail(found)), 201


def letter_pdf(request_id: int, number: int) -> Response:
    found = _request(request_id)
    try:
        stored = tracker.letter(database.session(), found, number)
    except tracker.NotFound:
        fail(404, "no such letter")
    response = make_response(stored.pdf)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="request-{request_id}-letter-{number}.pdf"')
    return response


def _ids_in_range(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if any(isinstance(v, int) and v > MAX_ID for v in (values or {}).values()):
        fail(404, "no such request")


def create_letter(request_id: int) -> tuple[Response, int, dict[str, str]]:
    """The next letter: `{"kind", ...what only the user knows}`; every other fact comes
    from the timeline and the clocks (records.tracker.facts), as on the request's page."""
    found = _request(request_id)
    body = json_body()
    kinds = [str(k) for k in followups.FOLLOW_UPS_BY_LAW[Law(found.law)]]
    kind = body.get("kind")
    problems: list[Any] = []
    if not isinstance(kind, str) or kind not in kinds:
        problems.append(payloads.BAD_CHOICE.at("kind", choices=", ".join(kinds)))
    try:
        values = payloads.typed_facts(body, facts.TYPED)
    except payloads.PayloadError as exc:
        problems += exc.items
    if problems:
        unprocessable(problems)
    letter_kind = followups.FollowUpKind(str(kind))
    gathered = facts.facts_for(found, letter_kind, today=today(), form_values=values)
    problems = followups.problems(letter_kind, gathered)
    if problems:
        unprocessable(problems)
    letter = edits.next_letter(letter_kind, gathered, found.answers, today=today())
    stored = tracker.store_letter(database.session(), found, letter,
                                  user_id=signed_in_user_id(), now=utc_now())
    location = url_for("api.letter_pdf", request_id=found.id, number=stored.number)
    return jsonify(_detail(found)), 201, {"Location": location}


def register(bp: Blueprint) -> None:
    bp.url_value_preprocessor(_ids_in_range)
    bp.add_url_rule("/requests", view_func=list_requests, methods=["GET"])
    bp.add_url_rule("/requests", view_func=create_request, methods=["POST"])
    bp.add_url_rule("/requests/<int:request_id>", view_func=get_request, methods=["GET"])
    bp.add_url_rule("/requests/<int:request_id>/events", view_func=add_event,
                    methods=["POST"])
    bp.add_url_rule("/requests/<int:request_id>/letters", view_func=create_letter,
                    methods=["POST"])
    bp.add_url_rule("/requests/<int:request_id>/letters/<int:number>.pdf",
                    view_func=letter_pdf, methods=["GET"])
