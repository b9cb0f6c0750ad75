"""Pages for the members and admins of one tenant."""

from django.shortcuts import render

from billing_plans.selectors import entitlements_get_for_tenant
from tenants.access import tenant_view
from tenants.selectors import membership_get, membership_list_for_tenant


@tenant_view
def dashboard(request, tenant):
    return render(
        request,
        "tenants/dashboard.html",
        {
            "tenant": tenant,
            "membership": membership_get(tenant=tenant, user=request.user),
            "members": membership_list_for_tenant(tenant=tenant),
            "entitlements": entitlements_get_for_tenant(tenant=tenant),
        },
    )
