"""Sign-in transactions: the /authorize parameters, kept server-side between login pages.

The pages carry only the transaction id (Auth0's ``state`` on ``/u/...``). A transaction is
bound to the browser that started it through the ``did`` (device id) cookie, which is
SameSite=Lax: a form posted from another site arrives without it and is refused, so nobody can
complete a sign-in in someone else's browser (login CSRF).
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import asdict, dataclass

from werkzeug.wrappers import Request, Response

from ..tenant import new_id
from .browser import ErrorPage, ReplyTo

COLLECTION = "transactions"
DEVICE_COOKIE = "did"
LIFETIME_SECONDS = 3600


@dataclass
class Transaction:
    id: str
    device_id: str
    client_id: str
    redirect_uri: str
    response_mode: str
    state: str | None
    nonce: str | None
    scopes: list[str]
    audience: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    organization_id: str | None
    invitation: str | None
    login_hint: str | None
    force_login: bool
    no_interaction: bool
    created_at: float
    # The /authorize request: {method, query, body}, shown to the Post-Login Actions.
    initiating_request: dict
    # Filled in once the person is known.
    user_id: str | None = None
    auth_time: int | None = None
    session_id: str | None = None

    @property
    def reply_to(self) -> ReplyTo:
        return ReplyTo(self.redirect_uri, self.state, self.response_mode)


def transaction_new(request: Request, **parameters) -> Transaction:
    """A sign-in started by ``request``, the browser's call to /authorize."""
    return Transaction(
        id=new_id("", 32),
        device_id=request.cookies.get(DEVICE_COOKIE) or secrets.token_urlsafe(24),
        created_at=time.time(),
        initiating_request={
            "method": request.method,
            "query": request.args.to_dict(),
            "body": request.form.to_dict(),
        },
        **parameters,
    )


def transaction_save(emulator, transaction: Transaction) -> None:
    store = emulator.store
    expired_before = time.time() - LIFETIME_SECONDS
    store.delete_where(COLLECTION, lambda doc: doc["created_at"] < expired_before)
    store.put(COLLECTION, transaction.id, asdict(transaction))


def transaction_load(emulator, request: Request) -> Transaction:
    """The transaction a login page is for; refused unless this browser started it."""
    doc = emulator.store.get(COLLECTION, request.values.get("state", ""))
    if doc is None or doc["created_at"] < time.time() - LIFETIME_SECONDS:
        raise ErrorPage("This sign-in has expired. Go back to the application and sign in again.")
    if not hmac.compare_digest(doc["device_id"], request.cookies.get(DEVICE_COOKIE, "")):
        raise ErrorPage(
            "This sign-in was started in another browser. "
            "Go back to the application and sign in again."
        )
    return Transaction(**doc)


def transaction_end(emulator, transaction: Transaction) -> None:
    emulator.store.delete(COLLECTION, transaction.id)


def remember_device(response: Response, transaction: Transaction) -> Response:
    response.set_cookie(
        DEVICE_COOKIE,
        transaction.device_id,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
    )
    return response
