"""`kotopolku.core.env`: typed environment readers that reject junk, naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from kotopolku.core.env import (
    EnvError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
)

VAR = "KOTOPOLKU_TEST_VARIABLE"


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(VAR, raising=False)
    monkeypatch.delenv(f"{VAR}_FILE", raising=False)


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on", "True"])
def test_env_bool_true_spellings(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "OFF", ""])
def test_env_bool_false_spellings(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, True) is False


@pytest.mark.parametrize("raw", ["ture", "flase", "2", "y", "enabled", "tru e"])
def test_env_bool_rejects_junk(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, raw)
    with pytest.raises(EnvError) as caught:
        env_bool(VAR, False)
    assert VAR in str(caught.value)
    assert repr(raw) in str(caught.value)


def test_env_bool_unset_gives_the_default() -> None:
    assert env_bool(VAR, True) is True
    assert env_bool(VAR, False) is False


@pytest.mark.parametrize(("raw", "value"), [("42", 42), (" 7 ", 7), ("-3", -3), ("0", 0)])
def test_env_int_parses(raw: str, value: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, raw)
    assert env_int(VAR, 1) == value


@pytest.mark.parametrize("raw", ["ten", "1.5", "1e3", "0x10", "12s"])
def test_env_int_rejects_junk(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, raw)
    with pytest.raises(EnvError, match=VAR):
        env_int(VAR, 1)


def test_env_int_enforces_the_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, "29")
    with pytest.raises(EnvError, match=f"{VAR}: must be at least 30, got 29"):
        env_int(VAR, 60, minimum=30)
    monkeypatch.setenv(VAR, "30")
    assert env_int(VAR, 60, minimum=30) == 30


def test_env_int_empty_or_unset_gives_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_int(VAR, 5) == 5
    monkeypatch.setenv(VAR, "  ")
    assert env_int(VAR, 5) == 5


def test_env_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_choice(VAR, ("production", "demo"), "production") == "production"
    monkeypatch.setenv(VAR, " Demo ")
    assert env_choice(VAR, ("production", "demo"), "production") == "demo"
    monkeypatch.setenv(VAR, "prod")
    with pytest.raises(EnvError, match=f"{VAR}: expected one of production, demo"):
        env_choice(VAR, ("production", "demo"), "production")


def test_env_list(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_list(VAR, ["a"]) == ["a"]
    assert env_list(VAR) == []
    monkeypatch.setenv(VAR, " a.example.fi, ,b.example.fi ,")
    assert env_list(VAR, ["x"]) == ["a.example.fi", "b.example.fi"]
    monkeypatch.setenv(VAR, "")
    assert env_list(VAR, ["x"]) == []


def test_env_str(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_str(VAR, "default") == "default"
    monkeypatch.setenv(VAR, "value")
    assert env_str(VAR) == "value"


def test_env_secret_reads_a_file_and_strips_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret"
    secret.write_text("  s3cret-from-file\n", encoding="utf-8")
    monkeypatch.setenv(VAR, "from-variable")
    monkeypatch.setenv(f"{VAR}_FILE", str(secret))
    assert env_secret(VAR) == "s3cret-from-file"


def test_env_secret_falls_back_to_the_variable_and_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_secret(VAR, "dflt") == "dflt"
    monkeypatch.setenv(VAR, "from-variable")
    assert env_secret(VAR) == "from-variable"


def test_env_secret_names_an_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(f"{VAR}_FILE", str(tmp_path / "missing"))
    with pytest.raises(EnvError, match=f"{VAR}_FILE: cannot read"):
        env_secret(VAR)


def test_env_error_is_a_value_error() -> None:
    assert issubclass(EnvError, ValueError)
