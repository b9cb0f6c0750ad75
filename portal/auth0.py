"""The portal's one way out to Auth0: URLs, the Management API client, reachability.

The Auth0 base URL comes from ``AUTH0_DOMAIN`` (see ``portal.env.auth0_base_url``), the
Management API's from ``AUTH0_MANAGEMENT_DOMAIN`` when that differs (a custom domain); the
emulator is just another base URL. Nothing else in the portal builds Auth0 URLs.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode, urlsplit

import requests
from auth0.authentication import GetToken
from auth0.management import Auth0
from django.conf import settings
from django.core.cache import cache

TOKEN_CACHE_KEY = "auth0:management-token:{base_url}:{client_id}"
# Renew a Management token this long before it expires, so a call never races expiry.
TOKEN_RENEW_MARGIN_SECONDS = 60


def url(path: str = "") -> str:
    return f"{settings.AUTH0_BASE_URL}/{path.lstrip('/')}"


def issuer() -> str:
    return url("")


def logout_url(*, return_to: str) -> str:
    """Auth0's ``/v2/logout``: ends the Auth0 session, then sends the browser to ``return_to``."""
    query = urlencode({"client_id": settings.AUTH0_CLIENT_ID, "returnTo": return_to})
    return url(f"v2/logout?{query}")


def management_url(path: str = "") -> str:
    """The Management API and its tokens: on the canonical domain, even behind a custom one."""
    base = settings.AUTH0_MANAGEMENT_BASE_URL or settings.AUTH0_BASE_URL
    return f"{base}/{path.lstrip('/')}"


def management_audience() -> str:
    return management_url("api/v2/")


def _token_endpoint_client() -> GetToken:
    base = urlsplit(management_url())
    return GetToken(
        base.netloc,
        settings.AUTH0_MANAGEMENT_CLIENT_ID,
        client_secret=settings.AUTH0_MANAGEMENT_CLIENT_SECRET,
        protocol=base.scheme,
        timeout=settings.AUTH0_HTTP_TIMEOUT,
    )


def management_token() -> str:
    """A client-credentials token for the Management API, cached until shortly before expiry."""
    key = TOKEN_CACHE_KEY.format(
        base_url=management_url(), client_id=settings.AUTH0_MANAGEMENT_CLIENT_ID
    )
    token = cache.get(key)
    if token:
        return token
    issued = _token_endpoint_client().client_credentials(audience=management_audience())
    lifetime = int(issued.get("expires_in", 86400))
    token = issued["access_token"]
    cache.set(key, token, timeout=max(lifetime - TOKEN_RENEW_MARGIN_SECONDS, 1))
    return token


def management_client(*, max_retries: int = 2) -> Auth0:
    """auth0-python's Management API client for the configured tenant (or the emulator)."""
    return Auth0(
        base_url=management_url("api/v2"),
        token=management_token,
        timeout=settings.AUTH0_HTTP_TIMEOUT,
        max_retries=max_retries,
    )


def check_reachable(timeout: float = 3.0) -> dict:
    """Fetch the tenant's discovery document; used by /healthz."""
    started = time.monotonic()
    response = requests.get(url(".well-known/openid-configuration"), timeout=timeout)
    response.raise_for_status()
    if response.json().get("issuer") != issuer():
        raise ValueError("the discovery document names another issuer")
    return {"ms": round((time.monotonic() - started) * 1000, 1)}
