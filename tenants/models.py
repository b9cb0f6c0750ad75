"""Tenants (= Auth0 Organizations), their members, and the role catalogue."""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

# Auth0's rule for an organization's `name`: lowercase letters, digits, '-' and '_', 1–50.
organization_name_validator = RegexValidator(
    r"^[a-z0-9_-]{1,50}\Z",
    "Use 1–50 lowercase letters, digits, hyphens or underscores.",
)


class Role(models.Model):
    """A role of the catalogue; mirrored to an Auth0 role by ``auth0_bootstrap``."""

    name = models.SlugField(max_length=50, unique=True)
    display_name = models.CharField(max_length=100)
    description = models.CharField(max_length=255, blank=True)
    permissions = models.JSONField(default=list)
    # Higher rank = more authority; used to order roles and to protect the last owner.
    rank = models.PositiveSmallIntegerField(default=0)
    auth0_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-rank", "name"]

    def __str__(self) -> str:
        return self.display_name


class Tenant(models.Model):
    """A business customer; one Auth0 Organization."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        max_length=50,
        unique=True,
        validators=[organization_name_validator],
        help_text="The Auth0 organization name, used in login links.",
    )
    display_name = models.CharField(max_length=255)
    auth0_org_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


class Membership(models.Model):
    """A person's membership of a tenant, with the roles a tenant admin assigned."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    roles = models.ManyToManyField(Role, related_name="memberships", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.tenant}"
