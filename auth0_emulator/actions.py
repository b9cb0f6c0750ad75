"""The post-login trigger: runs the deployed JavaScript of the bound Actions, as Auth0 does.

Every login gets a fresh V8 isolate (mini-racer). Reusing one isolate per thread would cost
about 1.5 ms a run against about 10 ms with a fresh one (5 ms of it creating the isolate), but
only a fresh isolate guarantees that nothing an Action leaves behind (globals, patched
prototypes, pending timers, a runaway loop) reaches the next login, and an isolate that ran
out of time is simply thrown away. Nothing is shared between runs, so concurrent logins on the
threaded server need no locking here.

The Actions bound to one login share its isolate, each in its own CommonJS-style module scope,
and run in binding order within one time budget for the whole trigger, as on Auth0. Claims and
metadata changes are collected; metadata changes are shown to the following Actions in
``event.user`` and written to the user once the trigger has run, even when an Action denied the
login. A timeout or an uncaught error fails the login and discards the collected changes.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from py_mini_racer import (
    DEFAULT_V8_FLAGS,
    JSEvalException,
    JSTimeoutException,
    MiniRacer,
    init_mini_racer,
)

from .metadata import merge_metadata
from .store import Store
from .tenant import iso_now

if TYPE_CHECKING:
    from .app import Emulator

log = logging.getLogger("auth0_emulator.actions")

POST_LOGIN = "post-login"

# Claims an Action may not set; Auth0 drops them without failing the login. From Auth0's
# "Create Custom Claims" restrictions, plus ``scope``, which Auth0 computes itself.
RESTRICTED_CLAIMS = frozenset({
    "acr", "act", "active", "amr", "at_hash", "ath", "attest", "aud", "auth_time",
    "authorization_details", "azp", "c_hash", "client_id", "cnf", "cty", "dest", "entitlements",
    "events", "exp", "groups", "gty", "htm", "htu", "iat", "internalService", "iss", "jcard",
    "jku", "jti", "jwe", "jwk", "kid", "may_act", "mky", "nbf", "nonce", "object_id", "org_id",
    "org_name", "orig", "origid", "permissions", "roles", "rph", "s_hash", "scope", "sid",
    "sip_callid", "sip_cseq_num", "sip_date", "sip_from_tag", "sip_via_branch", "sub", "sub_jwk",
    "toe", "txn", "typ", "uuid", "vot", "vtm", "x5t#S256",
})  # fmt: skip

# Namespaces Auth0 keeps for itself, subdomains included.
RESTRICTED_NAMESPACE_HOSTS = ("auth0.com", "webtask.io", "webtask.run")

# V8 guards its code memory with the CPU's memory protection keys. A thread inherits its key
# rights from the thread that created it, so isolates made on threads that do not descend from
# the one that started V8 (the server's request threads, say) crash. Without keys, any will do.
_V8_FLAGS = (*DEFAULT_V8_FLAGS, "--no-memory-protection-keys")

# Held while V8 starts; see _start_v8.
_v8_start_lock = threading.Lock()
_v8_started = False

# The ``api`` and ``console`` an Action sees, and the bookkeeping Python reads back. ``start``
# only queues the Action and returns a 4-byte SharedArrayBuffer that is set once it has
# settled. Python watches those bytes instead of evaluating anything while the Action may still
# run, so an Action stuck in a loop never has a Python call waiting behind it: when time is up
# the isolate is simply closed.
_RUNTIME_JS = """
function postLoginTrigger(event) {
  const pending = { accessToken: {}, idToken: {}, appMetadata: {}, userMetadata: {} };
  let denied = null;
  let error = null;
  let logs = [];

  const describe = (value) =>
    value instanceof Error ? `${value.name}: ${value.message}` : String(value);
  const format = (value) =>
    typeof value === "object" && value !== null && !(value instanceof Error)
      ? JSON.stringify(value)
      : describe(value);
  const record = (...args) => { logs.push(args.map(format).join(" ")); };
  globalThis.console = { log: record, info: record, warn: record, error: record, debug: record };

  function setMetadata(field, updates, name, value) {
    const merged = { ...event.user[field] };
    if (value === undefined || value === null) {
      delete merged[name];
    } else {
      merged[name] = value;
    }
    event.user[field] = merged;
    updates[name] = value === undefined ? null : value;
  }

  const api = {
    access: { deny(reason) { denied = String(reason); return api; } },
    accessToken: { setCustomClaim(name, value) { pending.accessToken[name] = value; return api; } },
    idToken: { setCustomClaim(name, value) { pending.idToken[name] = value; return api; } },
    user: {
      setAppMetadata(name, value) {
        setMetadata("app_metadata", pending.appMetadata, name, value);
        return api;
      },
      setUserMetadata(name, value) {
        setMetadata("user_metadata", pending.userMetadata, name, value);
        return api;
      },
    },
  };

  function runModule(source, secrets) {
    const module = { exports: {} };
    new Function("exports", "module", source)(module.exports, module);
    return module.exports.onExecutePostLogin({ ...event, secrets }, api);
  }

  return {
    start(source, secrets) {
      const settled = new Int32Array(new SharedArrayBuffer(4));
      Promise.resolve()
        .then(() => runModule(source, secrets))
        .then(() => null, describe)
        .then((failure) => { error = failure; Atomics.store(settled, 0, 1); });
      return settled.buffer;
    },
    report() {
      const report = { ...pending, denied, error, logs };
      logs = [];
      return report;
    },
  };
}
"""


@dataclass(frozen=True)
class PostLoginResult:
    access_token_claims: dict
    id_token_claims: dict
    denied: str | None  # reason given to api.access.deny, None when allowed


@dataclass(frozen=True)
class DeployedAction:
    name: str
    code: str
    secrets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PostLoginOutcome:
    """What a trigger run produced: the result, and the metadata changes still to be saved."""

    result: PostLoginResult
    app_metadata: dict = field(default_factory=dict)  # root-level keys; None deletes a key
    user_metadata: dict = field(default_factory=dict)

    @classmethod
    def failed(cls, reason: str) -> PostLoginOutcome:
        return cls(PostLoginResult({}, {}, reason))


class _ActionFailed(Exception):
    """An Action threw, timed out or could not be loaded; the login fails with this message."""


def run_post_login(emulator: Emulator, event: dict) -> PostLoginResult:
    """Run the Actions bound to post-login for ``event`` (Auth0's post-login event object).

    Saves the metadata changes the Actions asked for to the user ``event["user"]["user_id"]``
    and returns the claims for the tokens, or the reason the login was denied or failed.
    """
    actions = _bound_actions(emulator.store, POST_LOGIN)
    outcome = execute_post_login(actions, event, timeout_ms=emulator.config.action_timeout_ms)
    _save_metadata(emulator.store, event["user"]["user_id"], outcome)
    return outcome.result


def execute_post_login(
    actions: list[DeployedAction], event: dict, *, timeout_ms: int
) -> PostLoginOutcome:
    """Run ``actions`` in order on ``event`` within ``timeout_ms`` for all of them."""
    if not actions:
        return PostLoginOutcome(PostLoginResult({}, {}, None))
    deadline = _Deadline.after(timeout_ms)
    try:
        with _new_isolate() as racer:
            report = _run_trigger(racer, actions, event, deadline)
    except _ActionFailed as failure:
        log.warning("post-login failed: %s", failure)
        return PostLoginOutcome.failed(str(failure))
    return _outcome(report)


def _bound_actions(store: Store, trigger_id: str) -> list[DeployedAction]:
    """The deployed Actions bound to a trigger, in binding order."""
    bindings = (store.get("trigger_bindings", trigger_id) or {}).get("bindings", [])
    actions = (_deployed_action(store, binding) for binding in bindings)
    return [action for action in actions if action is not None]


def _deployed_action(store: Store, binding: dict) -> DeployedAction | None:
    action = store.get("actions", binding["action_id"])
    if action is None or "_deployed_code" not in action:
        log.warning("binding %s has no deployed action; skipped", binding["id"])
        return None
    return DeployedAction(
        name=binding.get("display_name") or action["name"],
        code=action["_deployed_code"],
        secrets={secret["name"]: secret["value"] for secret in action.get("secrets", [])},
    )


def _save_metadata(store: Store, user_id: str, outcome: PostLoginOutcome) -> None:
    """Merge the metadata changes into the user, as PATCH /api/v2/users/{id} does."""
    if not outcome.app_metadata and not outcome.user_metadata:
        return
    with store.lock:
        user = store.get("users", user_id)
        if user is None:  # deleted while signing in
            return
        user["app_metadata"] = merge_metadata(user.get("app_metadata"), outcome.app_metadata)
        user["user_metadata"] = merge_metadata(user.get("user_metadata"), outcome.user_metadata)
        user["updated_at"] = iso_now()
        store.put("users", user_id, user)


def _new_isolate() -> MiniRacer:
    _start_v8()
    return MiniRacer()


def _start_v8() -> None:
    """Start V8 and run its first isolate, with a SharedArrayBuffer as the runtime uses, alone.

    V8 sets up a process-wide memory pool as its first isolate runs. Two first isolates on two
    request threads can both try, which V8 treats as fatal (``Check failed:
    !IsConfigurablePoolInitialized()``): the whole emulator would abort.
    """
    global _v8_started
    with _v8_start_lock:
        if _v8_started:
            return
        init_mini_racer(flags=_V8_FLAGS, ignore_duplicate_init=True)  # only the first call counts
        with MiniRacer() as racer:
            racer.eval("new SharedArrayBuffer(4).byteLength")
        _v8_started = True


@dataclass(frozen=True)
class _Deadline:
    limit_ms: int
    ends_at: float  # time.monotonic()

    @classmethod
    def after(cls, limit_ms: int) -> _Deadline:
        return cls(limit_ms, time.monotonic() + limit_ms / 1000)

    def seconds_left(self) -> float:
        return max(self.ends_at - time.monotonic(), 0.0)


def _run_trigger(
    racer: MiniRacer, actions: list[DeployedAction], event: dict, deadline: _Deadline
) -> dict:
    _evaluate(racer, _RUNTIME_JS, "the Actions runtime", deadline)
    _evaluate(racer, f"var trigger = postLoginTrigger({_js(event)});", "the event", deadline)
    for action in actions:
        report = _run_action(racer, action, deadline)
        if report["denied"] is not None:
            break  # Auth0 runs no further Actions after a denial
    return report


def _run_action(racer: MiniRacer, action: DeployedAction, deadline: _Deadline) -> dict:
    subject = f"action {action.name!r}"
    start = f"trigger.start({_js(action.code)}, {_js(action.secrets)})"
    if not _wait_until_set(_evaluate(racer, start, subject, deadline), deadline):
        raise _ActionFailed(_timeout_message(subject, deadline))
    report = json.loads(_evaluate(racer, "JSON.stringify(trigger.report())", subject, deadline))
    for line in report["logs"]:
        log.info("%s: %s", subject, line)
    if report["error"] is not None:
        raise _ActionFailed(f"{subject} failed: {report['error']}")
    return report


def _evaluate(racer: MiniRacer, code: str, subject: str, deadline: _Deadline) -> Any:
    try:
        return racer.eval(code, timeout_sec=deadline.seconds_left())
    except JSTimeoutException:
        raise _ActionFailed(_timeout_message(subject, deadline)) from None
    except JSEvalException as error:
        raise _ActionFailed(f"{subject} could not be run: {error}") from None


def _wait_until_set(flag: memoryview, deadline: _Deadline) -> bool:
    # The flag lives in the isolate's memory and is written by its thread; a plain read is
    # enough because it only ever changes once, from zeros to non-zero.
    pause = 0.00005
    while not any(flag):
        if deadline.seconds_left() == 0:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 0.002)
    return True


def _timeout_message(subject: str, deadline: _Deadline) -> str:
    return f"{subject} did not finish within the post-login limit of {deadline.limit_ms} ms"


def _outcome(report: dict) -> PostLoginOutcome:
    denied = report["denied"]
    result = PostLoginResult(
        access_token_claims={} if denied is not None else _allowed_claims(report["accessToken"]),
        id_token_claims={} if denied is not None else _allowed_claims(report["idToken"]),
        denied=denied,
    )
    return PostLoginOutcome(result, report["appMetadata"], report["userMetadata"])


def _allowed_claims(claims: dict) -> dict:
    allowed = {}
    for name, value in claims.items():
        if _is_restricted(name):
            log.warning("claim %r is restricted by Auth0 and was left out", name)
        else:
            allowed[name] = value
    return allowed


def _is_restricted(claim: str) -> bool:
    if claim in RESTRICTED_CLAIMS:
        return True
    host = urlsplit(claim).hostname or ""
    return any(host == h or host.endswith("." + h) for h in RESTRICTED_NAMESPACE_HOSTS)


def _js(value: Any) -> str:
    """A JSON value as a JavaScript expression."""
    return json.dumps(value)
