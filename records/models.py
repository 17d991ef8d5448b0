"""SQLAlchemy 2 models: the wizard's drafts (issue 4) and the tracker (issue 9).

Every table change needs an Alembic revision in migrations/versions/; tests/test_migrations.py
fails when the models and the migrations disagree. Deadlines are never stored: a request keeps
its events, and records.tracker computes the clocks from them and today's calendars.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    deferred,
    mapped_column,
    relationship,
)
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.types import TypeDecorator

# Deterministic constraint names, so later migrations (SQLite batch mode included) can
# refer to constraints by name instead of guessing what the backend called them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    SQLite has no time zones: it would hand back naive datetimes, which cannot be compared
    with an aware `now`. We store naive UTC there and re-attach UTC when reading.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class WizardDraft(Base):
    """A wizard's answers between visits, keyed by a random resume token.

    The token is `secrets.token_urlsafe(32)` and never derived from personal data, because
    it travels in resume links. The answers hold birth dates and A-numbers: never log them.
    """

    __tablename__ = "wizard_drafts"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    step: Mapped[str] = mapped_column(String(32), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    # Indexed: purge_expired() scans by expiry.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    # Bumped by every write. Saves compare-and-swap on it (UPDATE ... WHERE version = :v),
    # so two tabs saving at once cannot overwrite each other with what they loaded.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1,
                                         server_default="1")

    def __repr__(self) -> str:
        # No token, no answers: a repr can end up in a log or a traceback.
        return f"<WizardDraft step={self.step!r} expires_at={self.expires_at.isoformat()}>"


class User(Base):
    """An account. `requester` keeps the letter-writer's details (name, organization,
    address, email, phone, category) so the next letter does not ask for them again."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False, unique=True)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    requester: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    # The private calendar feed's secret (the URL /calendar/<token>.ics); NULL: revoked.
    feed_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Part of the session id: a password change or reset bumps it, which signs out every
    # other session of the account (Flask-Login's alternative-token pattern).
    session_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1,
                                                 server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user",
                                                         cascade="all, delete-orphan")

    # Flask-Login's user protocol, written out so the models need no Flask import.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """The session's user id: a password change bumps session_version, which ends every
        other session of the account."""
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User id={self.id}>"  # no email: reprs reach logs


class Organisation(Base):
    """A clinic or a newsroom: its members see and edit its requests."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    memberships: Mapped[list[Membership]] = relationship(back_populates="organisation",
                                                         cascade="all, delete-orphan")


