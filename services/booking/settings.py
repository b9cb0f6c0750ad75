"""Settings of the booking service, read from environment variables.

Required: ``SERVICE_AUTH_ISSUER`` (e.g. ``https://tenant.eu.auth0.com/``),
``SERVICE_AUTH_AUDIENCE``, ``SERVICE_AUTH_CLAIMS_NAMESPACE``. Optional:
``SERVICE_AUTH_JWKS_URL`` (default: the issuer's ``.well-known/jwks.json``),
``SERVICE_AUTH_ENTITLEMENTS_URL`` (without it, overage tokens get 503),
``BOOKING_DATABASE_PATH`` (default ``var/booking.sqlite3``), ``BOOKING_ALLOWED_HOSTS``.
"""

import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()

# Nothing here is signed (no sessions, no CSRF tokens), but Django insists on a key.
SECRET_KEY = secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = env.list("BOOKING_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = ["services.booking.apps.BookingConfig"]
# CommonMiddleware validates the Host header against ALLOWED_HOSTS; nothing else is needed.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
APPEND_SLASH = False
ROOT_URLCONF = "services.booking.urls"
WSGI_APPLICATION = "services.booking.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env.str("BOOKING_DATABASE_PATH", default=str(BASE_DIR / "var" / "booking.sqlite3")),
        # Concurrent requests queue for the write lock instead of failing.
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_ISSUER = env.str("SERVICE_AUTH_ISSUER")
SERVICE_AUTH = {
    "ISSUER": _ISSUER,
    "AUDIENCE": env.str("SERVICE_AUTH_AUDIENCE"),
    "JWKS_URL": env.str("SERVICE_AUTH_JWKS_URL", default=f"{_ISSUER}.well-known/jwks.json"),
    "CLAIMS_NAMESPACE": env.str("SERVICE_AUTH_CLAIMS_NAMESPACE"),
    "ENTITLEMENTS_URL": env.str("SERVICE_AUTH_ENTITLEMENTS_URL", default=None),
}

USE_TZ = True
TIME_ZONE = "UTC"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
