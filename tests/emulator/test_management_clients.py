"""Clients, client grants and tenant settings, as the bootstrap command uses them."""

from __future__ import annotations

import pytest

from .mgmt_client import RawApi, management_client, management_token

WEB_APP_SCOPES = ("read:clients", "update:clients")


def test_a_new_client_shows_its_secret_once(emulator):
    client = management_client(emulator)

    created = client.clients.create(name="Worker", app_type="non_interactive")
    reader = management_client(emulator, token=management_token(emulator, ("read:clients",)))
    listed = list(reader.clients.list())

    assert len(created.client_id) == 32
    assert len(created.client_secret) == 64
    assert created.client_id in {c.client_id for c in listed}
    assert {c.client_secret for c in listed} == {None}


def test_clients_are_listed_by_offset_with_totals(emulator):
    client = management_client(emulator)
    client.clients.create(name="Worker", app_type="non_interactive")  # with the two built-in

    pager = client.clients.list(page=0, per_page=2, include_totals=True)
    pages = list(pager.iter_pages())

    assert [len(page.items) for page in pages] == [2, 1]
    first = pager.response
    assert (first.start, first.limit, first.total) == (0, 2, 3)
    assert "Worker" in {c.name for page in pages for c in page.items}


def test_the_secret_is_shown_to_tokens_with_read_client_keys(emulator):
    portal_id = emulator.emulator.config.portal_client_id
    api = RawApi(emulator, token=management_token(emulator, ("read:client_keys",)))

    shown = api.get(f"clients/{portal_id}").json()

    assert shown["client_secret"] == emulator.emulator.config.portal_client_secret


def test_organization_settings_and_login_route_are_updated(emulator):
    portal_id = emulator.emulator.config.portal_client_id
    client = management_client(emulator)

    updated = client.clients.update(
        portal_id,
        organization_usage="require",
        organization_require_behavior="post_login_prompt",
        initiate_login_uri="https://portal.example.com/login/",
        callbacks=["https://portal.example.com/complete/auth0/"],
    )

    assert (updated.organization_usage, updated.organization_require_behavior) == (
        "require",
        "post_login_prompt",
    )
    assert client.clients.get(portal_id).initiate_login_uri == "https://portal.example.com/login/"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"organization_usage": "sometimes"},
            "Payload validation error: 'No enum match for: \"sometimes\"' on property"
            " organization_usage (Defines how to proceed during an authentication transaction"
            " with regards an organization. Can be `deny` (default), `allow` or `require`.).",
        ),
        (
            {"initiate_login_uri": "http://portal.example.com/login/"},
            "Payload validation error: 'Object didn't pass validation for format"
            " absolute-https-uri-or-empty: http://portal.example.com/login/' on property"
            " initiate_login_uri (Initiate login uri, must be https).",
        ),
    ],
)
def test_updates_are_validated_like_auth0(emulator, change, message):
    portal_id = emulator.emulator.config.portal_client_id
    api = RawApi(emulator, token=management_token(emulator, WEB_APP_SCOPES))

    response = api.patch(f"clients/{portal_id}", change)

    assert response.status_code == 400
    assert response.json()["message"] == message


def test_a_deleted_client_is_gone_with_its_grants(emulator):
    client = management_client(emulator)
    app = client.clients.create(name="Worker", app_type="non_interactive")
    audience = emulator.emulator.issuer + "api/v2/"
    client.client_grants.create(client_id=app.client_id, audience=audience, scope=["read:users"])
    api = RawApi(emulator)

    client.clients.delete(app.client_id)

    assert api.get(f"clients/{app.client_id}").json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "The client does not exist",
        "errorCode": "inexistent_client",
    }
    assert api.get("client-grants", params={"client_id": app.client_id}).json() == []


def test_client_grants_are_created_listed_updated_and_deleted(emulator):
    client = management_client(emulator)
    app = client.clients.create(name="Worker", app_type="non_interactive")
    audience = emulator.emulator.issuer + "api/v2/"

    grant = client.client_grants.create(
        client_id=app.client_id, audience=audience, scope=["read:users"]
    )
    listed = list(client.client_grants.list(client_id=app.client_id))
    updated = client.client_grants.update(grant.id, scope=["read:users", "update:users"])
    client.client_grants.delete(grant.id)

    assert grant.id.startswith("cgr_")
    assert [g.id for g in listed] == [grant.id]
    assert updated.scope == ["read:users", "update:users"]
    assert list(client.client_grants.list(client_id=app.client_id)) == []


def test_one_grant_per_client_and_audience(emulator):
    config = emulator.emulator.config
    body = {
        "client_id": config.management_client_id,
        "audience": emulator.emulator.issuer + "api/v2/",
        "scope": [],
    }

    response = RawApi(emulator).post("client-grants", body)

    assert response.status_code == 409


def test_tenant_settings_are_read_and_updated(emulator):
    settings = management_client(emulator).tenants.settings

    before = settings.get()
    after = settings.update(
        allow_organization_name_in_authentication_api=True,
        friendly_name="Portal dev",
        flags={"enable_sso": True},
    )

    assert before.allow_organization_name_in_authentication_api is False
    assert after.allow_organization_name_in_authentication_api is True
    assert after.friendly_name == "Portal dev"
    assert settings.get().flags.enable_sso is True
