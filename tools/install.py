#!/usr/bin/env python3
"""Create or update Kotopolku's virtualenv from the hash-pinned lock files.

This is the one install step behind `make run`, `make test` and `.ci/run`. It uses only the
standard library, and it does not use the pip that the Python installation happens to bundle
(an old bundled pip once read a lock that a newer pip installs cleanly, issue 10):

1. the venv is created with `--without-pip`;
2. the installer, pip and setuptools at the versions pinned with hashes in
   `requirements/installer.lock`, is fetched from the package index (PEP 503 simple API,
   `PIP_INDEX_URL` or PyPI), checked against the lock's SHA-256 and installed from its own wheel;
3. the lock file is installed with that pip: `--require-hashes` (every file checked),
   `--no-deps` (the lock is the whole closure, so pip does not resolve anything again) and
   `--only-binary :all:` (nothing is built, so no unpinned build dependency is fetched);
4. the project itself is installed editable without build isolation (setuptools from step 2).

`check` does the same in a throw-away venv with the pip cache disabled, runs `pip check`, and
names the packages that could not be installed: `.ci/run` runs it for every lock on Python 3.11
and on the newest Python 3 the machine has.

    python3 tools/install.py install --venv .venv --lock requirements/dev.lock
    python3 tools/install.py check --lock requirements/main.lock --lock requirements/dev.lock \
        --python python3.11 --python python3.13
"""

from __future__ import annotations

import argparse
import hashlib
import html.parser
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER_LOCK = ROOT / "requirements" / "installer.lock"
DEFAULT_INDEX = "https://pypi.org/simple"
REQUIREMENT = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)(?:\s*;\s*([^\\]*?))?\s*\\?\s*$"
)
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")


class InstallError(Exception):
    """The install cannot go on; the message says why and what to do."""


def say(message: str) -> None:
    print(f"kotopolku install: {message}", flush=True)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> dict[str, tuple[str, set[str]]]:
    """Pin -> (version, sha256 hashes) of every pinned requirement in a uv/pip-tools lock.

    A pin is the normalised name, or `name ; marker` where the universal lock pins a package
    under an environment marker (numpy, say, one version for Python 3.11 and another for 3.12+):
    each such line keeps its own version and hashes."""
    pins: dict[str, tuple[str, set[str]]] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = REQUIREMENT.match(line)
        if match:
            marker = (match.group(3) or "").strip()
            current = normalise(match.group(1)) + (f" ; {marker}" if marker else "")
            pins[current] = (match.group(2), set())
        if current is not None:
            pins[current][1].update(HASH.findall(line))
        if not line.rstrip().endswith("\\"):
            current = None
    for name, (_version, hashes) in pins.items():
        if not hashes:
            raise InstallError(
                f"{path.name}: {name} has no --hash; regenerate the lock (make lock)"
            )
    return pins


def package_names(pins: dict[str, tuple[str, set[str]]]) -> set[str]:
    """The packages a lock installs (a name pinned under several markers counts once)."""
    return {pin.split(" ;")[0] for pin in pins}


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _ssl_context() -> ssl.SSLContext:
    cafile = os.environ.get("PIP_CERT") or None
    return ssl.create_default_context(cafile=cafile)


def _get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "kotopolku-install"})
    for attempt in range(3):
        try:
            with urllib.request.urlopen(request, timeout=60, context=_ssl_context()) as response:
                data: bytes = response.read()
                return data
        except OSError as error:
            if attempt == 2:
                raise InstallError(f"cannot fetch {url}: {error}") from error
            time.sleep(2 * (attempt + 1))
    raise AssertionError("unreachable")


