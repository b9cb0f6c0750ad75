"""``python -m auth0_emulator --host 127.0.0.1 --port 8001 --state var/emulator.sqlite3``"""

from __future__ import annotations

import argparse
import contextlib
import logging

from .config import BURST, RATE, SHARE, EmulatorConfig, Reading
from .server import EmulatorServer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="auth0_emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--state", help="SQLite file that keeps the tenant across restarts")
    parser.add_argument("--rate-limit", type=_flag(RATE), help="Management API requests per second")
    parser.add_argument("--burst", type=_flag(BURST), help="Management API bucket size")
    parser.add_argument(
        "--fault-rate", type=_flag(SHARE), help="share of Management calls that fail (0 to 1)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s emulator %(message)s")
    config = EmulatorConfig.from_env(
        host=args.host,
        port=args.port,
        state_path=args.state,
        rate_limit=args.rate_limit,
        burst=args.burst,
        fault_rate=args.fault_rate,
    )
    server = EmulatorServer(config)
    print(f"Auth0 emulator listening on {server.url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the way to stop it
        server.serve_forever()


def _flag(reading: Reading):
    """An argparse type that refuses a bad value with the reading's message."""

    def read(raw: str):
        try:
            return reading.read(raw)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return read


if __name__ == "__main__":
    main()
