import uuid

from django.db.models import QuerySet

from .models import Booking


def booking_list(*, org_id: str) -> QuerySet[Booking]:
    return Booking.objects.filter(org_id=org_id)


def booking_get(*, org_id: str, booking_id: uuid.UUID) -> Booking | None:
    """The tenant's booking with this id; another tenant's booking is as absent as none."""
    return Booking.objects.filter(org_id=org_id, id=booking_id).first()
