"""Who is calling and what they may do, as read from a verified access token."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .errors import Forbidden

FeatureLoader = Callable[[], frozenset[str]]


class Principal:
    """The caller behind a verified token. Shared between requests: treat it as read-only."""

    __slots__ = (
        "_features",
        "_load_features",
        "claims",
        "expires_at",
        "org_id",
        "permissions",
        "plan",
        "roles",
        "scopes",
        "subject",
    )

    def __init__(
        self,
        claims: Mapping[str, Any],
        subject: str,
        org_id: str | None,
        permissions: frozenset[str],
        roles: frozenset[str],
        plan: str | None,
        scopes: frozenset[str],
        features: frozenset[str] | FeatureLoader,
        expires_at: float,
    ) -> None:
        self.claims = claims
        self.subject = subject
        self.org_id = org_id
        self.permissions = permissions
        self.roles = roles
        self.plan = plan
        self.scopes = scopes
        self.expires_at = expires_at
        # An overage token names its features instead of carrying them: fetch on first use.
        if callable(features):
            self._features, self._load_features = None, features
        else:
            self._features, self._load_features = features, None

    @property
    def features(self) -> frozenset[str]:
        """Feature codes of the tenant; may fetch them (``EntitlementsUnavailable``)."""
        if self._features is None:
            self._features = self._load_features()
        return self._features

    def require(
        self,
        *,
        permission: str | None = None,
        feature: str | None = None,
        org_id: str | None = None,
    ) -> None:
        """Raise ``Forbidden`` unless the token acts for ``org_id`` with this permission and
        feature. Arguments left as None are not checked."""
        if org_id is not None and self.org_id != org_id:
            raise Forbidden(
                "the token is for another organization"
                if self.org_id
                else "the token has no org_id: request it with the organization parameter"
            )
        if permission is not None and permission not in self.permissions:
            raise Forbidden(f"the token lacks the permission {permission}", permission=permission)
        # Features come last: for an overage token reading them may need a fetch.
        if feature is not None and feature not in self.features:
            raise Forbidden(f"the organization's plan does not include the feature {feature}")

    def __repr__(self) -> str:
        return f"<Principal {self.subject} org={self.org_id}>"
