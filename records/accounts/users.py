"""Accounts: sign-up, sign-in, passwords, reset links and the letter-writer's details.

Passwords are hashed with Werkzeug's default (scrypt). A reset link is an itsdangerous
token signed with the app's secret key; it names the account, its `session_version` and a
fingerprint of its password hash, so it stops verifying the moment it is used (the reset
changes both) or the password changes another way.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from records.accounts.errors import (
    BAD_CREDENTIALS,
    BAD_RESET,
    EMAIL_TAKEN,
    PASSWORD_COMMON,
    PASSWORD_IS_EMAIL,
    PASSWORD_LONG,
    PASSWORD_SHORT,
    UNKNOWN_USER,
    WRONG_PASSWORD,
    BadCredentials,
    EmailTaken,
    InvalidDetails,
    InvalidEmail,
    InvalidToken,
    UnknownUser,
    WeakPassword,
)
from records.drafts import REQUIRED, DraftError, requester_details
from records.fields import FieldError, Fields
from records.models import User

PASSWORD_MIN = 10
# scrypt reads all of it: a cap keeps a megabyte "password" from costing a worker seconds.
PASSWORD_MAX = 1000
RESET_MAX_AGE = 3600  # seconds: a reset link works for an hour
RESET_SALT = "records.accounts.reset"
# A short list of the passwords of 10 characters or more that top the breach lists; the
# length rule already refuses the shorter ones.
COMMON_PASSWORDS = frozenset({
    "1234567890", "0123456789", "0987654321", "1111111111", "0000000000", "1234512345",
    "123456789a", "a123456789", "1q2w3e4r5t", "1qaz2wsx3edc", "qwertyuiop", "qwerty1234",
    "qwerty12345", "asdfghjkl;", "zxcvbnm123", "password12", "password123", "password1234",
    "passw0rd123", "p@ssw0rd123", "iloveyou12", "iloveyou123", "letmein123", "welcome123",
    "abc1234567", "abcdefghij", "abcd123456", "administrator", "admin12345", "football123",
    "baseball123", "sunshine123", "princess123", "monkey1234", "dragon1234", "trustno1234",
    "changeme123", "superman123", "computer123", "internet123", "passwordpassword",
    "qazwsxedcrfv", "1q2w3e4r5t6y", "aaaaaaaaaa", "showmerecords",
})
# Checked when the email is unknown, so that answer takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password, never matches")


def normalise_email(raw: str) -> str:
    """The account's email, checked like a letter's (records.fields) and lower-cased whole:
    "Ana@Example.org" and "ana@example.org" are one person's account, never two."""
    errors: list[FieldError] = []
    email = Fields({"email": raw}, "", errors).email("email", required=REQUIRED)
    if errors:
        raise InvalidEmail(errors[0])
    return email.lower()


def check_password(password: str, *, email: str = "") -> None:
    """Raise WeakPassword unless `password` is long enough and not a known common one."""
    if len(password) < PASSWORD_MIN:
        raise WeakPassword.at("password", PASSWORD_SHORT, minimum=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        raise WeakPassword.at("password", PASSWORD_LONG, maximum=PASSWORD_MAX)
    folded = password.strip().lower()
    if folded in COMMON_PASSWORDS or len(set(folded)) == 1:
        raise WeakPassword.at("password", PASSWORD_COMMON)
    if email and folded == email.lower():
        raise WeakPassword.at("password", PASSWORD_IS_EMAIL)


def find_user(session: Session, email: str) -> User | None:
    try:
        normalised = normalise_email(email)
    except InvalidEmail:
        return None
    return session.scalar(select(User).where(func.lower(User.email) == normalised))


def get_user(session: Session, email: str) -> User:
    """The account with this email, or UnknownUser (for the operator's CLI)."""
    user = find_user(session, email)
    if user is None:
        raise UnknownUser.at("email", UNKNOWN_USER)
    return user


def create_user(session: Session, email: str, password: str, *, now: datetime) -> User:
    """A new account (flushed, not committed). Raises InvalidEmail, EmailTaken, WeakPassword."""
    normalised = normalise_email(email)
    check_password(password, email=normalised)
    if find_user(session, normalised) is not None:
        raise EmailTaken.at("email", EMAIL_TAKEN)
    user = User(email=normalised, password_hash=generate_password_hash(password),
                requester={}, session_version=1, created_at=now)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    """The account, or BadCredentials: the same error, after the same work, for an unknown
    email and for a wrong password, so neither the answer nor its timing tells them apart."""
    user = find_user(session, email)
    candidate = user.password_hash if user is not None else _DUMMY_HASH
    matches = check_password_hash(candidate, password[:PASSWORD_MAX])
    if user is None or not matches:
        raise BadCredentials.at("password", BAD_CREDENTIALS)
    return user


def set_password(user: User, password: str) -> None:
    """A new password: every other session of the account ends (session_version)."""
    check_password(password, email=user.email)
    user.password_hash = generate_password_hash(password)
    user.session_version += 1


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current[:PASSWORD_MAX]):
        raise BadCredentials.at("current_password", WRONG_PASSWORD)
    set_password(user, new)


# --- reset links ---------------------------------------------------------------------------

def _serializer(secret_key: str | bytes) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=RESET_SALT)


def _password_mark(user: User) -> str:
    # The token's payload is signed, not encrypted: carry a digest, never the hash itself.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def reset_token(user: User, *, secret_key: str | bytes) -> str:
    return _serializer(secret_key).dumps([user.id, user.session_version, _password_mark(user)])


def reset_path(token: str) -> str:
    return f"/reset/{token}"


def user_for_reset_token(session: Session, token: str, *, secret_key: str | bytes,
                         now: datetime, max_age: int = RESET_MAX_AGE) -> User:
    """The account a reset link is for, or InvalidToken when it is forged, older than
    `max_age` seconds at `now`, or already used."""
    invalid = InvalidToken.at("token", BAD_RESET)
    try:
        payload, signed_at = _serializer(secret_key).loads(token, return_timestamp=True)
    except (BadSignature, ValueError):
        raise invalid from None
    if not (isinstance(payload, list) and len(payload) == 3):
        raise invalid
    if (now - signed_at).total_seconds() > max_age:
        raise invalid
    user_id, version, mark = payload
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or version != user.session_version \
            or not hmac.compare_digest(str(mark), _password_mark(user)):
        raise invalid
    return user


# --- the letter-writer's details -----------------------------------------------------------

def get_requester(user: User) -> dict[str, str]:
    """The saved details (name, organization, address, email, phone, category)."""
    return {str(k): str(v) for k, v in (user.requester or {}).items()}


def set_requester(user: User, details: Mapping[str, Any]) -> dict[str, str]:
    """Save the details, checked by the wizard's rules; raises InvalidDetails."""
    try:
        cleaned = requester_details(dict(details))
    except DraftError as exc:
        raise InvalidDetails(exc.errors) from None
    user.requester = cleaned
    return cleaned
