"""The bounded cache keeps its newest entries and forgets the oldest first."""

from __future__ import annotations

import pytest

from service_auth.cache import BoundedCache


def test_past_its_size_the_oldest_entry_goes_first():
    cache = BoundedCache(2)
    for key in "abc":
        cache.put(key, key.upper())

    assert [cache.get(key) for key in "abc"] == [None, "B", "C"]


def test_writing_an_entry_again_makes_it_the_newest():
    cache = BoundedCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 3)
    cache.put("c", 4)

    assert [cache.get(key) for key in "abc"] == [3, None, 4]


def test_a_full_cache_keeps_its_size_over_many_writes():
    cache = BoundedCache(100)
    for n in range(10_000):
        cache.put(n, n)

    assert [n for n in range(10_000) if cache.get(n) is not None] == list(range(9_900, 10_000))


def test_a_discarded_entry_is_gone():
    cache = BoundedCache(2)
    cache.put("a", 1)
    cache.discard("a")
    cache.discard("never-there")

    assert cache.get("a") is None


def test_a_cache_holds_at_least_one_entry():
    with pytest.raises(ValueError, match="at least 1"):
        BoundedCache(0)
