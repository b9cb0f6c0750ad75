"""Actions: saved, deployed and bound as the bootstrap command does it; the runtime's data."""

from __future__ import annotations

import pytest

from .mgmt_client import RawApi, fields_of, management_client

CODE = "exports.onExecutePostLogin = async (event, api) => {};"
POST_LOGIN = [{"id": "post-login", "version": "v3"}]


@pytest.fixture
def action(emulator):
    return management_client(emulator).actions.create(
        name="portal-claims",
        code=CODE,
        supported_triggers=POST_LOGIN,
        secrets=[{"name": "PORTAL_KEY", "value": "s3cret"}],
        dependencies=[{"name": "lodash", "version": "4.17.21"}],
    )


def test_an_action_is_saved_built_and_keeps_secret_values_to_itself(emulator, action):
    stored = emulator.emulator.store.get("actions", action.id)

    assert action.status == "built"
    assert action.all_changes_deployed is False
    assert [fields_of(s).keys() for s in action.secrets] == [{"name", "updated_at"}]
    assert stored["secrets"][0]["value"] == "s3cret"
    assert "value" not in RawApi(emulator).get(f"actions/actions/{action.id}").json()["secrets"][0]


def test_deploying_makes_a_version_and_the_code_the_runtime_runs(emulator, action):
    client = management_client(emulator)

    version = client.actions.deploy(action.id)
    stored = emulator.emulator.store.get("actions", action.id)
    read = client.actions.get(action.id)
    versions = list(client.actions.versions.list(action.id))
    read_version = client.actions.versions.get(action.id, version.id)

    assert (version.number, version.deployed, version.action.id) == (1, False, action.id)
    assert stored["_deployed_code"] == CODE
    assert read.all_changes_deployed is True
    assert read.deployed_version.id == version.id
    assert [(v.id, v.deployed) for v in versions] == [(version.id, True)]
    assert (read_version.id, read_version.code, read_version.deployed) == (version.id, CODE, True)
    assert read_version.action.id == action.id


def test_an_update_leaves_the_deployed_code_until_the_next_deploy(emulator, action):
    client = management_client(emulator)
    client.actions.deploy(action.id)

    updated = client.actions.update(action.id, code="// new code")
    stored = emulator.emulator.store.get("actions", action.id)

    assert updated.all_changes_deployed is False
    assert stored["_deployed_code"] == CODE
    assert stored["secrets"][0]["value"] == "s3cret"


def test_a_secret_sent_without_its_value_keeps_it(emulator, action):
    management_client(emulator).actions.update(
        action.id, secrets=[{"name": "PORTAL_KEY"}, {"name": "OTHER", "value": "x"}]
    )

    stored = emulator.emulator.store.get("actions", action.id)["secrets"]
    assert [(s["name"], s["value"]) for s in stored] == [("PORTAL_KEY", "s3cret"), ("OTHER", "x")]


def test_actions_are_listed_by_name_trigger_and_deployment(emulator, action):
    client = management_client(emulator)

    by_name = list(client.actions.list(action_name="portal-claims"))
    by_trigger = list(client.actions.list(trigger_id="credentials-exchange"))
    deployed = list(client.actions.list(deployed=True))

    assert [a.id for a in by_name] == [action.id]
    assert by_trigger == []
    assert deployed == []


def test_binding_an_action_to_post_login(emulator, action):
    client = management_client(emulator)
    client.actions.deploy(action.id)

    answer = client.actions.triggers.bindings.update_many(
        "post-login",
        bindings=[
            {"ref": {"type": "action_name", "value": "portal-claims"}, "display_name": "Claims"}
        ],
    )
    listed = list(client.actions.triggers.bindings.list("post-login"))
    stored = emulator.emulator.store.get("trigger_bindings", "post-login")

    assert [(b.display_name, b.action.id) for b in answer.bindings] == [("Claims", action.id)]
    assert [b.id for b in listed] == [answer.bindings[0].id]
    assert [(b["action_id"], b["display_name"]) for b in stored["bindings"]] == [
        (action.id, "Claims")
    ]


def test_an_action_that_was_never_deployed_cannot_be_bound(emulator, action):
    response = RawApi(emulator).patch(
        "actions/triggers/post-login/bindings",
        {"bindings": [{"ref": {"type": "action_id", "value": action.id}}]},
    )

    assert response.status_code == 400
    assert emulator.emulator.store.get("trigger_bindings", "post-login") is None


def test_deleting_an_action_unbinds_it(emulator, action):
    client = management_client(emulator)
    client.actions.deploy(action.id)
    client.actions.triggers.bindings.update_many(
        "post-login", bindings=[{"ref": {"type": "action_id", "value": action.id}}]
    )

    client.actions.delete(action.id)
    gone = RawApi(emulator).get(f"actions/actions/{action.id}")

    assert gone.json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "That action does not exist.",
    }
    assert list(client.actions.triggers.bindings.list("post-login")) == []


def test_triggers_are_listed(emulator):
    triggers = management_client(emulator).actions.triggers.list().triggers

    assert ("post-login", "v3", "CURRENT") in [(t.id, t.version, t.status) for t in triggers]
