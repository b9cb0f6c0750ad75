"""The one access check every tenant page goes through."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from portal.tenancy import active_tenant_code, sign_in_url
from tenants.selectors import tenant_get_for_user


def tenant_view(view):
    """Resolve ``code`` to a tenant the user belongs to (404 for everyone else).

    A session signed in to another tenant is sent through the login route first: Auth0 issues
    tokens for one organization at a time, so working in a tenant means being signed in to it.
    """

    @login_required
    @wraps(view)
    def wrapper(request, code, *args, **kwargs):
        tenant = tenant_get_for_user(user=request.user, code=code)
        if active_tenant_code(request) != str(tenant.code):
            switch = sign_in_url(tenant, next_url=request.get_full_path())
            return redirect(switch or "choose_tenant")
        return view(request, tenant, *args, **kwargs)

    return wrapper
