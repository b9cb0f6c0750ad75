"""Token verification for the product's microservices.

    verifier = TokenVerifier(issuer=..., audience=..., jwks_url=..., claims_namespace=...)
    principal = verifier.verify(bearer_token(authorization_header))
    principal.require(permission="bookings:read", feature="bookings", org_id=url_org_id)

The core needs no Django; ``service_auth.django`` adds a view decorator. See
docs/service-auth.md.
"""

from .errors import (
    EntitlementsUnavailable,
    Forbidden,
    InvalidToken,
    JwksUnavailable,
    MissingToken,
    ServiceAuthError,
    UpstreamUnavailable,
)
from .principal import Principal
from .verifier import TokenVerifier, bearer_token

__all__ = [
    "EntitlementsUnavailable",
    "Forbidden",
    "InvalidToken",
    "JwksUnavailable",
    "MissingToken",
    "Principal",
    "ServiceAuthError",
    "TokenVerifier",
    "UpstreamUnavailable",
    "bearer_token",
]
