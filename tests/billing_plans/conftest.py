"""Features and plans the billing_plans tests build on, defined through the services."""

import pytest

from billing_plans.services import feature_define, plan_define


@pytest.fixture
def features(db) -> dict:
    return {
        code: feature_define(code=code, name=code.title())
        for code in ("bookings", "inventory", "payments", "reports")
    }


@pytest.fixture
def starter(features):
    return plan_define(code="starter", name="Starter", features=[features["bookings"]], rank=1)


@pytest.fixture
def pro(features):
    return plan_define(
        code="pro",
        name="Pro",
        features=[features["inventory"], features["bookings"], features["payments"]],
        rank=2,
    )
