"""Settings of the test run: the portal's own, from a fixed test environment.

pytest-django imports this module before any conftest runs, so the environment is set here,
ahead of ``portal.settings``. Tests never read a developer's ``.env``; ``DATABASE_URL`` and
``REDIS_URL`` still pass through, which is how CI runs the suite on PostgreSQL and Redis.
"""

import os

os.environ.update(
    {
        "DJANGO_ENV_FILE": "",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "test-secret-key-not-for-production-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Nothing listens on the discard port: a test that forgets to point the portal at its
        # own emulator fails at once instead of talking to a running `make run`.
        "AUTH0_DOMAIN": "127.0.0.1:9",
        "AUTH0_MANAGEMENT_DOMAIN": "",
        "AUTH0_CLIENT_ID": "portal-test-client",
        "AUTH0_CLIENT_SECRET": "portal-test-client-secret",
        "AUTH0_MANAGEMENT_CLIENT_ID": "portal-test-m2m",
        "AUTH0_MANAGEMENT_CLIENT_SECRET": "portal-test-m2m-secret",
        "AUTH0_API_AUDIENCE": "https://api.tenant-portal.test/",
        "AUTH0_CLAIMS_NAMESPACE": "https://tenant-portal.test/",
        "LOG_LEVEL": "WARNING",
    }
)

from portal.settings import *  # noqa: F403

# The test run's own cache, private to this process: tests may clear it freely without touching
# a running stack's cache or another test run's (in CI REDIS_URL is shared).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"tests-{os.getpid()}",
    }
}
