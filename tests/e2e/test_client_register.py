"""The client register in a real browser (issue: client register and caseloads)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_counsellor_reads_and_corrects_a_client_and_the_log_shows_both(new_session: Any) -> None:
    s = new_session()
    s.login("counsellor.joensuu")
    assert s.page.url.endswith("/clients/")
    table = s.page.locator("table.caseload")
    assert table.locator("tbody tr").count() == 50
    s.axe()

    # open the first client of the caseload
    first = table.locator("tbody tr a").first
    name = first.inner_text()
    with s.page.expect_navigation():
        first.click()
    client_path = re.search(r"/clients/[0-9a-f-]{36}/", s.page.url).group(0)
    assert s.page.locator("h1").inner_text().strip()
    s.axe()

    # correct a fact: the phone number
    s.goto(client_path + "edit/")
    s.axe()
    s.page.locator("#id_phone").fill("+358 40 555 0101")
    with s.page.expect_navigation():
        s.page.locator("main form button[type=submit]").click()
    assert s.page.url.endswith(client_path)
    assert "+358 40 555 0101" in s.page.locator("main").inner_text()

    # the access-log report shows the read and the change
    s.goto(client_path + "access-log/")
    s.axe()
    log = s.page.locator("main table").inner_text()
    assert "phone" in log and "+358 40 555 0101" in log
    assert ": detail" in log and "clients:detail" not in log  # the page in words
    assert "counsellor.joensuu" in log or "Kotoutumisohjaaja" in log
    s.assert_clean()

    # a counsellor of Kokkola may not see this client: 404
    other = new_session()
    other.login("counsellor.kokkola")
    response = other.goto(client_path)
    assert response.status == 404
    response = other.goto(client_path + "access-log/")
    assert response.status == 404

    # the Joensuu auditor prints the report
    auditor = new_session()
    auditor.login("auditor.joensuu")
    auditor.goto(client_path + "access-log/?print=1")
    assert name.split(",")[0] in auditor.page.locator("main").inner_text()
    assert "phone" in auditor.page.locator("main table").inner_text()
    auditor.axe()
    pdf = auditor.page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    auditor.assert_clean()


def test_caseload_filters_and_search(new_session: Any) -> None:
    s = new_session()
    s.login("counsellor.joensuu")
    before = s.page.locator("#caseload-caption").inner_text()
    with s.page.expect_response(lambda r: r.request.method == "POST" and r.status == 200):
        s.page.locator("#f-language").select_option(index=1)
    # Locator assertions poll in Playwright's injected script; a string predicate
    # (wait_for_function) would be compiled with new Function, which the CSP refuses.
    expect(s.page.locator("#caseload-caption")).not_to_have_text(before)
    language = s.page.locator("#f-language").input_value()
    assert f"language={language}" in s.page.url  # htmx pushed the filter into the address
    s.page.locator("#f-q").fill("zzzzzz-no-such-name")
    with s.page.expect_response(lambda r: r.request.method == "POST" and r.status == 200):
        s.page.locator("form.filters button[type=submit]").click()
    expect(s.page.locator("table.caseload tbody tr")).to_have_count(1)
    # the search text is POSTed; the address carries an opaque search id (issue 11 item 7)
    assert "zzzzzz" not in s.page.url and "s=" in s.page.url
    assert s.page.locator("table.caseload tbody tr").count() == 1  # the "no clients" row
    s.axe()
    s.assert_clean()


def test_adding_a_client_with_a_bad_code_names_the_field(new_session: Any) -> None:
    s = new_session()
    s.login("counsellor.kokkola")
    s.goto("/clients/new/")
    s.axe()
    s.page.locator("#id_first_name").fill("Testi")
    s.page.locator("#id_last_name").fill("Asiakas")
    s.page.locator("#id_henkilotunnus").fill("010190-999X")
    s.page.locator("#id_mother_tongue").select_option("ar")
    s.page.locator("#id_municipality").select_option("272")
    s.page.locator("#id_immigration_basis").select_option("family")
    with s.page.expect_navigation():
        s.page.locator("main form button[type=submit]").click()
    summary = s.page.locator(".error-summary")
    assert summary.is_visible()
    assert s.page.locator("#id_henkilotunnus").get_attribute("aria-invalid") == "true"
    s.axe()
    s.assert_clean()


def test_manager_sees_the_unit_caseload(new_session: Any) -> None:
    s = new_session()
    s.login("manager.joensuu")
    assert s.page.url.endswith("/clients/unit/")
    assert s.page.locator("table.caseload tbody tr").count() == 50
    s.axe()
    # issue 15: the counts per counsellor, sorted and filtered with the keyboard alone
    counsellors = s.page.locator("table.counsellors tbody tr")
    assert counsellors.count() >= 1  # the demo unit: its counsellors (and clients without one)
    assert s.page.locator("table.counsellors caption").count() == 1
    assert s.page.locator("table.counsellors thead th[scope=col]").count() == 5
    assert s.page.locator("table.counsellors tbody th[scope=row]").count() == counsellors.count()
    sort_link = s.page.locator("table.counsellors thead th").nth(3).locator("a")  # overdue
    sort_link.focus()
    with s.page.expect_navigation():
        s.page.keyboard.press("Enter")
    assert "csort=overdue" in s.page.url
    header = s.page.locator("table.counsellors thead th").nth(3)
    assert header.get_attribute("aria-sort") == "descending"
    overdue = [
        int(t) for t in s.page.locator("table.counsellors td[data-count=overdue]").all_inner_texts()
    ]
    assert overdue == sorted(overdue, reverse=True)
    first = s.page.locator("table.counsellors tbody th[scope=row] a").first
    key = s.page.locator("table.counsellors tbody tr").first.get_attribute("data-counsellor")
    first.focus()
    with s.page.expect_navigation():
        s.page.keyboard.press("Enter")
    assert f"counsellor={key}" in s.page.url
    chosen = s.page.locator(f'tr[data-counsellor="{key}"] th a')
    assert chosen.get_attribute("aria-current") == "true"
    assert s.page.locator("#f-counsellor").input_value() == key
    s.axe()
    s.assert_clean()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_caseload_fits_the_screen(width: int, new_session: Any) -> None:
    s = new_session(width=width)
    s.login("counsellor.joensuu")
    overflow = s.page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"the caseload scrolls sideways at {width} px ({overflow} px)"
    s.axe()


def test_the_language_picker_filters_as_one_types(new_session: Any) -> None:
    """Issue 15: a labelled filter box before the mother-tongue select (static pickers.js,
    no inline script); typing narrows the options, Enter picks the first one left."""
    s = new_session()
    s.login("counsellor.joensuu")
    s.goto("/clients/new/")
    box = s.page.get_by_label("Rajaa kieliä").first
    expect(box).to_be_visible()
    assert box.get_attribute("aria-controls") == "id_mother_tongue"
    box.fill("viittoma")
    visible = s.page.eval_on_selector_all(
        "#id_mother_tongue option", "os => os.filter(o => !o.hidden && o.value).map(o => o.value)"
    )
    assert visible == ["fse", "fss", "ase"]  # Finland's first, then American Sign Language
    box.press("Enter")
    assert s.page.locator("#id_mother_tongue").input_value() == "fse"
    assert s.page.url.endswith("/clients/new/")  # Enter did not submit the form
    box.fill("")
    count = s.page.eval_on_selector_all(
        "#id_mother_tongue option", "os => os.filter(o => !o.hidden).length"
    )
    assert count > 300
    s.axe()
    s.assert_clean()
