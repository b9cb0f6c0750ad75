"""Authentication API: discovery, JWKS, /authorize, /oauth/token, /userinfo, /v2/logout."""

from ..routing import Router

router = Router()

from . import discovery  # noqa: E402,F401  (registers routes)
