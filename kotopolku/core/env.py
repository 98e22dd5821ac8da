"""Typed readers for environment variables that fail loudly on junk.

Settings read every value through these helpers so that a typo in a deployment
(`KOTOPOLKU_DEBUG=ture`) stops the process instead of silently choosing a default.
"""

from __future__ import annotations

import os
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ValueError):
    """An environment variable has a value that cannot be used."""


def env_str(name: str, default: str = "") -> str:
    """Return the variable as a string, or `default` when unset."""
    return os.environ.get(name, default)


def env_secret(name: str, default: str = "") -> str:
    """Return a secret from `NAME` or from the file named by `NAME_FILE`."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise EnvError(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return the variable as a boolean; reject anything but the usual spellings."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise EnvError(f"{name}: expected true/false, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Return the variable as an integer, optionally with a lower bound."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise EnvError(f"{name}: expected an integer, got {raw!r}") from exc
    if minimum is not None and value < minimum:
        raise EnvError(f"{name}: must be at least {minimum}, got {value}")
    return value


def env_optional_int(name: str, *, minimum: int | None = None) -> int | None:
    """Return the variable as an integer, or None when it is unset or empty."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    return env_int(name, 0, minimum=minimum)


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """Return the variable if it is one of `choices`."""
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise EnvError(f"{name}: expected one of {', '.join(choices)}, got {value!r}")
    return value
