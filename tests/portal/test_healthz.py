import json

import pytest


@pytest.fixture
def auth0_is(emulator, settings):
    settings.AUTH0_BASE_URL = emulator.url
    return emulator


def test_healthz_reports_every_part(client, db, auth0_is):
    response = client.get("/healthz")
    report = json.loads(response.content)
    assert response.status_code == 200, report
    assert report["status"] == "ok"
    assert set(report["checks"]) == {"database", "broker", "auth0"}
    assert all(check["ok"] for check in report["checks"].values())


def test_healthz_fails_when_auth0_is_unreachable(client, db, auth0_is, settings):
    auth0_is.stop()
    response = client.get("/healthz")
    report = json.loads(response.content)
    assert response.status_code == 503
    assert report["checks"]["auth0"]["ok"] is False
    assert report["checks"]["database"]["ok"] is True


def test_healthz_refuses_a_server_claiming_another_issuer(client, db, auth0_is, settings):
    settings.AUTH0_BASE_URL = auth0_is.url.replace("127.0.0.1", "localhost")
    report = json.loads(client.get("/healthz").content)
    assert report["checks"]["auth0"]["ok"] is False
    assert "another issuer" in report["checks"]["auth0"]["error"]
