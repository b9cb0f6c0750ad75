"""A small route table: each emulator area owns a ``Router`` and the app merges them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

if TYPE_CHECKING:
    from .app import Emulator

Handler = Callable[..., Response]


class Router:
    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.handlers: dict[str, Handler] = {}

    def route(self, path: str, methods: list[str] | None = None) -> Callable[[Handler], Handler]:
        """Register ``handler(emulator, request, **url_values) -> Response``."""

        def decorator(handler: Handler) -> Handler:
            endpoint = f"{handler.__module__}.{handler.__qualname__}"
            self.rules.append(Rule(path, endpoint=endpoint, methods=methods or ["GET"]))
            self.handlers[endpoint] = handler
            return handler

        return decorator


def call(handler: Handler, emulator: Emulator, request: Request, values: dict) -> Response:
    return handler(emulator, request, **values)
