"""Auth0's metadata merge, shared by the Management API and the Post-Login Actions."""

from __future__ import annotations

from typing import Any


def merge_metadata(current: dict[str, Any] | None, changes: dict[str, Any]) -> dict[str, Any]:
    """Auth0's metadata PATCH: keys merge at the root, a nested object is replaced whole and a
    key set to null is deleted."""
    merged = {**(current or {}), **changes}
    return {key: value for key, value in merged.items() if value is not None}
