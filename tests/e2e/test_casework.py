"""Casework in a real browser: from registration to assessment, the multi-professional route,
the plan and a service started; and the hand-over of a jobseeker to the employment area.

Everything goes through the pages (and the JSON API with the same browser session); nothing
here touches the ORM. Elements are found by ids, names and URLs, never by visible text,
because the UI strings are translated.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from urllib.parse import urljoin

import pytest

from tests.e2e.steps import ASSESSMENT_PATH, CLIENT_PATH, PLAN_PATH
from tests.e2e.steps import assert_no_errors as _assert_no_errors
from tests.e2e.steps import path_of as _path
from tests.e2e.steps import submit as _submit
from tests.e2e.steps import today as _today

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _a_year_less_a_day(start: datetime.date) -> datetime.date:
    try:
        return start.replace(year=start.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # from 29 February the first year ends on 28 February
        return datetime.date(start.year + 1, 2, 28)


def _status(s: Any, path: str) -> int:
    """The status of a GET with the session's cookies, without opening it in the tab (a 4xx
    page in the tab logs a console error, which `assert_clean` would count)."""
    response = s.page.request.get(s.base + path, max_redirects=0)
    return int(response.status)


def _open_refused(s: Any, path: str, status: int) -> None:
    """Open a page that answers `status` in the tab and check it with axe. Chromium logs the
    document's status as a console error; that one line is expected here and dropped."""
    seen = len(s.problems)
    response = s.goto(path)
    assert response.status == status
    s.axe()
    expected = f"the server responded with a status of {status}"
    new = s.problems[seen:]
    for index, problem in enumerate(new):
        if expected in problem:
            del new[index]
            break
    s.problems[seen:] = new


def _deadline_kinds(s: Any, client_id: str) -> list[str]:
    response = s.page.request.get(f"{s.base}/api/v1/clients/{client_id}/deadlines")
    assert response.status == 200, response.text()
    return [row["kind"] for row in response.json()["results"]]


def _register_client(
    s: Any, *, basis: str, permit_days_ago: int = 60, interpreter: bool = False
) -> str:
    """Add a client through the create form (as the logged-in counsellor); the client page's
    path."""
    s.goto("/clients/new/")
    s.axe()
    s.page.locator("#id_first_name").fill("Testi")
    s.page.locator("#id_last_name").fill(f"Asiakas-{uuid.uuid4().hex[:8]}")
    s.page.locator("#id_birth_date").fill("1990-05-17")
    s.page.locator("#id_mother_tongue").select_option("ar")
    if interpreter:
        s.page.locator("#id_interpreter_needed").check()
        s.page.locator("#id_interpreter_language").select_option("ar")
    s.page.locator("#id_municipality").select_option("272")
    permit = _today() - datetime.timedelta(days=permit_days_ago)
    s.page.locator("#id_first_permit_date").fill(permit.isoformat())
    s.page.locator("#id_first_permit_kind").select_option("residence_permit")
    s.page.locator("#id_immigration_basis").select_option(basis)
    _submit(s)
    _assert_no_errors(s)
    return _path(s.page.url, CLIENT_PATH)


