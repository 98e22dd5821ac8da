"""The client's plan summary on a small phone (320 px), issue 15 section 2: right-to-left
(Farsi, Arabic, Sorani) and a left-to-right language reflow without sideways scrolling, and
axe finds nothing. Elements are found by classes and URLs, never by translated UI text."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

WIDTH = 320
PLAN_LINK = re.compile(r"/clients/[0-9a-f-]{36}/plans/[0-9a-f-]{36}/$")


def _a_plan(s: Any) -> str:
    clients = [
        a.get_attribute("href")
        for a in s.page.locator("table.caseload > tbody > tr > td:first-child a").all()[:20]
    ]
    for client in clients:
        s.goto(client)
        for href in s.page.locator("main a[href*='/plans/']").evaluate_all(
            "l => l.map(a => a.pathname)"
        ):
            if PLAN_LINK.search(href):
                return str(href)
    raise AssertionError("no plan among the first 20 clients of the caseload")


@pytest.mark.parametrize(
    ("lang", "direction"), [("fa", "rtl"), ("ar", "rtl"), ("ckb", "rtl"), ("th", "ltr")]
)
def test_the_summary_reflows_at_320_px(new_session: Any, lang: str, direction: str) -> None:
    s = new_session(width=WIDTH)
    s.login("counsellor.joensuu")
    plan = _a_plan(s)
    response = s.goto(f"{plan}summary/?lang={lang}")
    assert response.status == 200
    page = s.page
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.documentElement.dir") == direction
    # the page's own labels, not a fallback: no fallback notice
    assert page.locator(".summary__notice").count() == 0
    sizes = page.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert sizes["scroll"] <= sizes["client"], f"{lang}: scrolls sideways at {WIDTH} px: {sizes}"
    # nothing inside the sheet sticks out either (a right-to-left overflow scrolls leftwards,
    # which scrollWidth does not always count)
    outside = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => {"
        " const r = e.getBoundingClientRect();"
        " return r.width > 0 && (r.left < -1 || r.right > document.documentElement.clientWidth + 1);"
        "}).map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert outside == [], f"{lang}: {outside}"
    # the services and goals are stacked rows with their column names shown
    tables = page.locator("table.summary__table")
    if tables.count():
        row = tables.first.locator("tbody > tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
    s.axe()
    s.assert_clean()


def test_the_plan_pages_texts_for_the_client_at_320_px(new_session: Any) -> None:
    """The plan page's form for the client's texts (opened for Farsi) fits 320 px, its fields
    are typed right to left in Farsi's own language, and axe finds nothing."""
    s = new_session(width=WIDTH)
    s.login("counsellor.joensuu")
    page = s.page
    clients = [
        a.get_attribute("href")
        for a in page.locator("table.caseload > tbody > tr > td:first-child a").all()[:20]
    ]
    form = page.locator("details#client-texts")
    for client in clients:  # a plan the counsellor may write (the form is the writer's)
        s.goto(client)
        plans = [
            h
            for h in page.locator("main a[href*='/plans/']").evaluate_all(
                "l => l.map(a => a.pathname)"
            )
            if PLAN_LINK.search(h)
        ]
        if plans:
            assert s.goto(f"{plans[0]}?client_texts=fa").status == 200
            if form.count():
                break
    assert form.count() == 1, "no writable plan among the first 20 clients"
    assert form.get_attribute("open") is not None
    fields = form.locator("textarea")
    if fields.count():
        assert fields.first.get_attribute("lang") == "fa"
        assert fields.first.get_attribute("dir") == "auto"
    sizes = page.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert sizes["scroll"] <= sizes["client"], sizes
    s.axe()
    s.assert_clean()
