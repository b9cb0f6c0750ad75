"""Injected Management API faults: Auth0-shaped 5xx and hangs, seeded, and never half-done."""

from __future__ import annotations

import pytest
import requests

from auth0_emulator.errors import ManagementError
from auth0_emulator.faults import FaultInjector
from auth0_emulator.server import EmulatorServer
from tests.conftest import emulator_config

from .mgmt_client import RawApi

SEED = 20240607
FAULT_STATUSES = {500, 503, 504}


@pytest.fixture
def faulty_emulator(tmp_path):
    """Every Management call fails; a hang lasts a moment, not a real client's timeout. A
    generous rate limit is on, to show that faults come after it."""
    config = emulator_config(
        tmp_path,
        fault_rate=1.0,
        fault_seed=SEED,
        fault_hang_seconds=0.5,
        rate_limit=1000,
        burst=1000,
    )
    server = EmulatorServer(config).start()
    yield server
    server.stop()


def _statuses(server: EmulatorServer, calls: int) -> list[int]:
    api = RawApi(server)
    return [api.get("organizations").status_code for _ in range(calls)]


def test_a_fault_is_an_auth0_shaped_server_error(faulty_emulator):
    response = RawApi(faulty_emulator).get("organizations")

    assert response.status_code in FAULT_STATUSES
    assert response.json() == {
        "statusCode": response.status_code,
        "error": {500: "Internal Server Error", 503: "Service Unavailable"}.get(
            response.status_code, "Gateway Timeout"
        ),
        "message": "An internal server error occurred",
    }
    assert "x-ratelimit-remaining" in response.headers


def test_a_failed_write_changes_nothing(faulty_emulator):
    api = RawApi(faulty_emulator)

    responses = [api.post("organizations", {"name": f"org-{i}"}) for i in range(6)]

    assert {r.status_code for r in responses} <= FAULT_STATUSES
    assert faulty_emulator.emulator.store.count("organizations") == 0


def test_a_hang_outlasts_the_clients_timeout(faulty_emulator):
    api = RawApi(faulty_emulator)
    outcomes = []
    # Seeded, so the same call is the first hang on every run; a third of faults are hangs.
    for number in range(30):
        try:
            api.post("organizations", {"name": f"org-{number}"}, timeout=0.1)
        except requests.ReadTimeout:
            outcomes.append("timeout")
            break
        outcomes.append("error")

    assert outcomes[-1] == "timeout"
    assert faulty_emulator.emulator.store.count("organizations") == 0


def test_the_same_seed_fails_the_same_calls(tmp_path):
    runs = []
    for run in ("first", "second"):
        config = emulator_config(
            tmp_path / run, fault_rate=0.5, fault_seed=SEED, fault_hang_seconds=0
        )
        (tmp_path / run).mkdir()
        server = EmulatorServer(config).start()
        try:
            runs.append(_statuses(server, 12))
        finally:
            server.stop()

    assert runs[0] == runs[1]
    assert 200 in runs[0]
    assert set(runs[0]) - {200} <= FAULT_STATUSES


def test_without_a_fault_rate_nothing_fails(emulator):
    statuses = _statuses(emulator, 60)

    assert statuses == [200] * 60


def test_every_kind_of_fault_is_drawn_and_only_hangs_sleep():
    slept = []
    faults = FaultInjector(1.0, seed=1, hang_seconds=7.5, sleep=slept.append)
    statuses = []

    for _ in range(30):
        with pytest.raises(ManagementError) as fault:
            faults.check()
        statuses.append(fault.value.status)

    assert set(statuses) == FAULT_STATUSES
    assert slept == [7.5] * statuses.count(504)
