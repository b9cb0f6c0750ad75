"""The emulator's post-login runtime: Auth0's api surface, limits, ordering and isolation."""

from __future__ import annotations

import logging
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from auth0_emulator.actions import (
    DeployedAction,
    PostLoginOutcome,
    PostLoginResult,
    execute_post_login,
    run_post_login,
)
from auth0_emulator.tenant import iso_now

from .events import ORG_ID, ROOT, USER_ID, claims_action, contract_claims, event_with_entitlements

TIMEOUT_MS = 5_000
SHORT_TIMEOUT_MS = 200


def action(body: str, name: str = "test action", **secrets: str) -> DeployedAction:
    """An Action whose onExecutePostLogin(event, api) has this body."""
    code = f"exports.onExecutePostLogin = async (event, api) => {{\n{body}\n}};"
    return DeployedAction(name=name, code=code, secrets=secrets)


def run(*actions: DeployedAction, event: dict | None = None, timeout_ms: int = TIMEOUT_MS):
    return execute_post_login(
        list(actions), event or event_with_entitlements({}), timeout_ms=timeout_ms
    )


def test_no_bound_actions_allow_the_login_without_claims():
    assert run() == PostLoginOutcome(PostLoginResult({}, {}, None))


def test_custom_claims_go_to_the_token_they_were_set_on():
    outcome = run(
        action("""
        api.accessToken.setCustomClaim("https://tenant-portal.test/tier", "gold")
           .idToken.setCustomClaim("https://tenant-portal.test/nick", event.user.nickname);
        """)
    )

    assert outcome.result == PostLoginResult(
        access_token_claims={"https://tenant-portal.test/tier": "gold"},
        id_token_claims={"https://tenant-portal.test/nick": "ada"},
        denied=None,
    )


def test_restricted_claims_are_ignored_and_the_login_allowed():
    restricted = [
        "sub", "iss", "aud", "exp", "iat", "scope", "permissions", "org_id", "org_name", "roles",
        "https://tenant.auth0.com/x", "https://auth0.com/x", "https://a.webtask.io/x",
        "http://webtask.run/x",
    ]  # fmt: skip
    allowed = ["https://tenant-portal.test/plan", "https://not-auth0.com/x", "nickname"]
    sets = "\n".join(
        f"api.accessToken.setCustomClaim({name!r}, 1); api.idToken.setCustomClaim({name!r}, 1);"
        for name in restricted + allowed
    )

    result = run(action(sets)).result

    assert result.denied is None
    assert result.access_token_claims == dict.fromkeys(allowed, 1)
    assert result.id_token_claims == dict.fromkeys(allowed, 1)


def test_deny_fails_the_login_with_the_reason_and_runs_no_further_actions():
    outcome = run(
        action('api.accessToken.setCustomClaim("https://t/x", 1); api.access.deny("No entry");'),
        action('throw new Error("must not run");', name="second"),
    )

    assert outcome.result == PostLoginResult({}, {}, "No entry")


def test_deny_keeps_the_metadata_changes_already_requested():
    outcome = run(action('api.user.setAppMetadata("denied_at", "now"); api.access.deny("No");'))

    assert outcome.result.denied == "No"
    assert outcome.app_metadata == {"denied_at": "now"}


@pytest.mark.parametrize(
    "body",
    [
        "while (true) {}",
        "await null; while (true) {}",
        "await new Promise((resolve) => setTimeout(resolve, 1)); while (true) {}",
        "await new Promise(() => {});",
        "await new Promise((resolve) => setTimeout(resolve, 60000));",
    ],
    ids=["loop", "loop-after-await", "loop-in-timer", "await-forever", "long-timer"],
)
def test_time_limit_fails_the_login(body):
    outcome = run(action(body, name="slow"), timeout_ms=SHORT_TIMEOUT_MS)

    assert outcome.result == PostLoginResult(
        {}, {}, "action 'slow' did not finish within the post-login limit of 200 ms"
    )


