"""What a browser gets from the sign-in endpoints: HTML pages, or a reply to the client.

Refusals have two shapes, as at Auth0. When the client or its redirect_uri cannot be trusted
the person sees an error page (``ErrorPage``); once they can, the client gets ``error`` and
``error_description`` at its redirect_uri (``ClientRefusal``). ``browser_route`` turns both
exceptions into responses, so handlers just raise.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from . import router

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent.parent / "templates"),
    autoescape=True,
)


@dataclass(frozen=True)
class ReplyTo:
    """Where and how the client wants the outcome of /authorize."""

    redirect_uri: str
    state: str | None
    response_mode: str


class ErrorPage(Exception):
    """A refusal that must not be sent to the client: shown to the person instead."""

    def __init__(self, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.status = status


class ClientRefusal(Exception):
    """A refusal sent back to the client's redirect_uri."""

    def __init__(self, reply_to: ReplyTo, error: str, description: str) -> None:
        super().__init__(description)
        self.reply_to = reply_to
        self.error = error
        self.description = description


def render_page(emulator, template: str, *, status: int = 200, **context) -> Response:
    tenant = emulator.store.get("tenant_settings", "tenant") or {}
    html = _templates.get_template(template).render(
        tenant_name=tenant.get("friendly_name") or "Auth0", **context
    )
    response = Response(html, status=status, mimetype="text/html")
    # Sign-in pages hold credentials: never cached, never framed by another site.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    return response


def reply_to_client(emulator, reply_to: ReplyTo, params: dict[str, str]) -> Response:
    """Send ``params`` (plus the client's state) to the redirect_uri in its response_mode."""
    if reply_to.state is not None:
        params = {**params, "state": reply_to.state}
    if reply_to.response_mode == "form_post":
        return render_page(emulator, "form_post.html", action=reply_to.redirect_uri, fields=params)
    if reply_to.response_mode == "fragment":
        return redirect(f"{reply_to.redirect_uri}#{urlencode(params)}", 302)
    return redirect(with_query(reply_to.redirect_uri, params), 302)


def with_query(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` added to any query it already has."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode(params)}"


def browser_route(path: str, methods: list[str] | None = None):
    """Register a sign-in endpoint whose ``ErrorPage``/``ClientRefusal`` become responses."""

    def decorator(handler):
        @functools.wraps(handler)
        def guarded(emulator, request, **values):
            try:
                return handler(emulator, request, **values)
            except ErrorPage as refusal:
                return render_page(
                    emulator, "error.html", status=refusal.status, description=refusal.description
                )
            except ClientRefusal as refusal:
                params = {"error": refusal.error, "error_description": refusal.description}
                return reply_to_client(emulator, refusal.reply_to, params)

        router.route(path, methods)(guarded)
        return handler

    return decorator
