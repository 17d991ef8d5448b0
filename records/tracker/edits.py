"""Changes to a tracked request itself: its title, who shares it, whether it recurs, and
the next request of a recurring series. Plain domain code, like records.tracker.requests.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from records.catalog import default_catalog
from records.drafts import Draft, validate
from records.letters import render_html
from records.messages import error_message
from records.models import Membership, TrackedRequest
from records.textify import html_to_text
from records.tracker import followups
from records.tracker.followup_facts import Facts, FollowUpKind
from records.tracker.payloads import facts_json
from records.tracker.requests import (
    MAX_TITLE,
    EventInputError,
    LetterFile,
    StaleEdit,
    check_version,
    create,
    repeat_due,
    touch_and_commit,
)

MIN_REPEAT, MAX_REPEAT = 1, 24
TITLE_EMPTY = error_message("title-empty", "give the request a title")
TITLE_LONG = error_message("title-too-long", "at most %(limit)s characters")
REPEAT_RANGE = error_message("repeat-range", "a number of months from %(low)s to %(high)s")
NOT_A_MEMBER = error_message("org-not-member", "choose one of your organisations")
NOT_DUE = error_message("repeat-not-due", "the next request of this series is not due yet")
NOT_OWNER = error_message("share-not-owner", "only the person who created it can move it")


def rename(session: Session, request: TrackedRequest, title: str, *, now: datetime,
           expected_version: int | None = None) -> None:
    check_version(request, expected_version)
    clean = " ".join(title.split())
    if not clean:
        raise EventInputError([TITLE_EMPTY.at("title")])
    if len(clean) > MAX_TITLE:
        raise EventInputError([TITLE_LONG.at("title", limit=MAX_TITLE)])
    request.title = clean
    touch_and_commit(session, request, now)


def member_orgs(session: Session, user_id: int) -> list[int]:
    return list(session.scalars(select(Membership.org_id).where(Membership.user_id == user_id)))


def check_org(session: Session, user_id: int, org_id: int | None) -> None:
    """Only an organisation the user belongs to may receive their request."""
    if org_id is not None and org_id not in member_orgs(session, user_id):
        raise EventInputError([NOT_A_MEMBER.at("org")])


def check_repeat(months: int | None) -> None:
    if months is not None and not MIN_REPEAT <= months <= MAX_REPEAT:
        raise EventInputError([REPEAT_RANGE.at("repeat_months", low=MIN_REPEAT,
                                               high=MAX_REPEAT)])


def share(session: Session, request: TrackedRequest, org_id: int | None, *, user_id: int,
          now: datetime, expected_version: int | None = None) -> None:
    """Move the request to one of the owner's organisations, or back to the owner alone.
    A member who is not the owner may see it but not move it."""
    check_version(request, expected_version)
    if request.owner_id != user_id:
        raise EventInputError([NOT_OWNER.at("org")])
    check_org(session, user_id, org_id)
    request.org_id = org_id
    touch_and_commit(session, request, now)


def set_repeat(session: Session, request: TrackedRequest, months: int | None, *,
               now: datetime, expected_version: int | None = None) -> None:
    check_version(request, expected_version)
    check_repeat(months)
    request.repeat_months = months
    touch_and_commit(session, request, now)


def request_letter(answers: dict[str, Any], *, today: date) -> LetterFile:
    """The request letter for `answers`, rendered once to be stored as it is (the wizard's
    PDF path: the same HTML, the same renderer). Raises DraftError on invalid answers."""
    return letter_for(validate(answers, catalog=default_catalog(), today=today), answers)


def letter_for(draft: Draft, answers: dict[str, Any]) -> LetterFile:
    """The request letter of an already validated draft: its HTML rendered once, for both
    the PDF and the plain text."""
    from records.pdf import html_to_pdf  # WeasyPrint: loaded only when a PDF is made

    html = render_html(draft)
    return LetterFile("request", answers, html_to_pdf(html, cached=True), html_to_text(html),
                      draft.date)


def next_letter(kind: FollowUpKind, facts: Facts, answers: dict[str, Any], *,
                today: date) -> LetterFile:
    """A follow-up letter, rendered once for both its PDF and its text, with the facts it
    was written from. Raises FollowUpError."""
    from records.pdf import html_to_pdf  # WeasyPrint: loaded only when a PDF is made

    html = followups.render_html(kind, facts)
    return LetterFile(kind, dict(answers), html_to_pdf(html), html_to_text(html), today,
                      facts=facts_json(facts))


def next_answers(request: TrackedRequest, today: date) -> dict[str, Any]:
    """The answers for the next request of a recurring series: the same request, dated
    today, asking for records made since the previous letter."""
    answers = copy.deepcopy(request.answers)
    previous = max((stored.letter_date for stored in request.letters
                    if stored.kind == "request"), default=None)
    answers["date"] = today.isoformat()
    if previous is not None:
        answers["records_from"] = previous.isoformat()
    return answers


def repeat(session: Session, request: TrackedRequest, *, user_id: int, today: date,
           now: datetime) -> TrackedRequest:
    """Start the next request of the series, with its letter rendered and stored. The
    current one stops recurring in the same transaction, so a double click cannot start
    two followers (the second finds a new version: StaleEdit)."""
    if not repeat_due(request.repeat_months, request.answers, request.created_at, today):
        raise EventInputError([NOT_DUE.at("repeat")])
    answers = next_answers(request, today)
    letter = request_letter(answers, today=today)
    months, request.repeat_months = request.repeat_months, None
    request.updated_at = now
    try:
        return create(session, owner_id=user_id, answers=answers, letter=letter, now=now,
                      org_id=request.org_id, repeat_months=months,
                      series_id=request.series_id or request.id, title=request.title)
    except StaleDataError:
        session.rollback()
        raise StaleEdit(request.id) from None
