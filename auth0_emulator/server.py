"""Run the emulator on a real socket, in the foreground or in a background thread."""

from __future__ import annotations

import threading

from werkzeug.serving import BaseWSGIServer, make_server

from .app import Emulator
from .config import EmulatorConfig


class EmulatorServer:
    """Binds first (port 0 picks a free port), then builds the tenant for that base URL."""

    def __init__(self, config: EmulatorConfig) -> None:
        self._server: BaseWSGIServer = make_server(
            config.host, config.port, _placeholder, threaded=True
        )
        self.port = self._server.server_port
        self.url = f"http://{config.host}:{self.port}"
        config.port = self.port
        self.emulator = Emulator(config, self.url)
        self._server.app = self.emulator
        self._thread: threading.Thread | None = None

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def start(self) -> EmulatorServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="auth0-emulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self.emulator.close()


def _placeholder(environ, start_response):  # replaced before the first request is served
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]
