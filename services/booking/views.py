"""HTTP API of the booking service. Data is always filtered by the token's ``org_id``."""

import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, BadRequest, ValidationError
from django.http import Http404, HttpRequest, JsonResponse

from service_auth import Principal
from service_auth.django import View, json_error, require_access

from .models import Booking
from .selectors import booking_get, booking_list
from .services import booking_cancel, booking_create


class BookingInput(forms.Form):
    resource = forms.CharField(max_length=100)
    starts_at = forms.DateTimeField()
    ends_at = forms.DateTimeField()


@require_access(permission="bookings:read", feature="bookings")
def booking_list_view(request: HttpRequest, org_id: str) -> JsonResponse:
    bookings = booking_list(org_id=request.principal.org_id)
    return JsonResponse({"bookings": [_booking_data(booking) for booking in bookings]})


@require_access(permission="bookings:write", feature="bookings")
def booking_create_view(request: HttpRequest, org_id: str) -> JsonResponse:
    form = BookingInput(_json_object(request))
    if not form.is_valid():
        return _invalid_request(form.errors)
    try:
        booking = booking_create(
            org_id=request.principal.org_id,
            booked_by=request.principal.subject,
            **form.cleaned_data,
        )
    except ValidationError as error:
        return _invalid_request(error.message_dict)
    return JsonResponse(_booking_data(booking), status=201)


@require_access(permission="bookings:write", feature="bookings")
def booking_cancel_view(request: HttpRequest, org_id: str, booking_id: uuid.UUID) -> JsonResponse:
    booking = _get_booking_for_tenant(request.principal, booking_id)
    return JsonResponse(_booking_data(booking_cancel(booking=booking)))


def _by_method(**views: View) -> View:
    """One URL, one view per HTTP method; any other method gets a JSON 405."""
    allowed = ", ".join(views)

    def dispatch(request: HttpRequest, **kwargs: Any) -> JsonResponse:
        view = views.get(request.method)
        if view is None:
            return json_error(
                405, "method_not_allowed", f"this URL accepts {allowed}", headers={"Allow": allowed}
            )
        return view(request, **kwargs)

    return dispatch


bookings_route = _by_method(GET=booking_list_view, POST=booking_create_view)
booking_cancel_route = _by_method(POST=booking_cancel_view)


def _get_booking_for_tenant(principal: Principal, booking_id: uuid.UUID) -> Booking:
    booking = booking_get(org_id=principal.org_id, booking_id=booking_id)
    if booking is None:
        raise Http404("no such booking in this organization")
    return booking


def _json_object(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise BadRequest("the request body must be a JSON object")
    return body


def _invalid_request(errors: Mapping[str, Iterable[str]]) -> JsonResponse:
    """400 naming each invalid field; errors about several fields name them in the message."""
    problems = "; ".join(
        " ".join(messages) if field == NON_FIELD_ERRORS else f"{field}: {' '.join(messages)}"
        for field, messages in errors.items()
    )
    return json_error(400, "invalid_request", problems)


def _booking_data(booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.id,
        "resource": booking.resource,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "status": booking.status,
        "booked_by": booking.booked_by,
        "created_at": booking.created_at,
    }


def bad_request(request: HttpRequest, exception: Exception) -> JsonResponse:
    return json_error(400, "invalid_request", str(exception) or "bad request")


def not_found(request: HttpRequest, exception: Exception) -> JsonResponse:
    return json_error(404, "not_found", "no such resource in this organization")


def server_error(request: HttpRequest) -> JsonResponse:
    return json_error(500, "server_error", "the booking service failed; see its log")
