"""A small thread-safe mapping that forgets its oldest entries beyond a fixed size."""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """Reads take no lock (a dict lookup is atomic); writes and evictions do.

    Eviction is first-in-first-out rather than least-recently-used: a hit then costs nothing
    but the lookup, which is what the warm path of token verification is made of.
    """

    def __init__(self, max_entries: int) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._entries: dict[K, V] = {}
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        return self._entries.get(key)

    def put(self, key: K, value: V) -> None:
        with self._lock:
            entries = self._entries
            entries.pop(key, None)
            while len(entries) >= self._max_entries:
                del entries[next(iter(entries))]
            entries[key] = value

    def discard(self, key: K) -> None:
        with self._lock:
            self._entries.pop(key, None)
