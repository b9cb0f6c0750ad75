"""Turning stored documents into API answers: internal keys hidden, ``fields`` applied."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from ..errors import json_response

Document = dict[str, Any]


def public(doc: Document) -> Document:
    """The document without its internal ``_`` keys."""
    return {key: value for key, value in doc.items() if not key.startswith("_")}


def requested_fields(request: Request) -> tuple[list[str], bool] | None:
    """``fields`` as a list and whether to include (default) or exclude them; None if absent."""
    fields = [name for name in request.args.get("fields", "").split(",") if name]
    if not fields:
        return None
    return fields, request.args.get("include_fields", "true") != "false"


def select_fields(doc: Document, selection: tuple[list[str], bool] | None) -> Document:
    if selection is None:
        return doc
    fields, include = selection
    return {key: value for key, value in doc.items() if (key in fields) == include}


def created(body: Any) -> Response:
    return json_response(body, 201)


def no_content() -> Response:
    return json_response(None, 204)
