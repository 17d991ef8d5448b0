"""Wizard drafts on the server, keyed by a random token (issue 4, "Nothing is lost").

Plain domain code: the caller passes the Session and `now`. Each write commits, so an
answer saved by a view survives the request even if a later step fails. Never log a
token or the answers: drafts hold birth dates and A-numbers.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from records.models import WizardDraft

# Issue 4: "Drafts expire after 30 days, and the user can delete one at any time."
# Each save slides the window, so an active user never loses a draft.
DRAFT_LIFETIME = timedelta(days=30)

# token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-]. Anything else in a resume link
# is rejected before it reaches the database.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
TOKEN_BYTES = 32


def is_valid_token(token: object) -> bool:
    return isinstance(token, str) and TOKEN_PATTERN.fullmatch(token) is not None


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    return now.astimezone(UTC)


class DraftStore:
    """Create, load, save and delete wizard drafts through one Session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self, answers: dict[str, Any], *, step: str, now: datetime) -> str:
        """Store a new draft and return its resume token."""
        now = _utc(now)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        self.session.add(WizardDraft(token=token, answers=answers, step=step,
                                     created_at=now, updated_at=now,
                                     expires_at=now + DRAFT_LIFETIME))
        self.session.commit()
        return token

    def load(self, token: str, *, now: datetime) -> WizardDraft | None:
        """The draft, or None when the token is malformed, unknown or expired.

        An expired draft is deleted on sight. The answers are a plain dict: edits to it
        are not tracked, so write them back with save().
        """
        if not is_valid_token(token):
            return None
        draft = self.session.get(WizardDraft, token)
        if draft is None:
            return None
        if draft.expires_at <= _utc(now):
            self.session.delete(draft)
            self.session.commit()
            return None
        return draft

    def save(self, token: str, answers: dict[str, Any], *, step: str, now: datetime) -> bool:
        """Replace the answers and step and extend the expiry; False if the draft is gone."""
        draft = self.load(token, now=now)
        if draft is None:
            return False
        now = _utc(now)
        draft.answers = answers
        # JSON columns do not track nested edits: a dict edited in place compares equal to
        # the loaded one and would be skipped by the flush. Always write it.
        flag_modified(draft, "answers")
        draft.step = step
        draft.updated_at = now
        draft.expires_at = now + DRAFT_LIFETIME
        self.session.commit()
        return True

    def delete(self, token: str) -> bool:
        """Delete the draft at the user's request; False if there was none."""
        if not is_valid_token(token):
            return False
        draft = self.session.get(WizardDraft, token)
        if draft is None:
            return False
        self.session.delete(draft)
        self.session.commit()
        return True

    def purge_expired(self, *, now: datetime) -> int:
        """Delete every expired draft; return how many went."""
        result = self.session.execute(
            delete(WizardDraft).where(WizardDraft.expires_at <= _utc(now)))
        self.session.commit()
        count: int = getattr(result, "rowcount", 0)
        return count
