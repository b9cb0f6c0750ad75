"""Tenant and membership writes: validated, and the same for sign-in and the demo seed."""

import pytest
from django.core.exceptions import ValidationError

from tenants.models import Tenant
from tenants.services import membership_record, tenant_create
from tests import factories


def test_tenant_create_validates_the_organization_name(db):
    with pytest.raises(ValidationError) as refused:
        tenant_create(name="Acme Corp", display_name="Acme Corporation")
    assert "name" in refused.value.message_dict
    assert not Tenant.objects.exists()


def test_tenant_create_saves_a_valid_tenant(db):
    tenant = tenant_create(name="acme", display_name="Acme Corporation")
    assert Tenant.objects.get(name="acme").display_name == "Acme Corporation"
    assert tenant.auth0_org_id is None  # the organization comes with the first push


def role_names(membership) -> list[str]:
    return sorted(role.name for role in membership.roles.all())


def test_a_new_membership_gets_the_default_role(acme):
    membership = membership_record(tenant=acme, user=factories.user())
    assert role_names(membership) == ["member"]


def test_a_new_membership_gets_the_roles_asked_for(acme):
    membership = membership_record(tenant=acme, user=factories.user(), role_names=["owner"])
    assert role_names(membership) == ["owner"]


def test_a_known_membership_keeps_its_roles(acme, owner):
    membership = membership_record(tenant=acme, user=owner, role_names=["member"])
    assert role_names(membership) == ["owner"]
    assert acme.memberships.count() == 1


def test_an_unknown_role_is_an_error_not_a_membership_without_it(acme):
    with pytest.raises(ValueError, match="no such role in the catalogue: chief"):
        membership_record(tenant=acme, user=factories.user(), role_names=["chief"])
    assert not acme.memberships.exists()
