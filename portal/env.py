"""Strict readers for settings that django-environ cannot check on its own."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

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


def auth0_base_url(domain: str, setting: str = "AUTH0_DOMAIN") -> str:
    """``tenant.eu.auth0.com`` → ``https://tenant.eu.auth0.com``; loopback emulators use http.

    A scheme may be given explicitly; plain http is refused unless the host is loopback, so a
    typo cannot send client secrets over an unencrypted connection.
    """
    raw = domain.strip().rstrip("/")
    if not raw:
        raise ImproperlyConfigured(f"{setting} is empty.")
    parts = urlsplit(raw if "://" in raw else f"//{raw}")
    host = parts.hostname or ""
    if (
        not _valid_host(host)
        or parts.netloc.endswith(":")
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise ImproperlyConfigured(
            f"{setting} must be a host name such as tenant.eu.auth0.com, got {domain!r}."
        )
    if not _valid_port(parts):
        raise ImproperlyConfigured(f"{setting} has an invalid port: {domain!r}.")
    scheme = parts.scheme or ("http" if is_loopback(host) else "https")
    if scheme not in ("http", "https"):
        raise ImproperlyConfigured(f"{setting} has an unsupported scheme: {domain!r}.")
    if scheme == "http" and not is_loopback(host):
        raise ImproperlyConfigured(
            f"{setting} {domain!r}: plain http is only allowed for a loopback emulator."
        )
    return f"{scheme}://{parts.netloc}"


# A DNS name: dot-separated labels of letters, digits and inner hyphens (urlsplit lowercases).
HOST_NAME = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\Z")


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return len(host) <= 253 and bool(HOST_NAME.match(host))


def _valid_port(parts: SplitResult) -> bool:
    try:
        return parts.port != 0  # no port at all is fine
    except ValueError:  # not a number, or outside 0–65535
        return False


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


def required_str(env, name: str) -> str:
    """A value production cannot run without: empty or blank is as missing as absent."""
    value = env.str(name, default="")
    if not value.strip():
        raise ImproperlyConfigured(f"Set the {name} environment variable")
    return value


def positive_int(env, name: str, default: int) -> int:
    raw = env.str(name, default=str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be a positive whole number, got {raw!r}.")
    return value


def time_limits(*, soft: int, hard: int) -> tuple[int, int]:
    """Celery's soft limit must come first, so a task can clean up before the hard kill."""
    if soft >= hard:
        raise ImproperlyConfigured(
            f"CELERY_TASK_SOFT_TIME_LIMIT ({soft}) must be less than "
            f"CELERY_TASK_TIME_LIMIT ({hard})."
        )
    return soft, hard
