"""Plans, features, subscriptions and overrides for staff to inspect.

Read-only on purpose: changes must go through ``billing_plans.services``, which bump the
tenants' entitlements versions; an edit here would leave services caching stale features.
"""

from django.contrib import admin

from .models import Feature, FeatureOverride, Plan, Subscription


class InspectOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feature)
class FeatureAdmin(InspectOnlyAdmin):
    list_display = ["code", "name", "description"]
    search_fields = ["code", "name"]


@admin.register(Plan)
class PlanAdmin(InspectOnlyAdmin):
    list_display = ["code", "name", "rank", "feature_codes"]

    @admin.display(description="Features")
    def feature_codes(self, plan):
        return ", ".join(feature.code for feature in plan.features.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("features")


@admin.register(Subscription)
class SubscriptionAdmin(InspectOnlyAdmin):
    list_display = ["tenant", "plan", "entitlements_version", "switched_by", "updated_at"]
    list_select_related = ["tenant", "plan", "switched_by"]
    list_filter = ["plan"]
    search_fields = ["tenant__name", "tenant__display_name", "tenant__auth0_org_id"]


@admin.register(FeatureOverride)
class FeatureOverrideAdmin(InspectOnlyAdmin):
    list_display = ["tenant", "feature", "granted", "note", "set_by", "updated_at"]
    list_select_related = ["tenant", "feature", "set_by"]
    list_filter = ["granted", "feature"]
    search_fields = ["tenant__name", "tenant__display_name", "feature__code"]
