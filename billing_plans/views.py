"""Support staff pages, and the entitlements endpoint the microservices call."""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from billing_plans.selectors import entitlements_get_for_tenant, tenant_list_with_plans
from portal import auth0
from service_auth import ServiceAuthError, TokenVerifier, bearer_token
from service_auth.django import json_error
from tenants.selectors import tenant_get_by_organization

logger = logging.getLogger(__name__)

# Services fetch entitlements only when a token's version is new to them; a minute of reuse
# by whoever repeats the same call is harmless, and "private" keeps shared caches out.
ENTITLEMENTS_CACHE_CONTROL = "private, max-age=60"


@staff_member_required(login_url="login")
def support_home(request):
    return render(request, "billing_plans/support_home.html", {"tenants": tenant_list_with_plans()})


# Bearer-token API: no cookies are read, so there is no cross-site request to forge.
@csrf_exempt
def entitlements_detail(request: HttpRequest, org_id: str) -> JsonResponse:
    """``GET /api/entitlements/<org_id>`` for overage tokens; see docs/token-contract.md."""
    if request.method != "GET":
        return json_error(
            405, "method_not_allowed", "this URL accepts GET", headers={"Allow": "GET"}
        )
    try:
        token_verifier().verify(bearer_token(request.headers.get("Authorization"))).require(
            org_id=org_id
        )
    except ServiceAuthError as error:
        logger.info("refused the entitlements of %r: %s", org_id, error.reason)
        return json_error(error.status, error.error, error.reason, headers=error.headers())
    # Only after the token check: an outsider must not learn which organizations exist.
    tenant = tenant_get_by_organization(org_id=org_id)
    if tenant is None:
        return json_error(404, "not_found", "the portal has no tenant for this organization")
    entitlements = entitlements_get_for_tenant(tenant=tenant)
    body = {
        "org_id": org_id,
        "plan": entitlements.plan_code,
        "features": entitlements.feature_codes,
        "v": entitlements.version,
    }
    return JsonResponse(
        body, headers={"Cache-Control": ENTITLEMENTS_CACHE_CONTROL, "Vary": "Authorization"}
    )


def token_verifier() -> TokenVerifier:
    """The process's verifier for access tokens to the product's API."""
    return _verifier_for(
        issuer=auth0.issuer(),
        jwks_url=auth0.url(".well-known/jwks.json"),
        audience=settings.AUTH0_API_AUDIENCE,
        claims_namespace=settings.AUTH0_CLAIMS_NAMESPACE,
    )


# Keyed by the settings it is built from, so tests that point the portal at another emulator
# get a verifier for that one; a deployed process builds exactly one.
_verifier_for = functools.cache(TokenVerifier)
