"""Auth0's two ways to page a list: by offset and by checkpoint.

Offset: ``page`` (from 0), ``per_page`` (at most 100) and ``include_totals``; only the first
1000 records are reachable, beyond that Auth0 asks for checkpoint pagination. Checkpoint:
``take`` (at most 100) and ``from``, an opaque cursor that Auth0 returns as ``next``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request

from ..errors import ManagementError
from .payload import QueryParam, query_values

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
MAX_OFFSET_RECORDS = 1000

OFFSET_PARAMS = (
    QueryParam("page", "integer", "Page index of the results to return. First page is 0.", 0),
    QueryParam("per_page", "integer", "Number of results per page. Defaults to 50.", 0, 100),
    QueryParam(
        "include_totals",
        "boolean",
        "Return results inside an object that contains the total result count (true) or as a "
        "direct array of results (false, default).",
    ),
)
CHECKPOINT_PARAMS = (
    QueryParam("from", "string", "Optional Id from which to start selection."),
    QueryParam("take", "integer", "Number of results per page. Defaults to 50.", 1, 100),
)

SortKey = Callable[[dict[str, Any]], tuple[str, str]]


@dataclass(frozen=True)
class OffsetPage:
    items: list[Any]
    start: int
    per_page: int
    total: int
    include_totals: bool

    def body(self, key: str) -> Any:
        """Auth0's usual answer: the bare list, or ``{key, start, limit, total}``."""
        if not self.include_totals:
            return self.items
        return {key: self.items, "start": self.start, "limit": self.per_page, "total": self.total}


@dataclass(frozen=True)
class CheckpointPage:
    items: list[Any]
    next: str | None
    has_more: bool

    def body(self, key: str, *, until_empty: bool = False) -> dict[str, Any]:
        """Auth0's answer ``{key, next?}``. Most lists name ``next`` while more items remain;
        organization members name it after every non-empty page and end with an empty one."""
        body: dict[str, Any] = {key: self.items}
        if self.items if until_empty else self.has_more:
            body["next"] = self.next
        return body


def wants_checkpoint(request: Request) -> bool:
    return "from" in request.args or "take" in request.args


def offset_page(request: Request, items: list[Any]) -> OffsetPage:
    values = query_values(request, OFFSET_PARAMS)
    page = values.get("page", 0)
    per_page = values.get("per_page", DEFAULT_PAGE_SIZE)
    if (page + 1) * per_page > MAX_OFFSET_RECORDS:
        raise ManagementError(
            400,
            f"Requesting page {page} exceeds the allowed maximum of {MAX_OFFSET_RECORDS} records."
            " To fetch results beyond 1000, use the checkpoint pagination method.",
            "invalid_paging",
        )
    start = page * per_page
    window = items[start : start + per_page]
    return OffsetPage(window, start, per_page, len(items), values.get("include_totals", False))


def checkpoint_page(request: Request, items: list[Any], sort_key: SortKey) -> CheckpointPage:
    """The ``take`` items that follow the ``from`` cursor in ``sort_key`` order."""
    values = query_values(request, CHECKPOINT_PARAMS)
    after = _decode_cursor(values["from"]) if values.get("from") else None
    ordered = sorted(items, key=sort_key)
    remaining = [item for item in ordered if after is None or sort_key(item) > after]
    page = remaining[: values.get("take", DEFAULT_PAGE_SIZE)]
    cursor = _encode_cursor(sort_key(page[-1])) if page else None
    return CheckpointPage(page, cursor, len(remaining) > len(page))


def _encode_cursor(position: tuple[str, str]) -> str:
    # Auth0's cursors are base64 of "<created_at>,<id>" without padding; ours look the same.
    return base64.urlsafe_b64encode(",".join(position).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        created_at, _, doc_id = (
            base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition(",")
        )
    except (binascii.Error, UnicodeDecodeError):
        raise ManagementError(400, "Invalid pagination cursor") from None
    return created_at, doc_id
