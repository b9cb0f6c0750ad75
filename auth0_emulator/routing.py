"""A small route table: each emulator area owns a ``Router`` and the app merges them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Response

Handler = Callable[..., Response]


class Router:
    def __init__(self) -> None:
        self._new_rules: list[Callable[[], Rule]] = []
        self.handlers: dict[str, Handler] = {}

    def route(
        self, path: str, methods: list[str] | None = None, **rule_options: Any
    ) -> Callable[[Handler], Handler]:
        """Register ``handler(emulator, request, **url_values) -> Response``.

        ``rule_options`` are werkzeug ``Rule`` options, such as ``merge_slashes=False``.
        """

        def decorator(handler: Handler) -> Handler:
            endpoint = f"{handler.__module__}.{handler.__qualname__}"
            new_rule = functools.partial(
                Rule, path, endpoint=endpoint, methods=methods or ["GET"], **rule_options
            )
            self._new_rules.append(new_rule)
            self.handlers[endpoint] = handler
            return handler

        return decorator

    def rules(self) -> list[Rule]:
        """Rules for one ``Map``: a werkzeug rule belongs to the map it is added to, and copying
        one (``Rule.empty``) would lose options such as ``merge_slashes``."""
        return [new_rule() for new_rule in self._new_rules]
