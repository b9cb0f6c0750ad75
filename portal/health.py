"""Health checks for /healthz: the database, the Celery broker, Auth0."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection

from portal import auth0
from portal.celery import app as celery_app


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _broker() -> dict:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=3)
        return {"transport": conn.transport.driver_type}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": _database,
    "broker": _broker,
    "auth0": auth0.check_reachable,
}


def _run(check: Callable[[], dict]) -> dict:
    started = time.monotonic()
    try:
        result = {"ok": True, **check()}
    except Exception as error:  # a health check reports every failure, whatever it is
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
    result.setdefault("ms", round((time.monotonic() - started) * 1000, 1))
    return result


def check_all() -> dict:
    checks = {name: _run(check) for name, check in CHECKS.items()}
    status = "ok" if all(c["ok"] for c in checks.values()) else "fail"
    return {"status": status, "checks": checks}