def test_a_client_goes_from_registration_to_assessment_to_plan_to_a_service_started(
    new_session: Any,
) -> None:
    today = _today()
    s = new_session()
    s.login("counsellor.kokkola")

    # --- register the client; the client page
    client_path = _register_client(s, basis="quota_refugee", interpreter=True)
    client_id = client_path.strip("/").split("/")[-1]
    assert s.page.locator("h1").inner_text().strip()
    assert s.page.locator("#casework").is_visible()
    s.axe()

    # --- start a multi-professional assessment
    with s.page.expect_navigation():
        s.page.locator(f"#casework a[href='{client_path}assessments/new/']").click()
    assert s.page.url.endswith(client_path + "assessments/new/")
    s.axe()
    s.page.locator("input[name=kind][value=county_on_request]").check()
    s.page.locator("#id_started").fill(today.isoformat())
    s.page.locator("#id_interview_language").select_option("ar")
    s.page.locator("#id_interpreter_used").check()
    s.page.locator("#id_interpreter_language").select_option("ar")
    s.page.locator("#id_health_social_needs").check()
    s.page.locator("#id_goals").fill("Learn Finnish\nFind work in health care")
    _submit(s)
    _assert_no_errors(s)
    assessment_path = _path(s.page.url, ASSESSMENT_PATH)
    assert assessment_path.startswith(client_path)
    s.axe()

    # the county's worker cannot see the client before the request
    county = new_session()
    county.login("wellbeing.kokkola")
    assert _status(county, assessment_path) == 404
    assert _status(county, client_path) == 404

    # --- request the wellbeing county's participation from the assessment page
    request_link = s.page.locator(
        f"main a[href='{client_path}wellbeing/new/?assessment={assessment_path.split('/')[-2]}']"
    ).first
    with s.page.expect_navigation():
        request_link.click()
    assert f"{client_path}wellbeing/new/" in s.page.url
    s.axe()
    county_select = s.page.locator("#id_county")
    assert county_select.input_value(), "the county serving Kokkola is not pre-selected"
    assert "Soite" in county_select.locator("option:checked").inner_text()
    # the assessment the request came from is linked
    assert s.page.locator("#id_assessment").input_value() == assessment_path.split("/")[-2]
    s.page.locator("input[name=legal_basis][value='681-2023-s14']").check()
    s.page.locator("#id_reason").fill("Health needs to be assessed with the social worker.")
    _submit(s)
    _assert_no_errors(s)
    assert _path(s.page.url, ASSESSMENT_PATH) == assessment_path
    assert s.page.locator("section.casework-request").count() == 1
    s.axe()

    # --- the county's worker reads the assessment and writes a contribution
    assert _status(county, assessment_path) == 200
    county.goto(assessment_path)
    assert county.page.locator("section.casework-request").count() == 1
    # the county's worker reads but does not change the casework
    assert county.page.locator(f"a[href='{assessment_path}edit/']").count() == 0
    assert county.page.locator("form[action$='/close/']").count() == 0
    county.axe()
    contribute = county.page.locator("section.casework-request a[href$='/contribute/']")
    contribute_path = contribute.get_attribute("href")
    assert contribute_path and contribute_path.startswith(client_path + "wellbeing/")
    with county.page.expect_navigation():
        contribute.click()
    county.axe()
    contribution = f"Social worker met the client; contribution {uuid.uuid4().hex[:6]}."
    county.page.locator("#id_text").fill(contribution)
    _submit(county)
    assert _path(county.page.url, ASSESSMENT_PATH) == assessment_path
    assert contribution in county.page.locator("section.casework-request").inner_text()
    county.axe()

    # --- the counsellor sees the contribution
    s.goto(assessment_path)
    assert contribution in s.page.locator("section.casework-request article").inner_text()
    s.axe()

    # --- the counsellor completes the assessment
    with s.page.expect_navigation():
        s.page.locator(f"main a[href='{assessment_path}edit/']").click()
    s.axe()
    assert s.page.locator("#id_started").input_value() == today.isoformat()
    s.page.locator("#id_completed").fill(today.isoformat())
    _submit(s)
    _assert_no_errors(s)
    assert _path(s.page.url, ASSESSMENT_PATH) == assessment_path
    s.axe()

    # --- the plan, made from the assessment
    with s.page.expect_navigation():
        s.page.locator(f"main a[href^='{client_path}plans/new/?assessment=']").click()
    s.axe()
    assert s.page.locator("#id_assessment").input_value() == assessment_path.split("/")[-2]
    assert s.page.locator("input[name=kind][value=county_on_request]").is_checked()
    end = _a_year_less_a_day(today)
    s.page.locator("#id_start").fill(today.isoformat())
    s.page.locator("#id_end").fill(end.isoformat())
    s.page.locator("#id_goals").fill("Finnish at level A2\nA work trial in health care\n")
    s.page.locator("#id_explained_in").select_option("ar")
    _submit(s)
    _assert_no_errors(s)
    plan_path = _path(s.page.url, PLAN_PATH)
    assert plan_path.startswith(client_path)
    assert s.page.locator("#goals + .table-wrap tbody tr").count() == 2
    s.axe()

    # the client page: the plan is listed; a "direct the client to services" step is open
    s.goto(client_path)
    assert s.page.locator(f"#casework a[href='{plan_path}']").count() == 1
    rows_before = s.page.locator("#casework ul.deadlines > li").count()
    assert "services_directed" in _deadline_kinds(s, client_id)
    assert s.page.locator("#casework li[data-kind='services_directed']").count() == 1
    s.axe()

    # --- a planned service, then started
    s.goto(plan_path)
    service_form = s.page.locator(f"form[action='{plan_path}services/']")
    service_form.locator("xpath=ancestor::details").locator("summary").click()
    s.page.locator("#id_service-name").fill("Finnish course, level A1-A2")
    s.page.locator("#id_service-provider_name").fill("Kokkolan kansalaisopisto")
    s.page.locator("#id_service-start").fill(today.isoformat())
    assert s.page.locator("#id_service-status").input_value() == "planned"
    s.axe()
    _submit(s, f"form[action='{plan_path}services/']")
    _assert_no_errors(s)
    assert _path(s.page.url, PLAN_PATH) == plan_path
    assert "services_directed" in _deadline_kinds(s, client_id)  # planned is not directed
    s.axe()
    change = s.page.locator(f"#services + .table-wrap a[href^='{plan_path}services/']")
    assert change.count() == 1
    with s.page.expect_navigation():
        change.click()
    s.axe()
    s.page.locator("#id_service-status").select_option("started")
    _submit(s)
    _assert_no_errors(s)
    assert _path(s.page.url, PLAN_PATH) == plan_path
    s.axe()

    # the step "direct the client to services" is gone from the client page
    s.goto(client_path)
    rows_after = s.page.locator("#casework ul.deadlines > li").count()
    assert rows_after == rows_before - 1, (rows_before, rows_after)
    assert s.page.locator("#casework li[data-kind='services_directed']").count() == 0
    assert "services_directed" not in _deadline_kinds(s, client_id)
    s.axe()

    # --- the summary for the client, in Arabic, right to left; and as PDF
    s.goto(plan_path)
    pdf_link = s.page.locator(f"main a[href^='{plan_path}summary/'][href*='format=pdf']")
    pdf_hrefs = [pdf_link.get_attribute("href")]
    response = s.goto(plan_path + "summary/?lang=ar")
    assert response.status == 200
    assert s.page.evaluate("document.documentElement.dir") == "rtl"
    assert s.page.evaluate("document.documentElement.lang") == "ar"
    # without an icon link of its own the browser asks for /favicon.ico, which answers 404
    summary_icons = s.page.locator("head link[rel~='icon']").count()
    s.axe()
    pdf_hrefs.append(s.page.locator("a[type='application/pdf']").get_attribute("href"))  # toolbar
    for href in pdf_hrefs:
        assert href and "format=pdf" in href, pdf_hrefs
        pdf = s.page.request.get(urljoin(s.page.url, href))
        assert pdf.status == 200, href
        assert pdf.headers["content-type"].startswith("application/pdf"), href
        assert pdf.body()[:4] == b"%PDF", href

    # --- closing the request: the county's worker no longer sees the client
    s.goto(assessment_path)
    s.page.once("dialog", lambda dialog: dialog.accept())  # data-confirm asks first
    _submit(s, "section.casework-request form[action$='/close/']")
    assert _path(s.page.url, ASSESSMENT_PATH) == assessment_path
    assert s.page.locator("section.casework-request form[action$='/close/']").count() == 0
    s.axe()
    assert _status(county, assessment_path) == 404
    assert _status(county, client_path) == 404
    assert _status(county, contribute_path) == 404

    assert summary_icons == 1, "the plan summary's <head> has no <link rel=icon>"
    s.assert_clean()
    county.assert_clean()


