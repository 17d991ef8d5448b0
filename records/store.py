"""Wizard drafts on the server, keyed by a random token (issue 4, "Nothing is lost").

Plain domain code: the caller passes the Session and `now`. Each write commits, so an
answer saved by a view survives the request even if a later step fails. Reads never
write: under load, a page view must not wait for (or hold) SQLite's one write lock.
Never log a token or the answers: drafts hold birth dates and A-numbers.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from records.models import WizardDraft

# Issue 4: "Drafts expire after 30 days, and the user can delete one at any time."
# Each save slides the window, so an active user never loses a draft.
DRAFT_LIFETIME = timedelta(days=30)

# token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-]. Anything else in a resume link
# is rejected before it reaches the database.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
TOKEN_BYTES = 32
# Compare-and-swap attempts before giving up: each lost race means another save of the
# same draft landed in between, which takes two tabs saving within milliseconds.
SAVE_ATTEMPTS = 8


class DraftStoreBusy(Exception):
    """The database stayed locked past its busy timeout (or the draft kept changing under
    a save): nothing was written, and the same request can simply be sent again."""


@dataclass(frozen=True)
class Stored:
    """A draft's answers and step as of one version."""

    answers: dict[str, Any]
    step: str
    version: int


# An edit gets the current draft and returns its new (answers, step), or None to write
# nothing. It may be called again with a newer draft, so it must not have side effects
# beyond remembering what it decided.
Edit = Callable[[Stored], tuple[dict[str, Any], str] | None]


def is_valid_token(token: object) -> bool:
    return isinstance(token, str) and TOKEN_PATTERN.fullmatch(token) is not None


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    return now.astimezone(UTC)


# PostgreSQL's "try again" errors (SQLSTATE): a row lock held past lock_timeout (which
# records.db sets from the busy timeout), and the serialisation failures and deadlocks a
# stricter isolation level could raise. psycopg reports all three as OperationalError.
_PG_BUSY = frozenset({"55P03", "40001", "40P01"})


def _is_busy(exc: OperationalError) -> bool:
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return getattr(exc.orig, "sqlstate", None) in _PG_BUSY


class DraftStore:
    """Create, load, save and delete wizard drafts through one Session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self, answers: dict[str, Any], *, step: str, now: datetime) -> str:
        """Store a new draft and return its resume token."""
        now = _utc(now)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self._writing():
            self.session.add(WizardDraft(token=token, answers=answers, step=step,
                                         created_at=now, updated_at=now,
                                         expires_at=now + DRAFT_LIFETIME, version=1))
            self.session.commit()
        return token

    def load(self, token: str, *, now: datetime) -> WizardDraft | None:
        """The draft, or None when the token is malformed, unknown or expired. Read-only:
        an expired draft is left for purge_expired().

        The answers are a plain dict: edits to it are not tracked, so write them back
        with save() or update().
        """
        if not is_valid_token(token):
            return None
        # populate_existing: another request may have saved since this Session looked.
        draft = self.session.get(WizardDraft, token, populate_existing=True)
        if draft is None or draft.expires_at <= _utc(now):
            return None
        return draft

    def save(self, token: str, answers: dict[str, Any], *, step: str, now: datetime) -> bool:
        """Replace the answers and step and extend the expiry; False if the draft is gone."""
        return self.update(token, lambda _current: (answers, step), now=now) is not None

    def update(self, token: str, edit: Edit, *, now: datetime) -> Stored | None:
        """Apply `edit` to the draft as it is now, atomically: the write only lands if
        nobody saved in between (compare-and-swap on the version), else `edit` runs again
        on the newer draft. Returns what was stored (the current draft, unchanged, when
        `edit` declined), or None if the draft is gone. Raises DraftStoreBusy."""
        now = _utc(now)
        for _attempt in range(SAVE_ATTEMPTS):
            current = self._current(token, now)
            if current is None:
                return None
            edited = edit(current)
            if edited is None:
                return current
            answers, step = edited
            if self._swap(token, current.version, answers, step, now):
                return Stored(answers, step, current.version + 1)
        raise DraftStoreBusy

    def _current(self, token: str, now: datetime) -> Stored | None:
        if not is_valid_token(token):
            return None
        row = self.session.execute(
            select(WizardDraft.answers, WizardDraft.step, WizardDraft.version)
            .where(WizardDraft.token == token, WizardDraft.expires_at > now)).one_or_none()
        return None if row is None else Stored(dict(row.answers), row.step, row.version)

    def _swap(self, token: str, version: int, answers: dict[str, Any], step: str,
              now: datetime) -> bool:
        with self._writing():
            result = self.session.execute(
                update(WizardDraft)
                .where(WizardDraft.token == token, WizardDraft.version == version,
                       WizardDraft.expires_at > now)
                .values(answers=answers, step=step, version=version + 1, updated_at=now,
                        expires_at=now + DRAFT_LIFETIME)
                .execution_options(synchronize_session=False))
            self.session.commit()
        swapped: bool = getattr(result, "rowcount", 0) == 1
        return swapped

    def delete(self, token: str) -> bool:
        """Delete the draft at the user's request; False if there was none."""
        if not is_valid_token(token):
            return False
        with self._writing():
            result = self.session.execute(delete(WizardDraft).where(WizardDraft.token == token)
                                          .execution_options(synchronize_session=False))
            self.session.commit()
        deleted: bool = getattr(result, "rowcount", 0) > 0
        return deleted

    def purge_expired(self, *, now: datetime) -> int:
        """Delete every expired draft; return how many went."""
        with self._writing():
            result = self.session.execute(
                delete(WizardDraft).where(WizardDraft.expires_at <= _utc(now)))
            self.session.commit()
        count: int = getattr(result, "rowcount", 0)
        return count

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A write that finds the database locked past its busy timeout (SQLite's file
        lock, PostgreSQL's row lock) is rolled back and reported as DraftStoreBusy, for
        the page to say "try again" rather than fail."""
        try:
            yield
        except OperationalError as exc:
            self.session.rollback()
            if _is_busy(exc):
                raise DraftStoreBusy from None
            raise
