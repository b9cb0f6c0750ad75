"""Emulator-only pages (not part of Auth0): the invitation email outbox."""

from .routing import Router

router = Router()
