"""Users of the database connection: shape, validation, Auth0's metadata merge, and cleanup."""

from __future__ import annotations

import pytest
from auth0.management.core.api_error import ApiError
from auth0.management.errors import NotFoundError

from auth0_emulator.passwords import check_password
from auth0_emulator.tenant import DATABASE_CONNECTION

from .mgmt_client import RawApi, management_client
from .mgmt_seed import PASSWORD, create_user


def test_a_created_user_has_auth0s_shape(emulator):
    response = RawApi(emulator).post(
        "users",
        {"connection": DATABASE_CONNECTION, "email": "Ann@Example.com", "password": PASSWORD},
    )

    user = response.json()
    local_id = user["user_id"].removeprefix("auth0|")
    assert response.status_code == 201
    assert len(local_id) == 24 and int(local_id, 16) >= 0
    assert user["email"] == "ann@example.com"
    assert user["identities"] == [
        {
            "connection": DATABASE_CONNECTION,
            "user_id": local_id,
            "provider": "auth0",
            "isSocial": False,
        }
    ]
    assert set(user) == {
        "user_id",
        "email",
        "email_verified",
        "name",
        "nickname",
        "picture",
        "identities",
        "created_at",
        "updated_at",
    }


def test_the_password_is_stored_hashed_and_never_shown(emulator):
    client = management_client(emulator)

    user = create_user(client, "ann@example.com")
    stored = emulator.emulator.store.get("users", user.user_id)

    assert check_password(PASSWORD, stored["_password_hash"])
    assert "_password_hash" not in RawApi(emulator).get(f"users/{user.user_id}").json()


def test_a_connection_is_required(emulator):
    response = RawApi(emulator).post("users", {"email": "a@example.com", "password": PASSWORD})

    assert response.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "Payload validation error: 'Missing required property: connection'.",
        "errorCode": "invalid_body",
    }


def test_an_unknown_connection_is_refused(emulator):
    response = RawApi(emulator).post(
        "users", {"connection": "nope", "email": "a@example.com", "password": PASSWORD}
    )

    assert response.status_code == 400
    assert response.json()["errorCode"] == "inexistent_connection"


def test_a_weak_password_is_refused_with_auth0s_message(emulator):
    response = RawApi(emulator).post(
        "users", {"connection": DATABASE_CONNECTION, "email": "a@example.com", "password": "short"}
    )

    assert response.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "PasswordStrengthError: Password is too weak",
    }
    assert emulator.emulator.store.count("users") == 0


def test_an_email_is_used_once_per_connection(emulator):
    client = management_client(emulator)
    create_user(client, "ann@example.com")

    response = RawApi(emulator).post(
        "users",
        {"connection": DATABASE_CONNECTION, "email": "ANN@example.com", "password": PASSWORD},
    )

    assert response.json() == {
        "statusCode": 409,
        "error": "Conflict",
        "message": "The user already exists.",
        "errorCode": "auth0_idp_error",
    }


def test_users_are_found_by_id_by_email_and_by_query(emulator):
    client = management_client(emulator)
    ann = create_user(client, "ann@example.com")
    create_user(client, "bob@example.com")

    by_id = client.users.get(ann.user_id)
    by_email = client.users.list_users_by_email(email="Ann@example.com")
    by_query = list(client.users.list(q='email:"ann@example.com"', search_engine="v3"))

    assert by_id.email == "ann@example.com"
    assert [u.user_id for u in by_email] == [ann.user_id]
    assert [u.user_id for u in by_query] == [ann.user_id]


def test_users_are_listed_by_offset_with_totals(emulator):
    client = management_client(emulator)
    emails = [create_user(client, f"user{n}@example.com").email for n in range(3)]

    pager = client.users.list(page=0, per_page=2, include_totals=True)
    pages = list(pager.iter_pages())

    assert [[u.email for u in page.items] for page in pages] == [emails[:2], emails[2:]]
    second = pages[1].response
    assert (second.start, second.limit, second.length, second.total) == (2, 2, 1, 3)


def test_an_unknown_user_is_auth0s_not_found(emulator):
    response = RawApi(emulator).get("users/auth0|missing")

    assert response.json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "The user does not exist.",
        "errorCode": "inexistent_user",
    }


def test_metadata_merges_at_the_root_only(emulator):
    """Auth0's PATCH: root keys merge, a nested object is replaced whole, null deletes a key."""
    client = management_client(emulator)
    user = create_user(
        client,
        "ann@example.com",
        app_metadata={
            "org_a": {"plan": "pro", "features": ["x", "y"], "v": 1},
            "org_b": {"plan": "free", "v": 1},
            "legacy": True,
        },
    )

    updated = client.users.update(
        user.user_id, app_metadata={"org_a": {"plan": "enterprise", "v": 2}, "legacy": None}
    )

    assert updated.app_metadata == {
        "org_a": {"plan": "enterprise", "v": 2},
        "org_b": {"plan": "free", "v": 1},
    }


def test_user_metadata_merges_the_same_way(emulator):
    client = management_client(emulator)
    user = create_user(client, "ann@example.com", user_metadata={"theme": "dark", "lang": "en"})

    updated = client.users.update(user.user_id, user_metadata={"lang": None, "tz": "UTC"})

    assert updated.user_metadata == {"theme": "dark", "tz": "UTC"}


def test_a_password_change_is_checked_stored_and_dated(emulator):
    client = management_client(emulator)
    user = create_user(client, "ann@example.com")
    api = RawApi(emulator)

    weak = api.patch(f"users/{user.user_id}", {"password": "weak"})
    changed = client.users.update(user.user_id, password="New-Passw0rd!")
    stored = emulator.emulator.store.get("users", user.user_id)

    assert weak.status_code == 400
    assert check_password("New-Passw0rd!", stored["_password_hash"])
    assert changed.last_password_reset is not None


def test_blocking_a_user(emulator):
    client = management_client(emulator)
    user = create_user(client, "ann@example.com")

    assert client.users.update(user.user_id, blocked=True).blocked is True
    assert client.users.get(user.user_id).blocked is True


def test_user_roles_are_assigned_listed_and_removed(emulator):
    client = management_client(emulator)
    user = create_user(client, "ann@example.com")
    role = client.roles.create(name="support", description="Support staff")

    client.users.roles.assign(user.user_id, roles=[role.id])
    assigned = list(client.users.roles.list(user.user_id))
    client.users.roles.delete(user.user_id, roles=[role.id])

    assert [(r.id, r.name) for r in assigned] == [(role.id, "support")]
    assert list(client.users.roles.list(user.user_id)) == []


def _seed_session_and_refresh_token(store, user_id):
    store.put("sessions", "ses_1", {"user_id": user_id, "created_at": "2024-01-01T00:00:00.000Z"})
    store.put("refresh_tokens", "rt_1", {"token_hash": "h", "user_id": user_id, "client_id": "c"})


def test_ending_sessions_and_refresh_tokens_answers_202(emulator):
    # What ending them does to a signed-in person is in test_authorize_login.py (sessions)
    # and test_tokens_refresh.py (refresh tokens).
    client = management_client(emulator)
    store = emulator.emulator.store
    user = create_user(client, "ann@example.com")
    _seed_session_and_refresh_token(store, user.user_id)

    sessions = client.users.sessions.with_raw_response.delete(user.user_id)
    tokens = client.users.refresh_token.with_raw_response.delete(user.user_id)

    assert (sessions.status_code, tokens.status_code) == (202, 202)
    assert (store.count("sessions"), store.count("refresh_tokens")) == (0, 0)
    for end in (client.users.sessions.delete, client.users.refresh_token.delete):
        with pytest.raises(NotFoundError):
            end("auth0|000000000000000000000000")


def test_deleting_a_user_removes_what_hangs_on_it(emulator):
    client = management_client(emulator)
    store = emulator.emulator.store
    user = create_user(client, "ann@example.com")
    org = client.organizations.create(name="acme")
    role = client.roles.create(name="support")
    client.organizations.members.create(org.id, members=[user.user_id])
    client.users.roles.assign(user.user_id, roles=[role.id])
    _seed_session_and_refresh_token(store, user.user_id)

    client.users.delete(user.user_id)

    with pytest.raises(ApiError) as missing:
        client.users.get(user.user_id)
    assert missing.value.status_code == 404
    assert [store.count(c) for c in ("members", "user_roles", "sessions", "refresh_tokens")] == [
        0,
        0,
        0,
        0,
    ]


def test_deleting_an_unknown_user_is_still_204(emulator):
    assert RawApi(emulator).delete("users/auth0|missing").status_code == 204
