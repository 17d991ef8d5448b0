"""The account page and organisations through the test client: saved details with their
field errors, the calendar feed's address, API tokens shown once, and an organisation's
invitations, members and last owner."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from records.models import User
from tests.tracker_helpers import app_session, make_org, make_user, post_form, signed_in
from tests.wizard_helpers import HttpsClient, Page, errors_on, https_client


def browser(app: Flask, email: str) -> HttpsClient:
    """A new browser signed in as the account with `email` (created if missing)."""
    with app_session(app) as s:
        from records import accounts

        user = accounts.find_user(s, email) or make_user(s, email)
        return signed_in(https_client(app), user)


def test_details_are_saved_for_the_next_letter(app: Flask) -> None:
    ana = browser(app, "ana@example.org")
    saved = post_form(ana, "/account/details", {
        "requester_name": "Ana Díaz", "requester_email": "ana@example.org",
        "requester_address": "1 Main St\nKansas City, MO", "requester_category": "news-media"})
    assert saved.status_code == 200
    page = Page.of(ana.get("/account"))
    assert page.value("requester_name") == "Ana Díaz"
    assert page.value("requester_address").lstrip() == "1 Main St\nKansas City, MO"
    assert page.checked("requester_category") == ["news-media"]
    with app_session(app) as s:
        user = s.query(User).one()
        assert user.requester["name"] == "Ana Díaz"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("requester_email", "not an email", "not an email address"),
    ("requester_phone", "12", "not a phone number"),
    ("requester_name", "x" * 201, "is too long"),
    ("requester_name", "Ana\u202eDíaz", "RIGHT-TO-LEFT OVERRIDE"),
    ("requester_category", "spy", "must be one of"),
])
def test_each_bad_detail_gets_its_own_field_error(app: Flask, field: str, value: str,
                                                  message: str) -> None:
    ana = browser(app, "ana@example.org")
    response = post_form(ana, "/account/details", {field: value})
    assert response.status_code == 422
    page = Page.of(response)
    error = page.by_id(f"{field}-error")
    assert error is not None and message in error.text(), errors_on(page)
    assert len(errors_on(page)) == 1


def test_the_calendar_feed_can_be_turned_on_rotated_and_off(app: Flask) -> None:
    ana = browser(app, "ana@example.org")
    assert "The feed is off." in Page.of(ana.get("/account")).main_text()
    post_form(ana, "/account/feed")
    first = re.search(r"https://localhost(/calendar/[\w-]+\.ics)",
                      Page.of(ana.get("/account")).main_text())
    assert first
    assert ana.get("/api/me").get_json()["calendar_feed"] == "https://localhost" + first[1]
    post_form(ana, "/account/feed")
    second = re.search(r"/calendar/[\w-]+\.ics", Page.of(ana.get("/account")).main_text())
    assert second and second[0] != first[1]
    post_form(ana, "/account/feed/revoke")
    assert "The feed is off." in Page.of(ana.get("/account")).main_text()
    assert ana.get("/api/me").get_json()["calendar_feed"] is None


def test_an_api_token_is_shown_once_and_can_be_revoked(app: Flask) -> None:
    ana = browser(app, "ana@example.org")
    created = Page.of(post_form(ana, "/account/tokens"))
    token = created.by_id("new-token")
    assert token is not None and token.text().startswith("smr_")
    api = app.test_client()
    bearer = {"Authorization": f"Bearer {token.text()}"}
    assert api.get("/api/me", headers=bearer).status_code == 200
    again = ana.get("/account")
    assert token.text() not in again.get_data(as_text=True)
    [revoke] = [f for f in Page.of(again).all("form") if "/revoke" in f.get("action")
                and "/tokens/" in f.get("action")]
    assert post_form(ana, revoke.get("action")).status_code == 302
    assert api.get("/api/me", headers=bearer).status_code == 401


def invite_link(owner: HttpsClient, org_id: int, email: str) -> str:
    response = post_form(owner, f"/orgs/{org_id}/invitations", {"email": email},
                         page=f"/orgs/{org_id}")
    assert response.status_code == 200
    link = Page.of(response).by_id("invite-link")
    assert link is not None
    return link.text().removeprefix("https://localhost")


def test_an_owner_invites_and_the_invited_joins_after_signing_in(app: Flask) -> None:
    ana = browser(app, "ana@example.org")
    created = post_form(ana, "/orgs", {"name": "  KC   Legal Clinic "}, page="/orgs")
    assert created.status_code == 302
    org_path = created.headers["Location"]
    org_id = int(org_path.rsplit("/", 1)[1])
    link = invite_link(ana, org_id, "ben@example.org")

    guest = https_client(app)
    assert guest.get(link).headers["Location"] == f"/login?next={link}"
    ben = browser(app, "ben@example.org")
    invitation = ben.get(link)
    assert "Join KC Legal Clinic" in Page.of(invitation).main_text()
    joined = ben.post(link, data={"csrf_token": Page.of(invitation).csrf_token()})
    assert joined.headers["Location"] == org_path
    assert "ben@example.org" in Page.of(ben.get(org_path)).main_text()
    assert ben.get(link).status_code == 404, "an invitation works once"
    assert [o["role"] for o in ben.get("/api/me").get_json()["organisations"]] == ["member"]


def test_an_invitation_to_a_bad_email_is_a_field_error(app: Flask) -> None:
    ana = browser(app, "ana@example.org")
    with app_session(app) as s:
        org = make_org(s, s.query(User).one())
    response = post_form(ana, f"/orgs/{org.id}/invitations", {"email": "ben at home"},
                         page=f"/orgs/{org.id}")
    assert response.status_code == 422
    error = Page.of(response).by_id("email-error")
    assert error is not None and "not an email address" in error.text()


def test_only_owners_invite_and_remove_and_the_last_owner_stays(app: Flask) -> None:
    with app_session(app) as s:
        ana_user, ben_user = make_user(s, "ana@example.org"), make_user(s, "ben@example.org")
        org = make_org(s, ana_user, members=[ben_user])
        org_id, ana_id, ben_id = org.id, ana_user.id, ben_user.id
    ana, ben = browser(app, "ana@example.org"), browser(app, "ben@example.org")
    page = f"/orgs/{org_id}"
    assert post_form(ben, f"{page}/invitations", {"email": "cat@example.org"},
                     page=page).status_code == 403
    assert post_form(ben, f"{page}/members/{ana_id}/remove", page=page).status_code == 403
    last = post_form(ana, f"{page}/members/{ana_id}/remove", page=page)
    assert last.status_code == 409
    assert "at least one owner" in Page.of(last).main_text()
    assert post_form(ana, f"{page}/members/{ben_id}/remove", page=page).status_code == 302
    assert ben.get(page).status_code == 404


def test_an_organisation_needs_a_name(app: Flask) -> None:
    ana = browser(app, "ana@example.org")
    for name, message in (("   ", "is required"), ("x" * 201, "is too long")):
        response = post_form(ana, "/orgs", {"name": name}, page="/orgs")
        assert response.status_code == 422
        error = Page.of(response).by_id("name-error")
        assert error is not None and message in error.text()


NASTY = ["", " ", "\u0000", "a" * 20000, "<script>alert(1)</script>", "\u202e\u2066",
         "Ω" * 300, "1e999999", "%00", "\r\n\r\n"]
FORMS = {  # path -> (the page its CSRF token comes from, the fields it posts)
    "/signup": ("/signup", ("email", "password")),
    "/login": ("/login", ("email", "password")),
    "/reset": ("/reset", ("email",)),
    "/account/details": ("/account", ("requester_name", "requester_organization",
                                      "requester_address", "requester_email",
                                      "requester_phone", "requester_category")),
    "/account/password": ("/account", ("current_password", "password")),
    "/orgs": ("/orgs", ("name",)),
}


@pytest.mark.parametrize("path", sorted(FORMS))
def test_no_input_to_an_account_form_is_a_server_error(app: Flask, path: str) -> None:
    client = browser(app, "ana@example.org")
    page, fields = FORMS[path]
    for value in NASTY:
        for name in fields:
            response = post_form(client, path, {name: value}, page=page)
            assert response.status_code in (200, 302, 422), (path, name, value[:20])
            if response.status_code == 422:
                assert errors_on(Page.of(response)), "a refusal names its field"
