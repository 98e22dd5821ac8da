"""The content the law asks of the assessment and the plan (issue 12 item 8): learning and
study skills, special skills and strengths, Finnish or Swedish as the integration language
and the needs noted for the wellbeing county (s. 14); how the plan is followed and the
jobseeker's job-search obligation (s. 16, only for a registered jobseeker); the summary's
notes on rights and benefits."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from kotopolku.audit.models import ChangeEvent
from kotopolku.casework import actions, rules
from kotopolku.casework.actions import RuleViolationError
from kotopolku.casework.models import Assessment, Plan
from kotopolku.casework.summary_catalogue import text as summary_text
from kotopolku.clients.models import Client
from tests.casework.test_views import as_user, assessment_data, error_anchors, plan_data

D = datetime.date
DAY = datetime.timedelta(days=1)
JOB_SEARCH_ID = "job-search-obligation-jobseekers-681-2023"


def span(start: D, end: D) -> rules.PlanSpan:
    return rules.PlanSpan(start, end)


# --- The job-search rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "periods", "refused"),
    [
        # a plan under the previous act is not judged
        (D(2024, 12, 31), [], False),
        # from 1.1.2025: refused without a registration during the plan
        (D(2025, 1, 1), [], True),
        (D(2025, 1, 1), [span(D(2024, 1, 1), D(2024, 12, 31))], True),
        # a registration that overlaps the plan, even by one day
        (D(2025, 1, 1), [span(D(2024, 1, 1), D(2025, 1, 1))], False),
        (D(2025, 1, 1), [span(D(2025, 12, 31), D.max)], False),
    ],
)
def test_the_job_search_obligation_needs_a_registration_during_the_plan(
    start: D, periods: list[rules.PlanSpan], refused: bool
) -> None:
    found = rules.check_job_search_obligation(
        span(start, start.replace(year=start.year + 1) - DAY),
        has_obligation=True,
        jobseeker_periods=periods,
    )
    assert bool(found) is refused
    if refused:
        assert found[0].rule.id == JOB_SEARCH_ID and found[0].fields == ("job_search_obligation",)
        assert found[0].rule.valid_from == D(2025, 1, 1)


def test_a_plan_without_an_obligation_is_never_refused() -> None:
    assert not rules.check_job_search_obligation(
        span(D(2025, 6, 1), D(2026, 5, 31)), has_obligation=False, jobseeker_periods=[]
    )


# --- Actions ---------------------------------------------------------------------------------------


def test_the_assessment_records_its_new_content_with_the_change_row(
    world: dict[str, Any], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    with as_user(user):
        assessment = actions.do_create_assessment(
            joensuu_client,
            {
                "kind": "basic",
                "started": timezone.localdate(),
                "interview_language": "ar",
                "learning_skills": "Learns best in small groups",
                "special_skills": "Carpentry",
                "integration_language": "sv",
                "county_needs": "Needs a dentist",
            },
            unit=joensuu_client.responsible_unit,
            acting_user=user,
        )
    assessment.refresh_from_db()
    assert (assessment.integration_language, assessment.special_skills) == ("sv", "Carpentry")
    row = ChangeEvent.objects.get(subject_type="assessment", subject_id=str(assessment.pk))
    for name in ("learning_skills", "special_skills", "integration_language", "county_needs"):
        assert row.changes[name][1], name


def _plan_values(**values: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {"kind": "basic", "start": today, "end": today + 180 * DAY, **values}


def test_a_job_search_obligation_for_a_client_who_is_no_jobseeker_is_refused(
    world: dict[str, Any], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    before = ChangeEvent.objects.count()
    with as_user(user), pytest.raises(RuleViolationError) as refused:
        actions.do_create_plan(
            joensuu_client,
            _plan_values(job_search_obligation="Three applications a month"),
            unit=joensuu_client.responsible_unit,
            acting_user=user,
        )
    assert refused.value.first.rule.id == JOB_SEARCH_ID
    assert not Plan.objects.exists() and ChangeEvent.objects.count() == before
    # without the obligation the plan is made; adding it later is refused too
    with as_user(user):
        plan = actions.do_create_plan(
            joensuu_client,
            _plan_values(follow_up="Reviewed with the teacher every two months"),
            unit=joensuu_client.responsible_unit,
            acting_user=user,
        )
        with pytest.raises(RuleViolationError):
            actions.do_update_plan(
                plan, {"job_search_obligation": "Apply for jobs"}, acting_user=user
            )
    plan.refresh_from_db()
    assert plan.job_search_obligation == ""
    assert plan.follow_up == "Reviewed with the teacher every two months"


def test_a_registered_jobseekers_plan_takes_the_obligation(
    world: dict[str, Any], add_client: Callable[..., Client]
) -> None:
    user = world["counsellor.joensuu"]
    client = add_client(
        first_permit_date=(timezone.localdate() - 200 * DAY).isoformat(),
        jobseeker_since=timezone.localdate() - 10 * DAY,
    )
    with as_user(user):
        plan = actions.do_create_plan(
            client,
            _plan_values(job_search_obligation="Three applications a month"),
            unit=client.responsible_unit,
            acting_user=user,
        )
    row = ChangeEvent.objects.get(subject_type="plan", subject_id=str(plan.pk))
    assert row.changes["job_search_obligation"] == [None, "Three applications a month"]


# --- Pages -----------------------------------------------------------------------------------------


def test_the_assessment_form_and_page_show_the_new_content(
    counsellor: HttpClient, world: dict[str, Any], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    response = counsellor.post(
        reverse("casework:assessment_create", args=[joensuu_client.pk]),
        assessment_data(
            user,
            learning_skills="Learns by doing",
            special_skills="Speaks four languages",
            integration_language="fi",
            county_needs="Follow-up of a chronic illness",
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    assessment = Assessment.objects.get(client=joensuu_client)
    html = counsellor.get(response["Location"]).content.decode()
    for text in ("Learns by doing", "Speaks four languages", "Follow-up of a chronic illness"):
        assert text in html
    assert assessment.get_integration_language_display() in html
    bad = counsellor.post(
        reverse("casework:assessment_edit", args=[joensuu_client.pk, assessment.pk]),
        assessment_data(user, integration_language="de"),
    )
    assert "integration_language" in error_anchors(bad)


def test_the_plan_form_records_the_follow_up_and_refuses_a_groundless_obligation(
    counsellor: HttpClient, joensuu_client: Client
) -> None:
    url = reverse("casework:plan_create", args=[joensuu_client.pk])
    refused = counsellor.post(url, plan_data(job_search_obligation="Apply for jobs"))
    assert refused.status_code == 200
    assert "job_search_obligation" in error_anchors(refused)
    assert not Plan.objects.exists()
    done = counsellor.post(url, plan_data(follow_up="Monthly meetings with the counsellor"))
    assert done.status_code == 302
    assert Plan.objects.get().follow_up == "Monthly meetings with the counsellor"
    page = counsellor.get(done["Location"]).content.decode()
    assert "Monthly meetings with the counsellor" in page


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_summary_says_there_is_no_subjective_right_and_what_refusing_means(
    counsellor: HttpClient, world: dict[str, Any], joensuu_client: Client, lang: str
) -> None:
    user = world["counsellor.joensuu"]
    with as_user(user):
        plan = actions.do_create_plan(
            joensuu_client,
            _plan_values(follow_up="Seuranta kahden kuukauden välein"),
            unit=joensuu_client.responsible_unit,
            acting_user=user,
        )
    html = counsellor.get(
        reverse("casework:plan_summary", args=[joensuu_client.pk, plan.pk]) + f"?lang={lang}"
    ).content.decode()
    assert 'id="rights"' in html
    assert summary_text("no_subjective_right", lang) in html
    assert summary_text("benefits", lang) in html
    assert "Seuranta kahden kuukauden välein" in html
    assert summary_text("job_search", lang) not in html  # none recorded


def test_another_units_counsellor_gets_404_on_the_plan_and_assessment_forms(
    counsellor: HttpClient, kokkola_client: Client
) -> None:
    for name in ("assessment_create", "plan_create"):
        url = reverse(f"casework:{name}", args=[kokkola_client.pk])
        assert counsellor.get(url).status_code == 404
        assert counsellor.post(url, {"follow_up": "x"}).status_code == 404
    assert not Plan.objects.exists() and not Assessment.objects.exists()
