"""Request bodies and query strings checked the way Auth0 checks them, in Auth0's words.

Auth0 validates payloads against JSON schemas (z-schema) and reports every failure as
``Payload validation error: '<reason>' on property <path> (<description>).``, joined by
`` (also) ``. ``check_schema`` supports the schema keywords the emulated endpoints use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request

from ..errors import ManagementError

Schema = dict[str, Any]

INVALID_JSON = "Invalid request payload JSON format"

_FORMATS = {
    "email": re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    "organization-name": re.compile(r"^[a-z0-9_-]*$"),
    "absolute-https-uri-or-empty": re.compile(r"^(https://\S+)?$"),
    "strict-uri": re.compile(r"^https?://\S+$"),
}


@dataclass(frozen=True)
class Violation:
    reason: str
    path: str
    description: str | None

    def render(self, kind: str) -> str:
        where = f" on property {self.path} ({self.description})" if self.path else ""
        return f"{kind} validation error: '{self.reason}'{where}."


def json_body(request: Request) -> Any:
    """The parsed body; an empty body reads as ``{}``."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        raise ManagementError(400, INVALID_JSON) from None


def invalid_payload(violations: list[Violation]) -> ManagementError:
    message = " (also) ".join(v.render("Payload") for v in violations)
    return ManagementError(400, message, "invalid_body")


def invalid_query(violations: list[Violation]) -> ManagementError:
    message = " (also) ".join(v.render("Query") for v in violations)
    return ManagementError(400, message, "invalid_query_string")


def missing(name: str) -> list[Violation]:
    """A required property that no schema can demand (it depends on the connection)."""
    return [Violation(f"Missing required property: {name}", "", None)]


def validated_body(request: Request, schema: Schema) -> dict[str, Any]:
    """The body, after Auth0's schema check (400 ``invalid_body`` listing every violation)."""
    body = json_body(request)
    violations = list(check_schema(body, schema))
    if violations:
        raise invalid_payload(violations)
    return body


def check_schema(value: Any, schema: Schema, path: str = "") -> Iterator[Violation]:
    """Every way ``value`` breaks ``schema``, with z-schema's reasons."""
    expected = schema.get("type")
    if expected and not _has_type(value, _as_list(expected)):
        reason = f"Expected type {','.join(_as_list(expected))} but found type {json_type(value)}"
        yield _violation(reason, schema, path)
        return
    for check in (_check_enum, _check_string, _check_number, _check_array, _check_object):
        yield from check(value, schema, path)


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _as_list(expected: str | list[str]) -> list[str]:
    return [expected] if isinstance(expected, str) else expected


def _has_type(value: Any, expected: list[str]) -> bool:
    actual = json_type(value)
    return actual in expected or (actual == "integer" and "number" in expected)


def _violation(reason: str, schema: Schema, path: str) -> Violation:
    return Violation(reason, path, schema.get("description"))


def _check_enum(value: Any, schema: Schema, path: str) -> Iterator[Violation]:
    if "enum" in schema and value not in schema["enum"]:
        yield _violation(f"No enum match for: {json.dumps(value)}", schema, path)


def _check_string(value: Any, schema: Schema, path: str) -> Iterator[Violation]:
    if not isinstance(value, str):
        return
    if len(value) < schema.get("minLength", 0):
        reason = f"String is too short ({len(value)} chars), minimum {schema['minLength']}"
        yield _violation(reason, schema, path)
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        reason = f"String is too long ({len(value)} chars), maximum {schema['maxLength']}"
        yield _violation(reason, schema, path)
    fmt = schema.get("format")
    if fmt and not _FORMATS[fmt].match(value):
        yield _violation(f"Object didn't pass validation for format {fmt}: {value}", schema, path)


def _check_number(value: Any, schema: Schema, path: str) -> Iterator[Violation]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return
    if "minimum" in schema and value < schema["minimum"]:
        yield _violation(f"Value {value} is less than minimum {schema['minimum']}", schema, path)
    if "maximum" in schema and value > schema["maximum"]:
        yield _violation(f"Value {value} is greater than maximum {schema['maximum']}", schema, path)


def _check_array(value: Any, schema: Schema, path: str) -> Iterator[Violation]:
    if not isinstance(value, list):
        return
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        reason = f"Array is too long ({len(value)}), maximum {schema['maxItems']}"
        yield _violation(reason, schema, path)
    if "minItems" in schema and len(value) < schema["minItems"]:
        reason = f"Array is too short ({len(value)}), minimum {schema['minItems']}"
        yield _violation(reason, schema, path)
    for index, item in enumerate(value):
        yield from check_schema(item, schema.get("items", {}), f"{path}[{index}]")


def _check_object(value: Any, schema: Schema, path: str) -> Iterator[Violation]:
    if not isinstance(value, dict):
        return
    for name in schema.get("required", ()):
        if name not in value:
            yield _violation(f"Missing required property: {name}", schema, path)
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        reason = f"Too many properties defined ({len(value)}), maximum {schema['maxProperties']}"
        yield _violation(reason, schema, path)
    known = schema.get("properties", {})
    extra_schema = schema.get("additionalProperties", True)
    unknown = [name for name in value if name not in known]
    if unknown and extra_schema is False:
        yield _violation(f"Additional properties not allowed: {','.join(unknown)}", schema, path)
    for name, item in value.items():
        item_schema = known.get(name, extra_schema if isinstance(extra_schema, dict) else {})
        yield from check_schema(item, item_schema, f"{path}.{name}" if path else name)


@dataclass(frozen=True)
class QueryParam:
    """One query-string parameter: its JSON type, bounds and Auth0's description."""

    name: str
    type: str
    description: str
    minimum: int | None = None
    maximum: int | None = None

    def schema(self) -> Schema:
        bounds = {"minimum": self.minimum, "maximum": self.maximum}
        limits = {k: v for k, v in bounds.items() if v is not None}
        return {"type": self.type, "description": self.description, **limits}


def query_values(request: Request, params: tuple[QueryParam, ...]) -> dict[str, Any]:
    """Typed values of the ``params`` present (400 ``invalid_query_string`` when one is bad)."""
    values = {
        p.name: _typed(request.args[p.name], p.type) for p in params if p.name in request.args
    }
    violations = [
        violation
        for param in params
        if param.name in values
        for violation in check_schema(values[param.name], param.schema(), param.name)
    ]
    if violations:
        raise invalid_query(violations)
    return values


def _typed(raw: str, expected: str) -> Any:
    """Query strings are text; convert the ones that read as the expected type."""
    if expected == "integer" and re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if expected == "boolean" and raw in ("true", "false"):
        return raw == "true"
    return raw
