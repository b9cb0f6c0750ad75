"""The steps of a sign-in: which organization, who is signing in, then a code for the client.

``sign_in_continue`` is called after /authorize and after every login page, and decides the
next step from the transaction alone, so the pages can be visited in any order and a page
can never skip a check.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from ..actions import PostLoginResult
from .browser import ClientRefusal, reply_to_client
from .clients import client_get, client_requires_organization
from .codes import code_issue
from .events import post_login_on_sign_in
from .logins import Grant, login_load
from .organizations import (
    NO_CONNECTIONS,
    invitation_accept,
    invitation_for,
    invitation_is_for,
    membership_on_login,
    not_a_member,
    organization_connection,
    user_organizations,
)
from .sessions import (
    session_cookie_set,
    session_current,
    session_delete,
    session_end,
    session_start,
)
from .transactions import Transaction, remember_device, transaction_end, transaction_save
from .users import user_find_by_login, user_get, user_record_login

# The login pages (Auth0's Universal Login lives under /u/).
LOGIN_PAGE = "u/login"
SIGNUP_PAGE = "u/signup"
ORGANIZATION_PAGE = "u/organization"
ORGANIZATION_PICKER_PAGE = "u/organization-picker"


def sign_in_continue(emulator, request: Request, transaction: Transaction) -> Response:
    """Take a sign-in one step further: a page for the person, or the reply to the client."""
    client = client_get(emulator, transaction.client_id)
    if transaction.organization_id is None:
        if client_requires_organization(client, "pre_login_prompt"):
            return _ask(emulator, transaction, ORGANIZATION_PAGE)
    elif organization_connection(emulator, transaction.organization_id) is None:
        raise ClientRefusal(transaction.reply_to, "invalid_request", NO_CONNECTIONS)
    if transaction.user_id is None:
        session = _reusable_session(emulator, request, transaction)
        if session is None:
            return _ask(emulator, transaction, _credentials_page(emulator, transaction))
        transaction.user_id = session["user_id"]
        transaction.auth_time = session["_auth_time"]
        transaction.session_id = session["id"]
    return _finish(emulator, request, transaction, client)


def person_authenticated(transaction: Transaction, user: dict[str, Any]) -> None:
    """Record that the person proved to be ``user`` just now, on a login page."""
    transaction.user_id = user["user_id"]
    transaction.auth_time = int(time.time())
    transaction.session_id = None


def invitee_email(emulator, transaction: Transaction) -> str | None:
    invitation = _invitation(emulator, transaction)
    return invitation["invitee"]["email"] if invitation else None


def _invitation(emulator, transaction: Transaction) -> dict[str, Any] | None:
    if transaction.invitation is None:
        return None
    return invitation_for(emulator, transaction.invitation, transaction.organization_id)


def _reusable_session(emulator, request: Request, transaction: Transaction) -> dict | None:
    """The browser's SSO session, if this sign-in may skip the password."""
    session = None if transaction.force_login else session_current(emulator, request)
    user = user_get(emulator, session["user_id"]) if session else None
    if user is None:
        return None
    invitation = _invitation(emulator, transaction)
    if invitation is not None and not invitation_is_for(invitation, user):
        return None  # signed in as someone other than the person invited
    return session


def _credentials_page(emulator, transaction: Transaction) -> str:
    invitee = invitee_email(emulator, transaction)
    if invitee is None or user_find_by_login(emulator, invitee) is not None:
        return LOGIN_PAGE
    return SIGNUP_PAGE


def _ask(emulator, transaction: Transaction, page: str) -> Response:
    """Send the person to a login page; with prompt=none, tell the client it cannot be done."""
    if transaction.no_interaction:
        if page in (LOGIN_PAGE, SIGNUP_PAGE):
            raise ClientRefusal(transaction.reply_to, "login_required", "Login required")
        raise ClientRefusal(transaction.reply_to, "interaction_required", "Interaction required")
    transaction_save(emulator, transaction)
    location = emulator.url(f"{page}?{urlencode({'state': transaction.id})}")
    return remember_device(redirect(location, 302), transaction)


def _finish(emulator, request: Request, transaction: Transaction, client: dict) -> Response:
    """The person is known: apply the invitation and the organization rules, then reply."""
    user = user_get(emulator, transaction.user_id)
    if user.get("blocked"):
        raise ClientRefusal(transaction.reply_to, "unauthorized", "user is blocked")
    invitation = _invitation(emulator, transaction)
    if invitation is not None:
        invitation_accept(emulator, invitation, user)
        transaction.invitation = None
    if transaction.organization_id is None:
        if client_requires_organization(client, "post_login_prompt"):
            return _ask_for_organization(emulator, transaction)
    elif membership_on_login(emulator, transaction.organization_id, user["user_id"]) is None:
        raise ClientRefusal(
            transaction.reply_to,
            "access_denied",
            not_a_member(user["user_id"], transaction.organization_id),
        )
    return _reply_with_code(emulator, request, transaction)


def _ask_for_organization(emulator, transaction: Transaction) -> Response:
    """The picker after the login, for someone who belongs to at least one organization."""
    if not user_organizations(emulator, transaction.user_id):
        raise ClientRefusal(
            transaction.reply_to,
            "access_denied",
            f"user {transaction.user_id} is not part of any organization",
        )
    return _ask(emulator, transaction, ORGANIZATION_PICKER_PAGE)


def _reply_with_code(emulator, request: Request, transaction: Transaction) -> Response:
    user_record_login(emulator, transaction.user_id, request.remote_addr)
    cookie = _new_session(emulator, transaction) if transaction.session_id is None else None
    grant = _grant(transaction)
    post_login = _post_login(emulator, request, transaction, grant, new_session=bool(cookie))
    code = code_issue(
        emulator,
        grant,
        post_login,
        redirect_uri=transaction.redirect_uri,
        code_challenge=transaction.code_challenge,
        code_challenge_method=transaction.code_challenge_method,
    )
    transaction_end(emulator, transaction)
    response = reply_to_client(emulator, transaction.reply_to, {"code": code})
    if cookie is None:
        return response
    # One SSO session per browser: signing in again (prompt=login) replaces the old one.
    session_end(emulator, request)
    return session_cookie_set(response, cookie)


def _new_session(emulator, transaction: Transaction) -> str:
    """Open the login's SSO session; the cookie that proves it goes out with the reply."""
    session, cookie = session_start(
        emulator,
        user_id=transaction.user_id,
        client_id=transaction.client_id,
        auth_time=transaction.auth_time,
    )
    transaction.session_id = session["id"]
    return cookie


def _post_login(
    emulator, request: Request, transaction: Transaction, grant: Grant, *, new_session: bool
) -> PostLoginResult:
    """Run the Post-Login Actions before the browser goes back; a denial goes to the client."""
    result = post_login_on_sign_in(emulator, login_load(emulator, grant), request, transaction)
    if result.denied is None:
        return result
    if new_session:
        session_delete(emulator, grant.session_id)  # a denied login leaves nobody signed in
    raise ClientRefusal(transaction.reply_to, "access_denied", result.denied)


def _grant(transaction: Transaction) -> Grant:
    return Grant(
        user_id=transaction.user_id,
        client_id=transaction.client_id,
        scopes=transaction.scopes,
        audience=transaction.audience,
        organization_id=transaction.organization_id,
        session_id=transaction.session_id,
        auth_time=transaction.auth_time,
        nonce=transaction.nonce,
    )
