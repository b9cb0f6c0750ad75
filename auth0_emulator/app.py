"""The emulator's WSGI application: one emulated Auth0 tenant behind one base URL."""

from __future__ import annotations

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map
from werkzeug.wrappers import Request, Response

from . import management, oidc, pages
from .config import EmulatorConfig
from .faults import FaultInjector
from .keys import KeyRing
from .ratelimit import TokenBucket
from .routing import Router
from .store import Store
from .tenant import ensure_tenant

# Each area's routes, registered on its router when the area was imported.
ROUTERS: tuple[Router, ...] = (oidc.router, management.router, pages.router)


class Emulator:
    """State, keys and routes of one emulated tenant; a WSGI callable."""

    def __init__(self, config: EmulatorConfig, base_url: str) -> None:
        self.config = config
        self.base_url = base_url.rstrip("/")
        self.issuer = self.base_url + "/"
        self.store = Store(config.state_path)
        self.keys = KeyRing(self.store)
        # The Management API's rate limit (None: off) and injected faults, which every call
        # passes first.
        self.management_bucket = TokenBucket.from_config(config)
        self.management_faults = FaultInjector.from_config(config)
        self._handlers = {}
        rules = []
        for router in ROUTERS:
            rules.extend(router.rules())
            self._handlers.update(router.handlers)
        self.url_map = Map(rules, strict_slashes=False)
        ensure_tenant(self)

    def url(self, path: str) -> str:
        return self.base_url + "/" + path.lstrip("/")

    def dispatch(self, request: Request) -> Response:
        adapter = self.url_map.bind_to_environ(request.environ)
        try:
            endpoint, values = adapter.match()
        except (NotFound, MethodNotAllowed):
            # Auth0's API server (hapi) answers a method a path lacks as it answers a path it
            # lacks: with its JSON 404, not a 405.
            if management.is_management_path(request.path):
                return management.not_found(self)
            raise
        return self._handlers[endpoint](self, request, **values)

    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except HTTPException as exc:
            response = exc.get_response(environ)
        return response(environ, start_response)

    def close(self) -> None:
        self.store.close()
