"""The Django decorator answers RFC 6750 errors with the one JSON error shape."""

from __future__ import annotations

import json
import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.test import RequestFactory

from service_auth.django import get_verifier, require_access
from tests.service_auth.support import (
    AUDIENCE,
    ENTITLEMENTS_PATH,
    ISSUER,
    JWKS_PATH,
    NAMESPACE,
    claims_for,
    mint,
)


@pytest.fixture
def service_auth_settings(settings, jwks_server, portal):
    settings.SERVICE_AUTH = {
        "ISSUER": ISSUER,
        "AUDIENCE": AUDIENCE,
        "JWKS_URL": jwks_server.url + JWKS_PATH,
        "CLAIMS_NAMESPACE": NAMESPACE,
        "ENTITLEMENTS_URL": portal.url + ENTITLEMENTS_PATH,
    }
    get_verifier.cache_clear()  # the verifier is built once per process from the settings
    yield settings
    get_verifier.cache_clear()


@require_access(permission="bookings:read", feature="bookings")
def tenant_view(request, org_id):
    return JsonResponse({"subject": request.principal.subject, "org_id": org_id})


@require_access(permission="bookings:read", tenant_kwarg=None)
def cross_tenant_view(request):
    return JsonResponse({"subject": request.principal.subject})


def call(view, token=None, **url_kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return view(RequestFactory().get("/", headers=headers), **url_kwargs)


def error_of(response):
    body = json.loads(response.content)
    assert set(body) == {"error", "error_description"}
    return body["error"]


@pytest.mark.usefixtures("service_auth_settings")
class TestRequireAccess:
    def test_a_permitted_request_reaches_the_view_with_its_principal(self, signing_key):
        response = call(tenant_view, mint(signing_key, claims_for()), org_id="org_A")

        assert response.status_code == 200
        assert json.loads(response.content) == {"subject": "auth0|alice", "org_id": "org_A"}

    def test_a_request_without_a_token_gets_a_bare_challenge(self):
        response = call(tenant_view, org_id="org_A")

        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert error_of(response) == "invalid_token"

    def test_an_expired_token_gets_invalid_token(self, signing_key):
        past = int(time.time()) - 3600
        response = call(tenant_view, mint(signing_key, claims_for(exp=past)), org_id="org_A")

        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
        assert error_of(response) == "invalid_token"

    def test_another_tenants_token_gets_insufficient_scope(self, signing_key):
        response = call(tenant_view, mint(signing_key, claims_for()), org_id="org_B")

        assert response.status_code == 403
        assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
        assert error_of(response) == "insufficient_scope"

    def test_a_missing_permission_is_named_in_the_challenge(self, signing_key):
        token = mint(signing_key, claims_for(permissions=["bookings:write"]))

        response = call(tenant_view, token, org_id="org_A")

        assert response.status_code == 403
        assert response["WWW-Authenticate"].endswith('scope="bookings:read"')

    def test_unreachable_keys_are_a_503(self, signing_key, jwks_server):
        jwks_server.answer_json(JWKS_PATH, {"error": "down"}, status=502)

        response = call(tenant_view, mint(signing_key, claims_for()), org_id="org_A")

        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert error_of(response) == "temporarily_unavailable"

    def test_a_route_not_about_one_tenant_skips_the_tenant_check(self, signing_key):
        response = call(cross_tenant_view, mint(signing_key, claims_for(org_id=None)))

        assert response.status_code == 200

    def test_a_tenant_route_whose_url_lacks_the_tenant_fails_loudly(self, signing_key):
        with pytest.raises(ImproperlyConfigured, match="tenant_kwarg=None"):
            call(tenant_view, mint(signing_key, claims_for()), tenant="org_A")


def test_unknown_settings_keys_fail_loudly(service_auth_settings):
    service_auth_settings.SERVICE_AUTH = {**service_auth_settings.SERVICE_AUTH, "LEEWAY_S": 5}

    with pytest.raises(ImproperlyConfigured, match="SERVICE_AUTH"):
        get_verifier()


def test_missing_settings_fail_loudly(service_auth_settings):
    del service_auth_settings.SERVICE_AUTH

    with pytest.raises(ImproperlyConfigured, match="SERVICE_AUTH must be a dict"):
        get_verifier()
