"""Issue 15, NGO upkeep in the browser: the NGO's entry form at 1280 px (its height measured,
axe), the warning after a change in one language only, and the coordinator's word-level diff."""

from __future__ import annotations

import uuid
from typing import Any

# The form's height at 1280 px before issue 15 was 9,800 px (the measurement)
MAX_FORM_HEIGHT = 5000


def _edit_links(s: Any) -> list[str]:
    return s.page.eval_on_selector_all(
        "main a[href$='/edit/']", "links => links.map(a => a.getAttribute('href'))"
    )


def test_ngo_form_is_short_sectioned_and_warns_about_one_language(new_session: Any) -> None:
    marker = uuid.uuid4().hex[:8]
    ngo = new_session()
    ngo.login("ngo.spr")
    ngo.goto("/tray/ours/")
    chosen = None
    for href in _edit_links(ngo):
        ngo.goto(href)
        published = ngo.page.locator("main button[type=submit]").first.inner_text()
        other = [ngo.page.locator(f"#id_summary_{lang}").input_value() for lang in ("sv", "en")]
        # a published entry (its change waits for approval) with a summary in another language
        if "Ehdota" in published and any(other) and "Kielikahvila" not in ngo.page.title():
            chosen = href
            break
    assert chosen, "no published entry of ngo.spr with a translated summary"
    height = ngo.page.evaluate("document.documentElement.scrollHeight")
    assert height < MAX_FORM_HEIGHT, f"the NGO's entry form is {height} px high at 1280 px"
    # no authority-only field, sections with legends, required fields marked
    assert ngo.page.locator("[name=programme_element], [name=kind]").count() == 0
    assert ngo.page.locator("main fieldset legend").count() >= 5
    assert ngo.page.locator("#id_schedule_kind[aria-required=true]").count() == 1
    ngo.axe()
    ngo.contrast()
    ngo.page.locator("#id_summary_fi").fill(f"Uusi kuvaus ({marker}).")
    with ngo.page.expect_navigation():
        ngo.page.locator("main form[method=post] button[type=submit]").first.click()
    assert ngo.page.locator(".error-summary").count() == 0
    warning = ngo.page.locator(".message--warning")
    assert warning.count() >= 1, "no warning about the translations left unchanged"
    ngo.axe()

    coordinator = new_session()
    coordinator.login("coordinator.joensuu")
    coordinator.goto("/tray/approvals/")
    entry_path = chosen.removesuffix("edit/")
    decide = coordinator.page.locator(
        f"main section:has(a[href='{entry_path}']) a[href^='/tray/approvals/']"
    )
    with coordinator.page.expect_navigation():
        decide.first.click()
    inserted = coordinator.page.locator("ins.word-ins", has_text=marker)
    assert inserted.count() == 1
    assert coordinator.page.locator("del.word-del").count() >= 1
    coordinator.axe()
    coordinator.contrast()
    coordinator.page.locator("input[name=decision][value=reject]").check()
    coordinator.page.locator("#id_reason").fill("Testi: ei muutoksia.")
    with coordinator.page.expect_navigation():
        coordinator.page.locator("main form[method=post] button[type=submit]").first.click()
    assert coordinator.page.locator(".error-summary").count() == 0
    ngo.assert_clean()
    coordinator.assert_clean()
