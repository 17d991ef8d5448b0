"""records.accounts without Flask: accounts, passwords, reset links, tokens, organisations
and who sees which requests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from records import accounts, db, tracker
from records.models import Invitation, TrackedRequest, User
from records.today import utc_now
from tests.tracker_helpers import NOW, PASSWORD, make_org, make_request, make_user

KEY = "test secret key"


@pytest.fixture
def session(migrated_database: Path, tmp_path: Path) -> Iterator[Session]:
    import shutil

    path = tmp_path / "records.db"
    shutil.copy2(migrated_database, path)
    url = f"sqlite:///{path}"
    with db.connect(url).scope() as s:
        yield s
    db.dispose(url)


# --- sign-up and sign-in ---------------------------------------------------------------

def test_an_email_is_one_account_whatever_its_case_and_spaces(session: Session) -> None:
    user = accounts.create_user(session, "  Ana.Diaz@Example.ORG ", PASSWORD, now=NOW)
    assert user.email == "ana.diaz@example.org"
    with pytest.raises(accounts.EmailTaken) as caught:
        accounts.create_user(session, "ana.diaz@EXAMPLE.org", PASSWORD, now=NOW)
    assert caught.value.error.field == "email"


def test_a_bad_email_is_refused_by_the_letter_rule(session: Session) -> None:
    with pytest.raises(accounts.InvalidEmail) as caught:
        accounts.create_user(session, "ana at example", PASSWORD, now=NOW)
    assert caught.value.error.code == "not-an-email"


@pytest.mark.parametrize(("password", "code"), [
    ("short1234", "password-short"),
    ("password123", "password-common"),
    ("QWERTYUIOP", "password-common"),
    ("zzzzzzzzzzzz", "password-common"),
    ("ana@example.org", "password-is-email"),
    ("x" * 999 + "yz", "password-long"),
])
def test_weak_passwords_are_refused_with_the_reason(session: Session, password: str,
                                                    code: str) -> None:
    with pytest.raises(accounts.WeakPassword) as caught:
        accounts.create_user(session, "ana@example.org", password, now=NOW)
    assert caught.value.error.code == code


def test_the_password_is_stored_only_as_a_scrypt_hash(session: Session) -> None:
    user = accounts.create_user(session, "ana@example.org", PASSWORD, now=NOW)
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_unknown_email_and_wrong_password_get_the_same_error(session: Session) -> None:
    make_user(session, "ana@example.org")
    with pytest.raises(accounts.BadCredentials) as unknown:
        accounts.authenticate(session, "nobody@example.org", PASSWORD)
    with pytest.raises(accounts.BadCredentials) as wrong:
        accounts.authenticate(session, "ana@example.org", PASSWORD + "!")
    assert str(unknown.value) == str(wrong.value)
    assert accounts.authenticate(session, "ANA@example.org", PASSWORD).email == \
        "ana@example.org"


def test_changing_the_password_ends_other_sessions(session: Session) -> None:
    user = make_user(session, "ana@example.org")
    before = user.get_id()
    with pytest.raises(accounts.BadCredentials):
        accounts.change_password(user, "not my password", "a new long passphrase")
    assert user.get_id() == before
    accounts.change_password(user, PASSWORD, "a new long passphrase")
    assert user.get_id() != before
    assert accounts.authenticate(session, "ana@example.org", "a new long passphrase")


# --- reset links --------------------------------------------------------------------------

def test_a_reset_link_works_once(session: Session) -> None:
    # The link carries the real time it was signed (itsdangerous): `now` is the real clock.
    user = make_user(session, "ana@example.org")
    token = accounts.reset_token(user, secret_key=KEY)
    found = accounts.user_for_reset_token(session, token, secret_key=KEY,
                                          now=utc_now())
    assert found is user
    accounts.set_password(user, "another long passphrase")
    with pytest.raises(accounts.InvalidToken):
        accounts.user_for_reset_token(session, token, secret_key=KEY, now=utc_now())


def test_a_reset_link_expires_after_an_hour(session: Session) -> None:
    user = make_user(session, "ana@example.org")
    token = accounts.reset_token(user, secret_key=KEY)
    now = utc_now()
    later = now + timedelta(seconds=accounts.RESET_MAX_AGE - 5)
    assert accounts.user_for_reset_token(session, token, secret_key=KEY, now=later) is user
    with pytest.raises(accounts.InvalidToken):
        accounts.user_for_reset_token(session, token, secret_key=KEY,
                                      now=now + timedelta(seconds=accounts.RESET_MAX_AGE + 5))
    with pytest.raises(accounts.InvalidToken):
        accounts.user_for_reset_token(session, token, secret_key=KEY, now=now, max_age=-1)


def test_a_reset_link_signed_with_another_key_or_altered_is_refused(session: Session) -> None:
    user = make_user(session, "ana@example.org")
    token = accounts.reset_token(user, secret_key=KEY)
    now = utc_now()
    for bad in (accounts.reset_token(user, secret_key="another key"), token[:-2] + "xx",
                "", "not.a.token"):
        with pytest.raises(accounts.InvalidToken):
            accounts.user_for_reset_token(session, bad, secret_key=KEY, now=now)
    assert user.password_hash not in token and "ana" not in token


# --- tokens -----------------------------------------------------------------------------

def test_an_api_token_is_shown_once_stored_hashed_and_revocable(session: Session) -> None:
    from records.models import ApiToken

    user = make_user(session, "ana@example.org")
    token = accounts.new_api_token(session, user, now=NOW)
    assert token.startswith(accounts.API_TOKEN_PREFIX)
    stored = session.scalars(select(ApiToken)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert accounts.user_for_api_token(session, token) is user
    assert accounts.user_for_api_token(session, token + "x") is None
    other = make_user(session, "ben@example.org")
    assert not accounts.revoke_api_token(session, other, stored.id, now=NOW)
    assert accounts.revoke_api_token(session, user, stored.id, now=NOW)
    assert accounts.user_for_api_token(session, token) is None
    assert accounts.api_tokens(session, user) == []


def test_rotating_the_feed_token_ends_the_old_feed_url(session: Session) -> None:
    user = make_user(session, "ana@example.org")
    first = accounts.rotate_feed_token(user)
    assert accounts.user_for_feed_token(session, first) is user
    assert accounts.feed_path(first) == f"/calendar/{first}.ics"
    second = accounts.rotate_feed_token(user)
    assert second != first
    assert accounts.user_for_feed_token(session, first) is None
    accounts.revoke_feed_token(user)
    assert accounts.user_for_feed_token(session, second) is None


# --- the requester's details ------------------------------------------------------------

def test_requester_details_are_checked_by_the_wizards_rules(session: Session) -> None:
    user = make_user(session, "ana@example.org")
    saved = accounts.set_requester(user, {"name": " Ana Díaz ", "email": "Ana@EXAMPLE.org",
                                          "phone": "", "category": "news-media"})
    assert saved == {"name": "Ana Díaz", "email": "Ana@example.org",
                     "category": "news-media"}
    assert accounts.get_requester(user) == saved
    with pytest.raises(accounts.InvalidDetails) as caught:
        accounts.set_requester(user, {"email": "nope", "phone": "12", "category": "spy"})
    assert {e.field: e.code for e in caught.value.errors} == {
        "requester.email": "not-an-email", "requester.phone": "not-a-phone",
        "requester.category": "not-a-choice"}
    assert accounts.get_requester(user) == saved, "a refused save changes nothing"


# --- organisations and who sees what --------------------------------------------------------

def test_an_invitation_works_once_and_expires_in_14_days(session: Session) -> None:
    ana, ben, cat = (make_user(session, f"{n}@example.org") for n in ("ana", "ben", "cat"))
    org = make_org(session, ana)
    token = accounts.invite(session, org, ana, "Ben@example.org", now=NOW)
    stored = session.scalars(select(Invitation)).one()
    assert stored.token_hash != token and stored.email == "ben@example.org"
    joined = accounts.accept_invitation(session, token, ben, now=NOW)
    assert (joined.user_id, joined.role) == (ben.id, accounts.MEMBER)
    with pytest.raises(accounts.InvalidToken):
        accounts.accept_invitation(session, token, cat, now=NOW)
    late = accounts.invite(session, org, ana, "cat@example.org", now=NOW)
    with pytest.raises(accounts.InvalidToken):
        accounts.accept_invitation(session, late, cat,
                                   now=NOW + timedelta(days=accounts.INVITATION_DAYS))


def test_only_an_owner_invites_or_removes_and_the_last_owner_stays(session: Session) -> None:
    ana, ben = make_user(session, "ana@example.org"), make_user(session, "ben@example.org")
    org = make_org(session, ana, members=[ben])
    with pytest.raises(accounts.NotAllowed):
        accounts.invite(session, org, ben, "cat@example.org", now=NOW)
    with pytest.raises(accounts.NotAllowed):
        accounts.remove_member(session, org, ben, ana.id)
    with pytest.raises(accounts.NotAllowed) as last:
        accounts.remove_member(session, org, ana, ana.id)
    assert last.value.error.code == "last-owner"
    accounts.remove_member(session, org, ana, ben.id)
    assert accounts.membership(session, ben, org.id) is None


def test_a_member_may_leave(session: Session) -> None:
    ana, ben = make_user(session, "ana@example.org"), make_user(session, "ben@example.org")
    org = make_org(session, ana, members=[ben])
    accounts.remove_member(session, org, ben, ben.id)
    assert [m.user_id for m in accounts.members(session, org)] == [ana.id]


def test_a_user_sees_their_own_and_their_organisations_requests_only(
        session: Session) -> None:
    ana, ben, cat = (make_user(session, f"{n}@example.org") for n in ("ana", "ben", "cat"))
    clinic = make_org(session, ana, members=[ben])
    other = make_org(session, cat, "Other newsroom")
    own = make_request(session, ben, title="Ben's own")
    shared = make_request(session, ana, org=clinic, title="Clinic's")
    private = make_request(session, ana, title="Ana's own")
    elsewhere = make_request(session, cat, org=other, title="Cat's newsroom")

    def seen(user: User) -> set[int]:
        query = select(TrackedRequest.id).where(accounts.visible_requests(user))
        return set(session.scalars(query))

    assert seen(ben) == {own.id, shared.id}
    assert seen(ana) == {shared.id, private.id}
    assert seen(cat) == {elsewhere.id}
    with pytest.raises(tracker.NotFound):
        tracker.get(session, ben.id, private.id)
    assert tracker.get(session, ben.id, shared.id) is shared
    accounts.remove_member(session, clinic, ana, ben.id)
    assert seen(ben) == {own.id}
