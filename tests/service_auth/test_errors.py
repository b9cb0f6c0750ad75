"""Each error knows its HTTP status and RFC 6750 challenge, whatever the framework."""

from __future__ import annotations

from service_auth import (
    EntitlementsUnavailable,
    Forbidden,
    InvalidToken,
    JwksUnavailable,
    MissingToken,
)


def test_invalid_token_is_a_401_with_an_invalid_token_challenge():
    error = InvalidToken("the token has expired")

    assert error.status == 401
    assert error.headers()["WWW-Authenticate"] == (
        'Bearer error="invalid_token", error_description="the token has expired"'
    )


def test_missing_token_is_a_401_with_a_bare_challenge():
    error = MissingToken("send the access token as Authorization: Bearer <token>")

    assert error.status == 401
    assert error.headers() == {"WWW-Authenticate": "Bearer"}


def test_forbidden_names_the_missing_permission_as_scope():
    error = Forbidden("the token lacks the permission bookings:write", permission="bookings:write")

    assert error.status == 403
    assert error.headers()["WWW-Authenticate"] == (
        'Bearer error="insufficient_scope",'
        ' error_description="the token lacks the permission bookings:write",'
        ' scope="bookings:write"'
    )


def test_challenge_descriptions_drop_characters_rfc_6750_forbids():
    error = InvalidToken('claim must be one of ["features"]\r\nX-Injected: yes \\ é')

    challenge = error.headers()["WWW-Authenticate"]

    assert challenge.endswith(
        'error_description="claim must be one of [features]X-Injected: yes  "'
    )


def test_unavailable_dependencies_are_a_503_to_retry():
    for error in (JwksUnavailable("keys"), EntitlementsUnavailable("portal")):
        assert error.status == 503
        assert error.error == "temporarily_unavailable"
        assert error.headers() == {"Retry-After": "5"}