def test_time_limit_covers_the_whole_trigger():
    # Each Action alone fits the limit with room to spare; both together do not.
    wait = "await new Promise((resolve) => setTimeout(resolve, 400));"

    outcome = run(action(wait, "first"), action(wait, "second"), timeout_ms=600)

    assert outcome.result.denied == (
        "action 'second' did not finish within the post-login limit of 600 ms"
    )


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (
            'exports.onExecutePostLogin = async () => { throw new Error("boom"); };',
            "Error: boom",
        ),
        (
            "exports.onExecutePostLogin = async () => { await null; undefinedThing(); };",
            "ReferenceError: undefinedThing is not defined",
        ),
        ('exports.onExecutePostLogin = () => { throw "plain"; };', "plain"),
        ("exports.onExecutePostLogin = async () => {", "SyntaxError: "),
        ("exports.somethingElse = 1;", "TypeError: module.exports.onExecutePostLogin is not"),
        ('const axios = require("axios");', "ReferenceError: require is not defined"),
    ],
    ids=["throws", "rejects-later", "throws-a-string", "syntax-error", "no-handler", "require"],
)
def test_uncaught_error_fails_the_login(code, reason):
    outcome = run(
        action('api.user.setAppMetadata("seen", true);', name="first"),
        DeployedAction(name="broken", code=code),
    )

    assert outcome.result.denied.startswith(f"action 'broken' failed: {reason}")
    assert outcome.result.access_token_claims == {}
    assert outcome.app_metadata == {}


def test_bound_actions_run_in_order_and_see_earlier_metadata_changes():
    first = action(
        """
        api.user.setAppMetadata("trail", [...(event.user.app_metadata.trail || []), "first"]);
        api.accessToken.setCustomClaim("https://t/last", "first");
        """,
        name="first",
    )
    second = action(
        """
        api.user.setAppMetadata("trail", [...event.user.app_metadata.trail, "second"]);
        api.accessToken.setCustomClaim("https://t/last", "second");
        api.accessToken.setCustomClaim("https://t/trail", event.user.app_metadata.trail);
        """,
        name="second",
    )

    outcome = run(first, second)

    assert outcome.result.access_token_claims == {
        "https://t/last": "second",
        "https://t/trail": ["first", "second"],
    }
    assert outcome.app_metadata == {"trail": ["first", "second"]}


def test_each_action_sees_only_its_own_secrets():
    report = 'api.accessToken.setCustomClaim("https://t/" + NAME, Object.keys(event.secrets));'

    outcome = run(
        action(report.replace("NAME", '"a"'), name="a", A_KEY="1"),
        action(report.replace("NAME", '"b"'), name="b", B_KEY="2"),
    )

    assert outcome.result.access_token_claims == {
        "https://t/a": ["A_KEY"],
        "https://t/b": ["B_KEY"],
    }


def test_metadata_changes_are_collected_with_deletions_as_none():
    outcome = run(
        action("""
        api.user.setAppMetadata("plan_cache", {"v": 3});
        api.user.setAppMetadata("stale", null);
        api.user.setUserMetadata("theme", "dark");
        api.user.setUserMetadata("old", undefined);
        """)
    )

    assert outcome.app_metadata == {"plan_cache": {"v": 3}, "stale": None}
    assert outcome.user_metadata == {"theme": "dark", "old": None}


def test_console_output_goes_to_the_emulator_log(caplog):
    with caplog.at_level(logging.INFO, logger="auth0_emulator.actions"):
        run(action('console.log("checking", event.user.email, {"n": 1});', name="chatty"))

    assert "action 'chatty': checking ada@acme.test {\"n\":1}" in caplog.text


def test_runs_are_isolated_from_each_other():
    polluter = action("""
        globalThis.leaked = event.user.user_id;
        Array.prototype.includes = () => true;
        setTimeout(() => { globalThis.late = true; }, 0);
    """)
    probe = action("""
        api.accessToken.setCustomClaim("https://t/seen", [
            typeof globalThis.leaked, typeof globalThis.late, [1].includes(2),
        ]);
    """)

    run(polluter)
    outcome = run(probe)

    assert outcome.result.access_token_claims == {
        "https://t/seen": ["undefined", "undefined", False]
    }


