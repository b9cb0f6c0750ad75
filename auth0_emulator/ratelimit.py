"""Auth0's Management API rate limit: a token bucket per tenant, reported in every response.

Auth0 answers every Management API call with ``x-ratelimit-limit`` (bucket size),
``x-ratelimit-remaining`` (requests left now) and ``x-ratelimit-reset`` (unix seconds when the
bucket is full again), and refuses a call with 429 when the bucket is empty. It sends no
``Retry-After``: clients wait until ``x-ratelimit-reset``. With no rate configured there is no
bucket, and the emulator sends none of these headers rather than claim a limit it does not
apply.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .config import EmulatorConfig
from .errors import ManagementError

RATE_LIMITED = ManagementError(429, "Global limit has been reached", "too_many_requests")


@dataclass(frozen=True)
class Allowance:
    """The bucket's answer to one request."""

    granted: bool
    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": str(self.reset),
        }


class TokenBucket:
    """Refills ``rate`` tokens per second up to ``burst``; each request takes one token."""

    def __init__(
        self,
        rate: float,
        burst: int | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.rate = rate
        self.size = burst or max(1, math.floor(rate))
        self._clock = clock
        self._wall_clock = wall_clock
        self._tokens = float(self.size)
        self._refilled_at = clock()
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: EmulatorConfig) -> TokenBucket | None:
        """The configured bucket; None when no rate is set (nothing is limited)."""
        if config.rate_limit is None:
            return None
        return cls(config.rate_limit, config.burst)

    def take(self) -> Allowance:
        with self._lock:
            self._refill()
            granted = self._tokens >= 1
            if granted:
                self._tokens -= 1
            return Allowance(granted, self.size, math.floor(self._tokens), self._full_at())

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.size, self._tokens + (now - self._refilled_at) * self.rate)
        self._refilled_at = now

    def _full_at(self) -> int:
        seconds_to_full = (self.size - self._tokens) / self.rate
        return math.ceil(self._wall_clock() + seconds_to_full)
