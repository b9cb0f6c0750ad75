"""The claim contract (``contract.schema.json``) turned into cheap per-token checks.

A full JSON Schema run costs more per token than the signature check itself, so the schema is
compiled once, at import, into small Python checks. Only the keywords the contract uses are
understood; a schema using anything else fails at import rather than being half-enforced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .errors import InvalidToken

Check = Callable[[Any], bool]

_ANNOTATIONS = {"description", "title", "$schema", "$id"}


class ContractError(Exception):
    """The schema uses something these hand-written checks do not understand."""


@dataclass(frozen=True)
class ClaimRule:
    """One claim of the contract: how to check a value and how to describe a good one."""

    check: Check
    expected: str


@dataclass(frozen=True)
class ImpliedRule:
    """If a token has all ``present`` claims, it needs ``required`` and must lack ``absent``."""

    present: frozenset[str]
    required: frozenset[str]
    absent: frozenset[str]

    def broken_by(self, names: AbstractSet[str]) -> str | None:
        if not self.present.issubset(names):
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
        if schema.get("type") != "object" or schema.get("additionalProperties") is not False:
            raise ContractError("the contract must be a closed object schema")
        self.namespace = namespace
        self.rules = {name: _claim_rule(sub) for name, sub in schema["properties"].items()}
        self.implied_rules = [_implied_rule(entry) for entry in schema.get("allOf", [])]

    def read(self, claims: Mapping[str, Any]) -> dict[str, Any]:
        """The contract's claims of a token, namespace removed; raise ``InvalidToken`` if wrong."""
        namespace = self.namespace
        ours = {}
        for claim, value in claims.items():
            if claim.startswith(namespace):
                ours[claim[len(namespace) :]] = value
        for name, value in ours.items():
            rule = self.rules.get(name)
            if rule is None:
                raise InvalidToken(f"claim {namespace}{name} is not in the token contract")
            if not rule.check(value):
                raise InvalidToken(f"claim {namespace}{name} must be {rule.expected}")
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
        return ClaimRule(lambda value: value in allowed, f"one of {json.dumps(allowed)}")
    raise ContractError(f"unsupported claim schema: {schema}")


def _string_rule(schema: Mapping[str, Any]) -> ClaimRule:
    _only_keywords(schema, {"type", "pattern", "minLength", "maxLength"})
    shortest = schema.get("minLength", 0)
    longest = schema.get("maxLength", float("inf"))
    pattern = schema.get("pattern")
    matches = _pattern_check(pattern) if pattern else None

    def check(value: Any) -> bool:
        return (
            type(value) is str
            and shortest <= len(value) <= longest
            and (matches is None or matches(value))
        )

    expected = f"a string matching {pattern}" if pattern else "a string"
    if "minLength" in schema or "maxLength" in schema:
        expected += f" of {shortest} to {longest} characters"
    return ClaimRule(check, expected)


def _pattern_check(pattern: str) -> Check:
    # JSON Schema patterns are searches; ours are anchored with ^...$. Python's "$" also
    # matches before a trailing newline, so an anchored pattern is applied with fullmatch.
    if pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$"):
        return re.compile(pattern[1:-1]).fullmatch
    return re.compile(pattern).search


def _integer_rule(schema: Mapping[str, Any]) -> ClaimRule:
    _only_keywords(schema, {"type", "minimum"})
    smallest = schema.get("minimum", float("-inf"))

    def check(value: Any) -> bool:
        return type(value) is int and value >= smallest  # bool is an int subclass: excluded

    return ClaimRule(check, f"an integer of at least {smallest}")


def _array_rule(schema: Mapping[str, Any]) -> ClaimRule:
    _only_keywords(schema, {"type", "items", "uniqueItems", "minItems"})
    item = _claim_rule(schema["items"])
    unique = schema.get("uniqueItems", False)
    fewest = schema.get("minItems", 0)

    def check(value: Any) -> bool:
        return (
            type(value) is list
            and len(value) >= fewest
            and all(map(item.check, value))
            and (not unique or len(set(value)) == len(value))
        )

    size = f"a list of at least {fewest}" if fewest else "a list"
    repeats = " without repeats" if unique else ""
    return ClaimRule(check, f"{size}{repeats}, each {item.expected}")


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
