"""social-auth pipeline steps of the portal."""

from __future__ import annotations

from social_core.exceptions import AuthPolicyError

from tenants.selectors import tenant_get_by_organization
from tenants.services import membership_record


def record_organization_login(backend, user, details, *args, **kwargs):
    """Record the membership of the organization this sign-in was for.

    The tenant is handed to the login function through the user object, because Django's
    ``login()`` may flush the session after the pipeline has run.
    """
    org_id = details.get("org_id")
    user.signed_in_tenant = None
    if not org_id:
        return
    tenant = tenant_get_by_organization(org_id=org_id)
    if tenant is None:
        raise AuthPolicyError(
            backend,
            f"organization {org_id} is not a tenant of this portal",
            code="membership_required",
            stage="pipeline",
        )
    membership_record(tenant=tenant, user=user)
    user.signed_in_tenant = tenant
