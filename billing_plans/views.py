"""Support staff pages."""

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render

from billing_plans.selectors import tenant_list_with_plans


@staff_member_required(login_url="login")
def support_home(request):
    return render(request, "billing_plans/support_home.html", {"tenants": tenant_list_with_plans()})
