"""Sign-in through Auth0 Organizations: social-auth's Auth0 backend, completed.

social-auth-core's ``Auth0OAuth2`` builds https-only URLs, sends no nonce, uses no PKCE and
does not forward ``organization``/``invitation`` to ``/authorize``. This subclass adds all
four, checks them first (``login_link_parameters``) and checks that the ID token is for the
organization that was asked for, as Auth0 requires of an application that passes
``organization``.
"""

from __future__ import annotations

import re

from django.utils.crypto import constant_time_compare
from social_core.backends.auth0 import Auth0OAuth2
from social_core.backends.oauth import BaseOAuth2PKCE
from social_core.exceptions import AuthPolicyError, AuthResponseError

from portal import auth0

ORGANIZATION_ID = re.compile(r"^org_[A-Za-z0-9]{1,64}\Z")
ORGANIZATION_NAME = re.compile(r"^[a-z0-9_-]{1,50}\Z")
INVITATION_TICKET = re.compile(r"^[A-Za-z0-9_-]{1,128}\Z")
# An invitation link's organization_name is shown, never trusted: cut to a readable length.
DISPLAY_NAME_MAX_LENGTH = 100


class InvalidLoginLink(ValueError):
    """A login link with an organization or invitation that Auth0 would refuse."""


def login_link_parameters(data) -> dict[str, str]:
    """The ``organization`` and ``invitation`` a login link asks Auth0 for, once checked.

    The one place these parameters are validated; raises ``InvalidLoginLink`` saying why.
    """
    organization, invitation = data.get("organization") or "", data.get("invitation") or ""
    problems = []
    if organization and not (
        ORGANIZATION_ID.match(organization) or ORGANIZATION_NAME.match(organization)
    ):
        problems.append("The organization in this link is not valid.")
    if invitation and not INVITATION_TICKET.match(invitation):
        problems.append("The invitation in this link is not valid.")
    if invitation and not organization:
        problems.append("This invitation link is incomplete: it names no organization.")
    if problems:
        raise InvalidLoginLink(" ".join(problems))
    return {
        name: value
        for name, value in (("organization", organization), ("invitation", invitation))
        if value
    }


def display_text(value: str) -> str:
    """Untrusted text made fit to show: printable characters only, one line, length-limited."""
    printable = "".join(c if c.isprintable() else " " for c in value)
    return " ".join(printable.split())[:DISPLAY_NAME_MAX_LENGTH]


class Auth0Organizations(BaseOAuth2PKCE, Auth0OAuth2):
    """Auth0 sign-in with PKCE, nonce, and organization/invitation forwarding."""

    name = "auth0"
    REDIRECT_STATE = False  # Auth0 compares redirect_uri exactly; `state` is enough
    DEFAULT_USE_PKCE = True
    PKCE_DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def api_path(self, path: str = "") -> str:
        return auth0.url(path)

    def auth_params(self, state: str | None = None) -> dict[str, str]:
        link = login_link_parameters(self.data)
        params = super().auth_params(state)
        nonce = self.strategy.random_string(32)
        params.update(link, nonce=nonce)
        transaction = {"nonce": nonce, "organization": link.get("organization", "")}
        if "invitation" in link:
            # Only to explain a failed acceptance; never sent to Auth0 nor used to decide.
            transaction["invitation_organization_name"] = display_text(
                self.data.get("organization_name") or ""
            )
        self._remember(state, **transaction)
        return params

    def invitation_organization_name(self) -> str | None:
        """The name the invitation link showed, if this callback's sign-in began at one.

        ``""`` for an invitation link without a name; ``None`` when no invitation was involved.
        """
        transaction = self._oauth2_transaction or self.strategy.session_get(
            self.transaction_key(self.get_request_state() or "")
        )
        if not isinstance(transaction, dict):
            return None
        return transaction.get("invitation_organization_name")

    def _remember(self, state: str | None, **values: str) -> None:
        """Keep values in this login's transaction, next to the state and the PKCE verifier."""
        key = self.transaction_key(state or "")
        transaction = self.strategy.session_get(key) or {}
        self.strategy.session_set(key, {**transaction, **values})

    def _decode_id_token(self, id_token: str, keys) -> dict:
        payload = super()._decode_id_token(id_token, keys)
        transaction = self._oauth2_transaction or {}
        self._check_nonce(payload, transaction.get("nonce"))
        self._check_organization(payload, transaction.get("organization") or "")
        self.id_token_claims = payload
        return payload

    def _check_nonce(self, payload: dict, expected: str | None) -> None:
        if not expected or not constant_time_compare(str(payload.get("nonce", "")), expected):
            raise AuthResponseError(
                self, code="nonce_mismatch", claim="nonce", stage="token_validation"
            )

    def _check_organization(self, payload: dict, requested: str) -> None:
        """Auth0: validate ``org_id`` when an id was sent, ``org_name`` when a name was."""
        if not requested:
            return
        if requested.startswith("org_"):
            signed_in_to = payload.get("org_id")
        else:
            signed_in_to = (payload.get("org_name") or "").lower()
        if signed_in_to != requested:
            raise AuthPolicyError(
                self,
                f"signed in to {signed_in_to or 'no organization'} instead of {requested}",
                code="membership_required",
                claim="org_id",
                stage="token_validation",
            )

    def get_user_details(self, response):
        details = super().get_user_details(response)
        claims = getattr(self, "id_token_claims", {})
        details["org_id"] = claims.get("org_id", "")
        details["org_name"] = claims.get("org_name", "")
        return details
