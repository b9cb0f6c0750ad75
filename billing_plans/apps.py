from django.apps import AppConfig


class BillingPlansConfig(AppConfig):
    name = "billing_plans"
    verbose_name = "Plans and features"
