"""The login pages under /u/ (Auth0's Universal Login): login, invited sign-up, organizations.

Each page reads its transaction from the hidden ``state`` field, and after a successful POST
hands the transaction back to ``sign_in_continue``, which picks the next step.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from ..password_policy import password_policy
from .browser import ErrorPage, browser_route, render_page
from .clients import client_get
from .flow import (
    LOGIN_PAGE,
    ORGANIZATION_PAGE,
    ORGANIZATION_PICKER_PAGE,
    SIGNUP_PAGE,
    invitee_email,
    person_authenticated,
    sign_in_continue,
)
from .organizations import (
    invitation_for,
    organization_by_name,
    organization_get,
    user_organizations,
)
from .transactions import Transaction, transaction_load
from .users import user_authenticate, user_find_by_login, user_signup

# One message whether the account is unknown or the password wrong, as Auth0 does.
WRONG_CREDENTIALS = "Wrong email or password."


@browser_route(f"/{LOGIN_PAGE}", methods=["GET", "POST"])
def login_screen(emulator, request: Request) -> Response:
    transaction = transaction_load(emulator, request)
    if request.method == "GET":
        return _login_page(emulator, transaction)
    username = request.form.get("username", "")
    user = user_authenticate(emulator, username, request.form.get("password", ""))
    if user is None:
        return _login_page(
            emulator, transaction, username=username, errors=[WRONG_CREDENTIALS], status=400
        )
    person_authenticated(transaction, user)
    return sign_in_continue(emulator, request, transaction)


@browser_route(f"/{SIGNUP_PAGE}", methods=["GET", "POST"])
def signup_screen(emulator, request: Request) -> Response:
    """Sign-up exists only for invitees: the email comes from the invitation, not the form."""
    transaction = transaction_load(emulator, request)
    if transaction.invitation is None:
        raise ErrorPage("Sign-up is by invitation only.")
    invitation = invitation_for(emulator, transaction.invitation, transaction.organization_id)
    if request.method == "GET":
        return _signup_page(emulator, transaction, invitation)
    if user_find_by_login(emulator, invitation["invitee"]["email"]) is not None:
        return sign_in_continue(emulator, request, transaction)  # has an account now: log in
    return _sign_up_invitee(emulator, request, transaction, invitation)


@browser_route(f"/{ORGANIZATION_PAGE}", methods=["GET", "POST"])
def organization_screen(emulator, request: Request) -> Response:
    """Asked before the login when the client requires an organization and none was given."""
    transaction = transaction_load(emulator, request)
    if request.method == "GET":
        return _organization_page(emulator, transaction)
    name = request.form.get("organization", "")
    organization = organization_by_name(emulator, name)
    if organization is None:
        return _organization_page(
            emulator,
            transaction,
            organization=name,
            errors=["The organization you entered is invalid."],
            status=400,
        )
    transaction.organization_id = organization["id"]
    return sign_in_continue(emulator, request, transaction)


@browser_route(f"/{ORGANIZATION_PICKER_PAGE}", methods=["GET", "POST"])
def organization_picker_screen(emulator, request: Request) -> Response:
    """Shown after the login: the organizations the person belongs to."""
    transaction = transaction_load(emulator, request)
    if transaction.user_id is None:
        return sign_in_continue(emulator, request, transaction)  # not signed in yet
    organizations = user_organizations(emulator, transaction.user_id)
    errors = []
    if request.method == "POST":
        chosen = request.form.get("organization")
        if chosen in {organization["id"] for organization in organizations}:
            transaction.organization_id = chosen
            return sign_in_continue(emulator, request, transaction)
        errors = ["Choose one of the organizations listed."]
    return render_page(
        emulator,
        "organization_picker.html",
        status=400 if errors else 200,
        organizations=organizations,
        errors=errors,
        **_page_context(emulator, transaction, ORGANIZATION_PICKER_PAGE),
    )


def _sign_up_invitee(
    emulator, request: Request, transaction: Transaction, invitation: dict[str, Any]
) -> Response:
    password = request.form.get("password", "")
    title, errors = _password_problems(
        emulator, password, request.form.get("password_confirmation")
    )
    if errors:
        return _signup_page(
            emulator, transaction, invitation, error_title=title, errors=errors, status=400
        )
    user = user_signup(
        emulator,
        email=invitation["invitee"]["email"],
        password=password,
        app_metadata=invitation.get("app_metadata") or {},
        user_metadata=invitation.get("user_metadata") or {},
    )
    person_authenticated(transaction, user)
    return sign_in_continue(emulator, request, transaction)


def _login_page(
    emulator,
    transaction: Transaction,
    *,
    username: str = "",
    errors: list[str] | None = None,
    status: int = 200,
) -> Response:
    invitee = invitee_email(emulator, transaction)
    return render_page(
        emulator,
        "login.html",
        status=status,
        username=invitee or username or transaction.login_hint or "",
        username_locked=invitee is not None,
        errors=errors or [],
        **_page_context(emulator, transaction, LOGIN_PAGE),
    )


def _signup_page(
    emulator,
    transaction: Transaction,
    invitation: dict[str, Any],
    *,
    error_title: str | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> Response:
    return render_page(
        emulator,
        "signup.html",
        status=status,
        email=invitation["invitee"]["email"],
        inviter_name=(invitation.get("inviter") or {}).get("name"),
        password_rules=password_policy(emulator).rules(),
        error_title=error_title,
        errors=errors or [],
        **_page_context(emulator, transaction, SIGNUP_PAGE),
    )


def _organization_page(
    emulator,
    transaction: Transaction,
    *,
    organization: str = "",
    errors: list[str] | None = None,
    status: int = 200,
) -> Response:
    context = _page_context(emulator, transaction, ORGANIZATION_PAGE)
    context["organization"] = organization  # the name typed so far, not a document
    return render_page(
        emulator, "organization_prompt.html", status=status, errors=errors or [], **context
    )


def _page_context(emulator, transaction: Transaction, path: str) -> dict[str, Any]:
    client = client_get(emulator, transaction.client_id)
    return {
        "action": emulator.url(path),
        "state": transaction.id,
        "client_name": client.get("name") or client["client_id"],
        "organization": organization_get(emulator, transaction.organization_id),
    }


def _password_problems(
    emulator, password: str, confirmation: str | None
) -> tuple[str | None, list[str]]:
    """What is wrong with a new password: a heading and the list, or nothing."""
    unmet = password_policy(emulator).unmet_rules(password)
    if unmet:
        return "Your password must contain:", unmet
    if password != confirmation:
        return None, ["The passwords do not match."]
    return None, []
