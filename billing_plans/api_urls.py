from django.urls import path

from billing_plans import views

app_name = "entitlements"
urlpatterns = [
    # No trailing slash: service_auth requests <ENTITLEMENTS_URL>/<org_id>.
    path("<str:org_id>", views.entitlements_detail, name="detail"),
]
