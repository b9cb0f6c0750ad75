"""Portal settings, read from the environment (and ``.env`` if present).

With no configuration the portal runs on its embedded defaults: SQLite, a Celery broker on
the file system, and the local Auth0 emulator. ``DATABASE_URL``, ``REDIS_URL`` and the
``AUTH0_*`` variables switch each part to its production counterpart.
"""

import os
from pathlib import Path

import environ

from portal.env import (
    auth0_base_url,
    claims_namespace,
    positive_int,
    required_str,
    site_url,
    strict_bool,
    time_limits,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # the embedded defaults' files: SQLite, broker folders, cache
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
# Real environment variables win over the file; the file is for local development.
# DJANGO_ENV_FILE names another file, or none at all when empty (the test suite does that).
ENV_FILE = os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE:
    environ.Env.read_env(ENV_FILE)

DEBUG = strict_bool(env, "DJANGO_DEBUG", default=False)


def _required(name: str, local_default: str) -> str:
    """Production must set it (empty counts as unset); DEBUG falls back to a local-only value."""
    if DEBUG:
        return env.str(name, default="") or local_default
    return required_str(env, name)


SECRET_KEY = _required("DJANGO_SECRET_KEY", "local-development-only-not-secret")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
PORTAL_BASE_URL = site_url(
    env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000"), "PORTAL_BASE_URL"
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[PORTAL_BASE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "social_django",
    "portal",
    "tenants",
    "billing_plans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
AUTH_USER_MODEL = "portal.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.current_tenant",
            ],
        },
    },
]

# --- Database: SQLite by default, PostgreSQL (or anything dj-database-url knows) by URL ---
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the Celery worker write concurrently: WAL plus IMMEDIATE
    # transactions make them queue for the write lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory: the end-to-end tests' live server answers from other threads.
    # One per test process, so two test runs in one checkout never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-portal-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis (broker and cache) when configured; server-less defaults otherwise ---
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_DIR = VAR_DIR / "celery-broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # A host, though the transport ignores it: without one kombu warns it falls back to one.
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves the message for the next one
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT = time_limits(
    soft=positive_int(env, "CELERY_TASK_SOFT_TIME_LIMIT", default=300),
    hard=positive_int(env, "CELERY_TASK_TIME_LIMIT", default=360),
)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Auth0 ---
# Production names its tenant: only DEBUG falls back to the local emulator.
AUTH0_DOMAIN = _required("AUTH0_DOMAIN", "127.0.0.1:8001")
AUTH0_BASE_URL = auth0_base_url(AUTH0_DOMAIN)
# Only when AUTH0_DOMAIN is a custom domain: the tenant's own <tenant>.<region>.auth0.com,
# because the Management API's audience is https://<that domain>/api/v2/ whatever the login
# domain is. Empty means AUTH0_DOMAIN serves both.
AUTH0_MANAGEMENT_DOMAIN = env.str("AUTH0_MANAGEMENT_DOMAIN", default="")
AUTH0_MANAGEMENT_BASE_URL = (
    auth0_base_url(AUTH0_MANAGEMENT_DOMAIN, "AUTH0_MANAGEMENT_DOMAIN")
    if AUTH0_MANAGEMENT_DOMAIN
    else ""
)
AUTH0_CLIENT_ID = _required("AUTH0_CLIENT_ID", "tenant-portal-local")
AUTH0_CLIENT_SECRET = _required("AUTH0_CLIENT_SECRET", "tenant-portal-local-secret")
AUTH0_MANAGEMENT_CLIENT_ID = _required("AUTH0_MANAGEMENT_CLIENT_ID", "tenant-portal-m2m-local")
AUTH0_MANAGEMENT_CLIENT_SECRET = _required(
    "AUTH0_MANAGEMENT_CLIENT_SECRET", "tenant-portal-m2m-local-secret"
)
AUTH0_API_AUDIENCE = env.str("AUTH0_API_AUDIENCE", default="https://api.tenant-portal.test/")
AUTH0_CLAIMS_NAMESPACE = claims_namespace(
    env.str("AUTH0_CLAIMS_NAMESPACE", default="https://tenant-portal.test/")
)
AUTH0_HTTP_TIMEOUT = env.float("AUTH0_HTTP_TIMEOUT", default=10.0)
# The database connection members sign in with; enabled on every tenant's organization.
AUTH0_DATABASE_CONNECTION = env.str(
    "AUTH0_DATABASE_CONNECTION", default="Username-Password-Authentication"
)

# --- Sign-in (social-auth with our Auth0 Organizations backend) ---
AUTHENTICATION_BACKENDS = ["portal.auth0_backend.Auth0Organizations"]
SOCIAL_AUTH_AUTH0_KEY = AUTH0_CLIENT_ID
SOCIAL_AUTH_AUTH0_SECRET = AUTH0_CLIENT_SECRET
SOCIAL_AUTH_URL_NAMESPACE = "social"
SOCIAL_AUTH_JSONFIELD_ENABLED = True
SOCIAL_AUTH_USERNAME_IS_FULL_EMAIL = True
SOCIAL_AUTH_LOGIN_REDIRECT_URL = "/"
SOCIAL_AUTH_REDIRECT_IS_HTTPS = PORTAL_BASE_URL.startswith("https://")
SOCIAL_AUTH_SANITIZE_REDIRECTS = True
SOCIAL_AUTH_ALLOWED_REDIRECT_HOSTS = []
SOCIAL_AUTH_PIPELINE = [
    "social_core.pipeline.social_auth.social_details",
    "social_core.pipeline.social_auth.social_uid",
    "social_core.pipeline.social_auth.auth_allowed",
    "social_core.pipeline.social_auth.social_user",
    "social_core.pipeline.user.get_username",
    "social_core.pipeline.user.create_user",
    "social_core.pipeline.social_auth.associate_user",
    "social_core.pipeline.social_auth.load_extra_data",
    "social_core.pipeline.user.user_details",
    "portal.pipeline.record_organization_login",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # the OAuth callback is a top-level GET from Auth0
SESSION_COOKIE_SECURE = SOCIAL_AUTH_REDIRECT_IS_HTTPS
CSRF_COOKIE_SECURE = SOCIAL_AUTH_REDIRECT_IS_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # auth0-python's HTTP client logs every request at INFO; our own logs say what matters.
    "loggers": {"httpx": {"level": "WARNING"}, "httpcore": {"level": "WARNING"}},
}
