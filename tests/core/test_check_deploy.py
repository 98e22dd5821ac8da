"""A safe production configuration passes `kotopolku check --deploy --fail-level WARNING`.

`check --deploy` does not read the static manifest, so no collectstatic is needed: the
production default (manifest storage, KOTOPOLKU_STATIC_MANIFEST unset) is what is checked.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.core.test_production_settings_refuse_unsafe import ROOT, _env


def _check(tmp_path: Path, **overrides: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kotopolku", "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(tmp_path, **overrides),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_a_safe_production_configuration_passes_the_deploy_check(tmp_path: Path) -> None:
    result = _check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_does_fail_on_a_weakened_setting(tmp_path: Path) -> None:
    # Control: the check is not vacuous; HSTS off is allowed to start but is a warning.
    result = _check(tmp_path, KOTOPOLKU_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_the_deploy_check_flags_a_missing_ssl_redirect(tmp_path: Path) -> None:
    result = _check(tmp_path, KOTOPOLKU_SSL_REDIRECT="false")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr
