"""Plans, features, the plan each tenant is on, and per-tenant feature overrides.

Rows change only through ``billing_plans.services``, which bump the tenant's entitlements
version with every change: services cache entitlements by that version.
"""

import json
from importlib import resources

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from tenants.models import Tenant

CODE_MAX_LENGTH = 32


def _contract_pattern(schema: dict) -> str:
    # "$" also matches before a trailing newline in Python; "\Z" only at the very end.
    return schema["pattern"].removesuffix("$") + r"\Z"


# Codes travel in tokens, so they follow the token contract's patterns.
_CONTRACT = json.loads(
    resources.files("service_auth").joinpath("contract.schema.json").read_text("utf-8")
)["properties"]
plan_code_validator = RegexValidator(
    _contract_pattern(_CONTRACT["plan"]),
    "Use up to 32 lowercase letters, digits, hyphens or underscores, starting with a letter"
    " or digit.",
)
feature_code_validator = RegexValidator(
    _contract_pattern(_CONTRACT["features"]["items"]),
    "Use up to 32 lowercase letters, digits, dots, hyphens or underscores, starting with a"
    " letter or digit.",
)


class Feature(models.Model):
    """Something a tenant may use, such as a microservice; its code goes into tokens."""

    code = models.CharField(
        max_length=CODE_MAX_LENGTH, unique=True, validators=[feature_code_validator]
    )
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """A subscription plan: a named set of features."""

    code = models.CharField(
        max_length=CODE_MAX_LENGTH, unique=True, validators=[plan_code_validator]
    )
    name = models.CharField(max_length=100)
    features = models.ManyToManyField(Feature, related_name="plans", blank=True)
    # Lower rank = smaller plan; lists show plans from the smallest up.
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """The plan a tenant is on, and the version of its entitlements."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="subscription")
    # Empty until a plan is chosen; overrides may exist before that.
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="subscriptions", null=True, blank=True
    )
    # Grows with every change of plan or overrides; tokens carry it as ent_v.
    entitlements_version = models.PositiveIntegerField(default=0)
    switched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.tenant} on {self.plan or 'no plan'}"


class FeatureOverride(models.Model):
    """A feature granted to or revoked from one tenant, whatever its plan says."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="feature_overrides")
    feature = models.ForeignKey(Feature, on_delete=models.PROTECT, related_name="overrides")
    granted = models.BooleanField(help_text="Granted adds the feature; revoked removes it.")
    note = models.CharField(max_length=255, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tenant", "feature"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "feature"], name="unique_feature_override"),
        ]

    def __str__(self) -> str:
        return f"{self.feature} {'granted to' if self.granted else 'revoked from'} {self.tenant}"
