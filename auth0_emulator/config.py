"""Emulator configuration, read from the same ``AUTH0_*`` variables the portal uses."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _float(name: str, default: float | None) -> float | None:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a number, got {raw!r}") from None


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
    # Wall-clock budget for one Post-Login Action run (Auth0 allows 20 s per trigger).
    action_timeout_ms: int = 20_000
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides) -> EmulatorConfig:
        env = os.environ.get
        burst = _float("EMULATOR_BURST", None)
        values = {
            "portal_client_id": env("AUTH0_CLIENT_ID") or None,
            "portal_client_secret": env("AUTH0_CLIENT_SECRET") or None,
            "portal_url": env("PORTAL_BASE_URL") or cls.portal_url,
            "management_client_id": env("AUTH0_MANAGEMENT_CLIENT_ID") or None,
            "management_client_secret": env("AUTH0_MANAGEMENT_CLIENT_SECRET") or None,
            "rate_limit": _float("EMULATOR_RATE_LIMIT", None),
            "burst": int(burst) if burst is not None else None,
            "fault_rate": _float("EMULATOR_FAULT_RATE", 0.0) or 0.0,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
