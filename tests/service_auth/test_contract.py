"""The hand-written claim checks say what a full JSON Schema validator says."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from service_auth import InvalidToken
from service_auth.contract import ClaimContract, ContractError, load_contract

NS = "https://tenant-portal.test/"

SAMPLES = [
    {},
    {"roles": ["admin", "member"], "plan": "pro", "features": ["bookings"], "ent_v": 0},
    {"roles": []},
    {"roles": ["admin", "admin"]},
    {"roles": [""]},
    {"roles": ["x" * 50]},
    {"roles": ["x" * 51]},
    {"roles": ["line\nbreak"]},
    {"roles": "admin"},
    {"roles": [None]},
    {"plan": "enterprise_2024"},
    {"plan": "-pro"},
    {"plan": "Pro"},
    {"plan": "p" * 33},
    {"plan": 3},
    {"features": ["a.b", "c-d", "e_f", "9"]},
    {"features": ["bookings", "bookings"]},
    {"features": ["UPPER"]},
    {"features": [["nested"]]},
    {"features": ["bookings", 7]},
    {"features": ["bookings", {"code": "bookings"}]},
    {"plan": ["pro"]},
    {"ent_v": 7},
    {"ent_v": -1},
    {"ent_v": 1.5},
    {"ent_v": True},
    {"ent_v": "7"},
    {"overage": ["features"], "ent_v": 3},
    {"overage": ["features"]},
    {"overage": ["features"], "ent_v": 3, "features": ["bookings"]},
    {"overage": [], "ent_v": 3},
    {"overage": ["roles"], "ent_v": 3},
    {"overage": ["features", "features"], "ent_v": 3},
    # Claims the contract does not list are allowed, whatever their value ...
    {"theme": "dark"},
    {"plan": "pro", "locale": ["en", "en"], "flags": {"beta": True}, "score": None},
    {"roles": ["admin"], "features": ["bookings"], "ent_v": 0, "features_v2": "bookings"},
    # ... and never make a bad contract claim acceptable.
    {"plan": "Pro", "theme": "dark"},
    {"overage": ["features"], "ent_v": 3, "features": ["bookings"], "theme": "dark"},
]


def schema() -> dict:
    text = resources.files("service_auth").joinpath("contract.schema.json").read_text()
    return json.loads(text)


@pytest.mark.parametrize("claims", SAMPLES, ids=lambda claims: json.dumps(claims)[:60])
def test_the_compiled_contract_agrees_with_jsonschema(claims):
    expected_valid = jsonschema.Draft202012Validator(schema()).is_valid(claims)
    contract = load_contract(namespace=NS)

    try:
        contract.read({NS + name: value for name, value in claims.items()})
        valid = True
    except InvalidToken:
        valid = False

    assert valid is expected_valid


def test_strings_remembered_as_good_do_not_let_bad_values_through():
    # One contract reads every sample, good ones first and then in reverse, so that each bad
    # value meets a contract that has already accepted its neighbours.
    validator = jsonschema.Draft202012Validator(schema())
    contract = load_contract(namespace=NS)

    for claims in sorted(SAMPLES, key=validator.is_valid, reverse=True) + SAMPLES[::-1]:
        try:
            contract.read({NS + name: value for name, value in claims.items()})
            valid = True
        except InvalidToken:
            valid = False
        assert valid is validator.is_valid(claims), claims


def test_past_the_memory_bound_new_strings_are_still_checked(monkeypatch):
    monkeypatch.setattr("service_auth.contract._ACCEPTED_STRINGS_PER_CLAIM", 2)
    contract = load_contract(namespace=NS)
    contract.read({f"{NS}features": ["a", "b", "c"]})

    contract.read({f"{NS}features": ["d", "e"]})
    with pytest.raises(InvalidToken, match="features"):
        contract.read({f"{NS}features": ["a", "Not-A-Code"]})


def test_contract_claims_are_returned_without_the_namespace():
    contract = load_contract(namespace=NS)

    ours = contract.read({"sub": "x", f"{NS}plan": "pro", f"{NS}theme": "dark"})

    assert ours == {"plan": "pro"}


def test_claims_outside_the_namespace_are_never_read_as_the_contracts():
    # Auth0 reserves "roles" and may add claims of its own; only <ns>roles is ours.
    contract = load_contract(namespace=NS)

    ours = contract.read({"roles": "not-a-list", "plan": 7, "features": [None], "ent_v": -1})

    assert ours == {}


@pytest.mark.parametrize("additional", [False, {"type": "string"}])
def test_a_contract_that_refuses_other_claims_fails_loudly(additional):
    # The compiler ignores unknown claims; a schema refusing them would be half-enforced.
    changed = schema()
    changed["additionalProperties"] = additional

    with pytest.raises(ContractError, match="must allow additional properties"):
        ClaimContract(changed, namespace=NS)


@pytest.mark.parametrize(
    "change",
    [
        {"plan": {"type": "string", "format": "email"}},
        {"plan": {"type": "string", "pattern": "pro"}},
        {"plan": {"type": "number"}},
    ],
)
def test_a_schema_beyond_the_understood_keywords_fails_loudly(change):
    changed = schema()
    changed["properties"].update(change)

    with pytest.raises(ContractError):
        ClaimContract(changed, namespace=NS)


def test_a_contract_that_is_not_an_object_schema_is_refused():
    changed = schema()
    changed["type"] = "array"

    with pytest.raises(ContractError, match="object schema"):
        ClaimContract(changed, namespace=NS)
