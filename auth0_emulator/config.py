"""Emulator configuration, read from the same ``AUTH0_*`` variables the portal uses.

Numbers come from flags (``__main__``) or ``EMULATOR_*`` variables and are read strictly: a
value that is not of its kind, or outside its range, stops the emulator with a message that
names the setting, what it must be and what it got.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Longer than any client waits: a hanging call is meant to end in the client's timeout.
DEFAULT_FAULT_HANG_SECONDS = 30.0

BURST_NEEDS_RATE = (
    "a burst (--burst, EMULATOR_BURST) needs a rate (--rate-limit, EMULATOR_RATE_LIMIT)"
)


def _finite(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


def _checked(parse: Callable[[str], Any], accept: Callable[[Any], bool]) -> Callable[[str], Any]:
    def read(raw: str) -> Any:
        value = parse(raw)
        if not accept(value):
            raise ValueError(raw)
        return value

    return read


@dataclass(frozen=True)
class Reading:
    """How a setting's text becomes its value; ``parse`` raises ValueError unless it is ``kind``."""

    kind: str
    parse: Callable[[str], Any]

    def read(self, raw: str) -> Any:
        try:
            return self.parse(raw)
        except ValueError:
            raise ValueError(f"must be {self.kind}, got {raw!r}") from None


WHOLE_NUMBER = Reading("a whole number", int)
SECONDS = Reading("a number of seconds, 0 or more", _checked(_finite, lambda v: v >= 0))
RATE = Reading("a number above 0", _checked(_finite, lambda v: v > 0))
BURST = Reading("a whole number above 0", _checked(int, lambda v: v >= 1))
SHARE = Reading("a number from 0 to 1", _checked(_finite, lambda v: 0 <= v <= 1))


def _env(name: str, reading: Reading, default: Any) -> Any:
    """The variable ``name`` read as ``reading``; unset or empty gives ``default``."""
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return reading.read(raw)
    except ValueError as error:
        raise SystemExit(f"{name} {error}") from None


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
        """The environment's settings; ``overrides`` (the flags, already read) take precedence."""
        env = os.environ.get
        values = {
            "portal_client_id": env("AUTH0_CLIENT_ID") or None,
            "portal_client_secret": env("AUTH0_CLIENT_SECRET") or None,
            "portal_url": env("PORTAL_BASE_URL") or cls.portal_url,
            "management_client_id": env("AUTH0_MANAGEMENT_CLIENT_ID") or None,
            "management_client_secret": env("AUTH0_MANAGEMENT_CLIENT_SECRET") or None,
            "rate_limit": _env("EMULATOR_RATE_LIMIT", RATE, None),
            "burst": _env("EMULATOR_BURST", BURST, None),
            "fault_rate": _env("EMULATOR_FAULT_RATE", SHARE, 0.0),
            "fault_seed": _env("EMULATOR_FAULT_SEED", WHOLE_NUMBER, None),
            "fault_hang_seconds": _env(
                "EMULATOR_FAULT_HANG_SECONDS", SECONDS, DEFAULT_FAULT_HANG_SECONDS
            ),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        if values["burst"] is not None and values["rate_limit"] is None:
            raise SystemExit(BURST_NEEDS_RATE)
        return cls(**values)
