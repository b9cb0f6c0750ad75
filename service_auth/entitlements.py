"""Features of an overage token, fetched from the portal and cached by tenant and version."""

from __future__ import annotations

import threading
from concurrent.futures import Future
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
    Concurrent misses for one ``(org_id, v)`` share one fetch; a failed fetch fails all of them
    and is not cached, so the next request asks again.
    """

    def __init__(
        self, url: str, *, features_rule: ClaimRule, timeout: float, max_entries: int = 1024
    ) -> None:
        self._url = url.rstrip("/")
        self._features_rule = features_rule
        self._timeout = timeout
        self._cache: BoundedCache[tuple[str, int], frozenset[str]] = BoundedCache(max_entries)
        self._in_flight: dict[tuple[str, int], Future[frozenset[str]]] = {}
        self._lock = threading.Lock()

    def features(self, *, token: str, org_id: str, version: int) -> frozenset[str]:
        key = (org_id, version)
        features = self._cache.get(key)
        if features is not None:
            return features
        pending, fetches = self._pending_fetch(key)
        if not fetches:
            return pending.result()  # the fetching caller's features, or its error
        try:
            features = self._fetch(token=token, org_id=org_id, version=version)
            self._cache.put(key, features)  # before leaving _in_flight: no gap for a refetch
        except BaseException as error:
            pending.set_exception(error)
            raise
        else:
            pending.set_result(features)
        finally:
            with self._lock:
                del self._in_flight[key]
        return features

    def _pending_fetch(self, key: tuple[str, int]) -> tuple[Future[frozenset[str]], bool]:
        """The fetch of ``key`` to wait for, and whether this caller must make it."""
        with self._lock:
            pending = self._in_flight.get(key)
            if pending is not None:
                return pending, False
            features = self._cache.get(key)  # a fetch may have finished since the first look
            pending = Future()
            if features is not None:
                pending.set_result(features)
                return pending, False
            self._in_flight[key] = pending
            return pending, True

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
