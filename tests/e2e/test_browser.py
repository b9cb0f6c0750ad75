"""Real Chromium through Playwright: signing in as people do, screenshots kept for review."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenants.management.commands.demo_seed import DEMO_PASSWORD

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture
def page():
    """A Chromium page. Tests using it stay off the ORM: Playwright's sync API runs its own
    event loop in this thread, where Django refuses (rightly) to open connections."""
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def enter_credentials(page, email: str) -> None:
    """Fill in and send the emulator's login form, as a person would."""
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()


def test_owner_signs_in_through_the_login_page(stack, page):
    page.goto(stack.url("/"))
    shot(page, "01-landing")
    page.get_by_role("link", name="Sign in").first.click()
    page.wait_for_url(f"{stack.emulator.url}/**")
    shot(page, "02-auth0-login")
    enter_credentials(page, "owner@acme.test")
    page.wait_for_url(f"{stack.portal}/t/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Acme Corporation"
    shot(page, "03-acme-dashboard")


def test_person_in_two_tenants_uses_the_tenant_choice(stack, page):
    page.goto(stack.url("/login/"))
    enter_credentials(page, "multi@portal.test")
    page.wait_for_url(f"{stack.portal}/choose-tenant/")
    shot(page, "04-choose-tenant")
    page.get_by_role("link", name="Globex").click()
    page.wait_for_url(f"{stack.portal}/t/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Globex"
    shot(page, "05-globex-dashboard")
    # Switch from the header: another sign-in, no password thanks to the Auth0 session.
    page.locator("details.switcher summary").click()
    shot(page, "06-switcher-open")
    page.get_by_role("link", name="Acme Corporation").click()
    page.wait_for_url(f"{stack.portal}/t/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Acme Corporation"


def test_refusal_page_for_a_non_member(stack, page):
    page.goto(stack.url("/login/?organization=globex"))
    enter_credentials(page, "member@acme.test")
    page.wait_for_url(f"{stack.portal}/complete/**")
    assert "could not sign you in" in page.content()
    shot(page, "07-refused")


def test_small_screen_layout(stack, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(stack.url("/login/?organization=acme"))
    shot(page, "08-auth0-login-mobile")
    enter_credentials(page, "owner@acme.test")
    page.wait_for_url(f"{stack.portal}/t/**")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the dashboard must not scroll sideways on a phone"
    shot(page, "09-dashboard-mobile")
