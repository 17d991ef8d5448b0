"""The account page: the letter-writer's details, the password, the calendar feed's URL
and personal API tokens. Every view is the signed-in user's own: no URL names another
account's object, and a token id that is not theirs is a 404.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from records import accounts
from records.accounts import AccountError, InvalidDetails
from records.models import User
from records.today import utc_now
from records.web import database
from records.web.account_forms import ChangePasswordForm, DetailsForm
from records.web.auth import require_sign_in, show_errors
from records.web.messages import say
from records.web.steps import field_for

bp = Blueprint("account", __name__, url_prefix="/account")
bp.before_request(require_sign_in)
Page = tuple[str, int] | str


def _me() -> User:
    user = current_user._get_current_object()
    assert isinstance(user, User)  # require_sign_in ran first
    return user


def _details_form(user: User) -> DetailsForm:
    saved = accounts.get_requester(user)
    return DetailsForm(data={f"requester_{k}": v for k, v in saved.items()})


def _page(*, details: Any = None, password: Any = None, new_token: str = "",
          status: int = 200, saved: str = "") -> Page:
    user = _me()
    page = render_template(
        "auth/account.html", user=user,
        details=details or _details_form(user), password=password or ChangePasswordForm(),
        feed=accounts.feed_path(user.feed_token) if user.feed_token else "",
        tokens=accounts.api_tokens(database.session(), user), new_token=new_token,
        saved=saved)
    return (page, status) if status != 200 else page


@bp.get("")
def page() -> Page:
    return _page()


@bp.post("/details")
def save_details() -> Page | Response:
    form = DetailsForm()
    sent = {name.removeprefix("requester_"): value for name, value in form.data.items()
            if name.startswith("requester_")}
    try:
        accounts.set_requester(_me(), sent)
    except InvalidDetails as exc:
        for error in exc.errors:
            target = getattr(form, field_for(error.field), None)
            if target is not None and not target.errors:
                target.errors = [say(error)]
        return _page(details=form, status=422)
    database.session().commit()
    return _page(saved="details")


@bp.post("/password")
def change_password() -> Page | Response:
    form = ChangePasswordForm()
    user = _me()
    try:
        accounts.change_password(user, form.current_password.data or "",
                                 form.password.data or "")
    except AccountError as exc:
        show_errors(form, exc)
        return _page(password=form, status=422)
    database.session().commit()
    # The new session_version ended every session, this one included: sign in again here.
    login_user(user)
    return _page(saved="password")


@bp.post("/feed")
def rotate_feed() -> Response:
    accounts.rotate_feed_token(_me())
    database.session().commit()
    return redirect(url_for(".page") + "#feed")


@bp.post("/feed/revoke")
def revoke_feed() -> Response:
    accounts.revoke_feed_token(_me())
    database.session().commit()
    return redirect(url_for(".page") + "#feed")


@bp.post("/tokens")
def create_token() -> Page:
    """The new token is shown on this response only: it is never stored as text."""
    token = accounts.new_api_token(database.session(), _me(), now=utc_now())
    database.session().commit()
    return _page(new_token=token)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int) -> Response:
    if not accounts.revoke_api_token(database.session(), _me(), token_id, now=utc_now()):
        abort(404)
    database.session().commit()
    return redirect(url_for(".page") + "#tokens")
