"""Real collaborators for the tests: an RSA issuer that mints tokens, and a local HTTP server."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ISSUER = "https://tenant.example.test/"
AUDIENCE = "https://api.tenant-portal.test/"
NAMESPACE = "https://tenant-portal.test/"
JWKS_PATH = "/.well-known/jwks.json"
ENTITLEMENTS_PATH = "/api/entitlements"


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def encode_jws(header: dict, claims: dict, sign: Callable[[bytes], bytes]) -> str:
    """A compact JWS with any header and any signing function, forged ones included."""
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    return f"{signing_input}.{b64url(sign(signing_input.encode()))}"


class KeyPair:
    """An RSA-2048 key pair with a ``kid``, as an issuer holds it."""

    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def sign(self, signing_input: bytes) -> bytes:
        return self.private_key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())

    def jwk(self, **extra: Any) -> dict[str, Any]:
        numbers = self.private_key.public_key().public_numbers()
        return {
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": b64url(numbers.n.to_bytes(256, "big")),
            "e": b64url(numbers.e.to_bytes(3, "big")),
            **extra,
        }


def claims_for(**overrides: Any) -> dict[str, Any]:
    """Claims of a valid access token for org_A; ``None`` as a value drops the claim."""
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "sub": "auth0|alice",
        "aud": [AUDIENCE, f"{ISSUER}userinfo"],
        "iat": now,
        "exp": now + 600,
        "azp": "portal-client",
        "scope": "openid profile email",
        "org_id": "org_A",
        "permissions": ["bookings:read", "bookings:write"],
        f"{NAMESPACE}roles": ["admin"],
        f"{NAMESPACE}plan": "pro",
        f"{NAMESPACE}features": ["bookings", "inventory"],
        f"{NAMESPACE}ent_v": 3,
    }
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def overage_claims(**overrides: Any) -> dict[str, Any]:
    """Claims of a token whose features did not fit: the portal must be asked."""
    return claims_for(
        **{f"{NAMESPACE}features": None, f"{NAMESPACE}overage": ["features"], **overrides}
    )


def mint(key: KeyPair, claims: dict[str, Any], **header: Any) -> str:
    return encode_jws({"alg": "RS256", "typ": "JWT", "kid": key.kid, **header}, claims, key.sign)


@dataclass
class Answer:
    status: int
    body: bytes
    delay: float = 0.0
    headers: tuple[tuple[str, str], ...] = ()
    held_until: threading.Event | None = None  # a slow server: answers once the test sets it


class LocalServer:
    """A real HTTP server on 127.0.0.1 with canned answers per path; it counts every request."""

    HOLD_LIMIT_SECONDS = 30  # a held answer is released anyway, so a failed test cannot hang

    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        self.hits: Counter[str] = Counter()
        self.authorizations: list[str | None] = []
        self._hit = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        # A short poll interval keeps shutdown (and so each test's teardown) quick.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def answer_json(
        self,
        path: str,
        document: Any,
        *,
        status: int = 200,
        delay: float = 0.0,
        held_until: threading.Event | None = None,
    ) -> None:
        body = json.dumps(document).encode()
        self.answers[path] = Answer(status, body, delay, held_until=held_until)

    def wait_for_hits(self, path: str, count: int, timeout: float = 10.0) -> bool:
        """Whether ``path`` has been requested ``count`` times (waiting up to ``timeout``)."""
        with self._hit:
            return self._hit.wait_for(lambda: self.hits[path] >= count, timeout)

    def answer_raw(self, path: str, answer: Answer) -> None:
        self.answers[path] = answer

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with server._hit:
                    server.hits[self.path] += 1
                    server.authorizations.append(self.headers.get("Authorization"))
                    server._hit.notify_all()
                answer = server.answers.get(self.path, Answer(404, b'{"error": "not_found"}'))
                if answer.held_until is not None:
                    answer.held_until.wait(server.HOLD_LIMIT_SECONDS)
                time.sleep(answer.delay)
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.body)))
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output readable

        return Handler
