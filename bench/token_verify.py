"""What verifying one access token costs, measured side by side in one run.

    python bench/token_verify.py [--tokens 500] [--rounds 15]

Five ways to check RS256 tokens, each timed per token:

* raw:        the RSA-2048 signature check alone, with ``cryptography`` (the floor);
* pyjwt:      PyJWT's ``jwt.decode`` with issuer and audience checks;
* cold:       ``service_auth`` on a token never seen before, from a tenant whose keys and claim
              values are familiar: each round's fresh verifier first checks one other token,
              which fetches the JWKS and fills the header cache and the contract's memory of
              accepted role, plan and feature strings. This is a new login in a running service;
* cold_novel: the same, but every token brings role, plan and feature strings the verifier has
              never seen, so each is matched against its pattern (the first tokens after a
              start, or a new tenant);
* warm:       ``service_auth`` on tokens it verified before (new string objects, as each request
              brings its own copy of the header).

Rounds interleave the paths so that a noisy neighbour slows them alike, and each path's best
round counts (as ``timeit`` advises: slower rounds measure the neighbours, not the code). The
last line is the machine-readable ``RESULT``.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

# Run as a script from anywhere: the package under test lives in the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service_auth import TokenVerifier

ISSUER = "https://tenant.example.test/"
AUDIENCE = "https://api.tenant-portal.test/"
NAMESPACE = "https://tenant-portal.test/"
KID = "bench-key"
LABELS = {
    "raw": "raw RSA-2048 check (cryptography)",
    "pyjwt": "PyJWT jwt.decode",
    "cold": "service_auth, cold (new token, known claims)",
    "cold_novel": "service_auth, cold (new claim strings)",
    "warm": "service_auth, warm (seen before)",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=500, help="distinct tokens per round")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tokens = [_token(private_key, n) for n in range(args.tokens)]
    novel_tokens = [_token(private_key, n, novel=True) for n in range(args.tokens)]
    jwks_url, stop_jwks = _serve_jwks(private_key)
    try:
        results = _measure(private_key, tokens, novel_tokens, jwks_url, rounds=args.rounds)
    finally:
        stop_jwks()
    _report(results, tokens=args.tokens, rounds=args.rounds)


def _token(private_key: rsa.RSAPrivateKey, n: int, *, novel: bool = False) -> str:
    """A realistic access token: organization, permissions and the contract's claims.

    ``novel`` tokens carry role, plan and feature strings of their own, as long as the usual.
    """
    roles, plan = ["admin", "member"], "pro"
    features = ["bookings", "customers", "inventory", "reports", "sso"]
    if novel:
        roles = [f"{role[:3]}-{n:04}" for role in roles]
        plan = f"p{n:04}"
        features = [f"{feature[:3]}-{n:04}" for feature in features]
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "sub": f"auth0|user-{n}",
        "aud": [AUDIENCE, f"{ISSUER}userinfo"],
        "iat": now,
        "exp": now + 3600,
        "azp": "portal-client",
        "scope": "openid profile email",
        "org_id": "org_Hf9UNU0EQOLcvFyx",
        "permissions": ["bookings:read", "bookings:write", "customers:read", "inventory:read"],
        f"{NAMESPACE}roles": roles,
        f"{NAMESPACE}plan": plan,
        f"{NAMESPACE}features": features,
        f"{NAMESPACE}ent_v": 7,
    }
    return jwt.encode(claims, private_key, algorithm="RS256", headers={"kid": KID})


def _serve_jwks(private_key: rsa.RSAPrivateKey) -> tuple[str, Callable[[], None]]:
    """The issuer's JWKS on a loopback port, as service_auth fetches it in production."""
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    body = json.dumps({"keys": [{**jwk, "kid": KID, "use": "sig", "alg": "RS256"}]}).encode()

    class JwksHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), JwksHandler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}).start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_port}/jwks.json", stop


def _measure(
    private_key: rsa.RSAPrivateKey,
    tokens: list[str],
    novel_tokens: list[str],
    jwks_url: str,
    *,
    rounds: int,
) -> dict[str, float]:
    public_key = private_key.public_key()
    pkcs1v15, sha256 = padding.PKCS1v15(), hashes.SHA256()
    signed_parts = [_signed_parts(token) for token in tokens]
    warm_verifier = _verifier(jwks_url)
    for token in tokens:
        warm_verifier.verify(token)

    def raw(parts: tuple[bytes, bytes]) -> None:
        public_key.verify(parts[1], parts[0], pkcs1v15, sha256)

    def pyjwt(token: str) -> None:
        jwt.decode(token, public_key, algorithms=["RS256"], audience=AUDIENCE, issuer=ISSUER)

    samples: dict[str, list[float]] = {name: [] for name in LABELS}
    for _ in range(rounds):
        samples["raw"].append(_per_item_us(raw, signed_parts))
        samples["pyjwt"].append(_per_item_us(pyjwt, tokens))
        samples["cold"].append(_per_item_us(_familiar_verifier(jwks_url, private_key), tokens))
        novel = _per_item_us(_familiar_verifier(jwks_url, private_key), novel_tokens)
        samples["cold_novel"].append(novel)
        # A request brings its own copy of the token, whose hash Python has not cached yet.
        copies = [(token + " ")[:-1] for token in tokens]
        samples["warm"].append(_per_item_us(warm_verifier.verify, copies))
    return {name: min(values) for name, values in samples.items()}


def _familiar_verifier(jwks_url: str, private_key: rsa.RSAPrivateKey) -> Callable[[str], object]:
    """A fresh verifier that has checked one token: keys fetched, usual claim strings known."""
    verifier = _verifier(jwks_url)
    verifier.verify(_token(private_key, -1))  # outside the timing
    return verifier.verify


def _verifier(jwks_url: str) -> TokenVerifier:
    return TokenVerifier(
        issuer=ISSUER, audience=AUDIENCE, jwks_url=jwks_url, claims_namespace=NAMESPACE
    )


def _signed_parts(token: str) -> tuple[bytes, bytes]:
    signing_input, _, signature = token.rpartition(".")
    return signing_input.encode(), jwt.utils.base64url_decode(signature)


def _per_item_us(check: Callable, items: Iterable) -> float:
    items = list(items)
    gc.disable()  # a collection in the middle of one loop would be charged to that loop only
    try:
        start = time.perf_counter()
        for item in items:
            check(item)
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    return elapsed / len(items) * 1e6


def _report(results: dict[str, float], *, tokens: int, rounds: int) -> None:
    raw = results["raw"]
    print(f"per token, best of {rounds} rounds x {tokens} tokens")
    print(f"{'path':<44}{'us':>9}{'x raw':>9}")
    for name, label in LABELS.items():
        print(f"{label:<44}{results[name]:>9.2f}{results[name] / raw:>9.2f}")
    print(
        f"RESULT raw_rsa_us={raw:.2f} pyjwt_us={results['pyjwt']:.2f}"
        f" cold_us={results['cold']:.2f} warm_us={results['warm']:.2f}"
        f" cold_vs_raw={results['cold'] / raw:.2f}"
        f" warm_speedup_vs_raw={raw / results['warm']:.1f}"
        f" cold_novel_us={results['cold_novel']:.2f}"
        f" cold_novel_vs_raw={results['cold_novel'] / raw:.2f}"
    )


if __name__ == "__main__":
    main()
