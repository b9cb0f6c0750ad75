"""Auth0's two error shapes: Management API errors and OAuth 2.0 errors."""

from __future__ import annotations

import json
from http import HTTPStatus

from werkzeug.wrappers import Response


class ManagementError(Exception):
    """Raised inside a Management API handler; rendered as Auth0's error body.

    ``attributes`` is the body's optional ``attributes`` object (Auth0 repeats the reason for a
    refused token there); ``headers`` are sent with the answer.
    """

    def __init__(
        self,
        status: int,
        message: str,
        error_code: str | None = None,
        *,
        attributes: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_code = error_code
        self.attributes = attributes
        self.headers = headers or {}

    def response(self, headers: dict[str, str] | None = None) -> Response:
        body = {
            "statusCode": self.status,
            "error": HTTPStatus(self.status).phrase,
            "message": self.message,
        }
        if self.error_code:
            body["errorCode"] = self.error_code
        if self.attributes:
            body["attributes"] = self.attributes
        return json_response(body, self.status, {**(headers or {}), **self.headers})


class OAuthError(Exception):
    """Raised inside /oauth/token and friends; rendered as RFC 6749 error JSON."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status

    def response(self) -> Response:
        body = {"error": self.error, "error_description": self.description}
        response = json_response(body, self.status)
        response.headers["Cache-Control"] = "no-store"
        return response


def json_response(body, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    if body is None:
        return Response(status=status, headers=headers)
    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")
