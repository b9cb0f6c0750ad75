"""The booking service over real HTTP: each tenant sees and changes only its own bookings."""

from __future__ import annotations

import time

import pytest

from tests.service_auth.support import (
    ENTITLEMENTS_PATH,
    NAMESPACE,
    claims_for,
    mint,
    overage_claims,
)
from tests.services.booking_client import BOOKING, bookings_path, call


@pytest.fixture
def client(booking_service, booking_key):
    """Calls the service as a member of a tenant; claim overrides as keyword arguments."""

    def send(method, path, *, json=None, token=None, **claims):
        token = token or mint(booking_key, claims_for(**claims))
        return call(booking_service, method, path, token=token, json=json)

    return send


def create_booking(client, org_id, **fields):
    response = client("POST", bookings_path(org_id), json={**BOOKING, **fields}, org_id=org_id)
    assert response.status_code == 201, response.text
    return response.json()


def status_of(client, org_id, booking_id):
    listed = client("GET", bookings_path(org_id), org_id=org_id).json()["bookings"]
    return next(booking["status"] for booking in listed if booking["id"] == booking_id)


def test_an_outsider_gets_403_on_another_tenants_bookings(client):
    create_booking(client, "org_A")

    response = client("GET", "/t/org_A/bookings", org_id="org_B")

    assert response.status_code == 403
    assert response.json()["error"] == "insufficient_scope"


def test_a_member_creates_and_lists_the_tenants_bookings(client):
    created = create_booking(client, "org_list", resource="desk-12")

    listed = client("GET", "/t/org_list/bookings", org_id="org_list").json()["bookings"]

    assert [booking["id"] for booking in listed] == [created["id"]]
    assert created["resource"] == "desk-12"
    assert created["status"] == "active"
    assert created["booked_by"] == "auth0|alice"
    assert created["starts_at"] == "2030-01-07T09:00:00Z"


def test_each_tenant_lists_only_its_own_bookings(client):
    mine = create_booking(client, "org_mine")
    theirs = create_booking(client, "org_theirs")

    listed = client("GET", "/t/org_theirs/bookings", org_id="org_theirs").json()["bookings"]

    assert [booking["id"] for booking in listed] == [theirs["id"]]
    assert mine["id"] != theirs["id"]


def test_a_member_cancels_a_booking_and_may_retry(client):
    booking = create_booking(client, "org_cancel")
    path = f"/t/org_cancel/bookings/{booking['id']}/cancel"

    first = client("POST", path, org_id="org_cancel")
    again = client("POST", path, org_id="org_cancel")

    assert first.status_code == 200
    assert first.json()["status"] == "cancelled"
    assert again.json() == first.json()


def test_another_tenants_booking_cannot_be_cancelled_even_by_id(client):
    booking = create_booking(client, "org_victim")

    response = client("POST", f"/t/org_thief/bookings/{booking['id']}/cancel", org_id="org_thief")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert status_of(client, "org_victim", booking["id"]) == "active"


def test_listing_needs_the_read_permission(client):
    response = client("GET", "/t/org_A/bookings", permissions=["bookings:write"])

    assert response.status_code == 403
    assert response.headers["WWW-Authenticate"].endswith('scope="bookings:read"')


def test_creating_needs_the_write_permission(client):
    response = client("POST", "/t/org_A/bookings", json=BOOKING, permissions=["bookings:read"])

    assert response.status_code == 403
    assert response.headers["WWW-Authenticate"].endswith('scope="bookings:write"')


def test_cancelling_needs_the_write_permission(client):
    booking = create_booking(client, "org_reader")
    path = f"/t/org_reader/bookings/{booking['id']}/cancel"

    response = client("POST", path, org_id="org_reader", permissions=["bookings:read"])

    assert response.status_code == 403
    assert response.headers["WWW-Authenticate"].endswith('scope="bookings:write"')
    assert status_of(client, "org_reader", booking["id"]) == "active"


def test_a_tenant_without_the_bookings_feature_is_forbidden(client):
    response = client("GET", "/t/org_A/bookings", **{f"{NAMESPACE}features": ["inventory"]})

    assert response.status_code == 403
    assert "feature bookings" in response.json()["error_description"]


def test_cancelling_needs_the_bookings_feature(client):
    booking = create_booking(client, "org_downgraded")
    path = f"/t/org_downgraded/bookings/{booking['id']}/cancel"

    response = client("POST", path, org_id="org_downgraded", **{f"{NAMESPACE}features": []})

    assert response.status_code == 403
    assert "feature bookings" in response.json()["error_description"]
    assert status_of(client, "org_downgraded", booking["id"]) == "active"


def test_a_request_without_a_token_gets_401(booking_service):
    response = call(booking_service, "GET", bookings_path("org_A"), token=None)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_an_expired_token_gets_401_invalid_token(client):
    response = client("GET", "/t/org_A/bookings", exp=int(time.time()) - 3600)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"


def test_an_overage_tenant_gets_its_features_from_the_portal(client, booking_key, auth_server):
    auth_server.answer_json(
        f"{ENTITLEMENTS_PATH}/org_big",
        {"org_id": "org_big", "plan": "enterprise", "features": ["bookings"], "v": 3},
    )
    token = mint(booking_key, overage_claims(org_id="org_big"))

    response = client("GET", "/t/org_big/bookings", token=token)

    assert response.status_code == 200
    assert auth_server.hits[f"{ENTITLEMENTS_PATH}/org_big"] == 1


def test_an_invalid_booking_is_a_400_naming_the_problem(client):
    response = client(
        "POST", "/t/org_A/bookings", json={**BOOKING, "ends_at": BOOKING["starts_at"]}
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": "ends_at must be later than starts_at.",
    }


def test_a_missing_field_is_a_400_naming_the_field(client):
    response = client("POST", "/t/org_A/bookings", json={"resource": "desk"})

    assert response.status_code == 400
    assert "starts_at: This field is required." in response.json()["error_description"]


def test_a_body_that_is_not_a_json_object_is_a_400(client):
    response = client("POST", "/t/org_A/bookings", json=["not", "an", "object"])

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_an_unsupported_method_is_a_json_405(client):
    response = client("DELETE", "/t/org_A/bookings")

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"
    assert response.json()["error"] == "method_not_allowed"


def test_an_unknown_url_is_a_json_404(client):
    response = client("GET", "/bookings")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
