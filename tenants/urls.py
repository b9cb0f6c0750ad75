from django.urls import path

from tenants import views

app_name = "tenants"
urlpatterns = [
    path("<uuid:code>/", views.dashboard, name="dashboard"),
]
