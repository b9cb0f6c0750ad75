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
    "AUTH0_DOMAIN": "tenant.eu.auth0.com",
    "AUTH0_CLIENT_ID": "id",
    "AUTH0_CLIENT_SECRET": "secret",
    "AUTH0_MANAGEMENT_CLIENT_ID": "m2m",
    "AUTH0_MANAGEMENT_CLIENT_SECRET": "m2m-secret",
}


def start_django(env: dict, then: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {then}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )


def test_complete_production_settings_start():
    assert start_django(BASE_ENV).returncode == 0


REQUIRED_WITHOUT_DEBUG = [
    "DJANGO_SECRET_KEY",
    "AUTH0_DOMAIN",
    "AUTH0_CLIENT_ID",
    "AUTH0_CLIENT_SECRET",
    "AUTH0_MANAGEMENT_CLIENT_ID",
    "AUTH0_MANAGEMENT_CLIENT_SECRET",
]


@pytest.mark.parametrize("missing", REQUIRED_WITHOUT_DEBUG)
def test_missing_value_stops_start_up_without_debug(missing):
    env = {k: v for k, v in BASE_ENV.items() if k != missing}
    result = start_django(env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


@pytest.mark.parametrize("required", REQUIRED_WITHOUT_DEBUG)
@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_value_is_as_missing_as_an_absent_one(required, value):
    result = start_django({**BASE_ENV, required: value})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: Set the {required} environment variable" in result.stderr


def test_debug_runs_with_local_defaults():
    env = {
        "PATH": BASE_ENV["PATH"],
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_ENV_FILE": "",
        "DJANGO_DEBUG": "true",
        "AUTH0_CLIENT_SECRET": "",  # empty: the local default, as the emulator reads it too
    }
    result = start_django(
        env,
        "from django.conf import settings as s; print(s.AUTH0_BASE_URL, s.AUTH0_CLIENT_SECRET)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["http://127.0.0.1:8001", "tenant-portal-local-secret"]


@pytest.mark.parametrize("variable", ["AUTH0_DOMAIN", "AUTH0_MANAGEMENT_DOMAIN"])
@pytest.mark.parametrize(
    "domain", ["127.0.0.1:abc", "tenant.eu.auth0.com:0", "not a domain", "http://tenant.test"]
)
def test_a_bad_auth0_domain_stops_start_up(variable, domain):
    result = start_django({**BASE_ENV, variable: domain})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {variable}" in result.stderr


def test_a_custom_domain_keeps_the_management_api_on_the_canonical_one():
    env = {
        **BASE_ENV,
        "AUTH0_DOMAIN": "login.example.com",
        "AUTH0_MANAGEMENT_DOMAIN": "tenant.eu.auth0.com",
    }
    result = start_django(
        env, "from portal import auth0; print(auth0.issuer(), auth0.management_audience())"
    )
    assert result.stdout.split() == [
        "https://login.example.com/",
        "https://tenant.eu.auth0.com/api/v2/",
    ], result.stderr


@pytest.mark.parametrize(
    ("soft", "hard", "named"),
    [
        ("0", "360", "CELERY_TASK_SOFT_TIME_LIMIT"),
        ("300", "-5", "CELERY_TASK_TIME_LIMIT"),
        ("five", "360", "CELERY_TASK_SOFT_TIME_LIMIT"),
        ("360", "360", "CELERY_TASK_SOFT_TIME_LIMIT (360) must be less than"),
        ("400", "360", "CELERY_TASK_SOFT_TIME_LIMIT (400) must be less than"),
    ],
)
def test_celery_time_limits_are_positive_and_soft_before_hard(soft, hard, named):
    env = {**BASE_ENV, "CELERY_TASK_SOFT_TIME_LIMIT": soft, "CELERY_TASK_TIME_LIMIT": hard}
    result = start_django(env)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {named}" in result.stderr


def test_celery_time_limits_are_read():
    env = {**BASE_ENV, "CELERY_TASK_SOFT_TIME_LIMIT": "50", "CELERY_TASK_TIME_LIMIT": "60"}
    result = start_django(
        env,
        "from django.conf import settings as s; "
        "print(s.CELERY_TASK_SOFT_TIME_LIMIT, s.CELERY_TASK_TIME_LIMIT)",
    )
    assert result.stdout.split() == ["50", "60"], result.stderr


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
    "domain",
    [
        "http://tenant.eu.auth0.com",
        "tenant.auth0.com/path",
        "ftp://x",
        "",
        "user@host",
        "127.0.0.1:abc",
        "127.0.0.1:0",
        "127.0.0.1:70000",
        "127.0.0.1:",
        "tenant auth0.com",
        "tenant..auth0.com",
        "-tenant.auth0.com",
        "tenant_1.auth0.com",
        "https://",
    ],
)
def test_auth0_domain_refused(domain):
    with pytest.raises(ImproperlyConfigured):
        auth0_base_url(domain)


@pytest.mark.parametrize("value", ["https://x.test", "urn:x/", "https://tenant.auth0.com/"])
def test_claims_namespace_refused(value):
    with pytest.raises(ImproperlyConfigured):
        claims_namespace(value)
