"""Organisations: the user's list, one organisation's members, invitations.

An organisation that the user does not belong to is a 404, as if it did not exist. An
invitation link is the capability: whoever holds it, signed in, may join; without a live
one, the page is a 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from records import accounts, mail
from records.accounts import AccountError, NotAllowed
from records.accounts.errors import LAST_OWNER
from records.models import Membership, Organisation, User
from records.today import utc_now
from records.web import database
from records.web.account_forms import InviteForm, OrganisationForm
from records.web.auth import require_sign_in, show_errors
from records.web.messages import N_, say

bp = Blueprint("orgs", __name__)
bp.before_request(require_sign_in)
INVITE_SUBJECT = N_("You are invited to an organisation on Show-Me Records")
Page = tuple[str, int] | str


def _me() -> User:
    user = current_user._get_current_object()
    assert isinstance(user, User)  # require_sign_in ran first
    return user


def _mine(org_id: int) -> tuple[Organisation, Membership]:
    """The organisation and the user's membership; 404 for anyone else."""
    found = accounts.membership(database.session(), _me(), org_id)
    if found is None:
        abort(404)
    return found.organisation, found


def _list_page(form: OrganisationForm | None = None, status: int = 200) -> Page:
    page = render_template("auth/orgs.html", form=form or OrganisationForm(),
                           memberships=accounts.memberships(database.session(), _me()))
    return (page, status) if status != 200 else page


def _org_page(org_id: int, *, form: InviteForm | None = None, link: str = "",
              mailed: bool = False, error: str = "", status: int = 200) -> Page:
    org, mine = _mine(org_id)
    page = render_template("auth/org.html", org=org, mine=mine,
                           members=accounts.members(database.session(), org),
                           form=form or InviteForm(), link=link, mailed=mailed, error=error,
                           owner=accounts.OWNER)
    return (page, status) if status != 200 else page


@bp.get("/orgs")
def index() -> Page:
    return _list_page()


@bp.post("/orgs")
def create() -> Page | Response:
    form = OrganisationForm()
    db = database.session()
    try:
        org = accounts.create_organisation(db, _me(), form.name.data or "", now=utc_now())
    except AccountError as exc:
        show_errors(form, exc)
        return _list_page(form, 422)
    db.commit()
    return redirect(url_for(".show", org_id=org.id))


@bp.get("/orgs/<int:org_id>")
def show(org_id: int) -> Page:
    return _org_page(org_id)


@bp.post("/orgs/<int:org_id>/invitations")
def invite(org_id: int) -> Page:
    """The link is shown to the owner once, and mailed when mail is set up."""
    org, _ = _mine(org_id)
    form = InviteForm()
    db = database.session()
    try:
        token = accounts.invite(db, org, _me(), form.email.data or "", now=utc_now())
    except NotAllowed as exc:
        db.rollback()
        return _org_page(org_id, error=say(exc.error), status=403)
    except AccountError as exc:
        db.rollback()
        show_errors(form, exc)
        return _org_page(org_id, form=form, status=422)
    db.commit()
    link = url_for(".invitation", token=token, _external=True)
    return _org_page(org_id, link=link, mailed=_mail_invitation(org, form.email.data, link))


def _mail_invitation(org: Organisation, to: str | None, link: str) -> bool:
    config = current_app.config
    if not (to and mail.mail_configured(config)):
        return False
    body = render_template("auth/invite_mail.txt", org=org, link=link,
                           days=accounts.INVITATION_DAYS)
    try:
        mail.send_mail(config, to=to, subject=gettext(INVITE_SUBJECT), body=body)
    except mail.MailError as exc:
        current_app.logger.error("invitation mail not sent: %s", exc)
        return False
    return True


@bp.post("/orgs/<int:org_id>/members/<int:user_id>/remove")
def remove(org_id: int, user_id: int) -> Page | Response:
    org, _ = _mine(org_id)
    db = database.session()
    try:
        accounts.remove_member(db, org, _me(), user_id)
    except NotAllowed as exc:
        db.rollback()
        status = 409 if exc.error.code == LAST_OWNER.code else 403
        return _org_page(org_id, error=say(exc.error), status=status)
    db.commit()
    if user_id == _me().id:
        return redirect(url_for(".index"))
    return redirect(url_for(".show", org_id=org_id))


@bp.get("/invite/<token>")
def invitation(token: str) -> Page:
    try:
        found = accounts.invitation_for(database.session(), token, now=utc_now())
    except AccountError:
        abort(404)
    org = database.session().get(Organisation, found.org_id)
    return render_template("auth/invitation.html", org=org)


@bp.post("/invite/<token>")
def accept(token: str) -> Response:
    db = database.session()
    try:
        joined = accounts.accept_invitation(db, token, _me(), now=utc_now())
    except AccountError:
        abort(404)
    db.commit()
    return redirect(url_for(".show", org_id=joined.org_id))
