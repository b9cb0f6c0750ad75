"""auth0_bootstrap and demo_seed against the emulator: complete, and a second run is a no-op."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from portal import auth0
from portal.auth0_setup import ACTION_NAME
from tenants.models import Role, Tenant
from tenants.roles import CATALOGUE, PERMISSIONS

WRITES = {"POST", "PATCH", "PUT", "DELETE"}


def run(command: str, *args) -> str:
    """The command's output and warnings, in one text."""
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def management_requests(stack):
    """Every Management API request the emulator receives from now on, as (method, path)."""
    seen: list[tuple[str, str]] = []
    http = stack.emulator._server  # werkzeug's server, whose WSGI app is the emulator
    emulator_app = http.app

    def recording(environ, start_response):
        if environ["PATH_INFO"].startswith("/api/v2/"):
            seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        return emulator_app(environ, start_response)

    http.app = recording
    yield seen
    http.app = emulator_app


def writes(requests: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(method, path) for method, path in requests if method in WRITES]


def api_scopes(client) -> dict[str, str]:
    api = next(iter(client.resource_servers.list(identifiers=[settings.AUTH0_API_AUDIENCE])))
    return {scope.value: scope.description for scope in api.scopes}


def api_scopes_set(client, scopes: dict[str, str]) -> None:
    api = next(iter(client.resource_servers.list(identifiers=[settings.AUTH0_API_AUDIENCE])))
    client.resource_servers.update(
        api.id, scopes=[{"value": v, "description": d} for v, d in scopes.items()]
    )


def test_bootstrap_sets_up_everything(stack):
    client = auth0.management_client()
    api = next(iter(client.resource_servers.list(identifiers=[settings.AUTH0_API_AUDIENCE])))
    assert {s.value for s in api.scopes} == set(PERMISSIONS)
    assert api.enforce_policies and api.token_dialect == "access_token_authz"
    for entry in CATALOGUE:
        role = Role.objects.get(name=entry["name"])
        granted = {p.permission_name for p in client.roles.permissions.list(role.auth0_id)}
        assert granted == set(entry["permissions"])
    app = client.clients.get(settings.AUTH0_CLIENT_ID)
    assert app.organization_usage == "allow"
    assert app.initiate_login_uri == f"{stack.portal}/login/"
    assert f"{stack.portal}/complete/auth0/" in app.callbacks
    action = next(a for a in client.actions.list(action_name=ACTION_NAME))
    assert action.all_changes_deployed
    bindings = list(client.actions.triggers.bindings.list("post-login"))
    assert [b.action.id for b in bindings] == [action.id]


def test_second_run_sends_no_write(stack, management_requests):
    assert "nothing changed" in run("auth0_bootstrap")
    assert writes(management_requests) == []
    assert ("GET", "/api/v2/resource-servers") in management_requests  # it did look


def test_a_scope_added_by_hand_is_kept_without_a_write(stack, management_requests):
    client = auth0.management_client()
    api_scopes_set(client, {**api_scopes(client), "reports:export": "Export reports"})
    management_requests.clear()
    assert "nothing changed" in run("auth0_bootstrap")
    assert writes(management_requests) == []
    assert api_scopes(client)["reports:export"] == "Export reports"


def test_missing_and_redescribed_catalogue_scopes_are_restored(stack, management_requests):
    client = auth0.management_client()
    missing, redescribed = sorted(PERMISSIONS)[:2]
    scopes = {v: d for v, d in api_scopes(client).items() if v != missing}
    api_scopes_set(client, {**scopes, redescribed: "changed by hand", "reports:export": ""})
    output = run("auth0_bootstrap")
    assert "(scopes)" in output
    assert api_scopes(client) == {**PERMISSIONS, "reports:export": ""}
    management_requests.clear()
    assert "nothing changed" in run("auth0_bootstrap")
    assert writes(management_requests) == []


def test_an_http_portal_gets_no_login_route_but_a_warning(stack, settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:9"
    output = run("auth0_bootstrap")
    assert "Auth0 takes only an https application login route" in output
    assert "Set the login route by hand" in output
    app = auth0.management_client().clients.get(settings.AUTH0_CLIENT_ID)
    assert app.initiate_login_uri == f"{stack.portal}/login/"  # as the emulator registered it
    assert "http://127.0.0.1:9/complete/auth0/" in app.callbacks


def test_an_https_portal_gets_its_login_route(stack, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.test"
    output = run("auth0_bootstrap")
    assert "initiate_login_uri" in output
    assert "login route" not in output  # no warning
    app = auth0.management_client().clients.get(settings.AUTH0_CLIENT_ID)
    assert app.initiate_login_uri == "https://portal.example.test/login/"


def test_bootstrap_repairs_drift(stack):
    client = auth0.management_client()
    owner = Role.objects.get(name="owner")
    client.roles.permissions.delete(
        owner.auth0_id,
        permissions=[
            {
                "resource_server_identifier": settings.AUTH0_API_AUDIENCE,
                "permission_name": "payments:write",
            }
        ],
    )
    client.clients.update(settings.AUTH0_CLIENT_ID, organization_usage="require")
    output = run("auth0_bootstrap")
    assert "role owner: granted payments:write" in output
    assert "organization_usage" in output
    assert "nothing changed" in run("auth0_bootstrap")


def test_demo_seed_is_repeatable(stack):
    run("demo_seed")
    client = auth0.management_client()
    acme = Tenant.objects.get(name="acme")
    members = list(client.organizations.members.list(acme.auth0_org_id))
    assert sorted(m.email for m in members) == [
        "member@acme.test",
        "multi@portal.test",
        "owner@acme.test",
    ]
    assert len(client.users.list_users_by_email(email="owner@acme.test")) == 1
    enabled = client.organizations.enabled_connections.list(acme.auth0_org_id)
    assert [e.connection.name for e in enabled] == [settings.AUTH0_DATABASE_CONNECTION]


def test_demo_seed_refuses_a_real_tenant(db, settings):
    settings.AUTH0_BASE_URL = "https://tenant.eu.auth0.com"
    with pytest.raises(CommandError, match="local emulator"):
        call_command("demo_seed")


def test_bootstrap_reports_an_unreachable_tenant(db, settings):
    settings.AUTH0_BASE_URL = "http://127.0.0.1:9"
    with pytest.raises(CommandError, match="Auth0 setup failed"):
        call_command("auth0_bootstrap")
