"""The one HTTP helper: bounded in size and time, no redirects, JSON or a clear failure."""

from __future__ import annotations

import pytest

from service_auth.fetch import FetchFailed, fetch_json
from tests.service_auth.support import Answer, LocalServer


@pytest.fixture
def server():
    server = LocalServer()
    yield server
    server.stop()


def test_json_is_returned_and_the_bearer_token_sent(server):
    server.answer_json("/doc", {"ok": True})

    document = fetch_json(f"{server.url}/doc", timeout=2, max_bytes=1024, bearer_token="t0k")

    assert document == {"ok": True}
    assert server.authorizations == ["Bearer t0k"]


def test_a_body_over_the_cap_fails(server):
    server.answer_json("/big", {"padding": "x" * 5000})

    with pytest.raises(FetchFailed, match="more than 1024 bytes"):
        fetch_json(f"{server.url}/big", timeout=2, max_bytes=1024)


def test_redirects_are_not_followed(server):
    server.answer_json("/elsewhere", {"keys": []})
    server.answer_raw("/moved", Answer(302, b"", headers=(("Location", "/elsewhere"),)))

    with pytest.raises(FetchFailed, match="HTTP 302"):
        fetch_json(f"{server.url}/moved", timeout=2, max_bytes=1024)
    assert server.hits["/elsewhere"] == 0


def test_a_body_that_is_not_json_fails(server):
    server.answer_raw("/html", Answer(200, b"<html></html>"))

    with pytest.raises(FetchFailed, match="did not answer with JSON"):
        fetch_json(f"{server.url}/html", timeout=2, max_bytes=1024)


def test_a_slow_server_times_out(server):
    server.answer_json("/slow", {}, delay=1.0)

    with pytest.raises(FetchFailed, match="could not be reached: ReadTimeout"):
        fetch_json(f"{server.url}/slow", timeout=0.2, max_bytes=1024)


def test_a_closed_port_fails():
    gone = LocalServer()
    gone.stop()

    with pytest.raises(FetchFailed, match="could not be reached: ConnectionError"):
        fetch_json(f"{gone.url}/doc", timeout=2, max_bytes=1024)
