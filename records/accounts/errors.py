"""What can go wrong with an account, as named exceptions carrying coded messages.

Each exception holds a records.messages FieldError: `str(exc)` is the English the CLI
prints, and the web renders `exc.error` in the reader's language. Views branch on the
exception class, never on the English.
"""

from __future__ import annotations

from records.messages import FieldError, Message, Param, error_message

EMAIL_TAKEN = error_message("email-taken", "an account with this email already exists")
PASSWORD_SHORT = error_message("password-short",
                               "is too short: use at least %(minimum)s characters")
PASSWORD_LONG = error_message("password-long",
                              "is too long: use at most %(maximum)s characters")
PASSWORD_COMMON = error_message(
    "password-common", "is one of the most common passwords: choose one nobody would guess")
PASSWORD_IS_EMAIL = error_message("password-is-email", "must not be your email address")
BAD_CREDENTIALS = error_message("bad-credentials", "wrong email or password")
WRONG_PASSWORD = error_message("wrong-password", "is not your current password")
BAD_RESET = error_message(
    "bad-reset-link", "this reset link has expired or was already used: ask for a new one")
BAD_INVITATION = error_message(
    "bad-invitation", "this invitation has expired or was already used: ask for a new one")
UNKNOWN_USER = error_message("unknown-user", "no account has this email")
NOT_OWNER = error_message("not-owner", "only an owner of the organisation can do this")
LAST_OWNER = error_message(
    "last-owner", "an organisation needs at least one owner: make someone else an owner first")
NOT_MEMBER = error_message("not-member", "is not a member of this organisation")
ORG_NAME_REQUIRED = error_message("org-name-required", "is required")
ORG_NAME_LONG = error_message("org-name-long", "is too long (at most %(limit)s characters)")


class AccountError(Exception):
    """A refused account action; `error` names the field and the reason."""

    def __init__(self, error: FieldError) -> None:
        self.error = error
        super().__init__(str(error))

    @classmethod
    def at(cls, field: str, message: Message, **params: Param) -> AccountError:
        return cls(message.at(field, **params))


class EmailTaken(AccountError):
    pass


class InvalidEmail(AccountError):
    pass


class WeakPassword(AccountError):
    pass


class BadCredentials(AccountError):
    """Unknown email and wrong password alike: the message never says which."""


class InvalidToken(AccountError):
    """A reset link or invitation that is forged, expired or already used."""


class UnknownUser(AccountError):
    pass


class NotAllowed(AccountError):
    """Not an owner, or the last owner would be removed."""


class InvalidName(AccountError):
    pass


class InvalidDetails(Exception):
    """Requester details that break the wizard's rules; one FieldError per problem."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors
