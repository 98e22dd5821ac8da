"""The refusal every action shares: bad input, with messages by field name."""

from __future__ import annotations


class InvalidError(ValueError):
    """Bad input: messages by field name. Nothing was written."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class Errors:
    """Collects messages by field name; `raise_if_any` refuses with all of them at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidError(self.errors)
