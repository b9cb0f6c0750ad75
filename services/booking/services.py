from datetime import datetime

from django.utils import timezone

from .models import Booking


def booking_create(
    *, org_id: str, booked_by: str, resource: str, starts_at: datetime, ends_at: datetime
) -> Booking:
    booking = Booking(
        org_id=org_id,
        booked_by=booked_by,
        resource=resource,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    booking.full_clean()
    booking.save()
    return booking


def booking_cancel(*, booking: Booking) -> Booking:
    """Cancel a booking; cancelling it again changes nothing, so clients may retry."""
    if booking.cancelled_at is None:
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["cancelled_at"])
    return booking
