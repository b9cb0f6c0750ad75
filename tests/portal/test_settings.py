"""Start-up refuses bad or missing configuration, loudly."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import auth0_base_url, claims_namespace

BASE_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DJANGO_ENV_FILE": "",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 40,
    "AUTH0_CLIENT_ID": "id",
    "AUTH0_CLIENT_SECRET": "secret",
    "AUTH0_MANAGEMENT_CLIENT_ID": "m2m",
    "AUTH0_MANAGEMENT_CLIENT_SECRET": "m2m-secret",
}


def start_django(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )


def test_complete_production_settings_start():
    assert start_django(BASE_ENV).returncode == 0


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "AUTH0_CLIENT_SECRET", "AUTH0_MANAGEMENT_CLIENT_SECRET"]
)
def test_missing_secret_stops_start_up_without_debug(missing):
    env = {k: v for k, v in BASE_ENV.items() if k != missing}
    result = start_django(env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_debug_runs_with_local_defaults():
    env = {
        "PATH": BASE_ENV["PATH"],
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_ENV_FILE": "",
        "DJANGO_DEBUG": "true",
    }
    assert start_django(env).returncode == 0


def test_a_bad_boolean_is_an_error_not_a_default():
    result = start_django({**BASE_ENV, "DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("tenant.eu.auth0.com", "https://tenant.eu.auth0.com"),
        ("127.0.0.1:8001", "http://127.0.0.1:8001"),
        ("localhost:8001", "http://localhost:8001"),
        ("https://login.example.com", "https://login.example.com"),
        ("http://[::1]:8001", "http://[::1]:8001"),
    ],
)
def test_auth0_domain_to_base_url(domain, expected):
    assert auth0_base_url(domain) == expected


@pytest.mark.parametrize(
    "domain", ["http://tenant.eu.auth0.com", "tenant.auth0.com/path", "ftp://x", "", "user@host"]
)
def test_auth0_domain_refused(domain):
    with pytest.raises(ImproperlyConfigured):
        auth0_base_url(domain)


@pytest.mark.parametrize("value", ["https://x.test", "urn:x/", "https://tenant.auth0.com/"])
def test_claims_namespace_refused(value):
    with pytest.raises(ImproperlyConfigured):
        claims_namespace(value)
