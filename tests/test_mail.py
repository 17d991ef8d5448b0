"""records.mail: plain text through a real SMTP server, settings from a mapping, and
failures that name no address."""

from __future__ import annotations

import pytest

from records import mail
from tests.tracker_helpers import free_port, local_smtp


def test_a_message_reaches_the_smtp_server_as_plain_text() -> None:
    with local_smtp() as (inbox, config):
        mail.send_mail(config, to="ana@example.org", subject="Reset your password",
                       body="Open https://localhost/reset/abc\n")
    [message] = inbox.messages
    assert message["To"] == "ana@example.org"
    assert message["From"] == "records@example.org"
    assert message["Subject"] == "Reset your password"
    assert message.get_content_type() == "text/plain"
    assert "https://localhost/reset/abc" in str(message.get_payload())


def test_mail_needs_a_host_and_a_sender() -> None:
    assert not mail.mail_configured({})
    assert not mail.mail_configured({"SMTP_HOST": "smtp.example.org"})
    assert not mail.mail_configured({"SMTP_HOST": " ", "MAIL_FROM": "a@example.org"})
    assert mail.mail_configured({"SMTP_HOST": "smtp.example.org", "MAIL_FROM": "a@b.org"})
    with pytest.raises(mail.MailError):
        mail.send_mail({}, to="ana@example.org", subject="s", body="b")


def test_the_port_defaults_to_587_with_starttls_else_25() -> None:
    assert mail.smtp_port({}) == 25
    assert mail.smtp_port({"SMTP_STARTTLS": "true"}) == 587
    assert mail.smtp_port({"SMTP_STARTTLS": "0"}) == 25
    assert mail.smtp_port({"SMTP_STARTTLS": "1", "SMTP_PORT": "2525"}) == 2525


def test_a_failure_names_no_address() -> None:
    config = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(free_port()),
              "MAIL_FROM": "records@example.org"}
    with pytest.raises(mail.MailError) as caught:
        mail.send_mail(config, to="ana@example.org", subject="s", body="secret link")
    assert "ana@" not in str(caught.value) and "secret" not in str(caught.value)
    assert "ConnectionRefusedError" in str(caught.value)
