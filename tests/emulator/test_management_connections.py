"""GET /api/v2/connections: the tenant's database connection, found by name or strategy."""

import pytest

from auth0_emulator.tenant import DATABASE_CONNECTION
from tests.emulator.mgmt_client import RawApi, management_client, management_token


@pytest.fixture
def api(emulator):
    return management_client(emulator)


def test_the_database_connection_is_listed_by_name(api, store):
    (connection,) = api.connections.list(name=DATABASE_CONNECTION)
    assert connection.id == store.get("connections", DATABASE_CONNECTION)["id"]
    assert connection.strategy == "auth0"
    assert connection.realms == [DATABASE_CONNECTION]


def test_filters_that_match_nothing_give_an_empty_list(api):
    assert list(api.connections.list(name="google-oauth2")) == []
    assert list(api.connections.list(strategy=["google-oauth2"])) == []


def test_reading_connections_needs_its_scope(emulator):
    token = management_token(emulator, scopes=("read:organizations",))
    response = RawApi(emulator, token=token).get("connections")
    assert response.status_code == 403
    assert "read:connections" in response.json()["message"]
