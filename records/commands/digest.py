"""`python -m records digest [--today YYYY-MM-DD] [--dry-run]`: the daily digest email.

Each user with something overdue, due this week, or an appeal window closing within 14
days gets one plain-text email (records.tracker.digest). Mail goes through the SMTP server
named by SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS and MAIL_FROM.
Without them, or with --dry-run, the digests are printed instead and a note goes to stderr.
Links use BASE_URL (default http://127.0.0.1:5000). Run it once a day (cron).
"""

from __future__ import annotations

import argparse
import os
import smtplib
import ssl
import sys
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from records import config, db
from records.commands.base import UsageError
from records.deadlines import DeadlineInputError, parse_date
from records.today import today_in_chicago
from records.tracker.digest import Digest, digests

MAIL_KEYS = ("SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_STARTTLS",
             "MAIL_FROM")


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
    settings = mail_settings()
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


# --- SMTP. To be replaced by records.mail (the accounts work) once it is on main. ---

class MailError(Exception):
    """The message could not be handed to the SMTP server (the kind of failure only)."""


def mail_settings() -> dict[str, str]:
    return {key: os.environ[key].strip() for key in MAIL_KEYS if os.environ.get(key, "").strip()}


def mail_configured(settings: Mapping[str, str]) -> bool:
    return bool(settings.get("SMTP_HOST") and settings.get("MAIL_FROM"))


def send_mail(settings: Mapping[str, str], *, to: str, subject: str, body: str) -> None:
    starttls = settings.get("SMTP_STARTTLS", "").lower() in ("1", "true", "yes", "on")
    message = EmailMessage()
    message["From"] = settings["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings["MAIL_FROM"].rpartition("@")[2] or None)
    message.set_content(body)
    try:
        port = int(settings.get("SMTP_PORT") or (587 if starttls else 25))
        with smtplib.SMTP(settings["SMTP_HOST"], port, timeout=10) as smtp:
            if starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.get("SMTP_USERNAME"):
                smtp.login(settings["SMTP_USERNAME"], settings.get("SMTP_PASSWORD", ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException, ValueError) as exc:
        raise MailError(f"sending failed: {type(exc).__name__}") from None
