"""Button contrast, computed in the browser (issue 15): axe leaves text over transparent or
layered backgrounds "needing review", and a white-on-white "Archive" on /tray/ours/ passed it.
`Session.contrast` computes the ratio of every visible button from the computed colours."""

from __future__ import annotations

from typing import Any

import pytest

PAGES = {
    "ngo.spr": ["/tray/ours/", "/tray/", "/referrals/received/"],
    "counsellor.joensuu": ["/", "/clients/", "/tray/"],
    "coordinator.joensuu": ["/tray/approvals/", "/tray/coverage/"],
}


def test_the_check_fails_on_a_white_on_white_button(new_session: Any) -> None:
    """The check itself can fail: the former "Archive" (white text, transparent background, on
    a white page) measures 1:1, and the secondary button that replaced it passes."""
    s = new_session()
    s.page.set_content(
        '<body style="background:#fff">'
        '<button style="color:#fff;background:transparent">Arkistoi</button>'
        '<a class="button" style="color:#0a4a8f;background:#fff">Palauta</a>'
        '<button style="color:#fff;background:transparent" hidden>hidden</button>'
        "</body>"
    )
    found = {b["text"]: b["ratio"] for b in s.button_contrasts()}
    assert found == {"Arkistoi": 1.0, "Palauta": pytest.approx(8.8, abs=0.05)}
    with pytest.raises(pytest.fail.Exception, match="'Arkistoi': 1:1"):
        s.contrast()


@pytest.mark.parametrize("user", sorted(PAGES))
def test_buttons_meet_4_5_to_1(new_session: Any, user: str) -> None:
    s = new_session()
    s.login(user)
    for path in PAGES[user]:
        response = s.goto(path)
        assert response.status == 200, path
        assert s.button_contrasts(), f"no buttons measured on {path}"
        s.contrast()
        s.axe()
    s.assert_clean()


def test_our_services_archive_is_visible_and_asks_first(new_session: Any) -> None:
    """The NGO's "Archive" is a visible button; pressing it asks first and names the open
    referrals by count and status, without archiving; "Cancel" keeps the entry."""
    s = new_session()
    s.login("ngo.spr")
    s.goto("/tray/ours/")
    archive = s.page.locator("button", has_text="Arkistoi").first
    ratios = [b["ratio"] for b in s.button_contrasts() if b["text"].startswith("Arkistoi")]
    assert ratios and min(ratios) >= 4.5
    with s.page.expect_navigation():
        archive.click()
    assert s.page.locator("h1").inner_text() == "Arkistoidaanko merkintä?"
    s.contrast()
    s.axe()
    with s.page.expect_navigation():
        s.page.get_by_role("link", name="Peruuta").click()
    assert s.page.url.endswith("/tray/ours/")
    s.assert_clean()
