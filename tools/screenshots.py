"""Make the README's screenshots: the caseload in fi, sv and en at 1280 and 320 px, a client's
casework and plan page, and the client's plan summary in Arabic.

Starts the demo in its own database (a temporary SQLite file) and gunicorn, logs in as
counsellor.joensuu in headless Chromium, and writes docs/screenshots/caseload-<lang>-<width>.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tools import liveserver

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
CHROMIUM = os.environ.get("KOTOPOLKU_CHROMIUM", "/usr/bin/chromium")
ARGS = list(liveserver.CHROMIUM_ARGS)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kotopolku-shots-"))
    env = {
        **os.environ,
        "KOTOPOLKU_MODE": "demo",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "KOTOPOLKU_VAR_DIR": str(tmp),
        "KOTOPOLKU_ALLOWED_HOSTS": "127.0.0.1",
    }
    subprocess.run(
        [sys.executable, "-m", "kotopolku", "demo", "--no-serve"],
        env=env,
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        with liveserver.gunicorn(env, workers=2) as base:
            shoot(base)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {OUT}")


def shoot(base: str) -> None:
    """Log in as counsellor.joensuu in each language and width and save the caseload."""
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for lang in ("fi", "sv", "en"):
            for width in (1280, 320):
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                autonym = {"fi": "suomi", "sv": "svenska", "en": "English"}[lang]
                page.get_by_role("button", name=autonym).click()
                page.wait_for_load_state()
                page.locator("input[name=username]").fill("counsellor.joensuu")
                page.locator("input[name=password]").fill("kotopolku-demo")
                page.locator("main form button[type=submit]").click()
                page.wait_for_load_state()
                page.screenshot(path=str(OUT / f"caseload-{lang}-{width}.png"), full_page=False)
                if lang == "fi" and width == 1280:
                    shoot_casework(page, base)
                    shoot_tray(page, base)
                context.close()
        browser.close()


def shoot_casework(page: object, base: str) -> None:
    """A client of the caseload with a plan: the client page's casework, the plan page and
    the plan summary in Arabic (right to left)."""
    request = page.request  # type: ignore[attr-defined]
    clients = request.get(f"{base}/api/v1/clients?limit=100").json()["results"]
    for client in clients:
        plans = request.get(f"{base}/api/v1/clients/{client['id']}/plans").json()["results"]
        active = [p for p in plans if p["status"] == "active" and p["goals"]]
        if active:
            break
    else:
        return
    plan = active[0]
    path = f"/clients/{client['id']}/"
    page.goto(f"{base}{path}#casework")  # type: ignore[attr-defined]
    page.locator("#casework").screenshot(path=str(OUT / "client-casework-fi.png"))  # type: ignore[attr-defined]
    page.goto(f"{base}{path}plans/{plan['id']}/")  # type: ignore[attr-defined]
    page.screenshot(path=str(OUT / "plan-fi-1280.png"), full_page=True)  # type: ignore[attr-defined]
    page.goto(f"{base}{path}plans/{plan['id']}/summary/?lang=ar")  # type: ignore[attr-defined]
    page.screenshot(path=str(OUT / "plan-summary-ar.png"), full_page=True)  # type: ignore[attr-defined]


def shoot_tray(page: object, base: str) -> None:
    """The offering tray: an inflected Finnish query, and the gaps and overlaps of the region."""
    page.goto(f"{base}/tray/?q=kielikahvilaan")  # type: ignore[attr-defined]
    page.screenshot(path=str(OUT / "tray-search-fi.png"), full_page=False)  # type: ignore[attr-defined]
    page.goto(f"{base}/tray/coverage/")  # type: ignore[attr-defined]
    page.screenshot(path=str(OUT / "tray-coverage-fi.png"), full_page=False)  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
