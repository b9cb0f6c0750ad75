"""The issuer's signing keys, fetched once and refreshed rarely.

Keys are looked up by ``kid`` only. An unknown ``kid`` (a rotated key, or an attacker's
invention) may trigger a refetch, but at most one per ``refetch_interval``: key rotation works
within seconds and a flood of made-up kids costs the issuer nothing. A key set older than
``max_age`` keeps serving while one caller refreshes it, so a slow or unreachable issuer
stalls that one request, not every request behind it.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey, RSAPublicNumbers

from .errors import InvalidToken, JwksUnavailable
from .fetch import FetchFailed, fetch_json

logger = logging.getLogger(__name__)

MIN_RSA_BITS = 2048
MAX_JWKS_BYTES = 256 * 1024


@dataclass(frozen=True)
class SigningKey:
    """An RSA public key from the JWKS; ``alg`` is set when the JWK pins one algorithm."""

    public_key: RSAPublicKey
    alg: str | None


class JwksCache:
    """One issuer's signing keys by ``kid``: fetched on first use, refreshed when stale."""

    def __init__(
        self,
        url: str,
        *,
        algorithms: Collection[str],
        refetch_interval: float,
        max_age: float,
        timeout: float,
    ) -> None:
        self._url = url
        self._algorithms = algorithms
        self._refetch_interval = refetch_interval
        self._max_age = max_age
        self._timeout = timeout
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._lock = threading.Lock()

    def key_for(self, kid: str) -> SigningKey:
        """The key with this ``kid``; raise ``InvalidToken`` if the issuer has none."""
        key = self._keys.get(kid)
        if key is None:
            # The first token, a rotated key or a made-up kid: only a fetch can tell.
            self._refresh(wait=True)
            key = self._keys.get(kid)
        elif self._is_stale():
            self._refresh(wait=False)
            key = self._keys.get(kid)  # None if the refresh just removed it (revoked)
        if key is not None:
            return key
        if self._fetched_at is None:
            raise JwksUnavailable(f"the signing keys at {self._url} could not be fetched yet")
        raise InvalidToken("no key in the issuer's JWKS has this token's kid")

    def _is_stale(self) -> bool:
        # Keys live long, but a revoked key must stop verifying without a restart.
        return time.monotonic() - self._fetched_at > self._max_age

    def _refresh(self, *, wait: bool) -> None:
        """Fetch the keys unless attempted within the refetch interval.

        With ``wait=False`` a refresh already running elsewhere is enough: the caller goes on
        with the keys it has instead of queueing behind that fetch.
        """
        if not self._lock.acquire(blocking=wait):
            return
        try:
            now = time.monotonic()
            # Not again if fetched moments ago, by this thread or by the one it waited for.
            if self._attempted_at is None or now - self._attempted_at >= self._refetch_interval:
                self._attempted_at = now
                self._fetch(now)
        finally:
            self._lock.release()

    def _fetch(self, now: float) -> None:
        try:
            document = fetch_json(self._url, timeout=self._timeout, max_bytes=MAX_JWKS_BYTES)
        except FetchFailed as error:
            # Keeping the keys we have beats refusing every request while the issuer is down.
            logger.warning("JWKS refresh failed, keeping %d known keys: %s", len(self._keys), error)
            return
        self._keys = signing_keys(document, algorithms=self._algorithms)
        self._fetched_at = now


def signing_keys(document: Any, *, algorithms: Collection[str]) -> dict[str, SigningKey]:
    """The usable keys of a JWKS document by ``kid``; anything else in it is skipped."""
    entries = document.get("keys") if isinstance(document, Mapping) else None
    if not isinstance(entries, list):
        logger.warning("JWKS document has no 'keys' list")
        return {}
    keys = {}
    for entry in entries:
        try:
            kid, key = _signing_key(entry, algorithms=algorithms)
        except (AttributeError, TypeError, ValueError, KeyError) as error:
            logger.info("JWKS entry skipped: %s", error)
            continue
        keys[kid] = key
    return keys


def _signing_key(entry: Any, *, algorithms: Collection[str]) -> tuple[str, SigningKey]:
    if entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig":
        raise ValueError("not an RSA signing key")
    kid, alg = entry["kid"], entry.get("alg")
    if not isinstance(kid, str) or (alg is not None and alg not in algorithms):
        raise ValueError("kid is not a string, or alg is not an accepted algorithm")
    numbers = RSAPublicNumbers(e=_b64_uint(entry["e"]), n=_b64_uint(entry["n"]))
    public_key = numbers.public_key()
    if public_key.key_size < MIN_RSA_BITS:
        raise ValueError(f"RSA key {kid} is shorter than {MIN_RSA_BITS} bits")
    return kid, SigningKey(public_key, alg)


def _b64_uint(value: str) -> int:
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    return int.from_bytes(raw, "big")
