"""Which tenant a browser session is signed in to.

A session belongs to one Auth0 organization at a time: the one in the ID token of its last
sign-in. Switching tenant is a new sign-in with ``organization``, as Auth0 requires.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

SESSION_KEY = "portal.active_tenant"


def active_tenant_code(request) -> str | None:
    return request.session.get(SESSION_KEY)


def set_active_tenant(request, tenant) -> None:
    if tenant is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = str(tenant.code)


def sign_in_url(tenant, *, next_url: str | None = None) -> str | None:
    """The login route for ``tenant``'s organization; None until it exists in Auth0."""
    if not tenant.auth0_org_id:
        return None
    params = {"organization": tenant.auth0_org_id}
    if next_url:
        params["next"] = next_url
    return f"{reverse('login')}?{urlencode(params)}"
