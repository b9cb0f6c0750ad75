"""The emulator's settings from flags and the environment: read strictly, a bad value stops it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests

from auth0_emulator.__main__ import main
from auth0_emulator.config import BURST_NEEDS_RATE, EmulatorConfig
from auth0_emulator.errors import ManagementError
from auth0_emulator.faults import FaultInjector

from .mgmt_client import TIMEOUT_SECONDS

FAULT_VARIABLES = ("EMULATOR_FAULT_SEED", "EMULATOR_FAULT_HANG_SECONDS")
LIMIT_VARIABLES = ("EMULATOR_RATE_LIMIT", "EMULATOR_BURST", "EMULATOR_FAULT_RATE")


@pytest.fixture
def clean_environment(monkeypatch):
    for name in (*FAULT_VARIABLES, *LIMIT_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_fault_seed_and_hang_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("EMULATOR_FAULT_SEED", "20240607")
    monkeypatch.setenv("EMULATOR_FAULT_HANG_SECONDS", "0.5")

    config = EmulatorConfig.from_env()

    assert (config.fault_seed, config.fault_hang_seconds) == (20240607, 0.5)


def test_unset_the_draw_is_unseeded_and_a_hang_lasts_30_seconds(clean_environment):
    config = EmulatorConfig.from_env()

    assert (config.fault_seed, config.fault_hang_seconds) == (None, 30.0)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("EMULATOR_FAULT_SEED", "1.5", "EMULATOR_FAULT_SEED must be a whole number, got '1.5'"),
        ("EMULATOR_FAULT_SEED", "seed", "EMULATOR_FAULT_SEED must be a whole number, got 'seed'"),
        (
            "EMULATOR_FAULT_HANG_SECONDS",
            "soon",
            "EMULATOR_FAULT_HANG_SECONDS must be a number of seconds, 0 or more, got 'soon'",
        ),
        (
            "EMULATOR_FAULT_HANG_SECONDS",
            "-1",
            "EMULATOR_FAULT_HANG_SECONDS must be a number of seconds, 0 or more, got '-1'",
        ),
        ("EMULATOR_RATE_LIMIT", "0", "EMULATOR_RATE_LIMIT must be a number above 0, got '0'"),
        ("EMULATOR_RATE_LIMIT", "-2", "EMULATOR_RATE_LIMIT must be a number above 0, got '-2'"),
        ("EMULATOR_RATE_LIMIT", "inf", "EMULATOR_RATE_LIMIT must be a number above 0, got 'inf'"),
        ("EMULATOR_RATE_LIMIT", "fast", "EMULATOR_RATE_LIMIT must be a number above 0, got 'fast'"),
        ("EMULATOR_BURST", "2.7", "EMULATOR_BURST must be a whole number above 0, got '2.7'"),
        ("EMULATOR_BURST", "0", "EMULATOR_BURST must be a whole number above 0, got '0'"),
        (
            "EMULATOR_FAULT_RATE",
            "1.5",
            "EMULATOR_FAULT_RATE must be a number from 0 to 1, got '1.5'",
        ),
        (
            "EMULATOR_FAULT_RATE",
            "-0.1",
            "EMULATOR_FAULT_RATE must be a number from 0 to 1, got '-0.1'",
        ),
        (
            "EMULATOR_FAULT_RATE",
            "nan",
            "EMULATOR_FAULT_RATE must be a number from 0 to 1, got 'nan'",
        ),
    ],
)
def test_a_bad_value_stops_the_emulator(clean_environment, name, value, message):
    clean_environment.setenv("EMULATOR_RATE_LIMIT", "5")  # so that a burst alone is no error
    clean_environment.setenv(name, value)

    with pytest.raises(SystemExit) as stopped:
        EmulatorConfig.from_env()

    assert str(stopped.value) == message


def _statuses(faults: FaultInjector, calls: int) -> list[int]:
    statuses = []
    for _ in range(calls):
        with pytest.raises(ManagementError) as fault:
            faults.check()
        statuses.append(fault.value.status)
    return statuses


def test_the_fault_injector_takes_rate_seed_and_hang_from_the_config():
    config = EmulatorConfig(fault_rate=1.0, fault_seed=7, fault_hang_seconds=0.0)

    first, second = FaultInjector.from_config(config), FaultInjector.from_config(config)

    assert (first.rate, first.hang_seconds) == (1.0, 0.0)
    assert _statuses(first, 20) == _statuses(second, 20)


def test_the_limits_come_from_the_environment(clean_environment):
    clean_environment.setenv("EMULATOR_RATE_LIMIT", "0.5")
    clean_environment.setenv("EMULATOR_BURST", "3")
    clean_environment.setenv("EMULATOR_FAULT_RATE", "0.25")

    config = EmulatorConfig.from_env()

    assert (config.rate_limit, config.burst, config.fault_rate) == (0.5, 3, 0.25)


def test_a_burst_without_a_rate_stops_the_emulator(clean_environment):
    clean_environment.setenv("EMULATOR_BURST", "3")

    with pytest.raises(SystemExit) as stopped:
        EmulatorConfig.from_env()

    assert str(stopped.value) == BURST_NEEDS_RATE


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--burst", "2.7"], "argument --burst: must be a whole number above 0, got '2.7'"),
        (["--rate-limit", "0"], "argument --rate-limit: must be a number above 0, got '0'"),
        (["--fault-rate", "2"], "argument --fault-rate: must be a number from 0 to 1, got '2'"),
    ],
)
def test_a_bad_flag_stops_the_emulator(clean_environment, capsys, flags, message):
    with pytest.raises(SystemExit) as stopped:
        main(["--port", "0", *flags])

    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_a_burst_flag_without_a_rate_stops_the_emulator(clean_environment):
    with pytest.raises(SystemExit) as stopped:
        main(["--port", "0", "--burst", "3"])

    assert str(stopped.value) == BURST_NEEDS_RATE


@pytest.mark.parametrize(
    ("flags", "variables"),
    [
        (["--rate-limit", "2", "--burst", "4"], {}),
        ([], {"EMULATOR_RATE_LIMIT": "2", "EMULATOR_BURST": "4"}),
        (["--burst", "4"], {"EMULATOR_RATE_LIMIT": "2", "EMULATOR_BURST": "9"}),
    ],
    ids=["flags", "environment", "a-flag-over-the-environment"],
)
def test_the_running_emulator_applies_the_limit_it_was_given(flags, variables):
    environment = {
        **{k: v for k, v in os.environ.items() if k not in LIMIT_VARIABLES},
        **variables,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "auth0_emulator", "--port", "0", *flags],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        url = process.stdout.readline().rsplit(" ", 1)[-1].strip()
        answer = requests.get(f"{url}/api/v2/organizations", timeout=TIMEOUT_SECONDS)
    finally:
        process.terminate()
        process.wait(timeout=TIMEOUT_SECONDS)

    assert answer.status_code == 401  # no token; the limit is applied first all the same
    assert answer.headers["x-ratelimit-limit"] == "4"
    assert answer.headers["x-ratelimit-remaining"] == "3"
