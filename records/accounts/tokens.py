"""Personal API tokens and the private calendar feed's token.

An API token is shown once: only its SHA-256 is stored, so a copy of the database cannot
call the API. The feed token is stored as it is, because the account page shows the feed
URL again whenever the user needs to add it to another calendar; revoking or rotating it
ends the old URL.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from records.models import ApiToken, User

# A recognisable prefix, so a token pasted into a chat or a repository can be found by
# secret scanners and by eye.
API_TOKEN_PREFIX = "smr_"  # noqa: S105 (a prefix, not a secret)
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_api_token(session: Session, user: User, *, now: datetime) -> str:
    """A new personal API token: the only time its text exists outside the caller."""
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token), created_at=now))
    session.flush()
    return token


def user_for_api_token(session: Session, token: str) -> User | None:
    """The account a live (unrevoked) token belongs to, or None."""
    if not token.startswith(API_TOKEN_PREFIX) or len(token) > 100:
        return None
    found = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token),
                                                  ApiToken.revoked_at.is_(None)))
    return session.get(User, found.user_id) if found is not None else None


def api_tokens(session: Session, user: User) -> list[ApiToken]:
    """The account's live tokens, oldest first."""
    return list(session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id)))


def revoke_api_token(session: Session, user: User, token_id: int, *, now: datetime) -> bool:
    """Revoke one of the account's own tokens; False when it has no such live token."""
    found = session.get(ApiToken, token_id)
    if found is None or found.user_id != user.id or found.revoked_at is not None:
        return False
    found.revoked_at = now
    return True


def rotate_feed_token(user: User) -> str:
    """A new calendar feed token; the old feed URL stops working."""
    user.feed_token = secrets.token_urlsafe(TOKEN_BYTES)
    return user.feed_token


def revoke_feed_token(user: User) -> None:
    user.feed_token = None


def user_for_feed_token(session: Session, token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    return session.scalar(select(User).where(User.feed_token == token))


def feed_path(token: str) -> str:
    """The feed's URL path (the feed itself is records.tracker's route)."""
    return f"/calendar/{token}.ics"
