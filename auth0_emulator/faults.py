"""Injected Management API faults: a share of calls fails the way a busy Auth0 tenant does.

The decision is made before the handler runs, so a failed call never changes the tenant: a
client that retries after a 5xx or a timeout sees exactly one effect. A seed
(``EMULATOR_FAULT_SEED``) makes a run reproducible.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

from .config import DEFAULT_FAULT_HANG_SECONDS, EmulatorConfig
from .errors import ManagementError

# Auth0's API is a hapi server, which hides the message of every 5xx behind this sentence.
SERVER_ERROR_MESSAGE = "An internal server error occurred"

INTERNAL_ERROR, UNAVAILABLE, GATEWAY_TIMEOUT = 500, 503, 504


class FaultInjector:
    """Fails ``rate`` of the calls: a 500, a 503, or a hang past the client's timeout then 504."""

    def __init__(
        self,
        rate: float,
        *,
        seed: int | None = None,
        hang_seconds: float = DEFAULT_FAULT_HANG_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = rate
        self.hang_seconds = hang_seconds
        self._random = random.Random(seed)
        self._sleep = sleep
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: EmulatorConfig) -> FaultInjector:
        return cls(
            config.fault_rate, seed=config.fault_seed, hang_seconds=config.fault_hang_seconds
        )

    def check(self) -> None:
        """Raise the fault chosen for this call, if any (after hanging, for a timeout)."""
        status = self._draw()
        if status == GATEWAY_TIMEOUT:
            self._sleep(self.hang_seconds)
        if status is not None:
            raise ManagementError(status, SERVER_ERROR_MESSAGE)

    def _draw(self) -> int | None:
        if self.rate <= 0:
            return None
        with self._lock:
            if self._random.random() >= self.rate:
                return None
            return self._random.choice((INTERNAL_ERROR, UNAVAILABLE, GATEWAY_TIMEOUT))
