"""`python -m records users add EMAIL [--org NAME]`, `users token EMAIL`, `users reset EMAIL`.

For the operator, on the database `python -m records db` uses (DATABASE_URL, else the
instance folder's SQLite file), migrated first with `db upgrade`.

- `add` reads the password from standard input (one line), so it never shows in the
  process list or the shell history. With --org, the organisation is created with the new
  user as its owner, or, if it exists, the user joins it as a member.
- `token` prints a new personal API token and nothing else.
- `reset` prints a password-reset path (/reset/<token>, valid for an hour), for a server
  that cannot send email; the operator hands it to the user.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from records import accounts, config, db
from records.accounts import AccountError
from records.commands.base import UsageError
from records.models import User
from records.today import utc_now

NOT_MIGRATED = ("users: the database is missing or not migrated; run "
                "`python -m records db upgrade` first")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("users", help="accounts: add one, make an API token or a reset "
                              "link")
    sub = p.add_subparsers(dest="users_command", metavar="{add,token,reset}", required=True)
    add = sub.add_parser("add", help="add an account (password on standard input)")
    add.add_argument("email")
    add.add_argument("--org", metavar="NAME", help="an organisation to own or join")
    add.set_defaults(handler=run_add)
    token = sub.add_parser("token", help="print a new personal API token")
    token.add_argument("email")
    token.set_defaults(handler=run_token)
    reset = sub.add_parser("reset", help="print a password-reset path, /reset/<token>")
    reset.add_argument("email")
    reset.set_defaults(handler=run_reset)


def _field(error: AccountError) -> str:
    # The domain names fields as forms do; on the command line they are arguments.
    return {"email": "email", "password": "password", "name": "--org"}.get(
        error.error.field, error.error.field)


def _in_session(work: Callable[[Session], str]) -> int:
    """Run `work` in one transaction and print what it returns; bad input exits 2."""
    try:
        with db.connect(db.default_url()).scope() as session:
            out = work(session)
            session.commit()
    except AccountError as exc:
        raise UsageError([f"{_field(exc)}: {exc.error.message}"]) from None
    except IntegrityError:  # another process added the same email a moment ago
        raise UsageError(["email: an account with this email already exists"]) from None
    except OperationalError:
        print(NOT_MIGRATED, file=sys.stderr)
        return 1
    print(out)
    return 0


def _read_password() -> str:
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise UsageError(["password: give it on standard input, one line"])
    return password


def run_add(args: argparse.Namespace) -> int:
    password = _read_password()

    def work(session: Session) -> str:
        now = utc_now()
        user = accounts.create_user(session, args.email, password, now=now)
        if args.org is None:
            return f"added user {user.id}"
        org = accounts.find_organisation(session, args.org)
        if org is None:
            org = accounts.create_organisation(session, user, args.org, now=now)
            return f"added user {user.id}, owner of new organisation {org.id}"
        accounts.add_member(session, org, user, now=now)
        return f"added user {user.id}, member of organisation {org.id}"

    return _in_session(work)


def _user(session: Session, email: str) -> User:
    return accounts.get_user(session, email)


def run_token(args: argparse.Namespace) -> int:
    return _in_session(lambda s: accounts.new_api_token(s, _user(s, args.email), now=utc_now()))


def run_reset(args: argparse.Namespace) -> int:
    # The web app signs with the same key: SECRET_KEY, else the instance folder's file.
    key = config.secret_key(config.instance_path())
    return _in_session(lambda s: accounts.reset_path(
        accounts.reset_token(_user(s, args.email), secret_key=key)))
