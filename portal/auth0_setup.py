"""Set up an Auth0 tenant (or the emulator) for the portal, idempotently.

Each step reads what Auth0 has, compares it with what the portal needs, writes only the
difference and returns a description of what it changed, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from auth0.management import Auth0
from django.conf import settings

from tenants.models import Role
from tenants.roles import PERMISSIONS
from tenants.services import role_catalogue_sync

ACTION_NAME = "tenant-portal-claims"
ACTION_SOURCE = Path(settings.BASE_DIR) / "auth0" / "actions" / "post-login.js"
ACTION_RUNTIME = "node22"
POST_LOGIN = "post-login"
NAMESPACE_SECRET = "CLAIMS_NAMESPACE"
API_TOKEN_LIFETIME_SECONDS = 3600  # claims change with plans and roles: keep tokens short-lived


@dataclass
class SetupReport:
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def changed(self, what: str) -> None:
        self.changes.append(what)


def bootstrap(client: Auth0, *, redeploy_action: bool = False) -> SetupReport:
    report = SetupReport()
    role_catalogue_sync()
    api_ensure(client, report)
    roles_ensure(client, report)
    portal_client_ensure(client, report)
    tenant_settings_ensure(client, report)
    action_ensure(client, report, redeploy=redeploy_action)
    return report


def api_ensure(client: Auth0, report: SetupReport) -> None:
    """The API the microservices accept: our permissions as scopes, RBAC with permissions."""
    identifier = settings.AUTH0_API_AUDIENCE
    wanted = {
        "enforce_policies": True,
        "token_dialect": "access_token_authz",
        "allow_offline_access": True,
        "token_lifetime": API_TOKEN_LIFETIME_SECONDS,
        "skip_consent_for_verifiable_first_party_clients": True,
    }
    existing = next(iter(client.resource_servers.list(identifiers=[identifier])), None)
    if existing is None:
        client.resource_servers.create(
            identifier=identifier,
            name="Tenant portal API",
            scopes=_catalogue_scopes(),
            signing_alg="RS256",
            **wanted,
        )
        report.changed(f"created API {identifier}")
        return
    changes = {k: v for k, v in wanted.items() if getattr(existing, k, None) != v}
    if scopes := _scopes_completed(existing.scopes or []):
        changes["scopes"] = scopes
    if changes:
        client.resource_servers.update(existing.id, **changes)
        report.changed(f"updated API {identifier} ({', '.join(changes)})")


def _catalogue_scopes() -> list[dict]:
    return [{"value": p, "description": d} for p, d in PERMISSIONS.items()]


def _scopes_completed(have) -> list[dict] | None:
    """The API's scopes with the catalogue's added or re-described; None if nothing is missing.

    Auth0 replaces the whole list on update, so scopes added by hand are sent back unchanged.
    """
    described = {scope.value: scope.description for scope in have}
    if all(described.get(p) == d for p, d in PERMISSIONS.items()):
        return None
    by_hand = [
        {"value": value, **({"description": text} if text is not None else {})}
        for value, text in described.items()
        if value not in PERMISSIONS
    ]
    return _catalogue_scopes() + by_hand


def roles_ensure(client: Auth0, report: SetupReport) -> None:
    """One Auth0 role per catalogue role, with exactly the catalogue's API permissions."""
    for role in Role.objects.all():
        remote = _role_find(client, role.name)
        if remote is None:
            remote = client.roles.create(name=role.name, description=role.description)
            report.changed(f"created role {role.name}")
        elif (remote.description or "") != role.description:
            client.roles.update(remote.id, description=role.description)
            report.changed(f"updated role {role.name}")
        if role.auth0_id != remote.id:
            Role.objects.filter(pk=role.pk).update(auth0_id=remote.id)
        _role_permissions_ensure(client, remote.id, role, report)


def _role_find(client: Auth0, name: str):
    return next((r for r in client.roles.list(name_filter=name) if r.name == name), None)


def _role_permissions_ensure(client: Auth0, role_id: str, role: Role, report: SetupReport):
    api = settings.AUTH0_API_AUDIENCE
    have = {
        p.permission_name
        for p in client.roles.permissions.list(role_id)
        if p.resource_server_identifier == api
    }
    wanted = set(role.permissions)
    if missing := sorted(wanted - have):
        client.roles.permissions.add(role_id, permissions=_permission_refs(missing))
        report.changed(f"role {role.name}: granted {', '.join(missing)}")
    if extra := sorted(have - wanted):
        client.roles.permissions.delete(role_id, permissions=_permission_refs(extra))
        report.changed(f"role {role.name}: revoked {', '.join(extra)}")


