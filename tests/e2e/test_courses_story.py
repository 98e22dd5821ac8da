"""The courses as one story (issue 16, "Done when"): the regional coordinator solves the
quarter on /courses/runs/, pins a session, re-solves and sees it kept, publishes; a counsellor
enrols one of their clients on a published course; the session's attendance is marked on the
phone-sized page at 390 px; the client's page shows the course and the attended session.

The server solves the tiny synthetic quarter (tests/courses/run_quarter.toml, 2027Q1) with a
2 s limit (conftest: KOTOPOLKU_TIMETABLE_QUARTER_FILE, KOTOPOLKU_TIMETABLE_SECONDS); with the
ImmediateBackend the solve runs inside the request that starts it, so "Solve" answers with the
finished run. A published session has no facilitator user yet (the engine's facilitators are
role titles, docs/courses.md "Not done yet"), so the attendance is marked by the organiser's
coordinator, whom the scopes allow to mark.

Everything goes through the pages and the JSON API; nothing here touches the ORM. Elements are
found by ids, names and URLs (and data: client and course names, session keys), never by
translated UI text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.steps import assert_no_errors as _assert_no_errors
from tests.e2e.steps import submit as _submit

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

QUARTER = "2027Q1"
PIN = "kela/ar#1"  # the Arabic Kela series' first session
RUN_PATH = re.compile(r"/courses/runs/[0-9a-f-]{36}/$")
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def _run_path(url: str) -> str:
    found = RUN_PATH.search(url)
    assert found, f"{url} is not a timetable run's page"
    return found.group(0)


def _session_row(s: Any, key: str) -> list[str]:
    """The result row of the session `key`: date and time, place, facilitator, interpreter."""
    cells = s.page.locator(f"#h-result ~ form tr:has(input[name=pins][value='{key}']) td")
    assert cells.count() == 8, f"no result row for {key} on {s.page.url}"
    return [cells.nth(i).inner_text().strip() for i in range(4, 8)]


def _client_course_row(s: Any, client_id: str, course_id: str) -> str:
    s.goto(f"/clients/{client_id}/")
    row = s.page.locator(f"#courses li:has(a[href='/courses/{course_id}/'])")
    assert row.count() == 1, f"the course {course_id} is not in the client's Courses section"
    return str(row.inner_text())


def test_solve_pin_publish_enrol_mark_and_the_clients_page(new_session: Any) -> None:
    # --- the coordinator solves the quarter
    coordinator = new_session()
    coordinator.login("coordinator.joensuu")
    page = coordinator.page
    response = coordinator.goto(f"/courses/runs/?quarter={QUARTER}&organisation=toivo")
    assert response.status == 200
    assert QUARTER in page.locator("h1").inner_text()
    coordinator.axe()
    start = page.locator("form[action='/courses/runs/start/']")
    assert start.locator("input[name=quarter]").input_value() == QUARTER
    _submit(coordinator, "form[action='/courses/runs/start/']")
    first_run = _run_path(page.url)
    _assert_no_errors(coordinator)
    # finished inside the request: no polling, the timetable with a pin box per session
    assert page.locator("#run-status[hx-trigger]").count() == 0
    assert page.locator("#run-status progress").count() == 1
    keys = page.locator("input[name=pins]").evaluate_all("boxes => boxes.map(b => b.value)")
    assert {"kela/fi#1", "kela/ar#1", "kela/ar#2"} <= set(keys), keys
    # the Somali demand has no facilitator: shown with the engine's reason
    assert "no facilitator speaks so" in page.locator("#h-unplaced + ul").inner_text()
    coordinator.axe()
    pinned_before = _session_row(coordinator, PIN)

    # --- pin one session and re-solve the rest
    page.locator(f"input[name=pins][value='{PIN}']").check()
    _submit(coordinator, f"form:has(input[name=from_run]):has(input[value='{PIN}'])")
    second_run = _run_path(page.url)
    _assert_no_errors(coordinator)
    assert second_run != first_run
    assert page.locator(f"input[name=pins][value='{PIN}']").is_checked()
    assert _session_row(coordinator, PIN) == pinned_before  # kept: same time, place, people
    coordinator.axe()

    # both runs are listed on the quarter's page
    coordinator.goto(f"/courses/runs/?quarter={QUARTER}&organisation=toivo")
    for path in (first_run, second_run):
        assert page.locator(f"#h-runs ~ .table-wrap a[href='{path}']").count() == 1

    # --- publish the re-solved timetable
    coordinator.goto(second_run)
    _submit(coordinator, f"form[action='{second_run}publish/']")
    _assert_no_errors(coordinator)
    assert page.locator(f"form[action='{second_run}publish/']").count() == 0
    assert page.locator("#h-publish ~ p a[href='/courses/?year=2027&quarter=1']").count() == 1
    coordinator.axe()

    # --- the counsellor finds the published Finnish Kela course and enrols a client
    counsellor = new_session()
    counsellor.login("counsellor.joensuu")
    listed = counsellor.page.request.get(f"{counsellor.base}/api/v1/courses?year=2027&quarter=1")
    assert listed.status == 200, listed.text()
    found = [
        c
        for c in listed.json()["results"]
        if c["organiser"] == "toivo" and c["theme"]["code"] == "y1-kela" and c["language"] == "fi"
    ]
    assert len(found) == 1, listed.json()
    course_id = found[0]["id"]
    course_name = found[0]["theme"]["name"]
    counsellor.goto(f"/courses/{course_id}/")
    assert course_name in counsellor.page.locator("h1").inner_text()
    counsellor.axe()
    option = counsellor.page.locator("#id_client option:not([value=''])").first
    client_id = option.get_attribute("value")
    client_name = option.inner_text().strip()
    assert client_id and client_name
    counsellor.page.locator("#id_client").select_option(client_id)
    _submit(counsellor, f"form[action='/courses/{course_id}/enrol/']")
    _assert_no_errors(counsellor)
    assert client_name in counsellor.page.locator("#h-enrolments + ul").inner_text()
    # on the client's page: the course, nothing attended yet
    before = _client_course_row(counsellor, client_id, course_id)
    assert "2027 Q1" in before and re.search(r";\s*0\b", before), before
    counsellor.axe()

    # --- the session's attendance on a phone (390 px), by the organiser's coordinator
    phone = new_session(width=390)
    phone.login("coordinator.joensuu")
    phone.goto(f"/courses/{course_id}/")
    mark = phone.page.locator("#h-sessions ~ .table-wrap a[href$='/attendance/']")
    assert mark.count() == 1  # the Finnish Kela group meets once in the quarter
    with phone.page.expect_navigation():
        mark.click()
    attendance_path = phone.page.url.removeprefix(phone.base)
    session_id = attendance_path.strip("/").split("/")[-2]
    assert phone.page.evaluate(NO_SIDEWAYS_SCROLL)
    phone.axe()
    row = phone.page.locator("fieldset.attendance__row").filter(
        has=phone.page.locator("legend", has_text=client_name)
    )
    assert row.count() == 1
    box = row.locator("input[value=present]").bounding_box()
    label = row.locator("label:has(input[value=present])").bounding_box()
    assert box and label and label["height"] >= 44  # a finger-sized target
    row.locator("input[value=present]").check()
    _submit(phone, "form.attendance")
    _assert_no_errors(phone)
    assert phone.page.url.endswith(attendance_path)
    assert row.locator("input[value=present]").is_checked()
    assert phone.page.evaluate(NO_SIDEWAYS_SCROLL)
    marks = phone.page.request.get(f"{phone.base}/api/v1/sessions/{session_id}/attendance")
    assert marks.status == 200, marks.text()
    assert [r["status"] for r in marks.json()["rows"] if r["client_id"] == client_id] == [
        "present"
    ], marks.json()

    # --- the client's page shows the course with the attended session
    after = _client_course_row(counsellor, client_id, course_id)
    assert course_name in after and re.search(r";\s*1\b", after), after
    counsellor.axe()

    for s in (coordinator, counsellor, phone):
        s.assert_clean()
