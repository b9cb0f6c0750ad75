"""The claim contract (``contract.schema.json``) turned into cheap per-token checks.

A full JSON Schema run costs more per token than the signature check itself, so the schema is
compiled once, at import, into small Python checks. Only the keywords the contract uses are
understood; a schema using anything else fails at import rather than being half-enforced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, KeysView, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .errors import InvalidToken

Check = Callable[[Any], bool]

_ANNOTATIONS = {"description", "title", "$schema", "$id"}
_ABSENT = object()
_ACCEPTED_STRINGS_PER_CLAIM = 1024


class ContractError(Exception):
    """The schema uses something these hand-written checks do not understand."""


@dataclass(frozen=True)
class ClaimRule:
    """One claim of the contract: how to check a value, and how to describe a good one."""

    check: Check
    expected: str
    check_each: Callable[[list], bool]  # ``check`` for every item of a list, maybe faster


@dataclass(frozen=True)
class ImpliedRule:
    """If a token has all ``present`` claims, it needs ``required`` and must lack ``absent``."""

    present: frozenset[str]
    required: frozenset[str]
    absent: frozenset[str]

    def broken_by(self, names: KeysView[str]) -> str | None:
        if not names >= self.present:  # a keys view compares without being copied to a set
            return None
        missing = self.required.difference(names)
        if missing:
            return f"needs {_names(missing)}"
        unexpected = self.absent.intersection(names)
        if unexpected:
            return f"must not carry {_names(unexpected)}"
        return None


class ClaimContract:
    """Reads the namespaced claims of a token and checks them against the contract."""

    def __init__(self, schema: Mapping[str, Any], *, namespace: str) -> None:
        _only_keywords(schema, {"type", "properties", "additionalProperties", "allOf"})
        if schema.get("type") != "object":
            raise ContractError("the contract must be an object schema")
        if schema.get("additionalProperties", True) is not True:
            # read() ignores claims it does not know (see there); a schema that forbade them
            # would be enforced by the Action's tests but not here.
            raise ContractError("the contract must allow additional properties (claims it ignores)")
        self.rules = {name: _claim_rule(sub) for name, sub in schema["properties"].items()}
        self.implied_rules = [_implied_rule(entry) for entry in schema.get("allOf", [])]
        self._lookups = [(name, namespace + name, rule) for name, rule in self.rules.items()]

    def read(self, claims: Mapping[str, Any]) -> dict[str, Any]:
        """The contract's claims of a token, namespace removed; raise ``InvalidToken`` if wrong.

        Other claims under the namespace are ignored, as RFC 7519 asks of claims a reader does
        not understand: the Action may start sending a claim before every service knows it.
        """
        ours = {}
        for name, claim, rule in self._lookups:
            value = claims.get(claim, _ABSENT)
            if value is _ABSENT:
                continue
            if not rule.check(value):
                raise InvalidToken(f"claim {claim} must be {rule.expected}")
            ours[name] = value
        for implied in self.implied_rules:
            broken = implied.broken_by(ours.keys())
            if broken:
                raise InvalidToken(f"a token with {_names(implied.present)} {broken}")
        return ours


def load_contract(*, namespace: str) -> ClaimContract:
    """The contract that ships with this package, for claims under ``namespace``."""
    text = resources.files(__package__).joinpath("contract.schema.json").read_text("utf-8")
    return ClaimContract(json.loads(text), namespace=namespace)


def _names(names: Iterable[str]) -> str:
    return ", ".join(sorted(names))


def _only_keywords(schema: Mapping[str, Any], understood: set[str]) -> None:
    unknown = set(schema) - understood - _ANNOTATIONS
    if unknown:
        raise ContractError(f"unsupported schema keywords: {_names(unknown)}")


def _rule(check: Check, expected: str) -> ClaimRule:
    return ClaimRule(check, expected, lambda values: all(map(check, values)))


def _claim_rule(schema: Mapping[str, Any]) -> ClaimRule:
    kind = schema.get("type")
    if kind == "string":
        return _string_rule(schema)
    if kind == "integer":
        return _integer_rule(schema)
    if kind == "array":
        return _array_rule(schema)
    if set(schema) - _ANNOTATIONS == {"enum"}:
        allowed = tuple(schema["enum"])
        return _rule(lambda value: value in allowed, f"one of {json.dumps(allowed)}")
    raise ContractError(f"unsupported claim schema: {schema}")


def _string_rule(schema: Mapping[str, Any]) -> ClaimRule:
    _only_keywords(schema, {"type", "pattern", "minLength", "maxLength"})
    pattern = schema.get("pattern")
    if pattern and not (pattern.startswith("^") and pattern.endswith("$")):
        raise ContractError(f"only anchored patterns (^...$) are supported, got {pattern}")
    shortest, longest = schema.get("minLength", 0), schema.get("maxLength", "")
    bounds = f"{{{shortest},{longest}}}" if shortest or longest else "*"
    # One regular expression per string: length bounds become a lookahead (or the body when
    # there is no pattern), and fullmatch stands in for "$", which in Python also matches
    # before a trailing newline.
    if pattern:
        length = f"(?=(?s:.){bounds}\\Z)" if bounds != "*" else ""
        matches = re.compile(f"{length}(?:{pattern[1:-1]})").fullmatch
    else:
        matches = re.compile(f"(?s:.){bounds}").fullmatch

    # The same few role names, plan codes and feature codes come back in token after token,
    # so strings that passed are remembered and a repeat costs a set lookup, not a match.
    # The memory is bounded: past the limit new strings are still checked, just not kept.
    accepted: set[str] = set()

    def learn(values: Iterable[Any]) -> bool:
        try:
            if not all(map(matches, values)):  # the loop runs in C: no Python call per item
                return False
        except TypeError:  # an item that is not a string
            return False
        if len(accepted) < _ACCEPTED_STRINGS_PER_CLAIM:
            accepted.update(values)
        return True

    def check(value: Any) -> bool:
        return type(value) is str and (value in accepted or learn((value,)))

    def check_each(values: list) -> bool:
        # Only strings are ever accepted, and a string never equals a value of another type;
        # an item that cannot be hashed (a list, an object) is not a string either.
        try:
            if accepted.issuperset(values):
                return True
        except TypeError:
            return False
        return learn(values)

    expected = f"a string matching {pattern}" if pattern else "a string"
    if bounds != "*":
        expected += f" of {shortest} to {longest or 'any number of'} characters"
    return ClaimRule(check, expected, check_each)


def _integer_rule(schema: Mapping[str, Any]) -> ClaimRule:
    _only_keywords(schema, {"type", "minimum"})
    smallest = schema.get("minimum", float("-inf"))

    def check(value: Any) -> bool:
        return type(value) is int and value >= smallest  # bool is an int subclass: excluded

    return _rule(check, f"an integer of at least {smallest}")


def _array_rule(schema: Mapping[str, Any]) -> ClaimRule:
    _only_keywords(schema, {"type", "items", "uniqueItems", "minItems"})
    item = _claim_rule(schema["items"])
    unique = schema.get("uniqueItems", False)
    fewest = schema.get("minItems", 0)

    check_each = item.check_each

    def check(value: Any) -> bool:
        if type(value) is not list or len(value) < fewest or not check_each(value):
            return False
        return not unique or len(set(value)) == len(value)

    size = f"a list of at least {fewest}" if fewest else "a list"
    repeats = " without repeats" if unique else ""
    return _rule(check, f"{size}{repeats}, each {item.expected}")


def _implied_rule(entry: Mapping[str, Any]) -> ImpliedRule:
    _only_keywords(entry, {"if", "then"})
    condition, consequence = entry["if"], entry["then"]
    _only_keywords(condition, {"required"})
    _only_keywords(consequence, {"required", "not"})
    forbidden = consequence.get("not", {"required": []})
    _only_keywords(forbidden, {"required"})
    return ImpliedRule(
        present=frozenset(condition["required"]),
        required=frozenset(consequence.get("required", [])),
        absent=frozenset(forbidden["required"]),
    )