def test_concurrent_runs_from_several_threads_keep_their_own_data():
    plans = [f"plan-{n}" for n in range(24)]

    def sign_in(plan: str) -> dict:
        event = event_with_entitlements({ORG_ID: {"plan": plan, "features": [], "v": 1}})
        outcome = execute_post_login([claims_action()], event, timeout_ms=TIMEOUT_MS)
        return contract_claims(outcome.result.access_token_claims)

    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(sign_in, plan) for plan in plans]
        claims = [future.result(timeout=60) for future in futures]

    assert [c["plan"] for c in claims] == plans


def test_run_post_login_runs_the_bound_actions_and_saves_metadata(emulator):
    store = emulator.emulator.store
    store.put("users", USER_ID, {
        "user_id": USER_ID,
        "email": "ada@acme.test",
        "app_metadata": {ORG_ID: {"plan": "pro", "features": ["bookings"], "v": 2}, "stale": 1},
        "user_metadata": {"theme": "light"},
        "updated_at": iso_now(0),
    })  # fmt: skip
    claims = store_action(store, claims_action())
    bookkeeping = store_action(
        store,
        action("""
            api.user.setAppMetadata("stale", null).user.setAppMetadata("logins", 1);
            api.user.setUserMetadata("theme", "dark");
        """),
    )
    undeployed = "act_never_deployed"
    store.put("actions", undeployed, {"id": undeployed, "name": "draft", "code": "oops"})
    bind_post_login(store, [bookkeeping, undeployed, claims])
    event = event_with_entitlements(store.get("users", USER_ID)["app_metadata"])

    result = run_post_login(emulator.emulator, event)

    assert contract_claims(result.access_token_claims) == {
        "roles": ["admin", "member"],
        "plan": "pro",
        "features": ["bookings"],
        "ent_v": 2,
    }
    user = store.get("users", USER_ID)
    assert user["app_metadata"] == {
        ORG_ID: {"plan": "pro", "features": ["bookings"], "v": 2},
        "logins": 1,
    }
    assert user["user_metadata"] == {"theme": "dark"}
    assert user["updated_at"] != iso_now(0)


def test_run_post_login_fails_the_login_of_a_misconfigured_deployment(emulator):
    store = emulator.emulator.store
    bind_post_login(store, [store_action(store, DeployedAction("claims", claims_action().code))])

    result = run_post_login(emulator.emulator, event_with_entitlements({}))

    assert result.denied.startswith("Sign-in is misconfigured")


def store_action(store, deployed: DeployedAction) -> str:
    """Save an Action as the Management API leaves it after a deploy; returns its id."""
    action_id = f"act_{len(store.ids('actions'))}"
    store.put("actions", action_id, {
        "id": action_id,
        "name": deployed.name,
        "supported_triggers": [{"id": "post-login", "version": "v3"}],
        "code": deployed.code,
        "runtime": "node22",
        "status": "built",
        "secrets": [{"name": k, "value": v} for k, v in deployed.secrets.items()],
        "_deployed_code": deployed.code,
    })  # fmt: skip
    return action_id


def bind_post_login(store, action_ids: list[str]) -> None:
    bindings = [
        {"id": f"bnd_{n}", "action_id": action_id, "display_name": f"binding {n}"}
        for n, action_id in enumerate(action_ids)
    ]
    store.put("trigger_bindings", "post-login", {"bindings": bindings})


def test_threads_started_before_v8_can_run_actions():
    # A web server's request threads predate V8; only a fresh process can show that.
    script = """
from concurrent.futures import ThreadPoolExecutor
from auth0_emulator.actions import DeployedAction, execute_post_login

echo = DeployedAction("echo", "exports.onExecutePostLogin = async (event, api) => {"
                              " api.idToken.setCustomClaim('n', event.n); };")

def sign_in(n):
    return execute_post_login([echo], {"n": n}, timeout_ms=20000).result.id_token_claims["n"]

with ThreadPoolExecutor(max_workers=6) as pool:
    print(list(pool.map(sign_in, range(60))) == list(range(60)))
"""
    completed = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )

    assert (completed.returncode, completed.stdout.strip()) == (0, "True"), completed.stderr
