import uuid

from django.db import models
from django.db.models import F, Q


class Booking(models.Model):
    """A reservation of a resource, owned by one tenant (an Auth0 organization)."""

    # A UUID in URLs: ids of other tenants' bookings cannot be guessed or counted.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org_id = models.CharField(max_length=64, db_index=True)
    resource = models.CharField(max_length=100)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    booked_by = models.CharField(max_length=255, help_text="subject of the token that booked")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="booking_ends_after_it_starts",
                violation_error_message="ends_at must be later than starts_at.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} from {self.starts_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def status(self) -> str:
        return "cancelled" if self.cancelled_at else "active"
