"""`python -m records digest [--today YYYY-MM-DD] [--dry-run]`: the daily digest email.

Each user with something overdue, due this week, or an appeal window closing within 14
days gets one plain-text email (records.tracker.digest). Mail goes through the SMTP server
named by SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS and MAIL_FROM.
Without them, or with --dry-run, the digests are printed instead and a note goes to stderr.
Links use BASE_URL (default http://127.0.0.1:5000). Run it once a day (cron).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from records import config, db
from records.commands.base import UsageError
from records.deadlines import DeadlineInputError, parse_date
from records.mail import MailError, mail_configured, send_mail
from records.today import today_in_chicago
from records.tracker.digest import Digest, digests


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("digest", help="email each user what is overdue or due soon")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="default: today in America/Chicago")
    p.add_argument("--dry-run", action="store_true", help="print the digests, send nothing")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        today = parse_date(args.today, "--today") if args.today else today_in_chicago()
    except DeadlineInputError as exc:
        raise UsageError(exc.problems) from None
    try:
        with db.connect().scope() as session:
            found = digests(session, today=today, base_url=config.base_url())
    except SQLAlchemyError as exc:
        print(f"digest: cannot read the database ({type(exc).__name__}); "
              "run `python -m records db upgrade`", file=sys.stderr)
        return 1
    settings = config.mail_settings()
    if args.dry_run or not mail_configured(settings):
        for each in found:
            print(f"To: {each.to}\nSubject: {each.subject}\n\n{each.body}")
        why = "dry run" if args.dry_run else "SMTP is not configured (SMTP_HOST, MAIL_FROM)"
        print(f"digest: {why}: printed {len(found)} digest(s), sent nothing", file=sys.stderr)
        return 0
    return _send_all(settings, found)


def _send_all(settings: Mapping[str, str], found: list[Digest]) -> int:
    failed = 0
    for each in found:
        try:
            send_mail(settings, to=each.to, subject=each.subject, body=each.body)
        except MailError as exc:
            failed += 1
            # The user's id, not the address: stderr ends up in cron mail and logs.
            print(f"digest: user {each.user_id}: {exc}", file=sys.stderr)
    print(f"digest: sent {len(found) - failed} of {len(found)} digest(s)", file=sys.stderr)
    return 1 if failed else 0
