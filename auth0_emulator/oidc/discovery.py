"""OpenID Connect discovery document and the tenant's JWKS."""

from __future__ import annotations

from ..errors import json_response
from . import router


@router.route("/.well-known/openid-configuration")
def openid_configuration(emulator, request):
    url = emulator.url
    return json_response({
        "issuer": emulator.issuer,
        "authorization_endpoint": url("authorize"),
        "token_endpoint": url("oauth/token"),
        "device_authorization_endpoint": url("oauth/device/code"),
        "userinfo_endpoint": url("userinfo"),
        "mfa_challenge_endpoint": url("mfa/challenge"),
        "jwks_uri": url(".well-known/jwks.json"),
        "registration_endpoint": url("oidc/register"),
        "revocation_endpoint": url("oauth/revoke"),
        "end_session_endpoint": url("oidc/logout"),
        "scopes_supported": [
            "openid", "profile", "offline_access", "name", "given_name", "family_name",
            "nickname", "email", "email_verified", "picture", "created_at", "identities",
            "phone", "address",
        ],
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["HS256", "RS256", "PS256"],
        "token_endpoint_auth_methods_supported": [
            "client_secret_basic", "client_secret_post", "private_key_jwt",
        ],
        "claims_supported": [
            "aud", "auth_time", "created_at", "email", "email_verified", "exp",
            "family_name", "given_name", "iat", "identities", "iss", "name", "nickname",
            "phone_number", "picture", "sub",
        ],
        "request_uri_parameter_supported": False,
        "request_parameter_supported": False,
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "PS256"],
    })  # fmt: skip


@router.route("/.well-known/jwks.json")
def jwks(emulator, request):
    return json_response(emulator.keys.jwks())
