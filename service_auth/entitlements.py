"""Features of an overage token, fetched from the portal and cached by tenant and version."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .cache import BoundedCache
from .contract import ClaimRule
from .errors import EntitlementsUnavailable
from .fetch import FetchFailed, fetch_json

MAX_ENTITLEMENTS_BYTES = 256 * 1024


class EntitlementsClient:
    """``GET <url>/<org_id>`` with the caller's own token; answers cached by ``(org_id, v)``.

    The portal bumps ``v`` on every plan or override change and the token carries the ``v`` it
    was issued with, so a cached answer is never used for a token issued after a change.
    """

    def __init__(
        self, url: str, *, features_rule: ClaimRule, timeout: float, max_entries: int = 1024
    ) -> None:
        self._url = url.rstrip("/")
        self._features_rule = features_rule
        self._timeout = timeout
        self._cache: BoundedCache[tuple[str, int], frozenset[str]] = BoundedCache(max_entries)

    def features(self, *, token: str, org_id: str, version: int) -> frozenset[str]:
        features = self._cache.get((org_id, version))
        if features is None:
            features = self._fetch(token=token, org_id=org_id, version=version)
            self._cache.put((org_id, version), features)
        return features

    def _fetch(self, *, token: str, org_id: str, version: int) -> frozenset[str]:
        url = f"{self._url}/{quote(org_id, safe='')}"
        try:
            answer = fetch_json(
                url, timeout=self._timeout, max_bytes=MAX_ENTITLEMENTS_BYTES, bearer_token=token
            )
        except FetchFailed as error:
            raise EntitlementsUnavailable(f"the portal's entitlements: {error}") from error
        return self._features_of(answer, org_id=org_id, version=version)

    def _features_of(self, answer: Any, *, org_id: str, version: int) -> frozenset[str]:
        if not isinstance(answer, dict):
            raise EntitlementsUnavailable("the portal's entitlements answer is not a JSON object")
        if answer.get("org_id") != org_id:
            raise EntitlementsUnavailable("the portal's entitlements are for another organization")
        answered_version = answer.get("v")
        if type(answered_version) is not int or answered_version < version:
            # A lagging replica: its features may predate the change the token reflects.
            raise EntitlementsUnavailable(
                f"the portal's entitlements are older than the token (version {version})"
            )
        if not self._features_rule.check(answer.get("features")):
            raise EntitlementsUnavailable(
                f"the portal's features must be {self._features_rule.expected}"
            )
        return frozenset(answer["features"])
