"""Browser tests: the app in its own gunicorn process, driven by headless Chromium.

The server gets its own database (a temporary SQLite file, or a fresh PostgreSQL
database when DATABASE_URL points at PostgreSQL) loaded with `kotopolku demo --no-serve`.
Nothing here touches the ORM: the browser-driving code talks to the server over HTTP only.
Without Chromium the tests are skipped, except when KOTOPOLKU_REQUIRE_BROWSER=1 (CI), where a
missing browser fails them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kotopolku.core import liveserver

CHROMIUM = os.environ.get("KOTOPOLKU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = list(liveserver.CHROMIUM_ARGS)
REPO = Path(__file__).resolve().parents[2]
PASSWORD = "kotopolku-demo"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}"
    if os.environ.get("KOTOPOLKU_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " and KOTOPOLKU_REQUIRE_BROWSER=1: browser tests may not skip here")
    pytest.skip(message)


def _server_database(tmp: Path) -> tuple[str, Any]:
    """Return (DATABASE_URL for the server, cleanup function)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _, _name = url.rpartition("/")
        name = f"kotopolku_e2e_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return f"{base}/{name}", drop
    return f"sqlite:///{tmp / 'e2e.sqlite3'}", lambda: None


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_browser()
    tmp = tmp_path_factory.mktemp("e2e")
    database_url, cleanup = _server_database(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kotopolku.config.settings",
        "KOTOPOLKU_MODE": "demo",
        "DATABASE_URL": database_url,
        "KOTOPOLKU_VAR_DIR": str(tmp),
        "KOTOPOLKU_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "KOTOPOLKU_DEMO_PASSWORD": PASSWORD,
        "KOTOPOLKU_LOG_LEVEL": "ERROR",
    }
    subprocess.run(
        [sys.executable, "-m", "kotopolku", "demo", "--no-serve"],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    log_path = tmp / "server.log"
    try:
        with (
            log_path.open("w") as log,
            liveserver.gunicorn(env, workers=2, threads=4, log=log) as base,
        ):
            yield base
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}:\n{log_path.read_text()}") from exc
    finally:
        cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(live_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Session:
    """One browser context (cookies) with helpers; collects CSP violations and JS errors."""

    def __init__(self, browser: Any, base: str, width: int = 1280) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="fi-FI")
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))

    def _console(self, message: Any) -> None:
        text = message.text
        if message.type == "error" or "Content Security Policy" in text:
            self.problems.append(f"console {message.type}: {text}")

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base + path)

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.goto("/accounts/login/")
        self.page.get_by_label("Käyttäjätunnus").or_(self.page.get_by_label("Username")).or_(
            self.page.get_by_label("Användarnamn")
        ).first.fill(username)
        self.page.locator("input[name=password]").fill(password)
        with self.page.expect_navigation():
            self.page.locator("main form button[type=submit]").first.click()

    def axe(self) -> None:
        """Run axe-core on the current page; fail on any violation."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = results.response["violations"]
        if violations:
            lines = [f"axe found {len(violations)} violation(s) on {self.page.url}:"]
            for v in violations:
                targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
                lines.append(f"- {v['id']} ({v['impact']}): {v['help']} at {targets}")
            pytest.fail("\n".join(lines))

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser: Any, live_url: str) -> Iterator[Session]:
    s = Session(browser, live_url)
    yield s
    s.close()


@pytest.fixture
def new_session(browser: Any, live_url: str) -> Iterator[Any]:
    made: list[Session] = []

    def make(width: int = 1280) -> Session:
        s = Session(browser, live_url, width=width)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()
