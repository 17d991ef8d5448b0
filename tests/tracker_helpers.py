"""Factories and sign-in helpers for tests of accounts, the tracker and the JSON API.

    with app_session(app) as s:
        ana = make_user(s, "ana@example.org")
        clinic = make_org(s, ana, "Clinic", members=[ben])
        req = make_request(s, ana, org=clinic)
    client = https_client(app)
    signed_in(client, ana)           # quick: writes Flask-Login's session directly
    sign_in(client, "ana@example.org")  # slow and real: posts the login form
    with local_smtp() as (inbox, config):  # a real SMTP server on 127.0.0.1
        app.config.update(config)           # (or pass `config` to records.mail)
        ...; inbox.messages                 # email.message.Message objects

Each factory commits, so the web app (its own Session) sees the rows.
"""

from __future__ import annotations

import itertools
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import Message
from typing import Any, TypeVar

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

from records import accounts, db
from records.models import Organisation, TrackedRequest, User
from tests.wizard_helpers import Page

PASSWORD = "correct horse battery staple"
# scrypt costs tens of milliseconds: hash the shared test password once per process.
_PASSWORD_HASH = generate_password_hash(PASSWORD)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
_numbers = itertools.count(1)


@contextmanager
def app_session(app: Flask) -> Iterator[Session]:
    """A Session on the app's database, outside any request."""
    with db.connect(app.config["DATABASE_URL"]).scope() as session:
        yield session


def make_user(session: Session, email: str | None = None, *,
              password: str = PASSWORD, **overrides: Any) -> User:
    """A committed account (email unique by default), with PASSWORD unless told."""
    email = email or f"user{next(_numbers)}@example.org"
    hashed = _PASSWORD_HASH if password == PASSWORD else generate_password_hash(password)
    user = User(email=accounts.normalise_email(email), password_hash=hashed, requester={},
                session_version=1, created_at=NOW)
    for key, value in overrides.items():
        setattr(user, key, value)
    session.add(user)
    session.commit()
    return user


def make_org(session: Session, owner: User, name: str = "Legal clinic", *,
             members: Iterable[User] = ()) -> Organisation:
    """A committed organisation owned by `owner`, with `members` as members."""
    org = accounts.create_organisation(session, owner, name, now=NOW)
    for member in members:
        accounts.add_member(session, org, member, now=NOW)
    session.commit()
    return org


def make_request(session: Session, owner: User, *, org: Organisation | None = None,
                 **overrides: Any) -> TrackedRequest:
    """A committed tracked request owned by `owner` (shared with `org` if given)."""
    fields: dict[str, Any] = {
        "owner_id": owner.id, "org_id": org.id if org is not None else None, "law": "foia",
        "agency": "ice", "title": "ICE records of the 2019 arrest",
        "answers": {"law": "foia", "agency": "ice"}, "created_at": NOW, "updated_at": NOW,
    }
    fields.update(overrides)
    request = TrackedRequest(**fields)
    session.add(request)
    session.commit()
    return request


Client = TypeVar("Client", bound=FlaskClient)


def signed_in(client: Client, user: User) -> Client:
    """Sign `user` in on `client` without the login form (as Flask-Login would)."""
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = user.get_id()
        flask_session["_fresh"] = True
    return client


def csrf_of(client: FlaskClient, path: str = "/login") -> str:
    """A CSRF token for `client`'s session, scraped from a page's form."""
    return Page.of(client.get(path)).csrf_token()


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD,
            next_path: str | None = None) -> TestResponse:
    """Post the real login form (CSRF token included); returns the response."""
    url = "/login" + (f"?next={next_path}" if next_path else "")
    return client.post(url, data={"email": email, "password": password,
                                  "csrf_token": csrf_of(client)})


def post_form(client: FlaskClient, path: str, data: dict[str, Any] | None = None,
              page: str = "/account") -> TestResponse:
    """POST `data` to `path` with a CSRF token taken from `page`."""
    return client.post(path, data={**(data or {}), "csrf_token": csrf_of(client, page)})


class Inbox:
    """Messages a local aiosmtpd server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    # aiosmtpd's Controller checks it started by connecting to its port, so port 0 (let
    # the system choose) does not work: ask the system for a free port first.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def local_smtp() -> Iterator[tuple[Inbox, dict[str, str]]]:
    """A real SMTP server on a free port of 127.0.0.1, and the mail settings that reach
    it (records.mail's keys)."""
    from aiosmtpd.controller import Controller

    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield box, {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(controller.port),
                    "MAIL_FROM": "records@example.org"}
    finally:
        controller.stop()
