"""Strict readers for settings that django-environ cannot check on its own."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def auth0_base_url(domain: str) -> str:
    """``tenant.eu.auth0.com`` → ``https://tenant.eu.auth0.com``; loopback emulators use http.

    A scheme may be given explicitly; plain http is refused unless the host is loopback, so a
    typo cannot send client secrets over an unencrypted connection.
    """
    raw = domain.strip().rstrip("/")
    if not raw:
        raise ImproperlyConfigured("AUTH0_DOMAIN is empty.")
    parts = urlsplit(raw if "://" in raw else f"//{raw}")
    host = parts.hostname or ""
    if not host or parts.path or parts.query or parts.fragment or parts.username:
        raise ImproperlyConfigured(
            f"AUTH0_DOMAIN must be a host name such as tenant.eu.auth0.com, got {domain!r}."
        )
    scheme = parts.scheme or ("http" if is_loopback(host) else "https")
    if scheme not in ("http", "https"):
        raise ImproperlyConfigured(f"AUTH0_DOMAIN has an unsupported scheme: {domain!r}.")
    if scheme == "http" and not is_loopback(host):
        raise ImproperlyConfigured(
            f"AUTH0_DOMAIN {domain!r}: plain http is only allowed for a loopback emulator."
        )
    return f"{scheme}://{parts.netloc}"


def claims_namespace(value: str) -> str:
    """Custom-claim prefix: an http(s) URL ending with ``/`` that is not an Auth0 domain."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or not value.endswith("/"):
        raise ImproperlyConfigured(
            f"AUTH0_CLAIMS_NAMESPACE must be a URL ending in '/', got {value!r}."
        )
    if parts.hostname and parts.hostname.endswith((".auth0.com", ".auth0app.com")):
        raise ImproperlyConfigured("AUTH0_CLAIMS_NAMESPACE must not be an Auth0 domain.")
    return value


def site_url(value: str, name: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ImproperlyConfigured(f"{name} must be an absolute http(s) URL, got {value!r}.")
    return value.rstrip("/")


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def strict_bool(env, name: str, default: bool) -> bool:
    """django-environ reads any unknown word as False; a typo must not turn DEBUG off silently."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}.")
