"""`python -m records users ...`: the operator adds accounts, makes API tokens and reset
links on the app's own database; bad input is exit 2 with one line per problem."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from records import accounts
from records.models import Membership, Organisation
from tests.cli_helpers import run_cli, run_cli_process
from tests.tracker_helpers import PASSWORD, app_session, make_user, sign_in
from tests.wizard_helpers import Page, https_client


def test_an_operator_adds_a_user_who_can_then_sign_in(app: Flask) -> None:
    result = run_cli("users", "add", "Ana@Example.org", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"added user \d+\n", result.stdout)
    assert PASSWORD not in result.stdout + result.stderr
    client = https_client(app)
    assert sign_in(client, "ana@example.org").status_code == 302


def test_with_org_the_first_user_owns_it_and_the_next_joins_as_member(app: Flask) -> None:
    first = run_cli("users", "add", "ana@example.org", "--org", "KC Clinic",
                    stdin=PASSWORD + "\n")
    second = run_cli("users", "add", "ben@example.org", "--org", "KC Clinic",
                     stdin=PASSWORD + "\n")
    assert "owner of new organisation" in first.stdout
    assert "member of organisation" in second.stdout
    with app_session(app) as s:
        orgs = s.query(Organisation).all()
        assert [o.name for o in orgs] == ["KC Clinic"]
        roles = {m.user.email: m.role for m in s.query(Membership).all()}
    assert roles == {"ana@example.org": "owner", "ben@example.org": "member"}


def test_a_duplicate_email_is_one_line_and_exit_2(app: Flask) -> None:
    run_cli("users", "add", "ana@example.org", stdin=PASSWORD + "\n")
    result = run_cli("users", "add", "ANA@example.org", stdin=PASSWORD + "\n")
    assert result.returncode == 2
    assert result.stderr == "email: an account with this email already exists\n"
    assert result.stdout == ""


def test_a_short_password_is_refused_with_its_reason(app: Flask) -> None:
    result = run_cli("users", "add", "ana@example.org", stdin="short\n")
    assert result.returncode == 2
    assert result.stderr == "password: is too short: use at least 10 characters\n"
    with app_session(app) as s:
        assert accounts.find_user(s, "ana@example.org") is None


def test_no_password_on_stdin_and_a_bad_email_are_refused(app: Flask) -> None:
    empty = run_cli("users", "add", "ana@example.org", stdin="")
    assert (empty.returncode, empty.stderr) == (
        2, "password: give it on standard input, one line\n")
    bad = run_cli("users", "add", "not-an-email", stdin=PASSWORD + "\n")
    assert (bad.returncode, bad.stderr) == (2, "email: not an email address\n")


def test_token_prints_only_a_token_that_signs_in_to_the_api(app: Flask) -> None:
    with app_session(app) as s:
        make_user(s, "ana@example.org")
    result = run_cli("users", "token", "ana@example.org")
    assert result.returncode == 0, result.stderr
    token = result.stdout.removesuffix("\n")
    assert re.fullmatch(r"smr_[A-Za-z0-9_-]{43}", token)
    me = app.test_client().get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json is not None and me.json["email"] == "ana@example.org"


def test_unknown_email_is_exit_2_for_token_and_reset(app: Flask) -> None:
    for command in ("token", "reset"):
        result = run_cli("users", command, "nobody@example.org")
        assert (result.returncode, result.stderr, result.stdout) == (
            2, "email: no account has this email\n", ""), command


def test_reset_prints_a_path_that_lets_the_user_choose_a_new_password(app: Flask) -> None:
    with app_session(app) as s:
        make_user(s, "ana@example.org")
    result = run_cli("users", "reset", "ana@example.org")
    assert result.returncode == 0, result.stderr
    path = result.stdout.strip()
    assert re.fullmatch(r"/reset/[A-Za-z0-9_.-]+", path)
    client = https_client(app)
    form = Page.of(client.get(path))
    response = client.post(path, data={"password": "a brand new passphrase",
                                       "csrf_token": form.csrf_token()})
    assert response.status_code == 302
    assert sign_in(https_client(app), "ana@example.org", "a brand new passphrase"
                   ).status_code == 302


def test_an_unmigrated_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = run_cli("users", "token", "ana@example.org",
                     env={"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"})
    assert result.returncode == 1
    assert "db upgrade" in result.stderr and "Traceback" not in result.stderr


def test_the_real_entry_point_exits_2_without_a_traceback(app: Flask) -> None:
    result = run_cli_process("users", "add", "ana@example.org", stdin="short\n")
    assert result.returncode == 2
    assert result.stderr == "password: is too short: use at least 10 characters\n"
