"""Organizations through auth0-python, and Auth0's exact answers to bad requests."""

from __future__ import annotations

import pytest
from auth0.management.core.api_error import ApiError

from .mgmt_client import RawApi, fields_of, management_client


def _payload_error(*reasons: str) -> dict:
    return {
        "statusCode": 400,
        "error": "Bad Request",
        "message": " (also) ".join(f"Payload validation error: {r}." for r in reasons),
        "errorCode": "invalid_body",
    }


def test_an_organization_is_created_and_read_by_id_and_by_name(emulator):
    client = management_client(emulator)

    created = client.organizations.create(
        name="acme-corp_2",
        display_name="Acme Corp",
        branding={"logo_url": "https://example.com/logo.png"},
        metadata={"plan": "pro"},
    )

    assert created.id.startswith("org_")
    assert fields_of(client.organizations.get(created.id)) == fields_of(created)
    assert fields_of(client.organizations.get_by_name("acme-corp_2")) == fields_of(created)
    assert created.metadata == {"plan": "pro"}


def test_the_answer_holds_only_what_was_set(emulator):
    response = RawApi(emulator).post("organizations", {"name": "acme"})

    assert response.status_code == 201
    assert set(response.json()) == {"id", "name"}


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (
            "Acme Corp",
            "'Object didn't pass validation for format organization-name: Acme Corp'",
        ),
        ("a" * 51, "'String is too long (51 chars), maximum 50'"),
        ("", "'String is too short (0 chars), minimum 1'"),
    ],
)
def test_names_follow_auth0s_rule(emulator, name, reason):
    response = RawApi(emulator).post("organizations", {"name": name})

    assert response.status_code == 400
    assert response.json() == _payload_error(
        f"{reason} on property name (The name of this organization.)"
    )


def test_a_name_is_required(emulator):
    response = RawApi(emulator).post("organizations", {"display_name": "Acme"})

    assert response.json() == _payload_error("'Missing required property: name'")


METADATA_DESCRIPTION = (
    "Metadata associated with the organization, in the form of an object with string values"
    " (max 255 chars).  Maximum of 25 metadata properties allowed."
)


def test_metadata_holds_at_most_25_short_strings(emulator):
    too_many = {f"key{i}": "value" for i in range(26)}

    many = RawApi(emulator).post("organizations", {"name": "a", "metadata": too_many})
    long = RawApi(emulator).post("organizations", {"name": "b", "metadata": {"k": "x" * 256}})
    number = RawApi(emulator).post("organizations", {"name": "c", "metadata": {"k": 1}})

    assert many.json() == _payload_error(
        "'Too many properties defined (26), maximum 25' on property metadata"
        f" ({METADATA_DESCRIPTION})"
    )
    assert long.json()["message"].startswith(
        "Payload validation error: 'String is too long (256 chars), maximum 255' on property"
        " metadata.k"
    )
    assert number.json()["message"].startswith(
        "Payload validation error: 'Expected type string,null but found type integer'"
    )


def test_every_violation_is_reported(emulator):
    response = RawApi(emulator).post("organizations", {"name": "A", "display_name": "x" * 256})

    assert response.json() == _payload_error(
        "'Object didn't pass validation for format organization-name: A' on property name"
        " (The name of this organization.)",
        "'String is too long (256 chars), maximum 255' on property display_name"
        " (Friendly name of this organization.)",
    )


def test_names_are_unique(emulator):
    api = RawApi(emulator)
    api.post("organizations", {"name": "acme"})

    response = api.post("organizations", {"name": "acme"})

    assert response.status_code == 409
    assert response.json()["error"] == "Conflict"


def test_an_unknown_organization_is_auth0s_not_found(emulator):
    api = RawApi(emulator)
    expected = {
        "statusCode": 404,
        "error": "Not Found",
        "message": "No organization found by that id or name",
    }

    assert api.get("organizations/org_missing").json() == expected
    assert api.get("organizations/name/missing").json() == expected
    assert api.delete("organizations/org_missing").json() == expected


def test_update_changes_only_what_is_sent_and_merges_metadata(emulator):
    client = management_client(emulator)
    org = client.organizations.create(
        name="acme", display_name="Acme", metadata={"plan": "pro", "region": "eu"}
    )

    updated = client.organizations.update(
        org.id, name="acme-renamed", metadata={"plan": "enterprise", "region": None}
    )

    assert updated.name == "acme-renamed"
    assert updated.display_name == "Acme"
    assert updated.metadata == {"plan": "enterprise"}
    assert fields_of(client.organizations.get(org.id)) == fields_of(updated)


def test_an_update_may_not_take_the_metadata_past_25_keys(emulator):
    client = management_client(emulator)
    org = client.organizations.create(name="acme", metadata={f"key{i}": "value" for i in range(24)})
    api = RawApi(emulator)

    replacing = api.patch(f"organizations/{org.id}", {"metadata": {"key0": None, "new1": "v"}})
    too_many = api.patch(f"organizations/{org.id}", {"metadata": {"new2": "v", "new3": "v"}})

    assert replacing.status_code == 200  # one key out, one in: still 24
    assert too_many.status_code == 400
    assert too_many.json() == _payload_error(
        f"'Too many properties defined (26), maximum 25' on property metadata"
        f" ({METADATA_DESCRIPTION})"
    )
    assert len(client.organizations.get(org.id).metadata) == 24


def test_renaming_onto_a_taken_name_is_a_conflict(emulator):
    api = RawApi(emulator)
    api.post("organizations", {"name": "acme"})
    other = api.post("organizations", {"name": "other"}).json()

    response = api.patch(f"organizations/{other['id']}", {"name": "acme"})

    assert response.status_code == 409


def test_deleting_removes_members_and_invitations(emulator):
    client = management_client(emulator)
    store = emulator.emulator.store
    org = client.organizations.create(name="acme")
    user = client.users.create(
        connection="Username-Password-Authentication", email="ann@example.com", password="Pa55word!"
    )
    client.organizations.members.create(org.id, members=[user.user_id])
    client.organizations.invitations.create(
        org.id,
        inviter={"name": "Ann"},
        invitee={"email": "bob@example.com"},
        client_id=emulator.emulator.config.portal_client_id,
    )

    client.organizations.delete(org.id)

    with pytest.raises(ApiError) as missing:
        client.organizations.get(org.id)
    assert missing.value.status_code == 404
    assert store.find("members", lambda m: m["org_id"] == org.id) == []
    assert store.find("invitations", lambda i: i["organization_id"] == org.id) == []


def test_list_pages_by_checkpoint_like_auth0python_asks(emulator):
    client = management_client(emulator)
    names = [f"org-{i}" for i in range(5)]
    for name in names:
        client.organizations.create(name=name)

    pager = client.organizations.list(take=2)
    pages = [[org.name for org in page.items] for page in pager.iter_pages()]

    assert pages == [names[0:2], names[2:4], names[4:5]]


def test_list_by_offset_with_totals(emulator):
    # Raw: auth0-python's organizations.list always sends take, so it only pages by checkpoint.
    api = RawApi(emulator)
    for i in range(3):
        api.post("organizations", {"name": f"org-{i}"})

    body = api.get("organizations", params={"page": 1, "per_page": 2, "include_totals": "true"})

    assert body.json()["start"] == 2
    assert body.json()["limit"] == 2
    assert body.json()["total"] == 3
    assert [o["name"] for o in body.json()["organizations"]] == ["org-2"]
