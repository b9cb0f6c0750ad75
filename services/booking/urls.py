from django.urls import path

from . import views

# Every route is about one tenant: require_access checks <org_id> against the token's org_id.
urlpatterns = [
    path("t/<str:org_id>/bookings", views.bookings_route, name="bookings"),
    path(
        "t/<str:org_id>/bookings/<uuid:booking_id>/cancel",
        views.booking_cancel_route,
        name="booking_cancel",
    ),
]

handler400 = "services.booking.views.bad_request"
handler404 = "services.booking.views.not_found"
handler500 = "services.booking.views.server_error"
