from django.contrib import admin
from django.urls import include, path

from portal import views

# social-auth reverses "social:complete" to build the callback URL registered in Auth0.
social_patterns = ([path("complete/<str:backend>/", views.complete, name="complete")], "social")

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("choose-tenant/", views.choose_tenant, name="choose_tenant"),
    path("healthz", views.healthz, name="healthz"),
    path("", include(social_patterns)),
    path("t/", include("tenants.urls")),
    path("support/", include("billing_plans.urls")),
    path("api/entitlements/", include("billing_plans.api_urls")),
    path("admin/", admin.site.urls),
]
