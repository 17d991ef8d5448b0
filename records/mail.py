"""Plain-text email through an SMTP server named by the configuration.

No Flask: the web app passes its config, the CLI and the digest `records.config.
mail_settings()`. Keys: SMTP_HOST (unset: no mail), SMTP_PORT (default 587 with STARTTLS,
else 25), SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS (1/true/yes), MAIL_FROM.

Nothing here logs an address or a body: they are personal data, and reset links in a
body are passwords for an hour.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

TIMEOUT_SECONDS = 10.0
TRUE_WORDS = ("1", "true", "yes", "on")


class MailError(Exception):
    """The message could not be handed to the SMTP server. The text names the kind of
    failure only, never an address."""


def _flag(value: Any) -> bool:
    return value is True or str(value or "").strip().lower() in TRUE_WORDS


def mail_configured(config: Mapping[str, Any]) -> bool:
    """Whether mail can be sent: an SMTP host and a From address."""
    return bool(str(config.get("SMTP_HOST") or "").strip()
                and str(config.get("MAIL_FROM") or "").strip())


def smtp_port(config: Mapping[str, Any]) -> int:
    raw = str(config.get("SMTP_PORT") or "").strip()
    if raw:
        return int(raw)
    return 587 if _flag(config.get("SMTP_STARTTLS")) else 25


def build_message(config: Mapping[str, Any], *, to: str, subject: str,
                  body: str) -> EmailMessage:
    message = EmailMessage()
    sender = str(config["MAIL_FROM"]).strip()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(body)
    return message


def send_mail(config: Mapping[str, Any], *, to: str, subject: str, body: str) -> None:
    """Send one plain-text message; raises MailError when it cannot."""
    if not mail_configured(config):
        raise MailError("mail is not configured (SMTP_HOST and MAIL_FROM)")
    try:
        message = build_message(config, to=to, subject=subject, body=body)
        host = str(config["SMTP_HOST"]).strip()
        with smtplib.SMTP(host, smtp_port(config), timeout=TIMEOUT_SECONDS) as smtp:
            if _flag(config.get("SMTP_STARTTLS")):
                smtp.starttls(context=ssl.create_default_context())
            username = str(config.get("SMTP_USERNAME") or "")
            if username:
                smtp.login(username, str(config.get("SMTP_PASSWORD") or ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException, ValueError) as exc:
        # The exception text can quote the refused recipient: keep only its kind.
        raise MailError(f"sending failed: {type(exc).__name__}") from None
