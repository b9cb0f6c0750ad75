"""``python -m services.booking --port 8002``: migrate the service's database, then serve it."""

from __future__ import annotations

import argparse
import contextlib
import os
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from werkzeug.serving import make_server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m services.booking", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8002, help="0 picks a free port")
    args = parser.parse_args(argv)
    # Forced, not defaulted: a shell configured for the portal must not start the portal here.
    os.environ["DJANGO_SETTINGS_MODULE"] = "services.booking.settings"
    django.setup()
    Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    server = make_server(args.host, args.port, get_wsgi_application(), threaded=True)
    print(f"Booking service listening on http://{args.host}:{server.server_port}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
