"""SQLAlchemy 2 models. Today: the wizard's drafts (issue 4, "Nothing is lost").

Users, organisations, tracked requests and their events will join `Base` here in later
issues; every new table needs an Alembic revision in migrations/versions/.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
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
