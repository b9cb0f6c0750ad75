"""Authentication API: discovery, JWKS, /authorize and its login pages, /oauth/token,
/userinfo and logout."""

from ..routing import Router

router = Router()

# Each module registers its routes on import.
from . import (  # noqa: E402,F401
    authorize,
    discovery,
    logout,
    screens,
    token_endpoint,
    userinfo,
)
