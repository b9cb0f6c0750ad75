"""Who is calling and what they may do, as read from a verified access token."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import Forbidden

FeatureLoader = Callable[[], frozenset[str]]


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Principal:
    """The caller behind a verified token.

    Immutable all the way down, because the verified-token cache hands the same one to every
    request that brings the same token: one request cannot change what another one sees.
    """

    claims: ReadOnlyJson
    subject: str
    org_id: str | None
    permissions: frozenset[str]
    roles: frozenset[str]
    plan: str | None
    scopes: frozenset[str]
    expires_at: float
    # An overage token names its features instead of carrying them: then this loads them
    # (the loader caches them by tenant and version).
    _features: frozenset[str] | FeatureLoader

    @property
    def features(self) -> frozenset[str]:
        """Feature codes of the tenant; may fetch them (``EntitlementsUnavailable``)."""
        features = self._features
        return features() if callable(features) else features

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


class ReadOnlyJson(Mapping[str, Any]):
    """A parsed JSON object, read-only at every depth: arrays read as tuples, objects as this.

    Values are wrapped when read, not when the token is verified: most services never look
    past the typed attributes of ``Principal``.
    """

    __slots__ = ("_object",)

    def __init__(self, json_object: dict[str, Any]) -> None:
        self._object = json_object

    def __getitem__(self, name: str) -> Any:
        return _read_only(self._object[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._object)

    def __len__(self) -> int:
        return len(self._object)


def _read_only(value: Any) -> Any:
    if type(value) is list:
        return tuple(map(_read_only, value))
    if type(value) is dict:
        return ReadOnlyJson(value)
    return value  # str, int, float, bool, None: immutable already
