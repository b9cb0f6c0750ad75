"""Sign-in, sign-out, tenant choice and health: the portal's own pages."""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from social_core.actions import do_auth, do_complete
from social_core.exceptions import AuthConfigurationError, AuthException, SocialAuthBaseException
from social_django.utils import psa

from portal import auth0, health
from portal.auth0_backend import InvalidLoginLink
from portal.tenancy import active_tenant_code, set_active_tenant, sign_in_url
from tenants.selectors import membership_list_for_user

log = logging.getLogger(__name__)

# What an Auth0 invitation link carries; the backend checks them and forwards only the first two.
LOGIN_LINK_PARAMETERS = ("organization", "invitation", "organization_name")


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "portal/landing.html")
    code = active_tenant_code(request)
    if code:
        return redirect("tenants:dashboard", code=code)
    if request.user.is_staff:
        return redirect("billing_plans:support_home")
    return redirect("choose_tenant")


def safe_next_url(request: HttpRequest, candidate: str | None) -> str | None:
    """``next`` is followed only to this site (no ``//host``, ``https:host``, ``/\\host``)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@never_cache
@require_GET
def login(request: HttpRequest) -> HttpResponse:
    """The application login route: Auth0 invitation links and tenant switches land here."""
    query = QueryDict(mutable=True)
    for name in LOGIN_LINK_PARAMETERS:
        if request.GET.get(name):
            query[name] = request.GET[name]
    next_url = safe_next_url(request, request.GET.get(REDIRECT_FIELD_NAME))
    if next_url:
        query[REDIRECT_FIELD_NAME] = next_url
    request.GET = query
    try:
        return _begin(request, "auth0")
    except InvalidLoginLink as problems:
        context = {"reason": str(problems), "restart": False}
        return render(request, "portal/login_error.html", context, status=400)


@psa("social:complete")
def _begin(request: HttpRequest, backend: str) -> HttpResponse:
    return do_auth(request.backend, redirect_name=REDIRECT_FIELD_NAME)


@never_cache
@csrf_exempt  # Auth0 redirects here; the OAuth state parameter is the CSRF protection
@psa("social:complete")
def complete(request: HttpRequest, backend: str) -> HttpResponse:
    try:
        # Every completed sign-in is a new login (never an "association" with the current
        # user): a tenant switch or an invitation accepted as someone else starts afresh.
        return do_complete(
            request.backend, _login_user, user=None, redirect_name=REDIRECT_FIELD_NAME
        )
    # Auth0's invalid_request comes back as AuthConfigurationError, not an AuthException.
    except (AuthException, AuthConfigurationError) as error:
        log.info("sign-in refused: %s (%s)", error.code, error.detail)
        return _sign_in_failed(request, error)
    except requests.RequestException:
        log.exception("Auth0 could not be reached while completing sign-in")
        reason = "The sign-in service could not be reached. Please try again shortly."
        context = {"reason": reason, "restart": True}
        return render(request, "portal/login_error.html", context, status=502)


def _login_user(backend, user, social_user) -> None:
    """social-auth's login hook: Django login (new session key), then the signed-in tenant."""
    request = backend.strategy.request
    user.social_user = social_user
    django_login(request, user, backend="portal.auth0_backend.Auth0Organizations")
    set_active_tenant(request, getattr(user, "signed_in_tenant", None))


def _sign_in_failed(request: HttpRequest, error: SocialAuthBaseException) -> HttpResponse:
    """Explain a refused sign-in; Auth0's own description is shown as the detail.

    Auth0's descriptions (e.g. "user … is not part of the org_… organization") name no secrets
    and are what a person needs to ask the right administrator for access.
    """
    reason, status = SIGN_IN_REFUSALS.get(error.code, (str(error), 400))
    invited_to = _invitation_refused_by_auth0(request.backend, error)
    if invited_to is not None:
        reason = (
            f"The invitation to join {invited_to or 'this organization'} could not be used. "
            "If it has expired or was used already, ask the person who invited you for a new one."
        )
    context = {
        "reason": reason,
        "detail": error.detail,
        "restart": error.recovery in ("restart_login", "reauthenticate"),
    }
    return render(request, "portal/login_error.html", context, status=status)


def _invitation_refused_by_auth0(backend, error: SocialAuthBaseException) -> str | None:
    """The organization name shown by the invitation link whose sign-in Auth0 sent back refused."""
    if error.stage != "callback" or error.provider_code is None:
        return None  # refused by the portal itself, or not at the callback
    return backend.invitation_organization_name()


SIGN_IN_REFUSALS = {
    "authorization_declined": ("Auth0 did not let you in.", 403),
    "invalid_setting": ("Auth0 refused this sign-in request.", 400),
    "membership_required": ("You are not a member of the organization you tried to use.", 403),
}


@never_cache
@require_http_methods(["GET", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """GET asks for confirmation (so a link cannot sign anyone out); POST signs out everywhere."""
    if request.method == "GET":
        return render(request, "portal/logout.html")
    django_logout(request)
    return redirect(auth0.logout_url(return_to=settings.PORTAL_BASE_URL + "/"))


@login_required
def choose_tenant(request: HttpRequest) -> HttpResponse:
    choices = [(m, sign_in_url(m.tenant)) for m in membership_list_for_user(user=request.user)]
    if len(choices) == 1 and choices[0][1] and not request.user.is_staff:
        return redirect(choices[0][1])
    return render(request, "portal/choose_tenant.html", {"choices": choices})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report = health.check_all()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
