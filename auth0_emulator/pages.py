"""Emulator-only pages (not part of Auth0): the invitation email outbox.

Auth0 emails an invitation link to the invitee; the emulator keeps those emails instead, so a
person (or a browser test) can open the link. ``/emulator/outbox`` lists them newest first and
``/emulator/outbox.json`` returns the same list as JSON.
"""

from __future__ import annotations

from jinja2 import Environment
from werkzeug.wrappers import Response

from .errors import json_response
from .routing import Router

router = Router()

_TEMPLATE = Environment(autoescape=True).from_string(
    """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Outbox · Auth0 emulator</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 52rem; color: #222; }
  .notice { background: #fff8e1; border: 1px solid #f0d98c; padding: .6rem 1rem; }
  ol { list-style: none; padding: 0; }
  li { border-bottom: 1px solid #ddd; padding: .8rem 0; }
  .meta { color: #666; font-size: 13px; }
  pre { white-space: pre-wrap; font: inherit; margin: .4rem 0; }
</style>
</head>
<body>
<h1>Outbox</h1>
<p class="notice">This page belongs to the local Auth0 emulator and is not part of Auth0.
Auth0 would send these invitation emails; the emulator keeps them here instead.</p>
{% if emails %}
<ol>
{% for email in emails %}
  <li>
    <div class="meta">{{ email.created_at }} · to {{ email.to }}</div>
    <strong>{{ email.subject }}</strong>
    <pre>{{ email.body }}</pre>
    <a href="{{ email.invitation_url }}">Accept the invitation</a>
  </li>
{% endfor %}
</ol>
{% else %}
<p>No emails yet. Creating an organization invitation sends one.</p>
{% endif %}
</body>
</html>
"""
)


def _newest_first(emulator) -> list[dict]:
    return list(reversed(emulator.store.all("outbox")))


@router.route("/emulator/outbox")
def outbox(emulator, request):
    html = _TEMPLATE.render(emails=_newest_first(emulator))
    return Response(html, mimetype="text/html")


@router.route("/emulator/outbox.json")
def outbox_json(emulator, request):
    return json_response(_newest_first(emulator))
