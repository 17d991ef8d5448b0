"""WTForms for accounts: sign-up, sign-in, reset, the account page and organisations.

The forms only render fields and carry input; the rules (email, password strength, the
requester details) live in records.accounts, whose errors the views put on the fields.
CSRF is checked app-wide (records.web.init_app) before any of these views runs.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField

from records.accounts import PASSWORD_MIN
from records.web.forms import RequesterForm

EMAIL_ATTRS = {"type": "email", "autocomplete": "email", "spellcheck": "false"}


def _new_password(label: str) -> PasswordField:
    return PasswordField(label, render_kw={"autocomplete": "new-password"},
                         description=_l("At least %(minimum)s characters. A few unrelated "
                                        "words make a strong one.", minimum=PASSWORD_MIN))


class SignupForm(FlaskForm):  # type: ignore[misc]
    email = StringField(_l("Email"), render_kw=EMAIL_ATTRS)
    password = _new_password(_l("Password"))


class LoginForm(FlaskForm):  # type: ignore[misc]
    email = StringField(_l("Email"), render_kw=EMAIL_ATTRS)
    password = PasswordField(_l("Password"), render_kw={"autocomplete": "current-password"})


class ResetRequestForm(FlaskForm):  # type: ignore[misc]
    email = StringField(_l("Email"), render_kw=EMAIL_ATTRS,
                        description=_l("The email you signed up with."))


class NewPasswordForm(FlaskForm):  # type: ignore[misc]
    password = _new_password(_l("New password"))


class ChangePasswordForm(FlaskForm):  # type: ignore[misc]
    current_password = PasswordField(_l("Current password"),
                                     render_kw={"autocomplete": "current-password"})
    password = _new_password(_l("New password"))


class DetailsForm(FlaskForm):  # type: ignore[misc]
    """The wizard's own requester fields (same labels, same checks), kept for next time."""

    requester_name = RequesterForm.requester_name
    requester_organization = RequesterForm.requester_organization
    requester_address = RequesterForm.requester_address
    requester_email = RequesterForm.requester_email
    requester_phone = RequesterForm.requester_phone
    requester_category = RequesterForm.requester_category


class OrganisationForm(FlaskForm):  # type: ignore[misc]
    name = StringField(_l("Name of the organisation"), render_kw={"autocomplete": "off"},
                       description=_l("For example, the clinic or newsroom."))


class InviteForm(FlaskForm):  # type: ignore[misc]
    email = StringField(_l("Email of the person to invite"), render_kw=EMAIL_ATTRS)
