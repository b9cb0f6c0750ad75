"""The Management API's token bucket: Auth0's headers on every answer, 429 when it is empty."""

from __future__ import annotations

import time

import pytest
import requests
from auth0.management.core.api_error import ApiError

from auth0_emulator.ratelimit import TokenBucket
from auth0_emulator.server import EmulatorServer
from tests.conftest import emulator_config

from .mgmt_client import TIMEOUT_SECONDS, RawApi, management_client

RATE_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_bucket_grants_its_burst_then_refuses():
    clock = FakeClock()
    bucket = TokenBucket(rate=1, burst=3, clock=clock, wall_clock=clock)

    allowances = [bucket.take() for _ in range(4)]

    assert [a.granted for a in allowances] == [True, True, True, False]
    assert [a.remaining for a in allowances] == [2, 1, 0, 0]
    assert {a.limit for a in allowances} == {3}


def test_the_bucket_refills_at_its_rate():
    clock = FakeClock()
    bucket = TokenBucket(rate=2, burst=2, clock=clock, wall_clock=clock)
    bucket.take()
    bucket.take()

    clock.now += 0.5

    assert bucket.take().granted is True
    assert bucket.take().granted is False


def test_reset_is_when_the_bucket_is_full_again():
    clock = FakeClock(1000.0)
    bucket = TokenBucket(rate=2, burst=4, clock=clock, wall_clock=clock)

    for _ in range(3):
        allowance = bucket.take()

    assert allowance.reset == 1002  # three tokens short, two tokens a second: 1.5 s, rounded up


def test_the_burst_defaults_to_the_rate():
    assert TokenBucket(rate=16).size == 16
    assert TokenBucket(rate=0.5).size == 1


def test_without_a_rate_nothing_is_refused_and_no_limit_is_claimed(emulator):
    api = RawApi(emulator)

    found = [api.get("organizations") for _ in range(60)]
    missing = api.get("organizations/org_missing")
    unauthenticated = RawApi(emulator, token=None).get("organizations")

    assert {response.status_code for response in found} == {200}
    for response in (*found, missing, unauthenticated):
        assert not any(name in response.headers for name in RATE_HEADERS)


def test_every_answer_carries_the_headers_when_limiting_is_on(tmp_path):
    server = EmulatorServer(emulator_config(tmp_path, rate_limit=100, burst=50)).start()
    try:
        api = RawApi(server)
        found = api.get("organizations")
        missing = api.get("organizations/org_missing")
        unauthenticated = RawApi(server, token=None).get("organizations")
    finally:
        server.stop()

    for response in (found, missing, unauthenticated):
        assert response.headers["x-ratelimit-limit"] == "50"
        assert all(name in response.headers for name in RATE_HEADERS)


@pytest.fixture
def limited_emulator(tmp_path):
    # A bucket of two that takes minutes to refill: the third call is always refused.
    server = EmulatorServer(emulator_config(tmp_path, rate_limit=0.01, burst=2)).start()
    yield server
    server.stop()


def test_over_the_limit_is_auth0s_429(limited_emulator):
    api = RawApi(limited_emulator)

    granted = [api.get("organizations") for _ in range(2)]
    refused = api.post("organizations", {"name": "acme"})

    assert [r.headers["x-ratelimit-remaining"] for r in granted] == ["1", "0"]
    assert refused.status_code == 429
    assert refused.json() == {
        "statusCode": 429,
        "error": "Too Many Requests",
        "message": "Global limit has been reached",
        "errorCode": "too_many_requests",
    }
    assert refused.headers["x-ratelimit-limit"] == "2"
    assert refused.headers["x-ratelimit-remaining"] == "0"
    assert int(refused.headers["x-ratelimit-reset"]) > time.time()
    assert "retry-after" not in refused.headers
    assert limited_emulator.emulator.store.count("organizations") == 0


def test_unknown_paths_and_methods_pass_the_rate_limit_too(limited_emulator):
    api = RawApi(limited_emulator)

    unknown = [api.get("no-such-resource"), api.call("PUT", "organizations")]
    refused = api.get("organizations")

    assert [r.status_code for r in unknown] == [404, 404]
    assert [r.headers["x-ratelimit-remaining"] for r in unknown] == ["1", "0"]
    assert refused.status_code == 429


def test_auth0python_sees_the_429(limited_emulator):
    client = management_client(limited_emulator)
    client.organizations.create(name="first")
    client.organizations.create(name="second")

    with pytest.raises(ApiError) as refused:
        client.organizations.create(name="third")

    assert refused.value.status_code == 429


def test_the_authentication_api_is_not_limited(limited_emulator):
    api = RawApi(limited_emulator)
    for _ in range(3):
        api.get("organizations")

    discovery_url = f"{limited_emulator.url}/.well-known/openid-configuration"
    discovery = [requests.get(discovery_url, timeout=TIMEOUT_SECONDS) for _ in range(3)]

    assert [r.status_code for r in discovery] == [200, 200, 200]
