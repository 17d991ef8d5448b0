"""Accounts through the test client: signing up, in and out, resetting a password by email
(a real SMTP server on 127.0.0.1) or through the operator, sessions that end, redirects
that stay on the site, rate limits and CSRF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from email.message import Message
from typing import Any

import pytest
from flask import Flask

from records import create_app
from records.today import utc_now
from records.web import auth
from tests.cli_helpers import run_cli
from tests.tracker_helpers import (
    PASSWORD,
    Inbox,
    app_session,
    csrf_of,
    free_port,
    local_smtp,
    make_user,
    post_form,
    sign_in,
    signed_in,
)
from tests.wizard_helpers import HttpsClient, Page, errors_on, https_client

NEW_PASSWORD = "a completely new passphrase"


@pytest.fixture
def inbox(app: Flask) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1; the app sends its mail there."""
    with local_smtp() as (box, config):
        app.config.update(config)
        yield box


@pytest.fixture
def client(app: Flask) -> HttpsClient:
    return https_client(app)


@pytest.fixture
def ana(app: Flask) -> int:
    with app_session(app) as s:
        return make_user(s, "ana@example.org").id


def body_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def signed_in_as(client: HttpsClient) -> str | None:
    """The email the account page shows, or None when it sends the visitor to sign in."""
    response = client.get("/account")
    if response.status_code != 200:
        return None
    match = re.search(r"Signed in as (\S+)\.", Page.of(response).main_text())
    return match[1] if match else None


# --- signing up and in ------------------------------------------------------------------

def test_a_visitor_signs_up_and_is_signed_in(client: HttpsClient) -> None:
    response = client.post("/signup", data={"email": "Ana@Example.org", "password": PASSWORD,
                                            "csrf_token": csrf_of(client, "/signup")})
    assert response.status_code == 302
    assert signed_in_as(client) == "ana@example.org"
    header = Page.of(client.get("/")).all("nav", class_="account-menu")
    assert header and "Sign out" in header[0].text()


@pytest.mark.parametrize(("email", "password", "field", "message"), [
    ("", PASSWORD, "email", "is required"),
    ("ana at example", PASSWORD, "email", "not an email address"),
    ("ana@example.org", "short", "password", "is too short"),
    ("ana@example.org", "1234567890", "password", "most common passwords"),
    ("ana@example.org\u0000", PASSWORD, "email", "NULL"),
    ("a" * 5000 + "@example.org", PASSWORD, "email", "is too long"),
    ("ben@example.org", "x" * 1001, "password", "is too long"),
])
def test_sign_up_errors_are_on_their_field(client: HttpsClient, email: str, password: str,
                                           field: str, message: str) -> None:
    response = client.post("/signup", data={"email": email, "password": password,
                                            "csrf_token": csrf_of(client, "/signup")})
    assert response.status_code == 422
    page = Page.of(response)
    error = page.by_id(f"{field}-error")
    assert error is not None and message in error.text()
    assert len(errors_on(page)) == 1


def test_a_taken_email_is_said_on_the_email_field(client: HttpsClient, ana: int) -> None:
    response = client.post("/signup", data={"email": "ANA@example.org", "password": PASSWORD,
                                            "csrf_token": csrf_of(client, "/signup")})
    assert response.status_code == 422
    error = Page.of(response).by_id("email-error")
    assert error is not None and "already exists" in error.text()


