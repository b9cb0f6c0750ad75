"""Local verification of access tokens: strict by construction, and cheap.

The algorithm comes from configuration and the key from the JWKS by ``kid`` only; the
signature is checked with ``cryptography`` directly (see ``jws``), then issuer, audience, time
and the contract's claims. A token seen before is answered from a bounded cache until it
expires, so repeated calls skip the signature check.
"""

from __future__ import annotations

import functools
import ipaddress
import time
from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from .cache import BoundedCache
from .contract import load_contract
from .entitlements import EntitlementsClient
from .errors import EntitlementsUnavailable, InvalidToken, MissingToken
from .jwks import JwksCache
from .jws import check_signature, json_object, split_compact_jws
from .principal import FeatureLoader, Principal, ReadOnlyJson

# Only asymmetric algorithms: with HS* a verifier's public key would double as a signing secret.
SUPPORTED_ALGORITHMS: dict[str, hashes.HashAlgorithm] = {
    "RS256": hashes.SHA256(),
    "RS384": hashes.SHA384(),
    "RS512": hashes.SHA512(),
}

_REQUIRED = object()
_NUMBER_TYPES = (int, float)  # compared by exact type: bool, an int subclass, is no time


class TokenVerifier:
    """Verifies access tokens of one issuer for one API, without a network call per request.

    Build one per process and share it: it holds the JWKS, the verified-token cache and the
    entitlements cache.
    """

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str,
        claims_namespace: str,
        leeway: float = 30.0,
        algorithms: Collection[str] = ("RS256",),
        entitlements_url: str | None = None,
        max_token_length: int = 8192,
        verified_cache_size: int = 10_000,
        jwks_refetch_interval: float = 10.0,
        jwks_max_age: float = 600.0,
        http_timeout: float = 5.0,
    ) -> None:
        _check_algorithms(algorithms)
        _check_fetch_url(jwks_url, "jwks_url")
        if entitlements_url is not None:
            _check_fetch_url(entitlements_url, "entitlements_url")
        if not issuer or not audience or not claims_namespace.endswith("/"):
            raise ValueError("issuer and audience are required; claims_namespace must end in '/'")
        if leeway < 0:
            raise ValueError("leeway must not be negative")
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway
        self._max_token_length = max_token_length
        self._hash_by_alg = {alg: SUPPORTED_ALGORITHMS[alg] for alg in algorithms}
        self._contract = load_contract(namespace=claims_namespace)
        self._jwks = JwksCache(
            jwks_url,
            algorithms=tuple(algorithms),
            refetch_interval=jwks_refetch_interval,
            max_age=jwks_max_age,
            timeout=http_timeout,
        )
        self._entitlements = (
            EntitlementsClient(
                entitlements_url,
                features_rule=self._contract.rules["features"],
                timeout=http_timeout,
            )
            if entitlements_url
            else None
        )
        self._verified: BoundedCache[str, Principal] = BoundedCache(verified_cache_size)
        self._headers: BoundedCache[bytes, tuple[str, str]] = BoundedCache(64)

    def verify(self, token: str) -> Principal:
        """The principal of a valid token; ``InvalidToken`` (401) for anything else.

        ``JwksUnavailable`` (503) when the issuer's keys have never been fetched.
        """
        # Size first: nothing else, not even the cache lookup, should hash a megabyte.
        if type(token) is not str or len(token) > self._max_token_length:
            raise InvalidToken(
                f"the token must be a string of at most {self._max_token_length} characters"
            )
        now = time.time()
        principal = self._verified.get(token)
        if principal is not None:
            if now < principal.expires_at + self._leeway:
                return principal
            self._verified.discard(token)
        principal = self._verify_uncached(token, now)
        self._verified.put(token, principal)
        return principal

    def _verify_uncached(self, token: str, now: float) -> Principal:
        signing_input, header_segment, payload_segment, signature = split_compact_jws(token)
        public_key, hash_algorithm = self._signing_key(header_segment)
        check_signature(public_key, hash_algorithm, signing_input, signature)
        # The payload is parsed only once the signature proved who wrote it.
        claims = json_object(payload_segment, "payload")
        self._check_registered_claims(claims, now)
        return self._principal(token, claims)

    def _signing_key(self, header_segment: bytes) -> tuple[RSAPublicKey, hashes.HashAlgorithm]:
        # All tokens signed with one key share one header, so its checked (alg, kid) is cached.
        alg_and_kid = self._headers.get(header_segment)
        if alg_and_kid is None:
            alg_and_kid = self._alg_and_kid(json_object(header_segment, "header"))
            self._headers.put(header_segment, alg_and_kid)
        alg, kid = alg_and_kid
        key = self._jwks.key_for(kid)
        if key.alg is not None and key.alg != alg:
            raise InvalidToken("the token's alg differs from the alg of its key in the JWKS")
        return key.public_key, self._hash_by_alg[alg]

    def _alg_and_kid(self, header: dict[str, Any]) -> tuple[str, str]:
        """Checked alg and kid of a header; ``jku``, ``x5u``, ``jwk``, ``x5c`` are never read."""
        alg = header.get("alg")
        if type(alg) is not str or alg not in self._hash_by_alg:
            raise InvalidToken(f"the token's alg must be one of {', '.join(self._hash_by_alg)}")
        if "crit" in header:
            raise InvalidToken("the token header lists crit extensions; none are supported")
        kid = header.get("kid")
        if type(kid) is not str:
            raise InvalidToken("the token header has no kid")
        return alg, kid

    def _check_registered_claims(self, claims: dict[str, Any], now: float) -> None:
        if claims.get("iss") != self._issuer:
            raise InvalidToken(f"the token was not issued by {self._issuer}")
        audience = claims.get("aud")
        if audience != self._audience and not (
            type(audience) is list and self._audience in audience
        ):
            raise InvalidToken(
                f"the token's audience is not {self._audience}"
                " (an ID token, or an access token for another API?)"
            )
        expires_at = claims.get("exp")
        if type(expires_at) not in _NUMBER_TYPES:
            raise InvalidToken("the token has no numeric exp")
        if now >= expires_at + self._leeway:
            raise InvalidToken("the token has expired")
        not_before = claims.get("nbf", now)
        if type(not_before) not in _NUMBER_TYPES:
            raise InvalidToken("the token's nbf is not a number")
        if not_before > now + self._leeway:
            raise InvalidToken("the token is not valid yet (nbf is in the future)")

    def _principal(self, token: str, claims: dict[str, Any]) -> Principal:
        ours = self._contract.read(claims)
        subject = _claim(claims, "sub", str)
        org_id = _claim(claims, "org_id", str, None)
        permissions = _string_set(claims, "permissions")
        roles = frozenset(ours.get("roles", ()))
        scopes = frozenset(_claim(claims, "scope", str, "").split())
        return Principal(
            claims=ReadOnlyJson(claims),
            subject=subject,
            org_id=org_id,
            permissions=permissions,
            roles=roles,
            plan=ours.get("plan"),
            scopes=scopes,
            expires_at=claims["exp"],
            _features=self._features(token, org_id, ours),
        )

    def _features(
        self, token: str, org_id: str | None, ours: Mapping[str, Any]
    ) -> frozenset[str] | FeatureLoader:
        if "features" not in ours.get("overage", ()):
            return frozenset(ours.get("features", ()))  # missing means "no features"
        if org_id is None:
            raise InvalidToken("an overage token must carry org_id")
        return functools.partial(
            self._overage_features, token=token, org_id=org_id, version=ours["ent_v"]
        )

    def _overage_features(self, *, token: str, org_id: str, version: int) -> frozenset[str]:
        if self._entitlements is None:
            raise EntitlementsUnavailable(
                "the token leaves its features to the portal (overage) and this service has"
                " no entitlements_url configured"
            )
        return self._entitlements.features(token=token, org_id=org_id, version=version)


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header; ``MissingToken`` otherwise."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise MissingToken("send the access token as Authorization: Bearer <token>")
    return token


