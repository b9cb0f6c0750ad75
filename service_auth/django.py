"""Django integration: a verifier built from ``settings.SERVICE_AUTH`` and a view decorator.

    SERVICE_AUTH = {
        "ISSUER": "https://tenant.eu.auth0.com/",
        "AUDIENCE": "https://api.example.com/",
        "JWKS_URL": "https://tenant.eu.auth0.com/.well-known/jwks.json",
        "CLAIMS_NAMESPACE": "https://portal.example.com/",
        "ENTITLEMENTS_URL": "https://portal.example.com/api/entitlements",  # optional
    }

Keys are the keyword arguments of ``TokenVerifier``, upper-cased.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse

from .errors import ServiceAuthError
from .verifier import TokenVerifier, bearer_token

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


@functools.cache
def get_verifier() -> TokenVerifier:
    """The process's one verifier (it owns the caches), built on first use."""
    options = getattr(settings, "SERVICE_AUTH", None)
    if not isinstance(options, dict):
        raise ImproperlyConfigured("settings.SERVICE_AUTH must be a dict; see service_auth.django")
    try:
        return TokenVerifier(**{name.lower(): value for name, value in options.items()})
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"settings.SERVICE_AUTH: {error}") from error


def json_error(
    status: int, error: str, description: str, *, headers: dict[str, str] | None = None
) -> JsonResponse:
    """The one error shape of a service: ``{"error": code, "error_description": why}``."""
    body = {"error": error, "error_description": description}
    return JsonResponse(body, status=status, headers=headers)


def require_access(
    *,
    permission: str | None = None,
    feature: str | None = None,
    tenant_kwarg: str | None = "org_id",
) -> Callable[[View], View]:
    """Run the view only for a valid token that allows this request.

    The URL argument named ``tenant_kwarg`` must equal the token's ``org_id``; pass
    ``tenant_kwarg=None`` for a route that is not about one tenant. Refusals are RFC 6750
    answers (401 ``invalid_token``, 403 ``insufficient_scope``) or 503 when a dependency is
    down, each with a JSON body. The view finds the caller in ``request.principal``.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            org_id = _tenant_in_url(kwargs, tenant_kwarg)
            try:
                principal = get_verifier().verify(
                    bearer_token(request.headers.get("Authorization"))
                )
                principal.require(permission=permission, feature=feature, org_id=org_id)
            except ServiceAuthError as error:
                logger.info("refused %s %s: %s", request.method, request.path, error.reason)
                return json_error(error.status, error.error, error.reason, headers=error.headers())
            request.principal = principal
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def _tenant_in_url(kwargs: dict[str, Any], tenant_kwarg: str | None) -> str | None:
    if tenant_kwarg is None:
        return None
    if tenant_kwarg not in kwargs:
        # A route meant to be tenant-scoped that silently skipped the check would leak data.
        raise ImproperlyConfigured(
            f"require_access: the URL has no {tenant_kwarg!r} argument; pass tenant_kwarg=None"
            " for a route that is not about one tenant"
        )
    return kwargs[tenant_kwarg]
