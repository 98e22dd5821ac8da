"""Browser test of the programme import page (issue 17b): the Kokkola coordinator uploads the
Kokkola document, sees what was placed, opens the draft; the form and the result pass axe
and fit a 320 px screen. Needs the `programme:import` route in programme/urls.py."""

from __future__ import annotations

from typing import Any

import pytest

from kotopolku.programme.demo import KOKKOLA_DOCUMENT

pytestmark = pytest.mark.e2e


def test_a_coordinator_imports_the_kokkola_document(new_session: Any) -> None:
    s = new_session(width=320)
    s.login("coordinator.kokkola")
    s.goto("/programme/import/")
    page = s.page
    assert page.locator("h1").inner_text() == "Tuo kotoutumisohjelman asiakirja"
    s.axe()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the form scrolls sideways at 320 px ({width} px)"

    # a file that is not a programme document: the error summary names the file field
    page.get_by_label("Ohjelman kunta").select_option("272")
    page.get_by_label("Ohjelman asiakirja").set_input_files(
        files=[{"name": "muistio.txt", "mimeType": "text/plain", "buffer": b"Muistio\n"}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Tuo luonnokseksi").click()
    summary = page.locator(".error-summary")
    assert "Tämä ei ole kotoutumisohjelman asiakirja" in summary.inner_text()
    s.axe()

    page.get_by_label("Ohjelman kunta").select_option("272")
    page.get_by_label("Ohjelman asiakirja").set_input_files(str(KOKKOLA_DOCUMENT))
    with page.expect_navigation():
        page.get_by_role("button", name="Tuo luonnokseksi").click()
    assert page.locator("h1").inner_text() == "Asiakirja tuotiin luonnokseksi"
    assert "Asiakirjan koko teksti sijoitettiin." in page.locator("main").inner_text()
    s.axe()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the result scrolls sideways at 320 px ({width} px)"

    with page.expect_navigation():
        page.get_by_role("link", name="Avaa luonnos").click()
    assert "/programme/" in page.url
    assert "Kotoutumispalvelut" in page.locator("main").inner_text()
    s.assert_clean()
