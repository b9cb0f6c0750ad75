"""Replaying recorded Auth0 Management API exchanges against the emulator.

Recorded ids (organizations, users, roles, cursors...) are unknown to the emulator, so the
replayer learns, from each pair of answers, which emulator id stands for which recorded one,
and rewrites later requests with it. Answers are compared by shape: status code, keys and JSON
types, recursively (a list by its first item).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

from auth0_emulator.management.payload import json_type

# Keys whose values name something a later request may refer to.
IDENTIFYING_KEYS = {"id", "user_id", "client_id", "ticket_id", "next"}


class IdTranslation:
    """Recorded id -> the emulator's id for the same thing."""

    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.ids = dict(known or {})

    def learn(self, recorded: Any, actual: Any) -> None:
        if isinstance(recorded, dict) and isinstance(actual, dict):
            for key in recorded.keys() & actual.keys():
                if key in IDENTIFYING_KEYS and isinstance(recorded[key], str):
                    self.ids.setdefault(recorded[key], actual[key])
                self.learn(recorded[key], actual[key])
        elif isinstance(recorded, list) and isinstance(actual, list):
            for recorded_item, actual_item in zip(recorded, actual, strict=False):
                self.learn(recorded_item, actual_item)

    def path(self, recorded_path: str) -> str:
        segments = recorded_path.split("/")
        return "/".join(quote(self.value(unquote(s)), safe="") for s in segments)

    def value(self, recorded: Any) -> Any:
        if isinstance(recorded, str):
            return self.ids.get(recorded, recorded)
        if isinstance(recorded, list):
            return [self.value(item) for item in recorded]
        if isinstance(recorded, dict):
            return {key: self.value(item) for key, item in recorded.items()}
        return recorded


def _kind(value: Any) -> str:
    kind = json_type(value)
    return "number" if kind == "integer" else kind


def shape_differences(recorded: Any, actual: Any, where: str = "$") -> list[str]:
    """Where ``actual`` differs from ``recorded`` in keys or JSON types."""
    if _kind(recorded) != _kind(actual):
        return [f"{where}: recorded {_kind(recorded)}, emulator {_kind(actual)}"]
    if isinstance(recorded, dict):
        missing = [f"{where}.{key}: missing" for key in recorded.keys() - actual.keys()]
        extra = [f"{where}.{key}: not recorded" for key in actual.keys() - recorded.keys()]
        nested = [
            difference
            for key in recorded.keys() & actual.keys()
            for difference in shape_differences(recorded[key], actual[key], f"{where}.{key}")
        ]
        return sorted(missing + extra + nested)
    if isinstance(recorded, list) and recorded and actual:
        return shape_differences(recorded[0], actual[0], f"{where}[0]")
    return []
