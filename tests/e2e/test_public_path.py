"""The public service path in a real browser, as a client on a small phone (320 px wide):
Kokkola's path in plain Finnish and in Arabic lays out without sideways scrolling (right to
left in Arabic), passes axe with no violations, and breaks no Content Security Policy rule.
No login; nothing here touches the ORM."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.mark.parametrize(("lang", "direction"), [("fi", "ltr"), ("ar", "rtl")])
def test_the_path_fits_320_px_and_passes_axe(new_session: Any, lang: str, direction: str) -> None:
    s = new_session(width=320)
    response = s.goto(f"/path/272/{lang}/")
    assert response.status == 200
    html = s.page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == direction
    # every step is there, and the demo's Welcome Office is on its step
    assert s.page.locator("section.public-step").count() == 8
    assert s.page.locator("#step-welcome .public-service").count() >= 1
    width = s.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"/path/272/{lang}/ scrolls sideways at 320 px ({width} px)"
    s.axe()
    # the chooser in the same language fits too
    s.goto(f"/path/?lang={lang}")
    assert s.page.locator("html").get_attribute("dir") == direction
    width = s.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"/path/?lang={lang} scrolls sideways at 320 px ({width} px)"
    s.axe()
    # the leaflet link gives a PDF
    pdf = s.page.request.get(f"{s.base}/path/272/{lang}/leaflet.pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:5] == b"%PDF-"
    s.assert_clean()
