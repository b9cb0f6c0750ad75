"""Emulator configuration, read from the same ``AUTH0_*`` variables the portal uses."""

from __future__ import annotations

import os
from dataclasses import dataclass

# Longer than any client waits: a hanging call is meant to end in the client's timeout.
DEFAULT_FAULT_HANG_SECONDS = 30.0


def _env_number(name: str, parse: type[int] | type[float], default):
    """The variable ``name`` as a number; unset or empty gives ``default``, a bad value stops."""
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return parse(raw)
    except ValueError:
        kind = "a whole number" if parse is int else "a number"
        raise SystemExit(f"{name} must be {kind}, got {raw!r}") from None


@dataclass
class EmulatorConfig:
    host: str = "127.0.0.1"
    port: int = 8001
    state_path: str | None = None
    # The portal's regular web application and its machine-to-machine Management client.
    portal_client_id: str | None = None
    portal_client_secret: str | None = None
    portal_url: str = "http://127.0.0.1:8000"
    management_client_id: str | None = None
    management_client_secret: str | None = None
    # Management API rate limit (token bucket) and injected faults; both off by default.
    rate_limit: float | None = None
    burst: int | None = None
    fault_rate: float = 0.0
    fault_seed: int | None = None  # None: a different draw on every run
    fault_hang_seconds: float = DEFAULT_FAULT_HANG_SECONDS
    # Wall-clock budget for one Post-Login Action run (Auth0 allows 20 s per trigger).
    action_timeout_ms: int = 20_000

    @classmethod
    def from_env(cls, **overrides) -> EmulatorConfig:
        env = os.environ.get
        burst = _env_number("EMULATOR_BURST", float, None)
        values = {
            "portal_client_id": env("AUTH0_CLIENT_ID") or None,
            "portal_client_secret": env("AUTH0_CLIENT_SECRET") or None,
            "portal_url": env("PORTAL_BASE_URL") or cls.portal_url,
            "management_client_id": env("AUTH0_MANAGEMENT_CLIENT_ID") or None,
            "management_client_secret": env("AUTH0_MANAGEMENT_CLIENT_SECRET") or None,
            "rate_limit": _env_number("EMULATOR_RATE_LIMIT", float, None),
            "burst": int(burst) if burst is not None else None,
            "fault_rate": _env_number("EMULATOR_FAULT_RATE", float, 0.0) or 0.0,
            "fault_seed": _env_number("EMULATOR_FAULT_SEED", int, None),
            "fault_hang_seconds": _env_number(
                "EMULATOR_FAULT_HANG_SECONDS", float, DEFAULT_FAULT_HANG_SECONDS
            ),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