def _permission_refs(names: list[str]) -> list[dict]:
    api = settings.AUTH0_API_AUDIENCE
    return [{"resource_server_identifier": api, "permission_name": n} for n in names]


def portal_client_ensure(client: Auth0, report: SetupReport) -> None:
    """The portal's application: organizations allowed, our login route and callbacks."""
    base = settings.PORTAL_BASE_URL
    app = client.clients.get(settings.AUTH0_CLIENT_ID)
    changes: dict = {}
    callbacks = _with(app.callbacks, f"{base}/complete/auth0/")
    if callbacks != list(app.callbacks or []):
        changes["callbacks"] = callbacks
    logout_urls = _with(app.allowed_logout_urls, f"{base}/")
    if logout_urls != list(app.allowed_logout_urls or []):
        changes["allowed_logout_urls"] = logout_urls
    if app.organization_usage != "allow":
        # "allow": members sign in to their organization, support staff sign in without one.
        changes["organization_usage"] = "allow"
    login_route = f"{base}/login/"
    if app.initiate_login_uri != login_route:
        if base.startswith("https://"):
            changes["initiate_login_uri"] = login_route
        else:
            report.warnings.append(
                f"Auth0 takes only an https application login route, so {login_route} was "
                "not set. Set the login route by hand to an https address of this portal's "
                "/login/ (Applications > the portal > Application Login URI); the emulator "
                "registers PORTAL_BASE_URL's when it creates its tenant. Until then "
                "invitation links do not lead to this portal."
            )
    if changes:
        client.clients.update(settings.AUTH0_CLIENT_ID, **changes)
        report.changed(f"updated application ({', '.join(changes)})")


def _with(values, value: str) -> list[str]:
    values = list(values or [])
    return values if value in values else [*values, value]


def tenant_settings_ensure(client: Auth0, report: SetupReport) -> None:
    """``org_name`` in tokens lets links name an organization instead of its id."""
    current = client.tenants.settings.get()
    if not current.allow_organization_name_in_authentication_api:
        client.tenants.settings.update(allow_organization_name_in_authentication_api=True)
        report.changed("tenant settings: organization names in tokens enabled")


def action_ensure(client: Auth0, report: SetupReport, *, redeploy: bool = False) -> None:
    """The Post-Login Action from ``auth0/actions/`` deployed and bound to post-login."""
    code = ACTION_SOURCE.read_text()
    action = next(
        (a for a in client.actions.list(action_name=ACTION_NAME) if a.name == ACTION_NAME), None
    )
    secrets = [{"name": NAMESPACE_SECRET, "value": settings.AUTH0_CLAIMS_NAMESPACE}]
    if action is None:
        action = client.actions.create(
            name=ACTION_NAME,
            code=code,
            runtime=ACTION_RUNTIME,
            secrets=secrets,
            supported_triggers=[{"id": POST_LOGIN, "version": "v3"}],
        )
        report.changed(f"created action {ACTION_NAME}")
        redeploy = True
    elif action.code != code or redeploy:
        # Secret values cannot be read back from Auth0, so they are written with the code.
        client.actions.update(action.id, code=code, secrets=secrets, runtime=ACTION_RUNTIME)
        report.changed(f"updated action {ACTION_NAME}")
        redeploy = True
    if redeploy or not action.all_changes_deployed:
        client.actions.deploy(action.id)
        report.changed(f"deployed action {ACTION_NAME}")
    _action_bind(client, action.id, report)


def _action_bind(client: Auth0, action_id: str, report: SetupReport) -> None:
    bindings = list(client.actions.triggers.bindings.list(POST_LOGIN))
    if any(b.action and b.action.id == action_id for b in bindings):
        return
    # Rewriting the bindings replaces them all: keep the existing ones, ours last.
    refs = [
        {"ref": {"type": "action_id", "value": b.action.id}, "display_name": b.display_name}
        for b in bindings
        if b.action
    ]
    refs.append({"ref": {"type": "action_id", "value": action_id}, "display_name": ACTION_NAME})
    client.actions.triggers.bindings.update_many(POST_LOGIN, bindings=refs)
    report.changed(f"bound action {ACTION_NAME} to {POST_LOGIN}")
