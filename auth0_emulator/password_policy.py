"""Auth0's password strength levels for database connections (``options.passwordPolicy``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .tenant import DATABASE_CONNECTION

# Auth0's character classes, in the words its sign-up page uses.
CHARACTER_CLASSES = {
    "lower case letters (a-z)": re.compile(r"[a-z]"),
    "upper case letters (A-Z)": re.compile(r"[A-Z]"),
    "numbers (0-9)": re.compile(r"[0-9]"),
    "special characters (e.g. !@#$%^&*)": re.compile(r"[^A-Za-z0-9]"),
}


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int
    classes: tuple[str, ...] = ()
    classes_required: int = 0
    max_identical_in_a_row: int | None = None

    def rules(self) -> list[str]:
        return [rule for rule, _ in self._checks()]

    def unmet_rules(self, password: str) -> list[str]:
        return [rule for rule, is_met in self._checks() if not is_met(password)]

    def _checks(self) -> list[tuple[str, Callable[[str], bool]]]:
        checks = [(f"At least {self.min_length} characters", lambda p: len(p) >= self.min_length)]
        if self.classes_required:
            listed = ", ".join(self.classes)
            checks.append(
                (
                    f"At least {self.classes_required} of the following: {listed}",
                    lambda p: self._classes_present(p) >= self.classes_required,
                )
            )
        if self.max_identical_in_a_row:
            checks.append(
                (
                    f"No more than {self.max_identical_in_a_row} identical characters in a row",
                    lambda p: not self._too_repetitive(p),
                )
            )
        return checks

    def _classes_present(self, password: str) -> int:
        return sum(1 for name in self.classes if CHARACTER_CLASSES[name].search(password))

    def _too_repetitive(self, password: str) -> bool:
        # Any character followed by itself `limit` more times.
        limit = self.max_identical_in_a_row
        return re.search(rf"(.)\1{{{limit}}}", password) is not None


ALL_CLASSES = tuple(CHARACTER_CLASSES)
POLICIES = {
    "none": PasswordPolicy(1),
    "low": PasswordPolicy(6),
    "fair": PasswordPolicy(8, ALL_CLASSES[:3], 3),
    "good": PasswordPolicy(8, ALL_CLASSES, 3),
    "excellent": PasswordPolicy(10, ALL_CLASSES, 3, max_identical_in_a_row=2),
}
DEFAULT_POLICY = "good"  # what Auth0 gives a new database connection


def password_policy(emulator) -> PasswordPolicy:
    connection = emulator.store.get("connections", DATABASE_CONNECTION) or {}
    level = (connection.get("options") or {}).get("passwordPolicy") or DEFAULT_POLICY
    return POLICIES[level]
