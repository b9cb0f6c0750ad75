from django.urls import path

from billing_plans import views

app_name = "billing_plans"
urlpatterns = [
    path("", views.support_home, name="support_home"),
]
