"""Kotopolku on a small phone (320 px wide), issue 15 section 3: the main menu is a "Menu"
button (a <details>) so the heading comes within the first screen, the menu opens with the
keyboard, and the caseload, the plan page and /tray/ours/ reflow their tables into stacked rows
instead of scrolling sideways (WCAG 1.4.10); the caseload shows each client's casework steps
first. Elements are found by classes, ids and URLs, never by translated UI text."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

WIDTH = 320
PLAN_LINK = re.compile(r"/clients/[0-9a-f-]{36}/plans/[0-9a-f-]{36}/$")
# the first-viewport height of conftest.Session (900 px): the heading must start above it
VIEWPORT_HEIGHT = 900


def _fits_and_menu_collapsed(s: Any) -> None:
    """The page fits 320 px, its h1 is on the first screen, and the menu is a closed button
    that opens with Enter and shows its links; axe finds nothing."""
    page = s.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} scrolls sideways at {WIDTH} px ({width} px)"
    # the skip link is still the first thing to focus
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")

    menu = page.locator("nav.main-nav details[data-main-menu]")
    summary = menu.locator("summary")
    links = menu.locator(".main-nav__list a")
    assert menu.get_attribute("open") is None, f"{page.url}: the menu is open at {WIDTH} px"
    assert summary.is_visible()
    assert not links.first.is_visible()
    top = page.locator("main h1").first.evaluate("h => h.getBoundingClientRect().top + scrollY")
    assert top < VIEWPORT_HEIGHT, f"{page.url}: the h1 starts at {top} px"
    s.axe()

    # reach the menu button with the keyboard
    for _ in range(20):
        if page.evaluate("document.activeElement.matches('nav.main-nav summary')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('nav.main-nav summary')")
    # focus visible: the focus style differs from the resting one (a focus-ring background)
    assert summary.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.keyboard.press("Enter")
    assert menu.get_attribute("open") is not None
    assert links.count() >= 3
    assert links.first.is_visible() and links.last.is_visible()
    assert summary.evaluate("e => e.matches('[open] > summary')")
    s.axe()  # also with the menu open
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} with the menu open: {width} px"
    page.keyboard.press("Enter")
    assert menu.get_attribute("open") is None


def _stacked(s: Any, table: str) -> None:
    """The table's rows are stacked blocks with their column labels shown."""
    row = s.page.locator(f"{table} > tbody > tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "flex"
    label = row.locator(".cell-label").first
    assert label.is_visible() and label.inner_text().strip()


def test_the_caseload_at_320_px(new_session: Any) -> None:
    s = new_session(width=WIDTH)
    s.login("counsellor.joensuu")
    assert s.page.url.endswith("/clients/")
    _fits_and_menu_collapsed(s)
    _stacked(s, "table.caseload")
    # the casework steps are the first thing of each row on a narrow screen
    for row in s.page.locator("table.caseload > tbody > tr").all()[:5]:
        cells = row.locator("> td")
        steps = row.locator("> td.caseload__steps")
        assert steps.count() == 1
        steps_top = steps.evaluate("e => e.getBoundingClientRect().top")
        name_top = cells.first.evaluate("e => e.getBoundingClientRect().top")
        assert steps_top < name_top
    s.assert_clean()


def test_the_plan_page_and_a_client_at_320_px(new_session: Any) -> None:
    s = new_session(width=WIDTH)
    s.login("counsellor.joensuu")
    clients = [
        a.get_attribute("href")
        for a in s.page.locator("table.caseload > tbody > tr > td:first-child a").all()[:20]
    ]
    plan = None
    for client in clients:
        s.goto(client)
        hrefs = [
            h
            for h in s.page.locator("main a[href*='/plans/']").evaluate_all(
                "l => l.map(a => a.pathname)"
            )
            if PLAN_LINK.search(h)
        ]
        if hrefs:
            plan = hrefs[0]
            break
    assert plan, "no plan among the first 20 clients of the caseload"
    # the client's own page (the "one more page")
    _fits_and_menu_collapsed(s)
    s.goto(plan)
    _fits_and_menu_collapsed(s)
    _stacked(s, "table.table-stack")
    s.assert_clean()


def test_our_services_at_320_px(new_session: Any) -> None:
    s = new_session(width=WIDTH)
    s.login("ngo.spr")
    assert s.page.url.endswith("/tray/ours/")
    _fits_and_menu_collapsed(s)
    _stacked(s, "table.table-stack")
    s.assert_clean()


def test_the_menu_is_open_and_its_button_hidden_on_a_wide_screen(new_session: Any) -> None:
    s = new_session(width=1280)
    s.login("counsellor.joensuu")
    menu = s.page.locator("nav.main-nav details[data-main-menu]")
    assert not menu.locator("summary").is_visible()
    links = menu.locator(".main-nav__list a")
    assert links.first.is_visible() and links.last.is_visible()
    s.assert_clean()
