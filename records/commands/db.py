"""`python -m records db upgrade` and `python -m records db purge`.

The database is DATABASE_URL from the environment, else records.db in the instance folder
(RECORDS_INSTANCE or instance/). `make run` runs `db upgrade` before serving.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy.exc import OperationalError

from records import db
from records.store import DraftStore
from records.today import utc_now


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("db", help="the database: migrations and clean-up")
    sub = p.add_subparsers(dest="db_command", metavar="{upgrade,purge}", required=True)
    up = sub.add_parser("upgrade", help="create or upgrade the database (Alembic head)")
    up.set_defaults(handler=run_upgrade)
    purge = sub.add_parser("purge", help="delete wizard drafts past their 30 days")
    purge.set_defaults(handler=run_purge)


def run_upgrade(args: argparse.Namespace) -> int:
    url = db.default_url()
    head = db.upgrade(url)
    print(f"ok: database {db.display_url(url)} at revision {head}")
    return 0


def run_purge(args: argparse.Namespace) -> int:
    try:
        with db.connect().scope() as session:
            count = DraftStore(session).purge_expired(now=utc_now())
    except OperationalError:
        # The exception text holds the SQL; one plain line is enough.
        print("db: the database is missing or not migrated; run "
              "`python -m records db upgrade` first", file=sys.stderr)
        return 1
    print(f"purged {count} expired draft{'' if count == 1 else 's'}")
    return 0
