"""Organization members and their roles, including paging through thousands of members."""

from __future__ import annotations

import pytest
from auth0.management.core.api_error import ApiError

from .mgmt_client import RawApi, management_client
from .mgmt_seed import create_user, seed_memberships, seed_users

MEMBER_COUNT = 2500


@pytest.fixture
def tenant(emulator):
    """An organization, two users and a role, made through the API."""
    client = management_client(emulator)
    org = client.organizations.create(name="acme")
    ann = create_user(client, "ann@example.com")
    bob = create_user(client, "bob@example.com")
    role = client.roles.create(name="admin", description="Administers")
    return client, org, ann, bob, role


def test_members_are_added_listed_and_removed(tenant):
    client, org, ann, bob, _ = tenant

    client.organizations.members.create(org.id, members=[ann.user_id, bob.user_id])
    listed = list(client.organizations.members.list(org.id))
    client.organizations.members.delete(org.id, members=[ann.user_id])
    remaining = list(client.organizations.members.list(org.id))

    assert {m.user_id for m in listed} == {ann.user_id, bob.user_id}
    assert {m.email for m in listed} == {"ann@example.com", "bob@example.com"}
    assert [m.user_id for m in remaining] == [bob.user_id]


def test_adding_twice_keeps_one_membership(tenant, emulator):
    client, org, ann, _, _ = tenant

    client.organizations.members.create(org.id, members=[ann.user_id])
    client.organizations.members.create(org.id, members=[ann.user_id])

    assert emulator.emulator.store.count("members") == 1


def test_adding_an_unknown_user_changes_nothing(tenant, emulator):
    _, org, ann, _, _ = tenant
    api = RawApi(emulator)

    response = api.post(f"organizations/{org.id}/members", {"members": [ann.user_id, "auth0|x"]})

    assert response.status_code == 400
    assert response.json()["message"] == "One or more of the users do not exist."
    assert emulator.emulator.store.count("members") == 0


def test_member_writes_answer_204_without_a_body(tenant, emulator):
    _, org, ann, _, _ = tenant
    api = RawApi(emulator)

    added = api.post(f"organizations/{org.id}/members", {"members": [ann.user_id]})
    removed = api.delete(f"organizations/{org.id}/members", {"members": [ann.user_id]})

    assert (added.status_code, added.content) == (204, b"")
    assert (removed.status_code, removed.content) == (204, b"")


def test_member_roles_are_assigned_listed_and_removed(tenant):
    client, org, ann, _, role = tenant
    client.organizations.members.create(org.id, members=[ann.user_id])
    member_roles = client.organizations.members.roles

    member_roles.assign(org.id, ann.user_id, roles=[role.id])
    assigned = list(member_roles.list(org.id, ann.user_id))
    member_roles.delete(org.id, ann.user_id, roles=[role.id])

    assert [(r.id, r.name, r.description) for r in assigned] == [(role.id, "admin", "Administers")]
    assert list(member_roles.list(org.id, ann.user_id)) == []


def test_roles_given_before_membership_make_the_member(tenant):
    """As recorded from Auth0: assigning roles first, then adding the member, keeps the roles."""
    client, org, ann, _, role = tenant

    client.organizations.members.roles.assign(org.id, ann.user_id, roles=[role.id])
    client.organizations.members.create(org.id, members=[ann.user_id])
    members = list(client.organizations.members.list(org.id, fields="user_id,roles"))

    assert [(m.user_id, [(r.id, r.name) for r in m.roles]) for m in members] == [
        (ann.user_id, [(role.id, "admin")])
    ]


def test_fields_select_what_a_member_shows(tenant, emulator):
    client, org, ann, _, _ = tenant
    client.organizations.members.create(org.id, members=[ann.user_id])
    api = RawApi(emulator)

    included = api.get(f"organizations/{org.id}/members", params={"fields": "email"})
    excluded = api.get(
        f"organizations/{org.id}/members", params={"fields": "email", "include_fields": "false"}
    )

    assert included.json() == [{"email": "ann@example.com"}]
    assert set(excluded.json()[0]) == {"user_id", "name", "picture"}


