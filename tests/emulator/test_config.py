"""The emulator's settings from the environment: read strictly, a bad value stops it."""

from __future__ import annotations

import pytest

from auth0_emulator.config import EmulatorConfig
from auth0_emulator.errors import ManagementError
from auth0_emulator.faults import FaultInjector

FAULT_VARIABLES = ("EMULATOR_FAULT_SEED", "EMULATOR_FAULT_HANG_SECONDS")


def test_the_fault_seed_and_hang_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("EMULATOR_FAULT_SEED", "20240607")
    monkeypatch.setenv("EMULATOR_FAULT_HANG_SECONDS", "0.5")

    config = EmulatorConfig.from_env()

    assert (config.fault_seed, config.fault_hang_seconds) == (20240607, 0.5)


def test_unset_the_draw_is_unseeded_and_a_hang_lasts_30_seconds(monkeypatch):
    for name in FAULT_VARIABLES:
        monkeypatch.delenv(name, raising=False)

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
            "EMULATOR_FAULT_HANG_SECONDS must be a number, got 'soon'",
        ),
    ],
)
def test_a_bad_value_stops_the_emulator(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)

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
