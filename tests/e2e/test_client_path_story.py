"""The client's path as one story (issue 15, "Done when"): a new client, an assessment with two
needs, the tray filtered for that client, two services added to the plan, one of them referred
with the client's consent, the NGO partner accepts, the plan shows it, and the Arabic summary
lists both services with time, place and contact at 320 px without sideways scrolling.

Everything goes through the pages and the JSON API; nothing here touches the ORM. Elements are
found by ids, names and URLs (and the entries' own names, which are data), never by translated
UI text.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest

from tests.e2e.steps import ASSESSMENT_PATH, CLIENT_PATH, PLAN_PATH
from tests.e2e.steps import assert_no_errors as _assert_no_errors
from tests.e2e.steps import path_of as _path
from tests.e2e.steps import submit as _submit
from tests.e2e.steps import today as _today

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

CAFE = "Kielikahvila Kansalaistalolla"  # the Red Cross Joensuu language café (an NGO's)
GUIDANCE = "Ryhmäohjaus 1. vuosi: yhteiskuntaorientaatio"  # Toivo's own group guidance
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def _entry_id(s: Any, client_id: str, name: str) -> str:
    """The id of the entry called `name` among the tray's results for the client (the
    authenticated API, filtered for the client with every filter dropped but the
    municipality)."""
    response = s.page.request.get(
        f"{s.base}/api/v1/services?for_client={client_id}&drop=language&drop=target_group"
        "&lang=fi&limit=100"
    )
    assert response.status == 200, response.text()
    found = [row for row in response.json()["results"] if row["name"] == name]
    assert len(found) == 1, f"{name!r} not among {[r['name'] for r in response.json()['results']]}"
    return str(found[0]["id"])


def _add_to_plan(s: Any, client_id: str, entry_id: str, plan_path: str) -> None:
    """Open the entry from the client's tray and follow its "add to the plan" (the step that
    offers "refer now", or the plan's service form filled from the entry); save the service
    without referring."""
    s.goto(f"/tray/{entry_id}/?for_client={client_id}")
    link = s.page.locator(
        f"main a[href^='/referrals/plan/{client_id}/'][href$='/{entry_id}/'], "
        f"main a[href^='{plan_path}?catalog_service={entry_id}']"
    )
    assert link.count() == 1, f"no 'add to the plan' on the entry {entry_id} for the client"
    with s.page.expect_navigation():
        link.click()
    s.axe()
    if "/referrals/plan/" in s.page.url:
        assert not s.page.locator("input[name='refer-refer_now']").is_checked()
        _submit(s)
    else:
        _submit(s, f"form[action='{plan_path}services/']")
    _assert_no_errors(s)
    assert _path(s.page.url, PLAN_PATH) == plan_path


def test_the_clients_path_from_needs_to_the_arabic_summary(new_session: Any) -> None:
    today = _today()
    marker = uuid.uuid4().hex[:8]
    counsellor = new_session()
    counsellor.login("counsellor.joensuu")
    page = counsellor.page

    # --- a new client in Joensuu, Arabic-speaking
    counsellor.goto("/clients/new/")
    page.locator("#id_first_name").fill("Testi")
    page.locator("#id_last_name").fill(f"Polku-{marker}")
    page.locator("#id_birth_date").fill("1991-04-11")
    page.locator("#id_mother_tongue").select_option("ar")
    page.locator("#id_municipality").select_option("167")
    page.locator("#id_first_permit_date").fill((today - datetime.timedelta(days=40)).isoformat())
    page.locator("#id_first_permit_kind").select_option("residence_permit")
    page.locator("#id_immigration_basis").select_option("family")
    _submit(counsellor)
    _assert_no_errors(counsellor)
    client_path = _path(page.url, CLIENT_PATH)
    client_id = client_path.strip("/").split("/")[-1]

    # --- the assessment with two needs
    counsellor.goto(client_path + "assessments/new/")
    page.locator("input[name=kind][value=basic]").check()
    page.locator("#id_started").fill(today.isoformat())
    page.locator("#id_completed").fill(today.isoformat())
    page.locator("#id_interview_language").select_option("ar")
    page.locator("input[name=needs][value=language]").check()
    page.locator("input[name=needs][value=everyday]").check()
    _submit(counsellor)
    _assert_no_errors(counsellor)
    assessment_path = _path(page.url, ASSESSMENT_PATH)
    counsellor.axe()
    # each need is matched to the tray from the assessment page
    need_links = page.locator(f"main a[href*='for_client={client_id}'][href*='need=']")
    assert need_links.count() == 2

    # --- the tray for the need "language": filtered for this client
    with page.expect_navigation():
        page.locator(f"main a[href*='for_client={client_id}'][href*='need=language']").click()
    assert f"for_client={client_id}" in page.url
    assert page.locator("#results a[data-drop=municipality]").count() == 1
    counsellor.axe()
    listed = page.request.get(f"{counsellor.base}/api/v1/services?for_client={client_id}&lang=fi")
    assert listed.status == 200
    for row in listed.json()["results"]:
        assert "municipality" in row["matched_on"], row

    # --- the plan, from the assessment
    counsellor.goto(assessment_path)
    with page.expect_navigation():
        page.locator(f"main a[href^='{client_path}plans/new/?assessment=']").click()
    page.locator("#id_start").fill(today.isoformat())
    page.locator("#id_end").fill((today + datetime.timedelta(days=300)).isoformat())
    page.locator("#id_goals").fill("Suomen kieli tasolle A2\nArjen asiat sujuvat\n")
    page.locator("#id_explained_in").select_option("ar")
    _submit(counsellor)
    _assert_no_errors(counsellor)
    plan_path = _path(page.url, PLAN_PATH)
    plan_id = plan_path.strip("/").split("/")[-1]

    # --- two services from the tray: Toivo's group guidance, then the NGO's café referred now
    guidance_id = _entry_id(counsellor, client_id, GUIDANCE)
    cafe_id = _entry_id(counsellor, client_id, CAFE)
    _add_to_plan(counsellor, client_id, guidance_id, plan_path)
    counsellor.goto(f"/referrals/plan/{client_id}/{plan_id}/{cafe_id}/")
    counsellor.axe()
    page.locator("input[name='refer-refer_now']").check()
    page.locator("#id_referral-reason").fill("Haluaa harjoitella suomen puhumista.")
    page.locator("input[name='referral-consent'][value=new]").check()
    page.locator("#id_referral-consent_given_on").fill(today.isoformat())
    _submit(counsellor)
    _assert_no_errors(counsellor)

    def plan_services() -> dict[str, Any]:
        response = page.request.get(f"{counsellor.base}/api/v1/clients/{client_id}/plans/{plan_id}")
        assert response.status == 200, response.text()
        return {s["catalog_service"]: s for s in response.json()["services"]}

    services = plan_services()
    assert set(services) == {guidance_id, cafe_id}
    assert services[guidance_id]["referral"] is None
    assert services[cafe_id]["referral"]["status"] == "sent"
    referral_path = f"/referrals/{services[cafe_id]['referral']['id']}/"

    # --- the NGO partner accepts
    ngo = new_session()
    ngo.login("ngo.spr")
    ngo.goto(referral_path)
    ngo.axe()
    ngo.page.locator("input[name=status][value=accepted]").check()
    _submit(ngo, f"form[action='{referral_path}respond/']")
    _assert_no_errors(ngo)

    # --- the plan shows it: on the service's row and in the API
    assert plan_services()[cafe_id]["referral"]["status"] == "accepted"
    counsellor.goto(plan_path)
    assert page.locator(f"#services + .table-wrap a[href='{referral_path}']").count() == 1
    counsellor.axe()

    # --- the Arabic summary at 320 px: both services with time, place and contact
    narrow = new_session(width=320)
    narrow.login("counsellor.joensuu")
    response = narrow.goto(plan_path + "summary/?lang=ar")
    assert response.status == 200
    assert narrow.page.evaluate("document.documentElement.dir") == "rtl"
    assert narrow.page.evaluate(NO_SIDEWAYS_SCROLL)
    narrow.axe()
    rows = narrow.page.locator("tr.summary__row--detailed")
    assert rows.count() == 2
    details = narrow.page.locator(".summary__table--services dl")
    assert details.count() == 2
    for index in range(2):
        detail = details.nth(index)
        assert detail.locator(".summary__times li, .summary__detail dd p").count() >= 1  # when
        assert detail.locator(".summary__detail").count() >= 3  # when, where, contact
    text = narrow.page.locator(".summary__table--services").inner_text()
    assert "17:00" in text or "17.00" in text  # the café's Thursday evening

    for s in (counsellor, ngo, narrow):
        s.assert_clean()
