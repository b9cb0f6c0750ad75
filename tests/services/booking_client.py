"""The booking service's HTTP API as its clients call it; shared by its tests and the e2e ones."""

from __future__ import annotations

from typing import Any

import requests

from tests.services.booking_process import BookingService

TIMEOUT_SECONDS = 10
BOOKING = {
    "resource": "meeting-room-1",
    "starts_at": "2030-01-07T09:00:00Z",
    "ends_at": "2030-01-07T10:00:00Z",
}


def bookings_path(org_id: str) -> str:
    return f"/t/{org_id}/bookings"


def call(
    service: BookingService, method: str, path: str, *, token: str | None, json: Any = None
) -> requests.Response:
    """One request with ``Authorization: Bearer <token>``, or no such header for ``None``."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(
        method, service.url + path, json=json, headers=headers, timeout=TIMEOUT_SECONDS
    )