class Membership(Base):
    __tablename__ = "memberships"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                        primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16), nullable=False)  # "owner" | "member"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class Invitation(Base):
    """An owner's invitation to join an organisation. Only the token's SHA-256 is kept:
    the link itself is shown (or mailed) once."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                        nullable=False, index=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ApiToken(Base):
    """A personal API token (Authorization: Bearer ...). Only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         nullable=False, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TrackedRequest(Base):
    """A request the user tracks: its answers, its timeline and its stored letters.

    `version` is SQLAlchemy's optimistic-locking column: every change to the request or its
    timeline bumps it, and an edit made from an older version fails instead of silently
    overwriting another tab's (records.tracker.StaleEdit).
    """

    __tablename__ = "tracked_requests"
    # One tracked request per account and wizard letter: "Track this request" clicked
    # twice (or in two tabs) finds the first instead of making a second.
    __table_args__ = (Index("uq_tracked_requests_owner_source", "owner_id", "source",
                            unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                          nullable=False, index=True)
    org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    law: Mapped[str] = mapped_column(String(16), nullable=False)
    agency: Mapped[str] = mapped_column(String(64), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    # A recurring request: every N months the next letter, with the next date range, is due.
    repeat_months: Mapped[int | None] = mapped_column(Integer)
    # The first request of a recurring series (NULL: not part of one, or the first itself).
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("tracked_requests.id", ondelete="SET NULL"))
    # SHA-256 of the wizard draft's token and answers it was tracked from (never the token
    # itself: tokens are secrets); NULL for requests made through the API or a series.
    source: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    events: Mapped[list[TimelineEvent]] = relationship(
        back_populates="request", cascade="all, delete-orphan",
        order_by="(TimelineEvent.day, TimelineEvent.id)")
    letters: Mapped[list[StoredLetter]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="StoredLetter.number")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Attachment.id")

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<TrackedRequest id={self.id} law={self.law} agency={self.agency}>"


class TimelineEvent(Base):
    """Something that happened to a request: `kind` is records.tracker.TimelineKind and
    `detail` holds its kind's fields (method, tracking number, amount, exemptions...)."""

    __tablename__ = "timeline_events"
    __table_args__ = (Index("ix_timeline_events_request_day", "request_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("tracked_requests.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    request: Mapped[TrackedRequest] = relationship(back_populates="events")


class StoredLetter(Base):
    """A letter exactly as generated: never re-rendered behind the user's back.

    The PDF bytes are deferred: listing a request's letters does not load them.
    """

    __tablename__ = "stored_letters"
    __table_args__ = (UniqueConstraint("request_id", "number",
                                       name="uq_stored_letters_request_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("tracked_requests.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)  # 1, 2, ... per request
    kind: Mapped[str] = mapped_column(String(32), nullable=False)  # "request" or a follow-up
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    # What a follow-up was generated from (dates, tracking numbers, exemptions).
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    text: Mapped[str] = deferred(mapped_column(Text, nullable=False))
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    letter_date: Mapped[date] = mapped_column(Date, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    request: Mapped[TrackedRequest] = relationship(back_populates="letters")


class Attachment(Base):
    """A file attached to a request (or one of its events). The bytes live outside the web
    root under a random name (records.tracker.attachments); the name the user gave is only
    shown, never used as a path."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("tracked_requests.id", ondelete="CASCADE"), nullable=False, index=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("timeline_events.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    storage_name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    request: Mapped[TrackedRequest] = relationship(back_populates="attachments")


@event.listens_for(Session, "before_flush")
def _bump_request_version(session: Session, _context: Any, _instances: Any) -> None:
    """A change to a request's timeline, letters or attachments is a change to the request:
    flag the parent so its UPDATE bumps `version`. The optimistic lock and every cache keyed
    by the version (the dashboard's rows, the calendar feed) then see it, whichever code
    path made the change."""
    changed = [o for o in (*session.new, *session.dirty, *session.deleted)
               if isinstance(o, TimelineEvent | StoredLetter | Attachment)]
    for child in changed:
        parent = child.request if child.request is not None else (
            session.get(TrackedRequest, child.request_id) if child.request_id else None)
        if parent is not None and parent not in session.deleted and parent.id is not None:
            flag_modified(parent, "updated_at")


class Batch(Base):
    """A clinic batch (issue 10): a checked spreadsheet's rows, then the job that renders
    them. `rows` holds each row's answers (client names, birth dates, A-numbers), so it
    lives in the database like a tracked request's answers and never in a log; it is
    deferred, so listing batches does not load it. The files are under
    <instance>/batches/<folder>/, a random name that says nothing about the batch."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                          nullable=False, index=True)
    org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    folder: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    # "preview" | "queued" | "running" | "done" | "failed" (records.batch.store). Indexed:
    # the job runner looks for queued and running batches whose worker went quiet.
    status: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    done: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # `done` when the current run started (letters an earlier run left): the time left is
    # paced on the letters this run made, since started_at, not on those it found.
    done_at_start: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Written by the running job every few seconds: an old one means its worker died.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)  # for the user: no names, no traceback
    options: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    rows: Mapped[list[dict[str, Any]]] = deferred(mapped_column(JSON, nullable=False))
    today: Mapped[date] = mapped_column(Date, nullable=False)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    def __repr__(self) -> str:
        return f"<Batch id={self.id} status={self.status} done={self.done}/{self.total}>"
