"""Production mode refuses to start with unsafe settings, naming the variable.

Each case starts a fresh interpreter (settings are read once per process) and runs
`django.setup()` with the production settings module and a cleaned environment.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETUP = "import django; django.setup(); print('started')"


def _env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    """A safe production environment with `overrides` applied (None removes a variable)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KOTOPOLKU_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="kotopolku.config.settings",
        KOTOPOLKU_MODE="production",
        KOTOPOLKU_SECRET_KEY=secrets.token_urlsafe(48),
        KOTOPOLKU_ALLOWED_HOSTS="kotopolku.example.fi",
        KOTOPOLKU_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _start(tmp_path: Path, **overrides: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SETUP],
        env=_env(tmp_path, **overrides),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_safe_production_configuration_starts(tmp_path: Path) -> None:
    result = _start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_the_secret_may_come_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text(secrets.token_urlsafe(48) + "\n", encoding="utf-8")
    result = _start(tmp_path, KOTOPOLKU_SECRET_KEY=None, KOTOPOLKU_SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr


UNSAFE = {
    "no secret key": ({"KOTOPOLKU_SECRET_KEY": None}, "KOTOPOLKU_SECRET_KEY"),
    "empty secret key": ({"KOTOPOLKU_SECRET_KEY": ""}, "KOTOPOLKU_SECRET_KEY"),
    "short key": ({"KOTOPOLKU_SECRET_KEY": "short-but-secret-1234"}, "KOTOPOLKU_SECRET_KEY"),
    "long key of one character": ({"KOTOPOLKU_SECRET_KEY": "a" * 64}, "KOTOPOLKU_SECRET_KEY"),
    "django-insecure key": (
        {"KOTOPOLKU_SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(48)},
        "KOTOPOLKU_SECRET_KEY",
    ),
    "missing key file": (
        {"KOTOPOLKU_SECRET_KEY": None, "KOTOPOLKU_SECRET_KEY_FILE": "/nonexistent/secret"},
        "KOTOPOLKU_SECRET_KEY_FILE",
    ),
    "debug on": ({"KOTOPOLKU_DEBUG": "true"}, "KOTOPOLKU_DEBUG"),
    "debug junk": ({"KOTOPOLKU_DEBUG": "ture"}, "KOTOPOLKU_DEBUG"),
    "hosts star": ({"KOTOPOLKU_ALLOWED_HOSTS": "*"}, "KOTOPOLKU_ALLOWED_HOSTS"),
    "hosts star among others": (
        {"KOTOPOLKU_ALLOWED_HOSTS": "kotopolku.example.fi, *"},
        "KOTOPOLKU_ALLOWED_HOSTS",
    ),
    "no hosts": ({"KOTOPOLKU_ALLOWED_HOSTS": None}, "KOTOPOLKU_ALLOWED_HOSTS"),
    "2fa off": ({"KOTOPOLKU_REQUIRE_2FA": "false"}, "KOTOPOLKU_REQUIRE_2FA"),
    "2fa junk": ({"KOTOPOLKU_REQUIRE_2FA": "nope"}, "KOTOPOLKU_REQUIRE_2FA"),
    "insecure cookies": ({"KOTOPOLKU_SECURE_COOKIES": "0"}, "KOTOPOLKU_SECURE_COOKIES"),
    "read log off": ({"KOTOPOLKU_AUDIT_READS": "off"}, "KOTOPOLKU_AUDIT_READS"),
    "mode junk": ({"KOTOPOLKU_MODE": "prod"}, "KOTOPOLKU_MODE"),
    "integer junk": (
        {"KOTOPOLKU_SESSION_IDLE_SECONDS": "half an hour"},
        "KOTOPOLKU_SESSION_IDLE_SECONDS",
    ),
    "integer under minimum": (
        {"KOTOPOLKU_AUDIT_RETENTION_DAYS": "365"},
        "KOTOPOLKU_AUDIT_RETENTION_DAYS",
    ),
    "cache junk": ({"KOTOPOLKU_CACHE_URL": "memcached://x"}, "KOTOPOLKU_CACHE_URL"),
    "database junk": ({"DATABASE_URL": "oracle-ish://nowhere"}, "DATABASE_URL"),
}


@pytest.mark.parametrize("case", sorted(UNSAFE))
def test_unsafe_production_setting_stops_start_up(case: str, tmp_path: Path) -> None:
    overrides, variable = UNSAFE[case]
    result = _start(tmp_path, **overrides)
    assert result.returncode != 0, f"{case}: started anyway"
    assert "started" not in result.stdout
    last_lines = "\n".join(result.stderr.strip().splitlines()[-6:])
    assert variable in last_lines, result.stderr[-2000:]


def test_every_problem_is_named_at_once(tmp_path: Path) -> None:
    result = _start(
        tmp_path,
        KOTOPOLKU_DEBUG="1",
        KOTOPOLKU_SECRET_KEY=None,
        KOTOPOLKU_ALLOWED_HOSTS="*",
        KOTOPOLKU_REQUIRE_2FA="no",
    )
    assert result.returncode != 0
    assert "Refusing to start in production mode" in result.stderr
    for variable in (
        "KOTOPOLKU_DEBUG",
        "KOTOPOLKU_SECRET_KEY",
        "KOTOPOLKU_ALLOWED_HOSTS",
        "KOTOPOLKU_REQUIRE_2FA",
    ):
        assert variable in result.stderr


def test_demo_mode_starts_without_a_secret(tmp_path: Path) -> None:
    result = _start(
        tmp_path,
        KOTOPOLKU_MODE="demo",
        KOTOPOLKU_SECRET_KEY=None,
        KOTOPOLKU_ALLOWED_HOSTS=None,
    )
    assert result.returncode == 0, result.stderr


def test_production_is_the_default_mode(tmp_path: Path) -> None:
    result = _start(tmp_path, KOTOPOLKU_MODE=None, KOTOPOLKU_SECRET_KEY=None)
    assert result.returncode != 0
    assert "KOTOPOLKU_SECRET_KEY" in result.stderr
