"""Make the README's screenshots: the caseload in fi, sv and en at 1280 and 320 px, a client's
casework and plan page, the client's path (the tray filtered for the client, the plan with the
referral's status, the plan summary in Arabic) at 1280 and 320 px.

Starts the demo in its own database (a temporary SQLite file) and gunicorn, logs in as
counsellor.joensuu in headless Chromium, and writes docs/screenshots/caseload-<lang>-<width>.png.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

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
        found: tuple[dict[str, object], dict[str, object]] | None = None
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
                    found = shoot_casework(page, base)
                    shoot_tray(page, base)
                if lang == "fi" and found is not None:
                    shoot_path(page, base, *found, width=width)
                context.close()
        browser.close()


def shoot_casework(page: object, base: str) -> tuple[dict[str, object], dict[str, object]] | None:
    """A client of the caseload with a plan: the client page's casework, the plan page and
    the plan summary in Arabic (right to left). Returns the client and the plan."""
    request = page.request  # type: ignore[attr-defined]
    clients = request.get(f"{base}/api/v1/clients?limit=100").json()["results"]
    for client in clients:
        if client.get("municipality") != "167":  # Joensuu: the demo entries of PATH_ENTRIES
            continue
        plans = request.get(f"{base}/api/v1/clients/{client['id']}/plans").json()["results"]
        today = datetime.datetime.now(ZoneInfo("Europe/Helsinki")).date().isoformat()
        active = [
            p
            for p in plans
            if p["status"] == "active" and p["goals"] and p["start"] <= today <= p["end"]
        ]
        if active:
            break
    else:
        return None
    plan = active[0]
    path = f"/clients/{client['id']}/"
    page.goto(f"{base}{path}#casework")  # type: ignore[attr-defined]
    page.locator("#casework").screenshot(path=str(OUT / "client-casework-fi.png"))  # type: ignore[attr-defined]
    page.goto(f"{base}{path}plans/{plan['id']}/")  # type: ignore[attr-defined]
    page.screenshot(path=str(OUT / "plan-fi-1280.png"), full_page=True)  # type: ignore[attr-defined]
    page.goto(f"{base}{path}plans/{plan['id']}/summary/?lang=ar")  # type: ignore[attr-defined]
    page.screenshot(path=str(OUT / "plan-summary-ar.png"), full_page=True)  # type: ignore[attr-defined]
    return client, plan


def shoot_path(
    page: object, base: str, client: dict[str, object], plan: dict[str, object], *, width: int
) -> None:
    """The client's path (issue 15) at `width`: the tray filtered and ranked for the client,
    the plan's services with their referrals, and the Arabic summary."""
    path = f"/clients/{client['id']}/"
    if width == 1280:
        add_from_tray(page, base, client, plan)
    page.goto(f"{base}/tray/?for_client={client['id']}")  # type: ignore[attr-defined]
    page.screenshot(path=str(OUT / f"tray-for-client-fi-{width}.png"), full_page=False)  # type: ignore[attr-defined]
    page.goto(f"{base}{path}plans/{plan['id']}/#services")  # type: ignore[attr-defined]
    page.screenshot(path=str(OUT / f"plan-services-fi-{width}.png"), full_page=False)  # type: ignore[attr-defined]
    page.goto(f"{base}{path}plans/{plan['id']}/summary/?lang=ar")  # type: ignore[attr-defined]
    page.screenshot(path=str(OUT / f"plan-summary-ar-{width}.png"), full_page=False)  # type: ignore[attr-defined]


def shoot_tray(page: object, base: str) -> None:
    """The offering tray: an inflected Finnish query, and the gaps and overlaps of the region."""
    page.goto(f"{base}/tray/?q=kielikahvilaan")  # type: ignore[attr-defined]
    page.screenshot(path=str(OUT / "tray-search-fi.png"), full_page=False)  # type: ignore[attr-defined]
    page.goto(f"{base}/tray/coverage/")  # type: ignore[attr-defined]
    page.screenshot(path=str(OUT / "tray-coverage-fi.png"), full_page=False)  # type: ignore[attr-defined]


PATH_ENTRIES = (  # demo entries of Joensuu with times and places: Toivo's own and an NGO's
    "Ryhmäohjaus 1. vuosi: yhteiskuntaorientaatio",
    "Kielikahvila Kansalaistalolla",
)


def add_from_tray(page: Any, base: str, client: dict[str, object], plan: dict[str, object]) -> None:
    """Add two demo entries to the plan as a counsellor does (the entry opened for the client,
    "add to the plan"), referring the client to the NGO's café now with consent."""
    found = page.request.get(
        f"{base}/api/v1/services?for_client={client['id']}&drop=language&drop=target_group"
        "&lang=fi&limit=100"
    ).json()["results"]
    ids = {row["name"]: row["id"] for row in found}
    for name in PATH_ENTRIES:
        if name not in ids:
            print(f"screenshots: {name!r} not in the tray for the client", file=sys.stderr)
            continue
        page.goto(f"{base}/tray/{ids[name]}/?for_client={client['id']}")
        link = page.locator("main a[href^='/referrals/plan/'], main a[href*='catalog_service=']")
        if link.count() == 0:
            print(f"screenshots: no 'add to the plan' on {name!r}", file=sys.stderr)
            continue
        link.first.click()
        page.wait_for_load_state()
        refer = page.locator("input[name='refer-refer_now']")
        if "/referrals/plan/" in page.url and refer.count():
            refer.check()
            page.locator("#id_referral-reason").fill("Haluaa harjoitella suomen puhumista.")
            consent = page.locator("input[name='referral-consent'][value=new]")
            if consent.count():
                consent.check()
                page.locator("#id_referral-consent_given_on").fill(
                    datetime.datetime.now(ZoneInfo("Europe/Helsinki")).date().isoformat()
                )
            page.locator("main form[method=post] button[type=submit]").first.click()
        else:
            page.locator(
                f"form[action$='/plans/{plan['id']}/services/'] button[type=submit]"
            ).click()
        page.wait_for_load_state()


if __name__ == "__main__":
    main()