def test_a_client_is_handed_over_to_the_employment_area(new_session: Any) -> None:
    s = new_session()
    s.login("counsellor.kokkola")
    client_path = _register_client(s, basis="work", permit_days_ago=120)
    s.axe()
    # the counsellor's side keeps the casework
    assert s.page.locator(f"#casework a[href='{client_path}plans/new/']").count() == 1
    assert s.page.locator("#casework .casework-handover").count() == 0
    authority = s.page.locator("section[aria-labelledby='h-responsible'] dd").first
    authority_before = authority.inner_text().strip()

    # --- registration as a jobseeker moves the responsibility to the employment area
    s.page.locator("#jobseeker-date").fill(_today().isoformat())
    _submit(s, f"form[action='{client_path}jobseeker/']")
    assert s.page.url.endswith(client_path)
    assert authority.inner_text().strip() != authority_before
    # still readable: the casework section and its deadlines are there
    assert s.page.locator("#casework #h-casework-deadlines").is_visible()
    assert s.page.locator("#casework .casework-handover").count() == 1
    # but the counsellor's write buttons are gone, as is the take-over button
    for action in ("assessments/new/", "plans/new/", "contacts/new/", "consents/new/"):
        assert s.page.locator(f"a[href='{client_path}{action}']").count() == 0, action
    assert s.page.locator("form[action*='/hand-overs/']").count() == 0
    # "you can read, not change" (the civic-orientation reminder is a separate warning)
    assert s.page.locator("#casework > p.message:not(.message--warning)").count() == 1
    s.axe()

    # --- the employment area's worker sees the hand-over on the caseload
    e = new_session()
    e.login("employment.kokkola")
    e.goto("/clients/")
    box = e.page.locator("section[aria-labelledby='hand-overs-title']")
    link = box.locator(f"a[href='{client_path}']")
    assert link.count() == 1
    e.axe()
    with e.page.expect_navigation():
        link.click()
    assert e.page.url.endswith(client_path)
    accept = f"form[action^='{client_path}hand-overs/'][action$='/accept/']"
    assert e.page.locator(accept).count() == 1
    e.axe()
    _submit(e, accept)
    assert _path(e.page.url, CLIENT_PATH) == client_path
    assert e.page.locator("#casework .casework-handover").count() == 0
    assert e.page.locator(f"#casework a[href='{client_path}plans/new/']").count() == 1
    e.axe()

    # the hand-over has left the caseload's box
    e.goto("/clients/")
    assert (
        e.page.locator(
            f"section[aria-labelledby='hand-overs-title'] a[href='{client_path}']"
        ).count()
        == 0
    )

    # --- the employment worker may make the plan; the counsellor may not
    response = e.goto(client_path + "plans/new/")
    assert response.status == 200
    assert e.page.locator("#id_start").is_visible()
    e.axe()
    _open_refused(s, client_path + "plans/new/", 403)
    assert s.page.locator(f"main a[href='{client_path}']").count() >= 1  # back to the client
    s.goto(client_path)
    # "you can read, not change" (the civic-orientation reminder is a separate warning)
    assert s.page.locator("#casework > p.message:not(.message--warning)").count() == 1
    assert s.page.locator(f"a[href='{client_path}plans/new/']").count() == 0
    s.axe()

    s.assert_clean()
    e.assert_clean()
