"""`python -m records digest`: one plain-text email per user, through a real SMTP server
(aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from records import db
from records.cli import main
from tests import tracker_data as data

PERSONAL = ("Florencio", "Millan", "Jordan Alvarez", "Maria Elena Robles", "1987-03-14",
            "A012345678", "Harvard Circle")


class Inbox:
    """aiosmtpd's handler: keeps every message it is given."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"

    def to(self, address: str) -> Message:
        found = [m for rcpt, m in self.received if rcpt == [address]]
        assert len(found) == 1, f"{len(found)} messages to {address}"
        return found[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def smtp(people: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1, configured after `people` cleared the settings."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(controller.port))
    monkeypatch.setenv("MAIL_FROM", "digest@records.example.org")
    yield inbox
    controller.stop()


@pytest.fixture
def people(app: Flask, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Ana: one request overdue, one fee due this week, and her clinic's ICE appeal window
    closing in two days. Ben: only the clinic's request. Cy: a letter never sent."""
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.setenv("BASE_URL", "https://records.example.org")
    for key in ("SMTP_HOST", "SMTP_PORT", "MAIL_FROM", "SMTP_STARTTLS", "SMTP_USERNAME"):
        monkeypatch.delenv(key, raising=False)
    with db.connect(app.config["DATABASE_URL"]).scope() as s:
        ana, ben, cy = (data.user(s, f"{n}@example.org") for n in ("ana", "ben", "cy"))
        clinic = data.org(s, "Clinic", ana, ben)
        late = data.request(s, ana, events=[("received", "2026-11-02")])
        fee = data.request(s, ana, title="KCPD: incident of 2024-05-01",
                           events=[("received", "2026-08-25"),
                                   ("payment-requested", "2026-08-27", {"amount": "40.00"})])
        # No expedited processing asked: its 10-day clock would make the request overdue.
        plain = data.answers_for("foia", "ice", expedite=..., expedite_ground=...)
        ice = data.request(s, ben, law="foia", agency="ice", organisation=clinic,
                           answers=plain,
                           events=[("received", "2026-07-01"), ("denied", "2026-08-28")])
        data.request(s, cy)
        return {"late": late.id, "fee": fee.id, "ice": ice.id}


def test_each_user_gets_one_digest_of_what_is_late_or_due(
        smtp: Inbox, people: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--today", "2026-11-23"]) == 0

    assert sorted(rcpt for rcpt, _ in smtp.received) == [["ana@example.org"],
                                                         ["ben@example.org"]]
    ana = smtp.to("ana@example.org")
    assert ana["Subject"] == ("Show-Me Records: 1 overdue, 1 appeal window closing, "
                              "1 due this week")
    assert ana["From"] == "digest@records.example.org"
    body = ana.get_payload(decode=True).decode()
    assert "* KCPD: incident of 2019-07-22 (Kansas City Missouri Police Department)" in body
    assert "  KCPD response due (RSMo 610.023.3): was due Thu 2026-11-05" in body
    assert "  Next step: KCPD is 11 business days late: send the follow-up." in body
    assert f"  https://records.example.org/requests/{people['late']}" in body
    assert "Pay KCPD's fee by (the request lapses after)" in body
    assert "due Wed 2026-11-25" in body
    assert body.index("OVERDUE (1)") < body.index("APPEAL WINDOW CLOSING (1)") \
        < body.index("DUE THIS WEEK (1)")
    ben = smtp.to("ben@example.org")
    assert ben["Subject"] == "Show-Me Records: 1 appeal window closing"
    assert "Appeal ICE's decision by (6 CFR 5.8" in ben.get_payload(decode=True).decode()
    assert "sent 2 of 2" in capsys.readouterr().err


def test_no_names_birth_dates_or_a_numbers_in_any_digest(
        app: Flask, smtp: Inbox, people: dict[str, int]) -> None:
    with db.connect(app.config["DATABASE_URL"]).scope() as s:
        dana = data.user(s, "dana@example.org")
        data.request(s, dana, law="privacy-act", agency="ice",
                     events=[("received", "2026-10-01")])
    assert main(["digest", "--today", "2026-11-23"]) == 0
    assert len(smtp.received) == 3
    for _, message in smtp.received:
        for phrase in PERSONAL:
            assert phrase not in message["Subject"]
            assert phrase not in message.get_payload(decode=True).decode()


def test_without_smtp_the_digest_is_printed_with_a_note(
        people: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--today", "2026-11-23"]) == 0
    out, err = capsys.readouterr()
    assert out.count("To: ") == 2
    assert "Subject: Show-Me Records: 1 overdue, 1 appeal window closing, 1 due this week" in out
    assert err.strip() == ("digest: SMTP is not configured (SMTP_HOST, MAIL_FROM): printed 2 "
                           "digest(s), sent nothing")


def test_a_dry_run_sends_nothing(smtp: Inbox, people: dict[str, int],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--today", "2026-11-23", "--dry-run"]) == 0
    assert smtp.received == []
    assert "dry run" in capsys.readouterr().err


def test_a_later_day_reports_what_is_late_then(smtp: Inbox, people: dict[str, int]) -> None:
    # On 2026-11-30 the fee has lapsed (a requester's clock: no longer "due") and the
    # appeal window has closed: only the overdue response is left for Ana; Ben gets none.
    assert main(["digest", "--today", "2026-11-30"]) == 0
    assert [rcpt for rcpt, _ in smtp.received] == [["ana@example.org"]]
    assert smtp.to("ana@example.org")["Subject"] == "Show-Me Records: 1 overdue"


def test_a_bad_date_is_one_line_and_exit_2(people: dict[str, int],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--today", "2026-13-01"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2026-13-01" in err


def test_an_smtp_server_that_is_down_fails_without_naming_anyone(
        people: dict[str, int], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))
    monkeypatch.setenv("MAIL_FROM", "digest@records.example.org")
    assert main(["digest", "--today", "2026-11-23"]) == 1
    err = capsys.readouterr().err
    assert "sent 0 of 2" in err
    assert "@example.org" not in err
