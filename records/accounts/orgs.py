"""Organisations (a clinic, a newsroom), their members, invitations, and who sees what.

Roles are "owner" (invites and removes members) and "member". Every organisation keeps at
least one owner. An invitation is a link whose token is shown (or mailed) once; only its
SHA-256 is stored, and it works once, for 14 days, for whoever is signed in when it is
opened: the owner chose whom to send it to.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from records.accounts.errors import (
    BAD_INVITATION,
    LAST_OWNER,
    NOT_MEMBER,
    NOT_OWNER,
    ORG_NAME_LONG,
    ORG_NAME_REQUIRED,
    InvalidName,
    InvalidToken,
    NotAllowed,
)
from records.accounts.tokens import TOKEN_BYTES, token_hash
from records.accounts.users import normalise_email
from records.models import Invitation, Membership, Organisation, User
from records.tracker import visible_to  # the tracker's request store owns the rule

OWNER = "owner"
MEMBER = "member"
ROLES = (OWNER, MEMBER)
INVITATION_DAYS = 14
NAME_LIMIT = 200


def visible_requests(user: User) -> ColumnElement[bool]:
    """The condition on TrackedRequest for "this user may see it": their own requests and
    their organisations' requests. One definition, records.tracker's `visible_to`; use it
    (or records.tracker.get) in every query that loads a request, so another user's request
    is simply not found (a 404, never a 403)."""
    return visible_to(user.id)


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidName.at("name", ORG_NAME_REQUIRED)
    if len(cleaned) > NAME_LIMIT:
        raise InvalidName.at("name", ORG_NAME_LONG, limit=NAME_LIMIT)
    return cleaned


def create_organisation(session: Session, user: User, name: str, *,
                        now: datetime) -> Organisation:
    """A new organisation with `user` as its owner (flushed, not committed)."""
    org = Organisation(name=clean_name(name), created_at=now)
    org.memberships.append(Membership(user=user, role=OWNER, created_at=now))
    session.add(org)
    session.flush()
    return org


def find_organisation(session: Session, name: str) -> Organisation | None:
    """The oldest organisation with exactly this name (after clean_name), or None."""
    return session.scalar(select(Organisation).where(Organisation.name == clean_name(name))
                          .order_by(Organisation.id).limit(1))


def membership(session: Session, user: User, org_id: int) -> Membership | None:
    return session.get(Membership, (user.id, org_id))


def memberships(session: Session, user: User) -> list[Membership]:
    """The user's organisations, by name."""
    return list(session.scalars(
        select(Membership).join(Organisation).where(Membership.user_id == user.id)
        .order_by(Organisation.name, Organisation.id)))


def members(session: Session, org: Organisation) -> list[Membership]:
    return list(session.scalars(
        select(Membership).join(User).where(Membership.org_id == org.id)
        .order_by(User.email)))


def add_member(session: Session, org: Organisation, user: User, *, now: datetime,
               role: str = MEMBER) -> Membership:
    """Add `user` (no-op if already a member: their role is kept)."""
    found = membership(session, user, org.id)
    if found is None:
        found = Membership(user=user, organisation=org, role=role, created_at=now)
        session.add(found)
        session.flush()
    return found


def _require_owner(session: Session, user: User, org: Organisation) -> None:
    found = membership(session, user, org.id)
    if found is None or found.role != OWNER:
        raise NotAllowed.at("org", NOT_OWNER)


def invite(session: Session, org: Organisation, inviter: User, email: str, *,
           now: datetime) -> str:
    """An invitation to `email` by one of the owners; returns the token for the link."""
    _require_owner(session, inviter, org)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(Invitation(org_id=org.id, email=normalise_email(email),
                           token_hash=token_hash(token), invited_by=inviter.id,
                           created_at=now, expires_at=now + timedelta(days=INVITATION_DAYS)))
    session.flush()
    return token


def invitation_for(session: Session, token: str, *, now: datetime) -> Invitation:
    """The live invitation for a link's token, or InvalidToken."""
    found = session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if found is None or found.accepted_at is not None or found.expires_at <= now:
        raise InvalidToken.at("token", BAD_INVITATION)
    return found


def accept_invitation(session: Session, token: str, user: User, *,
                      now: datetime) -> Membership:
    """The signed-in `user` joins the organisation; the link cannot be used again."""
    invitation = invitation_for(session, token, now=now)
    org = session.get(Organisation, invitation.org_id)
    if org is None:
        raise InvalidToken.at("token", BAD_INVITATION)
    invitation.accepted_at = now
    return add_member(session, org, user, now=now)


def remove_member(session: Session, org: Organisation, by: User, member_id: int) -> None:
    """An owner removes a member, or a member leaves; never the last owner."""
    if member_id != by.id:
        _require_owner(session, by, org)
    found = session.get(Membership, (member_id, org.id))
    if found is None:
        raise NotAllowed.at("member", NOT_MEMBER)
    if found.role == OWNER:
        owners = session.scalar(select(func.count()).select_from(Membership).where(
            Membership.org_id == org.id, Membership.role == OWNER))
        if (owners or 0) <= 1:
            raise NotAllowed.at("member", LAST_OWNER)
    session.delete(found)
    session.flush()