def test_an_unknown_role_is_not_assigned(tenant, emulator):
    _, org, ann, _, _ = tenant

    response = RawApi(emulator).post(
        f"organizations/{org.id}/members/{ann.user_id}/roles", {"roles": ["rol_missing"]}
    )

    assert response.status_code == 404
    assert response.json()["message"] == "The role does not exist."
    assert emulator.emulator.store.count("members") == 0


def test_deleting_a_user_ends_the_membership(tenant, emulator):
    client, org, ann, _, _ = tenant
    client.organizations.members.create(org.id, members=[ann.user_id])

    client.users.delete(ann.user_id)

    assert list(client.organizations.members.list(org.id)) == []


def test_members_of_an_unknown_organization_are_not_found(emulator):
    client = management_client(emulator)

    with pytest.raises(ApiError) as error:
        list(client.organizations.members.list("org_missing"))

    assert error.value.status_code == 404


@pytest.fixture
def big_organization(emulator):
    store = emulator.emulator.store
    org = management_client(emulator).organizations.create(name="big")
    user_ids = seed_users(store, MEMBER_COUNT)
    seed_memberships(store, org.id, user_ids)
    return org, user_ids


def test_checkpoint_pagination_walks_every_member_once(emulator, big_organization):
    org, user_ids = big_organization
    client = management_client(emulator)

    pages = list(client.organizations.members.list(org.id, take=100).iter_pages())
    seen = [member.user_id for page in pages for member in page.items]

    assert len(pages) == MEMBER_COUNT // 100
    assert sorted(seen) == sorted(user_ids)


def test_checkpoint_pages_end_with_auth0s_empty_page(emulator, big_organization):
    org, _ = big_organization
    api = RawApi(emulator)
    path = f"organizations/{org.id}/members"

    bodies = [api.get(path, params={"take": 100}).json()]
    while "next" in bodies[-1]:
        bodies.append(api.get(path, params={"take": 100, "from": bodies[-1]["next"]}).json())

    assert len(bodies) == MEMBER_COUNT // 100 + 1
    assert bodies[-1] == {"members": []}


def test_checkpoint_pages_have_auth0s_envelope(emulator, big_organization):
    org, _ = big_organization
    api = RawApi(emulator)

    first = api.get(f"organizations/{org.id}/members", params={"take": 3}).json()
    second = api.get(
        f"organizations/{org.id}/members", params={"take": 3, "from": first["next"]}
    ).json()

    assert set(first) == {"members", "next"}
    assert len(first["members"]) == 3
    assert {m["user_id"] for m in first["members"]}.isdisjoint(
        m["user_id"] for m in second["members"]
    )


def test_take_is_at_most_100(emulator, big_organization):
    org, _ = big_organization

    response = RawApi(emulator).get(f"organizations/{org.id}/members", params={"take": 101})

    assert response.status_code == 400
    assert response.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "Query validation error: 'Value 101 is greater than maximum 100' on property"
        " take (Number of results per page. Defaults to 50.).",
        "errorCode": "invalid_query_string",
    }


def test_offset_pagination_reaches_the_first_1000_members_only(emulator, big_organization):
    # Raw: auth0-python's members.list takes no page or per_page; it pages by checkpoint only.
    org, _ = big_organization
    api = RawApi(emulator)
    path = f"organizations/{org.id}/members"

    pages = [
        api.get(path, params={"page": page, "per_page": 100, "include_totals": "true"}).json()
        for page in range(10)
    ]
    beyond = api.get(path, params={"page": 10, "per_page": 100})

    assert [p["start"] for p in pages] == list(range(0, 1000, 100))
    assert {p["total"] for p in pages} == {MEMBER_COUNT}
    assert len({m["user_id"] for p in pages for m in p["members"]}) == 1000
    assert beyond.status_code == 400
    assert beyond.json()["errorCode"] == "invalid_paging"
    assert beyond.json()["message"].startswith(
        "Requesting page 10 exceeds the allowed maximum of 1000 records."
    )
