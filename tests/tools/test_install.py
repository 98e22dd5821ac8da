"""tools/install.py, the one install step (issue 10): the lock is read whole, the installer's
wheels are checked against their pinned hashes, and a failure names the package."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kotopolku_install", ROOT / "tools/install.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


install = _load()

# What the bundled pip 23.2.1 printed on the lock of 2026-12 (issue 10).
PIP_23_FAILURE = """\
ERROR: In --require-hashes mode, all requirements must have their versions pinned with ==. These do not:
    fonttools[woff]>=4.59.2 from https://files.pythonhosted.org/packages/36/73/fonttools-4.69.1-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl (from weasyprint==70.0->-r requirements/main.lock (line 905))
"""


@pytest.mark.parametrize("lock", ["main.lock", "dev.lock", "installer.lock"])
def test_every_locked_requirement_is_pinned_with_hashes(lock: str) -> None:
    path = ROOT / "requirements" / lock
    text = path.read_text()
    pins = install.read_lock(path)
    requirement_lines = [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)]
    assert len(pins) == len(requirement_lines) > 0
    assert all(re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", v) for v, _h in pins.values())
    assert all(all(len(h) == 64 for h in hashes) for _v, hashes in pins.values())


def test_the_installer_pins_pip_and_setuptools() -> None:
    pins = install.read_lock(ROOT / "requirements" / "installer.lock")
    assert set(pins) == {"pip", "setuptools"}


def test_the_application_locks_are_universal() -> None:
    # One lock for 3.11 and newer Pythons: written with --universal, so markers decide.
    for lock in ("main.lock", "dev.lock"):
        header = (ROOT / "requirements" / lock).read_text().splitlines()[1]
        assert "--universal" in header, lock


def test_a_lock_line_without_a_hash_is_refused_by_name(tmp_path: Path) -> None:
    lock = tmp_path / "bad.lock"
    lock.write_text(
        "django==5.2.19 \\\n    --hash=sha256:" + "a" * 64 + "\n"
        "fonttools==4.68.0\n    # via weasyprint\n"
    )
    with pytest.raises(install.InstallError, match="fonttools has no --hash"):
        install.read_lock(lock)


def test_a_package_pinned_per_python_keeps_each_pin(tmp_path: Path) -> None:
    # the universal lock pins numpy 2.4 for Python 3.11 and 2.5 for 3.12+ (found by CI when
    # ortools came in: the second line had replaced the first)
    lock = tmp_path / "split.lock"
    lock.write_text(
        "numpy==2.4.6 ; python_full_version < '3.12' \\\n    --hash=sha256:" + "a" * 64 + "\n"
        "numpy==2.5.5 ; python_full_version >= '3.12' \\\n    --hash=sha256:" + "b" * 64 + "\n"
        "pandas==3.1.1 \\\n    --hash=sha256:" + "c" * 64 + "\n"
    )
    pins = install.read_lock(lock)
    assert pins == {
        "numpy ; python_full_version < '3.12'": ("2.4.6", {"a" * 64}),
        "numpy ; python_full_version >= '3.12'": ("2.5.5", {"b" * 64}),
        "pandas": ("3.1.1", {"c" * 64}),
    }
    assert install.package_names(pins) == {"numpy", "pandas"}


def test_a_failed_install_names_the_package() -> None:
    message = install.failure_message(ROOT / "requirements/main.lock", PIP_23_FAILURE)
    assert message.startswith("requirements/main.lock cannot be installed as written")
    assert message.endswith("package(s): fonttools, weasyprint")


def test_a_failure_without_a_locked_name_points_at_pips_message() -> None:
    message = install.failure_message(
        ROOT / "requirements/main.lock", "ERROR: No space left on device\n"
    )
    assert message.endswith("package(s): see pip's message above")


def _index(monkeypatch: pytest.MonkeyPatch, files: dict[str, bytes]) -> list[str]:
    fetched: list[str] = []
    page = "".join(f'<a href="../../files/{name}#sha256=x">{name}</a>' for name in files)

    def fake_get(url: str) -> bytes:
        fetched.append(url)
        if url.endswith("/pip/"):
            return page.encode()
        return files[url.rsplit("/", 1)[-1]]

    monkeypatch.setattr(install, "_get", fake_get)
    monkeypatch.setenv("PIP_INDEX_URL", "https://mirror.example/simple")
    return fetched


def test_the_installer_wheel_is_taken_only_with_its_pinned_hash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    wheel = b"PK pip wheel bytes"
    fetched = _index(
        monkeypatch,
        {"pip-26.3.tar.gz": b"sdist", "pip-26.3-py3-none-any.whl": wheel},
    )
    path = install.fetch_wheel("pip", "26.3", {hashlib.sha256(wheel).hexdigest()}, tmp_path)
    assert path.read_bytes() == wheel
    assert fetched == [
        "https://mirror.example/simple/pip/",
        "https://mirror.example/files/pip-26.3-py3-none-any.whl",
    ]


def test_an_installer_wheel_with_another_hash_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _index(monkeypatch, {"pip-26.3-py3-none-any.whl": b"tampered"})
    with pytest.raises(install.InstallError, match="refusing to install it"):
        install.fetch_wheel("pip", "26.3", {"0" * 64}, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_installer_version_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _index(monkeypatch, {"pip-26.2-py3-none-any.whl": b"older"})
    with pytest.raises(install.InstallError, match=r"pip-26\.3-py3-none-any\.whl is not on"):
        install.fetch_wheel("pip", "26.3", {"0" * 64}, tmp_path)


def test_every_install_goes_through_the_one_step() -> None:
    # make run, make test and .ci/run may not call pip themselves (the bundled pip broke them).
    for name in ("Makefile", ".ci/run"):
        text = (ROOT / name).read_text()
        offenders = [
            line
            for line in text.splitlines()
            if re.search(r"\bpip\b.*\binstall\b|-m venv\b|\bensurepip\b", line)
            and not line.lstrip().startswith("#")
        ]
        assert offenders == [], (name, offenders)
    makefile = (ROOT / "Makefile").read_text()
    assert makefile.count("tools/install.py install") == 1
    assert "make lock-check" in (ROOT / ".ci/run").read_text()


def test_the_venv_is_made_without_the_bundled_pip(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[list[str]] = []

    class Done:
        returncode = 0
        stdout = "3.11.7\n"
        stderr = ""

    def fake_run(args: list[str], **kwargs: Any) -> Done:
        calls.append([str(a) for a in args])
        return Done()

    monkeypatch.setattr(install.subprocess, "run", fake_run)
    install.create_venv(tmp_path / "venv", "python3")
    assert calls[-1] == ["python3", "-m", "venv", "--without-pip", str(tmp_path / "venv")]
