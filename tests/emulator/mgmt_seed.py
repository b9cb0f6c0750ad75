"""Tenant data for Management API tests: through the API where the API is under test, straight
into the store where only volume matters."""

from __future__ import annotations

from auth0.management import Auth0

from auth0_emulator.memberships import membership_or_new, membership_save
from auth0_emulator.store import Store
from auth0_emulator.tenant import DATABASE_CONNECTION, iso_now

PASSWORD = "Correct-Horse-9"


def create_user(client: Auth0, email: str, **profile):
    return client.users.create(
        connection=DATABASE_CONNECTION, email=email, password=PASSWORD, **profile
    )


def seed_users(store: Store, count: int) -> list[str]:
    """``count`` users in Auth0's shape, without passwords (hashing would dominate the test)."""
    user_ids = []
    for number in range(count):
        local_id = f"{number:024x}"
        user_id = f"auth0|{local_id}"
        email = f"member{number}@example.com"
        identity = {"connection": DATABASE_CONNECTION, "user_id": local_id, "provider": "auth0"}
        store.put(
            "users",
            user_id,
            {
                "user_id": user_id,
                "email": email,
                "name": email,
                "picture": "https://example.com/p.png",
                "identities": [{**identity, "isSocial": False}],
                "created_at": iso_now(),
            },
        )
        user_ids.append(user_id)
    return user_ids


def seed_memberships(store: Store, org_id: str, user_ids: list[str]) -> None:
    for user_id in user_ids:
        membership_save(store, membership_or_new(store, org_id, user_id))