def _claim(claims: Mapping[str, Any], name: str, kind: type, default: Any = _REQUIRED) -> Any:
    value = claims.get(name, default)
    if value is _REQUIRED:
        raise InvalidToken(f"the token has no {name} claim")
    if value is not default and type(value) is not kind:
        raise InvalidToken(f"the token's {name} claim must be a {kind.__name__}")
    return value


def _string_set(claims: Mapping[str, Any], name: str) -> frozenset[str]:
    values = claims.get(name, [])
    if type(values) is not list or not all(isinstance(value, str) for value in values):
        raise InvalidToken(f"the token's {name} claim must be a list of strings")
    return frozenset(values)


def _check_algorithms(algorithms: Collection[str]) -> None:
    if (
        isinstance(algorithms, str)
        or not algorithms
        or not set(algorithms) <= SUPPORTED_ALGORITHMS.keys()
    ):
        raise ValueError(
            f"algorithms must be a non-empty collection of {', '.join(SUPPORTED_ALGORITHMS)}"
        )


def _check_fetch_url(url: str, name: str) -> None:
    # Keys fetched over plain http could be swapped on the way: only loopback may skip TLS.
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(parts.hostname)):
        return
    raise ValueError(f"{name} must be an https URL (http only for a loopback host), got {url!r}")


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False