def fetch_wheel(name: str, version: str, hashes: set[str], into: Path) -> Path:
    """Download NAME==VERSION's pure-Python wheel from the index and check its hash."""
    index = os.environ.get("PIP_INDEX_URL", DEFAULT_INDEX).rstrip("/")
    page_url = f"{index}/{normalise(name)}/"
    parser = _Links()
    parser.feed(_get(page_url).decode("utf-8", "replace"))
    wanted = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    for href in parser.hrefs:
        url = urllib.parse.urljoin(page_url, href)
        filename = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])
        if filename.lower() != wanted.lower():
            continue
        data = _get(url.split("#", 1)[0])
        digest = hashlib.sha256(data).hexdigest()
        if digest not in hashes:
            raise InstallError(
                f"{filename} from {index} has SHA-256 {digest}, which is not in "
                f"{INSTALLER_LOCK.relative_to(ROOT)}: refusing to install it"
            )
        path = into / filename
        path.write_bytes(data)
        return path
    raise InstallError(f"{wanted} is not on {page_url}")


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def create_venv(venv: Path, python: str) -> None:
    if venv_python(venv).exists():
        return
    version = subprocess.run(
        [python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if tuple(int(part) for part in version.split(".")[:2]) < (3, 11):
        raise InstallError(f"Kotopolku needs Python 3.11 or newer ({python} is {version})")
    say(f"creating the virtualenv {venv} (Python {version}, without the bundled pip)")
    subprocess.run([python, "-m", "venv", "--without-pip", str(venv)], check=True)


def installed_version(python: Path, distribution: str) -> str | None:
    result = subprocess.run(
        [
            str(python),
            "-c",
            "import sys, importlib.metadata as m\n"
            "try: print(m.version(sys.argv[1]))\n"
            "except m.PackageNotFoundError: pass",
            distribution,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or None


def install_installer(venv: Path, pip_args: list[str]) -> None:
    """Put the pinned pip and setuptools into the venv, unless they are there already."""
    pins = read_lock(INSTALLER_LOCK)
    python = venv_python(venv)
    if all(installed_version(python, name) == version for name, (version, _h) in pins.items()):
        return
    listed = ", ".join(f"{name} {version}" for name, (version, _h) in sorted(pins.items()))
    say(f"installing the pinned installer ({listed}) from {INSTALLER_LOCK.relative_to(ROOT)}")
    with tempfile.TemporaryDirectory(prefix="kotopolku-installer-") as tmp:
        wheels = {name: fetch_wheel(name, v, h, Path(tmp)) for name, (v, h) in pins.items()}
        # A pip wheel runs from the zip file itself: the pinned pip installs itself.
        run_pip(
            [str(python), str(wheels["pip"] / "pip")],
            [
                "install",
                "--no-index",
                "--find-links",
                tmp,
                "--require-hashes",
                "--no-deps",
                *pip_args,
                "-r",
                str(INSTALLER_LOCK),
            ],
            INSTALLER_LOCK,
        )


def run_pip(pip: list[str], args: list[str], lock: Path) -> None:
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    result = subprocess.run([*pip, *args], capture_output=True, text=True, env=env, check=False)
    if result.returncode == 0:
        return
    output = result.stdout + result.stderr
    sys.stderr.write(output)
    raise InstallError(failure_message(lock, output))


def failure_message(lock: Path, pip_output: str) -> str:
    """Name the locked packages that pip's error lines mention, so the message says what broke."""
    names = package_names(read_lock(lock)) if lock.suffix == ".lock" and lock.exists() else set()
    errors = "\n".join(
        line for line in pip_output.splitlines() if line.startswith(("ERROR", "    "))
    )
    mentioned = sorted(
        name
        for name in names
        if re.search(rf"(?<![A-Za-z0-9_.-]){re.escape(name)}(?![A-Za-z0-9_-])", normalise(errors))
    )
    where = f"{lock.relative_to(ROOT)}" if lock.is_relative_to(ROOT) else str(lock)
    packages = ", ".join(mentioned) if mentioned else "see pip's message above"
    return f"{where} cannot be installed as written; package(s): {packages}"


def install_lock(venv: Path, lock: Path, pip_args: list[str]) -> None:
    count = len(package_names(read_lock(lock)))
    say(
        f"installing {count} packages from {lock.relative_to(ROOT)} (hash-checked; the first time takes a minute or two)"
    )
    python = str(venv_python(venv))
    run_pip(
        [python, "-m", "pip"],
        [
            "install",
            "--require-hashes",
            "--no-deps",
            "--only-binary",
            ":all:",
            *pip_args,
            "-r",
            str(lock),
        ],
        lock,
    )


def install_project(venv: Path, pip_args: list[str]) -> None:
    say("installing Kotopolku itself (editable)")
    run_pip(
        [str(venv_python(venv)), "-m", "pip"],
        ["install", "--no-deps", "--no-build-isolation", *pip_args, "-e", str(ROOT)],
        ROOT / "pyproject.toml",
    )


def command_install(args: argparse.Namespace) -> None:
    venv = Path(args.venv).resolve()
    create_venv(venv, args.python)
    pip_args = ["--quiet"]
    install_installer(venv, pip_args)
    for lock in args.lock:
        install_lock(venv, Path(lock).resolve(), pip_args)
    install_project(venv, pip_args)
    say("done")


def newest_python() -> str | None:
    """The newest Python 3.12+ that runs here: on PATH, or installed by pyenv beside it."""
    candidates = [f"python3.{minor}" for minor in range(20, 11, -1)]
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for name in candidates:
        found = [shutil.which(name)]
        found += sorted(str(p) for p in (pyenv_root / "versions").glob(f"3.{name[8:]}*/bin/{name}"))
        for path in filter(None, found):
            ok = subprocess.run([path, "-c", "pass"], capture_output=True, check=False)
            if ok.returncode == 0:
                return path
    return None


def command_check(args: argparse.Namespace) -> None:
    """Install each lock into a throw-away venv per Python, without the pip cache."""
    failures: list[str] = []
    pythons = list(args.python)
    if args.newest:
        newest = newest_python()
        if newest is None:
            say("check: no Python 3.12 or newer here; checking the locks on the others only")
        else:
            pythons.append(newest)
    for python in pythons:
        if shutil.which(python) is None and not Path(python).exists():
            raise InstallError(f"{python} is not on PATH")
        for lock in args.lock:
            lock_path = Path(lock).resolve()
            with tempfile.TemporaryDirectory(prefix="kotopolku-lockcheck-") as tmp:
                venv = Path(tmp) / "venv"
                started = time.monotonic()
                say(f"check: {lock_path.relative_to(ROOT)} on {python}")
                try:
                    create_venv(venv, python)
                    pip_args = ["--quiet", "--no-cache-dir"]
                    install_installer(venv, pip_args)
                    install_lock(venv, lock_path, pip_args)
                    run_pip([str(venv_python(venv)), "-m", "pip"], ["check"], lock_path)
                except (InstallError, subprocess.CalledProcessError) as error:
                    failures.append(f"{python}: {error}")
                    say(f"check FAILED: {python}: {error}")
                    continue
                say(f"check: ok in {time.monotonic() - started:.0f} s")
    if failures:
        raise InstallError("the lock check failed:\n  " + "\n  ".join(failures))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    install = commands.add_parser("install", help="create or update a venv from lock files")
    install.add_argument("--venv", default=".venv")
    install.add_argument("--lock", action="append", required=True)
    install.add_argument("--python", default=sys.executable)
    install.set_defaults(func=command_install)
    check = commands.add_parser("check", help="install locks into throw-away venvs, no cache")
    check.add_argument("--lock", action="append", required=True)
    check.add_argument("--python", action="append", required=True)
    check.add_argument(
        "--newest", action="store_true", help="also the newest Python 3.12+ found here"
    )
    check.set_defaults(func=command_check)
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except InstallError as error:
        print(f"kotopolku install: ERROR: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
