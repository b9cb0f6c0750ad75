"""The one way this package talks HTTP: a bounded GET that returns parsed JSON."""

from __future__ import annotations

import json
from typing import Any

import requests


class FetchFailed(Exception):
    """The resource could not be fetched or was not the JSON we expect."""


def fetch_json(url: str, *, timeout: float, max_bytes: int, bearer_token: str | None = None) -> Any:
    """GET ``url`` and parse its JSON body; any failure raises ``FetchFailed``.

    Redirects are not followed (a key set must come from the configured place), and the body is
    read only up to ``max_bytes`` so a misbehaving server cannot exhaust our memory.
    """
    headers = {"Accept": "application/json"}
    if bearer_token is not None:
        headers["Authorization"] = f"Bearer {bearer_token}"
    try:
        with requests.get(
            url, headers=headers, timeout=timeout, allow_redirects=False, stream=True
        ) as response:
            if response.status_code != 200:
                raise FetchFailed(f"{url} answered HTTP {response.status_code}")
            body = _read_capped(response, max_bytes)
    except requests.RequestException as error:
        raise FetchFailed(f"{url} could not be reached: {error.__class__.__name__}") from error
    try:
        return json.loads(body)
    except ValueError as error:
        raise FetchFailed(f"{url} did not answer with JSON") from error


def _read_capped(response: requests.Response, max_bytes: int) -> bytes:
    body = bytearray()
    for chunk in response.iter_content(chunk_size=64 * 1024):
        body += chunk
        if len(body) > max_bytes:
            raise FetchFailed(f"{response.url} answered with more than {max_bytes} bytes")
    return bytes(body)
