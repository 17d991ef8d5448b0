"""Accounts and who sees what (issue 9): users, passwords and reset links, API and feed
tokens, organisations and invitations, and `visible_requests(user)`.

Plain domain code, no Flask: every function takes the Session (and `now`, the secret key)
as arguments and raises the named exceptions of records.accounts.errors. Import from this
package, not from its modules.
"""

from records.accounts.errors import (
    AccountError,
    BadCredentials,
    EmailTaken,
    InvalidDetails,
    InvalidEmail,
    InvalidName,
    InvalidToken,
    NotAllowed,
    UnknownUser,
    WeakPassword,
)
from records.accounts.orgs import (
    INVITATION_DAYS,
    MEMBER,
    OWNER,
    ROLES,
    accept_invitation,
    add_member,
    create_organisation,
    find_organisation,
    invitation_for,
    invite,
    members,
    membership,
    memberships,
    remove_member,
    visible_requests,
)
from records.accounts.tokens import (
    API_TOKEN_PREFIX,
    api_tokens,
    feed_path,
    new_api_token,
    revoke_api_token,
    revoke_feed_token,
    rotate_feed_token,
    user_for_api_token,
    user_for_feed_token,
)
from records.accounts.users import (
    PASSWORD_MIN,
    RESET_MAX_AGE,
    authenticate,
    change_password,
    check_password,
    create_user,
    find_user,
    get_requester,
    get_user,
    normalise_email,
    reset_path,
    reset_token,
    set_password,
    set_requester,
    user_for_reset_token,
)

__all__ = [
    "API_TOKEN_PREFIX", "INVITATION_DAYS", "MEMBER", "OWNER", "PASSWORD_MIN", "RESET_MAX_AGE",
    "ROLES", "AccountError", "BadCredentials", "EmailTaken", "InvalidDetails", "InvalidEmail",
    "InvalidName", "InvalidToken", "NotAllowed", "UnknownUser", "WeakPassword",
    "accept_invitation", "add_member", "api_tokens", "authenticate", "change_password",
    "check_password", "create_organisation", "create_user", "feed_path", "find_organisation",
    "find_user", "get_requester", "get_user", "invitation_for", "invite", "members",
    "membership", "memberships", "new_api_token", "normalise_email", "remove_member",
    "reset_path", "reset_token", "revoke_api_token", "revoke_feed_token", "rotate_feed_token",
    "set_password", "set_requester", "user_for_api_token", "user_for_feed_token",
    "user_for_reset_token", "visible_requests",
]