def test_two_sign_ups_racing_for_one_email_give_a_field_error_not_a_500(
        client: HttpsClient, ana: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import records.accounts.users as users

    # The other sign-up committed between this one's check and its insert.
    monkeypatch.setattr(users, "find_user", lambda session, email: None)
    response = client.post("/signup", data={"email": "ana@example.org", "password": PASSWORD,
                                            "csrf_token": csrf_of(client, "/signup")})
    assert response.status_code == 422
    error = Page.of(response).by_id("email-error")
    assert error is not None and "already exists" in error.text()


def test_a_wrong_password_and_an_unknown_email_read_the_same(client: HttpsClient,
                                                             ana: int) -> None:
    wrong = sign_in(client, "ana@example.org", "not the password at all")
    unknown = sign_in(client, "nobody@example.org", PASSWORD)
    assert wrong.status_code == unknown.status_code == 422
    assert errors_on(Page.of(wrong)) == errors_on(Page.of(unknown)) == [
        "Error: wrong email or password"]
    assert signed_in_as(client) is None
    assert sign_in(client, "ana@example.org").status_code == 302
    assert signed_in_as(client) == "ana@example.org"


def test_spanish_visitors_read_the_errors_in_spanish(client: HttpsClient, ana: int) -> None:
    client.set_cookie("lang", "es", domain="localhost")
    response = sign_in(client, "ana@example.org", "not the password at all")
    assert errors_on(Page.of(response)) == ["Error: correo o contraseña incorrectos"]


def test_sign_in_starts_a_fresh_session(client: HttpsClient, ana: int) -> None:
    with client.session_transaction() as planted:
        planted["planted"] = "by someone else"
    before = csrf_of(client)
    sign_in(client, "ana@example.org")
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after.get("csrf_token") != before  # a new CSRF secret too


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/x", "/\\evil.example", "http:/evil.example",
    "javascript:alert(1)", "/%09/evil.example",
])
def test_next_never_leaves_the_site(client: HttpsClient, ana: int, target: str) -> None:
    response = sign_in(client, "ana@example.org", next_path=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/requests"  # the default: the tracker


def test_next_returns_to_the_page_that_asked_for_sign_in(client: HttpsClient,
                                                         ana: int) -> None:
    asked = client.get("/orgs")
    assert asked.status_code == 302
    assert asked.headers["Location"] == "/login?next=/orgs"
    response = sign_in(client, "ana@example.org", next_path="/orgs")
    assert response.headers["Location"] == "/orgs"


def test_without_next_sign_in_goes_to_the_tracker_once_it_exists(app: Flask,
                                                                  ana: int) -> None:
    app.add_url_rule("/requests/", "tracker_list", lambda: "the tracker")
    response = sign_in(https_client(app), "ana@example.org")
    assert response.headers["Location"] == "/requests"


def test_signing_in_is_limited_to_10_a_minute_per_address(app: Flask, ana: int) -> None:
    production_like = create_app({"TESTING": True, "TODAY": app.config["TODAY"]})
    client = https_client(production_like)
    token = csrf_of(client)
    codes = [client.post("/login", data={"email": "ana@example.org", "password": "wrong one!",
                                          "csrf_token": token}).status_code
             for _ in range(11)]
    assert codes == [422] * 10 + [429]
    refused = client.post("/login", data={"email": "ana@example.org", "password": PASSWORD,
                                          "csrf_token": token})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "too many attempts" in Page.of(refused).main_text().lower()
    assert client.get("/login").status_code == 200, "only the POST is limited"


def test_signing_out_takes_a_post_with_its_csrf_token(client: HttpsClient, ana: int) -> None:
    sign_in(client, "ana@example.org")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert signed_in_as(client) == "ana@example.org"
    form = Page.of(client.get("/")).all("form", action="/logout")[0]
    token = [e for e in form.iter() if e.get("name") == "csrf_token"][0].get("value")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert signed_in_as(client) is None


# --- passwords ---------------------------------------------------------------------------

def test_a_forgotten_password_is_reset_by_email_once(app: Flask, client: HttpsClient,
                                                     inbox: Inbox, ana: int) -> None:
    response = client.post("/reset", data={"email": "Ana@example.org",
                                           "csrf_token": csrf_of(client, "/reset")})
    assert response.status_code == 200
    assert "If an account has that email" in Page.of(response).main_text()
    [message] = inbox.messages
    assert message["To"] == "ana@example.org"
    assert message["From"] == "records@example.org"
    link = re.search(r"https://localhost(/reset/\S+)", body_of(message))
    assert link, body_of(message)
    form = client.get(link[1])
    assert form.status_code == 200
    done = client.post(link[1], data={"password": NEW_PASSWORD,
                                      "csrf_token": Page.of(form).csrf_token()})
    assert done.status_code == 302
    assert signed_in_as(client) == "ana@example.org"
    other = https_client(app)
    assert sign_in(other, "ana@example.org", PASSWORD).status_code == 422
    assert sign_in(other, "ana@example.org", NEW_PASSWORD).status_code == 302
    again = https_client(app).get(link[1])
    assert again.status_code == 404
    assert "already used" in Page.of(again).main_text()


def test_the_reset_page_does_not_tell_whether_an_account_exists(
        client: HttpsClient, inbox: Inbox, ana: int) -> None:
    pages = [Page.of(client.post("/reset", data={"email": email,
                                                 "csrf_token": csrf_of(client, "/reset")}))
             .main_text() for email in ("nobody@example.org", "ana@example.org")]
    assert pages[0] == pages[1]
    assert [m["To"] for m in inbox.messages] == ["ana@example.org"]


def test_a_mail_failure_shows_the_same_page_and_logs_no_address(
        app: Flask, client: HttpsClient, ana: int, caplog: pytest.LogCaptureFixture) -> None:
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(free_port()),
                      MAIL_FROM="records@example.org")
    response = client.post("/reset", data={"email": "ana@example.org",
                                           "csrf_token": csrf_of(client, "/reset")})
    assert response.status_code == 200
    assert "If an account has that email" in Page.of(response).main_text()
    assert "reset mail not sent" in caplog.text
    assert "ana@" not in caplog.text and "/reset/" not in caplog.text


def test_without_smtp_the_operator_makes_the_reset_link(app: Flask, client: HttpsClient,
                                                        ana: int) -> None:
    assert not app.config.get("SMTP_HOST")
    page = Page.of(client.post("/reset", data={"email": "ana@example.org",
                                               "csrf_token": csrf_of(client, "/reset")}))
    assert "Ask the person who runs it" in page.main_text()
    path = run_cli("users", "reset", "ana@example.org").stdout.strip()
    form = client.get(path)
    assert form.status_code == 200
    short = client.post(path, data={"password": "short", "csrf_token": Page.of(form)
                                    .csrf_token()})
    assert short.status_code == 422
    assert "too short" in errors_on(Page.of(short))[0]


def test_a_reset_link_stops_working_after_an_hour(client: HttpsClient, ana: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = run_cli("users", "reset", "ana@example.org").stdout.strip()
    later = utc_now() + timedelta(hours=1, seconds=5)
    monkeypatch.setattr(auth, "utc_now", lambda: later)
    assert client.get(path).status_code == 404


def test_changing_the_password_ends_the_other_sessions(app: Flask, ana: int) -> None:
    here, elsewhere = https_client(app), https_client(app)
    sign_in(here, "ana@example.org")
    sign_in(elsewhere, "ana@example.org")
    wrong = post_form(here, "/account/password", {"current_password": "not it at all",
                                                  "password": NEW_PASSWORD})
    assert wrong.status_code == 422
    error = Page.of(wrong).by_id("current_password-error")
    assert error is not None and "not your current password" in error.text()
    assert signed_in_as(elsewhere) == "ana@example.org"
    changed = post_form(here, "/account/password", {"current_password": PASSWORD,
                                                    "password": NEW_PASSWORD})
    assert changed.status_code == 200
    assert signed_in_as(here) == "ana@example.org"
    assert signed_in_as(elsewhere) is None


# --- CSRF and the API's bearer tokens -------------------------------------------------------

def test_a_form_post_without_its_csrf_token_is_refused(client: HttpsClient, ana: int) -> None:
    sign_in(client, "ana@example.org")
    refused = client.post("/orgs", data={"name": "Clinic"})
    assert refused.status_code == 400
    assert Page.of(client.get("/orgs")).by_id("name") is not None
    assert "Clinic" not in Page.of(client.get("/orgs")).main_text()


@pytest.fixture
def echo_app(app: Flask) -> Flask:
    """The app with a throwaway POST route under /api/, as the tracker's will be."""
    from flask_login import current_user

    def echo() -> dict[str, Any]:
        return {"user": current_user.email}

    app.add_url_rule("/api/echo", "api_echo", echo, methods=["POST"])
    return app


def test_only_a_bearer_token_post_skips_csrf(echo_app: Flask, ana: int) -> None:
    run = run_cli("users", "token", "ana@example.org")
    token = run.stdout.strip()
    browser = https_client(echo_app)
    sign_in(browser, "ana@example.org")
    assert browser.post("/api/echo", json={}).status_code == 400, "cookie without CSRF"
    program = https_client(echo_app)
    passed = program.post("/api/echo", json={}, headers={"Authorization": f"Bearer {token}"})
    assert passed.status_code == 200
    assert passed.json == {"user": "ana@example.org"}
    forged = program.post("/api/echo", json={}, headers={"Authorization": "Bearer smr_nope"})
    assert forged.status_code == 400
    # A browser session with a bad bearer header gets no exemption either.
    assert browser.post("/api/echo", json={},
                        headers={"Authorization": "Bearer smr_nope"}).status_code == 400


def test_api_me_needs_a_token_or_a_session(app: Flask, ana: int) -> None:
    anonymous = app.test_client().get("/api/me")
    assert anonymous.status_code == 401
    assert anonymous.json is not None and "Bearer" in anonymous.json["error"]
    with app_session(app) as s:
        from records.models import User

        user = s.get(User, ana)
        assert user is not None
        signed = signed_in(https_client(app), user)
    me = signed.get("/api/me")
    assert me.status_code == 200
    assert me.json == {"id": ana, "email": "ana@example.org", "organisations": [],
                       "calendar_feed": None}
    assert me.headers["Cache-Control"] == "no-store"
