from portal.tenancy import active_tenant_code, sign_in_url
from tenants.selectors import membership_list_for_user


def current_tenant(request):
    """The signed-in tenant and the others the user can switch to, for the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    code = active_tenant_code(request)
    active, others = None, []
    for membership in membership_list_for_user(user=user):
        if str(membership.tenant.code) == code:
            active = membership.tenant
        else:
            others.append((membership.tenant, sign_in_url(membership.tenant)))
    return {"active_tenant": active, "switch_choices": others}
