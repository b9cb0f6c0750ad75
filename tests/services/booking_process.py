"""Run the booking service in its own process on a free loopback port.

The portal's tests run under the portal's settings; the booking service has its own Django
settings, so it always runs in a subprocess and is only ever spoken to over real HTTP.
"""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 30


class BookingService:
    """``with BookingService(env, workdir) as service: requests.get(service.url + ...)``.

    ``env`` holds the ``SERVICE_AUTH_*`` variables; the database and the log go to ``workdir``.
    """

    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.log_path = workdir / "booking.log"
        self._env = {
            **{
                name: value
                for name, value in os.environ.items()
                if name != "DJANGO_SETTINGS_MODULE"
            },
            "BOOKING_DATABASE_PATH": str(workdir / "booking.sqlite3"),
            **env,
        }
        self._process: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self) -> BookingService:
        with self.log_path.open("w") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "services.booking", "--port", "0"],
                cwd=REPOSITORY,
                env=self._env,
                stdout=subprocess.PIPE,
                stderr=log,  # a file, not a pipe: a full pipe would stall the server
                text=True,
            )
        self.url = self._listening_url()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
        self._process.stdout.close()

    def _listening_url(self) -> str:
        with selectors.DefaultSelector() as selector:
            selector.register(self._process.stdout, selectors.EVENT_READ)
            ready = selector.select(timeout=START_TIMEOUT_SECONDS)
        line = self._process.stdout.readline() if ready else ""
        if "listening on " not in line:
            self.__exit__()
            raise RuntimeError(f"booking service did not start:\n{self.log_path.read_text()}")
        return line.rsplit("listening on ", 1)[1].strip()
