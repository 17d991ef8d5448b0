"""Signing up, in and out, and resetting a password (Flask-Login).

A browser is signed in by Flask's session cookie, whose user id is "id:session_version":
changing or resetting the password bumps the version, which ends every other session. An
API client is signed in by `Authorization: Bearer <token>` (request_loader); such a request
is exempt from CSRF, because another site cannot make a browser send that header, and only
such a request (records.web.init_app calls `csrf_required()`).

Emails never reach a log or a URL. Sign-up, sign-in and reset requests are rate-limited by
address (records.web.limits).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    Request,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response

from records import accounts, mail
from records.accounts import AccountError
from records.accounts.errors import EMAIL_TAKEN
from records.models import User
from records.today import utc_now
from records.web import database
from records.web.account_forms import LoginForm, NewPasswordForm, ResetRequestForm, SignupForm
from records.web.i18n import safe_next
from records.web.login import BEARER, login_manager
from records.web.messages import N_, say

bp = Blueprint("auth", __name__)
# What Flask's session keeps across a sign-in; everything else is dropped, so a session
# planted before sign-in (fixation) carries nothing over. The wizard keeps its draft in
# the URL (/new/<token>/...), not here: `next` brings the user back to it.
SURVIVES_SIGN_IN: tuple[str, ...] = ()
RESET_SUBJECT = N_("Reset your Show-Me Records password")
Page = tuple[str, int] | str


def init_app(app: Flask) -> None:
    """After records.web.login.init_app, which loads the user from the session."""
    login_manager.login_message = None  # the login page says why when `next` is set
    login_manager.request_loader(load_user_from_request)
    login_manager.unauthorized_handler(_unauthorized)
    app.register_blueprint(bp)
    app.after_request(_no_store_when_signed_in)


def load_user_from_request(req: Request) -> User | None:
    """The account a request's `Authorization: Bearer <token>` belongs to, or None."""
    header = req.headers.get("Authorization", "")
    if not header.startswith(BEARER):
        return None
    user = accounts.user_for_api_token(database.session(), header[len(BEARER):].strip())
    g.csrf_exempt_bearer = user is not None
    return user


def csrf_required() -> bool:
    """False only for a request signed in by a valid bearer token."""
    if not request.headers.get("Authorization", "").startswith(BEARER):
        return True
    return not (current_user.is_authenticated and g.get("csrf_exempt_bearer", False))


def api_user() -> User | None:
    """The signed-in account (by cookie or bearer token), for the JSON API; None if none."""
    user = current_user._get_current_object()  # the User itself, not the proxy
    return user if isinstance(user, User) else None


def require_sign_in() -> Response | None:
    """A blueprint's before_request for pages that need an account: the sign-in page
    (or a JSON 401 under /api/) for anyone signed out."""
    if current_user.is_authenticated:
        return None
    response: Response = login_manager.unauthorized()
    return response


def _unauthorized() -> Response:
    if request.blueprint == "api":
        response = jsonify({"error": "sign in, or send Authorization: Bearer <token>"})
        response.status_code = 401
        return response
    here = request.full_path.rstrip("?") if request.query_string else request.path
    return redirect(url_for("auth.login", next=here))


def _no_store_when_signed_in(response: Response) -> Response:
    # A signed-in page holds the account's data: no browser or proxy cache may keep it.
    if "_user_id" in session or g.get("csrf_exempt_bearer"):
        response.headers["Cache-Control"] = "no-store"
    return response


def start_session(user: User) -> None:
    """Sign `user` in on a fresh session (see SURVIVES_SIGN_IN)."""
    kept = {key: session[key] for key in SURVIVES_SIGN_IN if key in session}
    session.clear()
    session.update(kept)
    login_user(user)


def after_sign_in() -> str:
    """`next` if it is a path on this site, else the tracker (or the account page until
    the tracker exists)."""
    try:
        current_app.url_map.bind("localhost").match("/requests", "GET")
        default = "/requests"
    except RequestRedirect:  # the tracker's list is /requests/: it redirects there
        default = "/requests"
    except HTTPException:  # no tracker in this app
        default = url_for("account.page")
    return safe_next(request.args.get("next"), default)


def show_errors(form: Any, error: AccountError, fields: dict[str, str] | None = None) -> None:
    """Put a domain error on the form field it names (`fields` maps domain names to form
    names when they differ)."""
    name = (fields or {}).get(error.error.field, error.error.field)
    target = getattr(form, name, None) or next(iter(form))
    target.errors = [say(error.error)]


@bp.get("/signup")
def signup() -> str:
    return render_template("auth/signup.html", form=SignupForm())


@bp.post("/signup")
def create_account() -> Page | Response:
    form = SignupForm()
    db = database.session()
    try:
        user = accounts.create_user(db, form.email.data or "", form.password.data or "",
                                    now=utc_now())
        db.commit()
    except IntegrityError:  # the same email signed up a moment ago, in another request
        db.rollback()
        exc = accounts.EmailTaken.at("email", EMAIL_TAKEN)
    except AccountError as caught:
        db.rollback()
        exc = caught
    else:
        start_session(user)
        return redirect(after_sign_in())
    show_errors(form, exc)
    return render_template("auth/signup.html", form=form), 422


@bp.get("/login")
def login() -> str:
    return render_template("auth/login.html", form=LoginForm())


@bp.post("/login")
def sign_in() -> Page | Response:
    form = LoginForm()
    try:
        user = accounts.authenticate(database.session(), form.email.data or "",
                                     form.password.data or "")
    except AccountError as exc:
        show_errors(form, exc)
        return render_template("auth/login.html", form=form), 422
    start_session(user)
    return redirect(after_sign_in())


@bp.post("/logout")
def logout() -> Response:
    logout_user()
    session.clear()
    return redirect(url_for("home.index"))


@bp.get("/reset")
def reset() -> str:
    return render_template("auth/reset.html", form=ResetRequestForm(),
                           mail=mail.mail_configured(current_app.config))


@bp.post("/reset")
def send_reset() -> Page:
    """The same page whether or not an account has the email: it must not tell."""
    form = ResetRequestForm()
    configured = mail.mail_configured(current_app.config)
    user = accounts.find_user(database.session(), form.email.data or "")
    if configured and user is not None:
        token = accounts.reset_token(user, secret_key=current_app.config["SECRET_KEY"])
        link = url_for("auth.reset_password", token=token, _external=True)
        body = render_template("auth/reset_mail.txt", link=link)
        try:
            mail.send_mail(current_app.config, to=user.email, subject=gettext(RESET_SUBJECT),
                           body=body)
        except mail.MailError as exc:
            current_app.logger.error("reset mail not sent: %s", exc)
    return render_template("auth/reset_sent.html", mail=configured)


def _reset_user(token: str) -> User:
    return accounts.user_for_reset_token(database.session(), token,
                                         secret_key=current_app.config["SECRET_KEY"],
                                         now=utc_now())


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Page | Response:
    try:
        user = _reset_user(token)
    except AccountError as exc:
        return render_template("auth/reset_invalid.html", message=say(exc.error)), 404
    form = NewPasswordForm()
    if request.method == "GET":
        return render_template("auth/reset_password.html", form=form)
    try:
        accounts.set_password(user, form.password.data or "")
    except AccountError as exc:
        show_errors(form, exc)
        return render_template("auth/reset_password.html", form=form), 422
    database.session().commit()
    start_session(user)
    return redirect(url_for("account.page"))
