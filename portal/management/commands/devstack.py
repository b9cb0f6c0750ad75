"""``manage.py devstack`` (what ``make run`` runs): the whole product on one machine.

Migrates, starts the Auth0 emulator when ``AUTH0_DOMAIN`` is a loopback address, sets the
tenant up, loads the demo data, then runs a Celery worker with beat and the portal until
Ctrl-C, which stops all of them. The ports are those of ``PORTAL_BASE_URL`` (or ``--port``)
and ``AUTH0_DOMAIN``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal.celery import app as celery_app
from portal.env import is_loopback
from tenants.management.commands.demo_seed import DEMO_PASSWORD, PEOPLE

STARTUP_TIMEOUT_SECONDS = 30


class Command(BaseCommand):
    help = "Run the emulator (if local), a Celery worker with beat and the portal together."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=_port(settings.PORTAL_BASE_URL),
            help="where the portal listens on 127.0.0.1 (default: PORTAL_BASE_URL's port); "
            "browsers and Auth0 still use PORTAL_BASE_URL, e.g. through a proxy",
        )

    def handle(self, *args, port: int, **options):
        auth0 = urlsplit(settings.AUTH0_BASE_URL)
        emulated = is_loopback(auth0.hostname or "")
        _refuse_busy_port(port, "the portal")
        if emulated:
            _refuse_busy_port(auth0.port or 80, "the Auth0 emulator")
        # Ctrl-C and `kill` both stop the whole stack, even when started in the background
        # (where a shell hands the process SIGINT already ignored).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        children: list[subprocess.Popen] = []
        try:
            call_command("migrate", interactive=False, verbosity=0)
            if emulated:
                children.append(self._start_emulator(auth0.hostname, auth0.port or 80))
            call_command("auth0_bootstrap")
            if emulated:
                call_command("demo_seed")
            worker = _spawn(_celery_command())
            children.append(worker)
            portal = _spawn(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
            )
            children.append(portal)
            healthz = f"http://127.0.0.1:{port}/healthz"
            _wait_until(portal, lambda: _answers(healthz), healthz)
            _wait_until(worker, _worker_answers, "The Celery worker")
            # Last, so the children's start-up logs do not scroll it away.
            self._print_banner(port, emulated)
            _wait_for_first_exit(children)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            for child in children:
                _stop(child)

    def _start_emulator(self, host: str, port: int) -> subprocess.Popen:
        child = _spawn(
            [
                sys.executable,
                "-m",
                "auth0_emulator",
                "--host",
                host,
                "--port",
                str(port),
                "--state",
                str(settings.VAR_DIR / "emulator.sqlite3"),
            ]
        )
        discovery = f"http://{host}:{port}/.well-known/openid-configuration"
        _wait_until(child, lambda: _answers(discovery), discovery)
        return child

    def _print_banner(self, port: int, emulated: bool) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"\nTenant portal: {settings.PORTAL_BASE_URL}/"))
        if port != _port(settings.PORTAL_BASE_URL):
            out.write(f"(listening on 127.0.0.1:{port})")
        if emulated:
            out.write(
                f"Auth0 emulator: {settings.AUTH0_BASE_URL}/ "
                f"(invitation emails: {settings.AUTH0_BASE_URL}/emulator/outbox)"
            )
            out.write(f"\nDemo sign-ins, all with password {DEMO_PASSWORD} (local demo data only):")
            for email, _name, roles_by_tenant, staff in PEOPLE:
                roles = ", ".join(f"{'/'.join(r)} of {t}" for t, r in roles_by_tenant.items())
                out.write(f"  {email:<22} {roles or ''}{'support staff' if staff else ''}")
        out.write("\nPress Ctrl-C to stop.\n")


def _port(url: str) -> int:
    parts = urlsplit(url)
    return parts.port or (443 if parts.scheme == "https" else 80)


def _refuse_busy_port(port: int, what: str) -> None:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise CommandError(
                f"Port {port} is already in use, so {what} cannot start. "
                "Is another `make run` still running?"
            )


def _celery_command() -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "--beat",
        "--loglevel",
        "INFO",
        "--concurrency",
        "2",
        "--schedule",
        settings.CELERY_BEAT_SCHEDULE_FILENAME,
    ]


def _spawn(command: list[str]) -> subprocess.Popen:
    # Own process group, so stopping a child also stops anything it started.
    return subprocess.Popen(  # noqa: S603 — fixed commands built from sys.executable
        command, cwd=settings.BASE_DIR, env=_child_environment(), start_new_session=True
    )


def _child_environment() -> dict[str, str]:
    """The environment plus the portal's effective Auth0 settings, whatever their source.

    The emulator reads only the environment, not ``.env`` nor the portal's DEBUG defaults, so
    without these it would register other clients than the ones the portal signs in with.
    """
    return {
        **os.environ,
        "PORTAL_BASE_URL": settings.PORTAL_BASE_URL,
        "AUTH0_CLIENT_ID": settings.AUTH0_CLIENT_ID,
        "AUTH0_CLIENT_SECRET": settings.AUTH0_CLIENT_SECRET,
        "AUTH0_MANAGEMENT_CLIENT_ID": settings.AUTH0_MANAGEMENT_CLIENT_ID,
        "AUTH0_MANAGEMENT_CLIENT_SECRET": settings.AUTH0_MANAGEMENT_CLIENT_SECRET,
    }


def _wait_until(child: subprocess.Popen, ready: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise CommandError(f"{' '.join(child.args[:3])} exited with {child.returncode}.")
        if ready():
            return
        time.sleep(0.2)
    raise CommandError(f"{what} did not answer within {STARTUP_TIMEOUT_SECONDS} s.")


def _answers(url: str) -> bool:
    try:
        requests.get(url, timeout=2)
        return True  # answering at all is ready; /healthz reports the details
    except requests.ConnectionError:
        return False


def _worker_answers() -> bool:
    """A ping through the broker: the worker is consuming, not just started."""
    return bool(celery_app.control.ping(timeout=1.0))


def _wait_for_first_exit(children: list[subprocess.Popen]) -> None:
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    stopped = next(child for child in children if child.poll() is not None)
    raise CommandError(
        f"{' '.join(map(str, stopped.args[:4]))} stopped "
        f"(exit {stopped.returncode}); stopping the rest."
    )


def _stop(child: subprocess.Popen) -> None:
    """Ask the child to stop (Celery then shuts its pool down warmly); kill its group if not."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
