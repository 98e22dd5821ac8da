"""The casework pages: each form records through the actions and redirects; a refusal (bad
input or a rule of law) re-renders the form with the error on its field and writes nothing;
other units' clients answer 404, the non-responsible side 403; a wellbeing-county worker
reads while their county's request is open and writes only their contribution."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.casework import actions, rules
from kotopolku.casework.labels import DEADLINE_LABELS
from kotopolku.casework.models import (
    Assessment,
    Contact,
    ContactTopic,
    Contribution,
    Goal,
    HandOver,
    HandOverStatus,
    LanguageLevel,
    Plan,
    PlannedService,
    Review,
    WellbeingRequest,
)
from kotopolku.casework.views import client_casework_context
from kotopolku.clients import actions as client_actions
from kotopolku.clients.models import Client, Consent
from kotopolku.orgs.models import Organisation, Role
from tests.clients.conftest import persona_context

# The fixtures (the demo world once per module, signed-in browsers, clients) are in
# tests/casework/conftest.py, shared by every file of this folder.

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def url(name: str, *args: Any) -> str:
    return reverse(f"casework:{name}", args=args)


def error_anchors(response: Any) -> set[str]:
    """The fields the error summary links to (without the `id_` and any form prefix)."""
    html = response.content.decode()
    if "error-summary" not in html:
        return set()
    summary = html[html.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    return {a.split("-")[-1] for a in re.findall(r'href="#id_([a-z_\-]+)"', summary)}


def changes(client: Client) -> int:
    return ChangeEvent.objects.filter(client_id=client.pk).count()


def as_user(user: User) -> Any:
    return acting(view="test", **persona_context(user))


def make_assessment(client: Client, user: User, **values: Any) -> Assessment:
    with as_user(user):
        return actions.do_create_assessment(
            client,
            {"kind": "basic", "started": TODAY(), "interview_language": "ar", **values},
            unit=client.responsible_unit,
            acting_user=user,
        )


def make_plan(client: Client, user: User, start: datetime.date, end: datetime.date) -> Plan:
    with as_user(user):
        return actions.do_create_plan(
            client,
            {"kind": "basic", "start": start, "end": end},
            unit=client.responsible_unit,
            acting_user=user,
            goals=["Learn Finnish"],
        )


def assessment_data(user: User, **overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "basic",
        "started": TODAY().isoformat(),
        "completed": "",
        "interviewer": str(user.pk),
        "interview_language": "ar",
        "interpreter_used": "on",
        "interpreter_language": "ar",
        "education": "Secondary school",
        "literacy_mother_tongue": "fluent",
        "literacy_latin": "partial",
        "digital_skills": "basic",
        "health_social_needs": "on",
        "plan_needed": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def plan_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "basic",
        "start": TODAY().isoformat(),
        "end": rules.first_plan_last_day(TODAY()).isoformat(),
        "goals": "Learn Finnish to A2\n\n  Find a work try-out  \n",
        "client_responsibilities": "Attends the course",
        "explained_in": "ar",
        "agreement": "signed",
        "agreed_on": TODAY().isoformat(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Assessment --------------------------------------------------------------------------------


def test_the_assessment_form_records_the_assessment_and_opens_its_page(
    counsellor: HttpClient, joensuu_client: Client, world: dict[str, User]
) -> None:
    user = world["counsellor.joensuu"]
    form = counsellor.get(url("assessment_create", joensuu_client.pk))
    assert form.status_code == 200
    html = form.content.decode()
    assert f'<option value="{user.pk}" selected>' in html  # the user is the default interviewer
    assert "can be asked to take part" in html  # the hint on social and health needs
    response = counsellor.post(url("assessment_create", joensuu_client.pk), assessment_data(user))
    assessment = Assessment.objects.get(client=joensuu_client)
    assert response.status_code == 302
    assert response["Location"] == url("assessment_detail", joensuu_client.pk, assessment.pk)
    assert assessment.interviewer == user
    assert assessment.interpreter_used and assessment.interpreter_language == "ar"
    assert assessment.health_social_needs and assessment.plan_needed
    event = ChangeEvent.objects.get(subject_type="assessment", action="create")
    assert event.view == "casework:assessment_create"

    page = counsellor.get(response["Location"])
    assert page.status_code == 200
    assert "Secondary school" in page.content.decode()
    assert AccessEvent.objects.filter(
        subject_type="assessment", subject_id=str(assessment.pk), client_id=joensuu_client.pk
    ).exists()


def test_the_assessment_records_needs_from_the_list_beside_the_free_text(
    counsellor: HttpClient, joensuu_client: Client, world: dict[str, User]
) -> None:
    user = world["counsellor.joensuu"]
    form = counsellor.get(url("assessment_create", joensuu_client.pk)).content.decode()
    assert 'type="checkbox" name="needs" value="literacy"' in form
    assert "Housing" in form and "Everyday life and civic skills" in form
    data = assessment_data(
        user, needs=["housing", "literacy"], recommended_services="Asumisneuvonta"
    )
    response = counsellor.post(url("assessment_create", joensuu_client.pk), data)
    assert response.status_code == 302
    assessment = Assessment.objects.get(client=joensuu_client)
    assert assessment.needs == ["literacy", "housing"]  # the list's order
    assert assessment.recommended_services == "Asumisneuvonta"
    event = ChangeEvent.objects.get(subject_type="assessment", action="create")
    assert "needs" in event.changes


def test_an_unknown_need_is_refused_naming_the_field(
    counsellor: HttpClient, joensuu_client: Client, world: dict[str, User]
) -> None:
    before = changes(joensuu_client)
    response = counsellor.post(
        url("assessment_create", joensuu_client.pk),
        assessment_data(world["counsellor.joensuu"], needs=["housing", "happiness"]),
    )
    assert response.status_code == 200
    assert "needs" in error_anchors(response)
    html = response.content.decode()
    assert "Service needs: happiness is not one of the needs listed." in html
    assert not Assessment.objects.filter(client=joensuu_client).exists()
    assert changes(joensuu_client) == before


def test_an_unknown_need_is_refused_by_the_action(
    joensuu_client: Client, world: dict[str, User]
) -> None:
    user = world["counsellor.joensuu"]
    with pytest.raises(actions.InvalidError) as refused:
        make_assessment(joensuu_client, user, needs=["literacy", "happiness"])
    assert list(refused.value.errors) == ["needs"]
    assert not Assessment.objects.filter(client=joensuu_client).exists()


def test_the_assessment_can_be_corrected(
    counsellor: HttpClient, joensuu_client: Client, world: dict[str, User]
) -> None:
    user = world["counsellor.joensuu"]
    assessment = make_assessment(joensuu_client, user)
    edit = url("assessment_edit", joensuu_client.pk, assessment.pk)
    assert counsellor.get(edit).status_code == 200
    response = counsellor.post(
        edit,
        assessment_data(
            user, started=assessment.started.isoformat(), completed=TODAY().isoformat()
        ),
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.completed == TODAY()


def test_an_assessment_outside_the_integration_window_is_refused_with_the_rule(
    counsellor: HttpClient, add_client: Callable[..., Client], world: dict[str, User]
) -> None:
    client = add_client(first_permit_date=(TODAY() - 4 * 365 * DAY).isoformat())
    before = changes(client)
    response = counsellor.post(
        url("assessment_create", client.pk), assessment_data(world["counsellor.joensuu"])
    )
    assert response.status_code == 200
    assert "started" in error_anchors(response)
    html = response.content.decode()
    assert 'id="id_started_error"' in html
    violated = rules.check_assessment(
        started=TODAY(),
        first_permit_date=client.first_permit_date,
        basis=client.immigration_basis,
        exempt_bases=(),
        interviewer_is_public_official=True,
    )
    assert violated and violated[0].rule.id in html
    assert violated[0].rule.legal_reference.split(" ")[0] in html
    assert not Assessment.objects.filter(client=client).exists()
    assert changes(client) == before


def test_an_assessment_completed_before_it_started_is_refused(
    counsellor: HttpClient, joensuu_client: Client, world: dict[str, User]
) -> None:
    before = changes(joensuu_client)
    response = counsellor.post(
        url("assessment_create", joensuu_client.pk),
        assessment_data(
            world["counsellor.joensuu"],
            started=(TODAY() - DAY).isoformat(),
            completed=(TODAY() - 2 * DAY).isoformat(),
        ),
    )
    assert response.status_code == 200
    assert "completed" in error_anchors(response)
    assert not Assessment.objects.exists()
    assert changes(joensuu_client) == before


@pytest.mark.parametrize("field", ["interview_language", "interpreter_language"])
def test_an_unknown_language_code_is_refused(
    counsellor: HttpClient, joensuu_client: Client, world: dict[str, User], field: str
) -> None:
    response = counsellor.post(
        url("assessment_create", joensuu_client.pk),
        assessment_data(world["counsellor.joensuu"], **{field: "xx"}),
    )
    assert response.status_code == 200
    assert field in error_anchors(response)
    assert not Assessment.objects.exists()


def test_the_interview_by_someone_who_is_not_a_public_official_is_refused(
    joensuu_client: Client,
    world: dict[str, User],
    make_user: Callable[..., User],
    sign_in: Callable[[str], HttpClient],
) -> None:
    user = make_user(Role.COUNSELLOR, joensuu_client.responsible_unit, public_official=False)
    browser = sign_in(user.username)
    response = browser.post(url("assessment_create", joensuu_client.pk), assessment_data(user))
    assert response.status_code == 200
    assert "interviewer" in error_anchors(response)
    assert "initial-interview-public-official-681-2023" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_language_level_is_recorded_and_a_bad_one_is_refused(
    counsellor: HttpClient, joensuu_client: Client, world: dict[str, User]
) -> None:
    assessment = make_assessment(joensuu_client, world["counsellor.joensuu"])
    levels = url("language_level_add", joensuu_client.pk, assessment.pk)
    good = {
        "level-language": "fi",
        "level-skill": "speaking",
        "level-level": "A2.1",
        "level-source": "assessment",
        "level-measured_on": TODAY().isoformat(),
    }
    response = counsellor.post(levels, good)
    assert response.status_code == 302
    assert response["Location"].endswith("#levels")
    assert LanguageLevel.objects.get().level == "A2.1"
    bad = counsellor.post(levels, {**good, "level-language": "xx", "level-level": "D1"})
    assert bad.status_code == 200
    assert {"language", "level"} <= error_anchors(bad)
    assert LanguageLevel.objects.get().level == "A2.1"
    assert counsellor.get(levels).status_code == 405


# --- Visibility and the responsible side ---------------------------------------------------------


def test_another_units_client_and_a_foreign_child_answer_404(
    counsellor: HttpClient,
    joensuu_client: Client,
    kokkola_client: Client,
    world: dict[str, User],
) -> None:
    theirs = make_assessment(kokkola_client, world["counsellor.kokkola"])
    for name in ("assessment_create", "plan_create", "contact_create", "consent_create", "export"):
        assert counsellor.get(url(name, kokkola_client.pk)).status_code == 404, name
    assert counsellor.get(url("assessment_detail", kokkola_client.pk, theirs.pk)).status_code == 404
    # the other client's assessment under an own client's address
    assert counsellor.get(url("assessment_detail", joensuu_client.pk, theirs.pk)).status_code == 404
    assert counsellor.post(url("contact_create", kokkola_client.pk), {}).status_code == 404


def test_after_a_hand_over_the_former_side_reads_but_gets_403_on_the_forms(
    kokkola_client: Client,
    world: dict[str, User],
    sign_in: Callable[[str], HttpClient],
) -> None:
    municipal = world["counsellor.kokkola"]
    assessment = make_assessment(kokkola_client, municipal)
    with as_user(municipal):
        client_actions.do_start_jobseeker_period(
            kokkola_client, start=TODAY(), acting_user=municipal
        )
    hand_over = HandOver.objects.get(client=kokkola_client)
    assert hand_over.to_authority == "employment_area"

    former = sign_in("counsellor.kokkola")
    assert former.get(url("assessment_detail", kokkola_client.pk, assessment.pk)).status_code == 200
    refused = former.get(url("assessment_create", kokkola_client.pk))
    assert refused.status_code == 403
    area = Organisation.objects.get(slug="keski-pohjanmaan-tyollisyysalue")
    assert str(area.display_name()) in refused.content.decode()
    before = changes(kokkola_client)
    posted = former.post(
        url("contact_create", kokkola_client.pk),
        {"day": TODAY().isoformat(), "channel": "phone", "language": "ar"},
    )
    assert posted.status_code == 403
    accept = url("hand_over_accept", kokkola_client.pk, hand_over.pk)
    assert former.post(accept).status_code == 403
    assert changes(kokkola_client) == before
    assert not Contact.objects.exists()

    area_worker = sign_in("employment.kokkola")
    assert area_worker.get(url("assessment_create", kokkola_client.pk)).status_code == 200
    response = area_worker.post(accept)
    assert response.status_code == 302
    hand_over.refresh_from_db()
    assert hand_over.status == HandOverStatus.ACCEPTED
    assert hand_over.accepted_by == world["employment.kokkola"]


# --- The multi-professional route ----------------------------------------------------------------


def test_the_wellbeing_worker_reads_and_contributes_only_while_the_request_is_open(
    kokkola_client: Client,
    world: dict[str, User],
    sign_in: Callable[[str], HttpClient],
) -> None:
    assessment = make_assessment(kokkola_client, world["counsellor.kokkola"])
    detail = url("assessment_detail", kokkola_client.pk, assessment.pk)
    county = Organisation.objects.get(slug="soite")
    worker = sign_in("wellbeing.kokkola")
    assert worker.get(detail).status_code == 404

    counsellor = sign_in("counsellor.kokkola")
    new = url("wellbeing_request", kokkola_client.pk) + f"?assessment={assessment.pk}"
    form = counsellor.get(new)
    assert form.status_code == 200
    assert f'<option value="{county.pk}" selected>' in form.content.decode()
    response = counsellor.post(
        new,
        {
            "county": str(county.pk),
            "legal_basis": WellbeingRequest.LegalBasis.ASSESSMENT,
            "reason": "Health needs call for the county's social work.",
            "invited": str(world["wellbeing.kokkola"].pk),
            "assessment": str(assessment.pk),
        },
    )
    assert response.status_code == 302
    request = WellbeingRequest.objects.get()
    assert request.county == county and request.assessment == assessment
    assert request.invited == world["wellbeing.kokkola"]

    page = worker.get(detail)
    assert page.status_code == 200
    contribute = url("contribution_add", kokkola_client.pk, request.pk)
    assert contribute in page.content.decode()
    assert worker.get(contribute).status_code == 200
    empty = worker.post(contribute, {"text": "  "})
    assert empty.status_code == 200 and "text" in error_anchors(empty)
    saved = worker.post(contribute, {"text": "Social work meets the family weekly."})
    assert saved.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.author == world["wellbeing.kokkola"]
    # the worker cannot use the counsellors' forms
    assert worker.get(url("assessment_edit", kokkola_client.pk, assessment.pk)).status_code == 404
    assert worker.post(url("wellbeing_close", kokkola_client.pk, request.pk)).status_code == 404
    # the counsellor cannot write a contribution
    assert counsellor.get(contribute).status_code == 404

    # the requested client is on the worker's own caseload while the request is open
    caseload = worker.get("/clients/").content.decode()
    assert f"/clients/{kokkola_client.pk}/" in caseload

    closed = counsellor.post(url("wellbeing_close", kokkola_client.pk, request.pk))
    assert closed.status_code == 302
    request.refresh_from_db()
    assert request.closed_on == TODAY()
    assert worker.get(detail).status_code == 404
    assert f"/clients/{kokkola_client.pk}/" not in worker.get("/clients/").content.decode()
    assert worker.post(contribute, {"text": "Too late"}).status_code == 404
    assert Contribution.objects.count() == 1


def test_a_wellbeing_request_without_a_reason_is_refused(
    kokkola_client: Client,
    sign_in: Callable[[str], HttpClient],
) -> None:
    county = Organisation.objects.get(slug="soite")
    counsellor = sign_in("counsellor.kokkola")
    response = counsellor.post(
        url("wellbeing_request", kokkola_client.pk),
        {"county": str(county.pk), "legal_basis": "681-2023-s14", "reason": ""},
    )
    assert response.status_code == 200
    assert "reason" in error_anchors(response)
    assert not WellbeingRequest.objects.exists()


# --- Plan --------------------------------------------------------------------------------------


def test_the_plan_form_is_prefilled_and_records_the_plan_with_its_goals(
    counsellor: HttpClient, joensuu_client: Client
) -> None:
    form = counsellor.get(url("plan_create", joensuu_client.pk))
    assert form.status_code == 200
    html = form.content.decode()
    assert f'value="{TODAY().isoformat()}"' in html
    assert f'value="{rules.first_plan_last_day(TODAY()).isoformat()}"' in html
    response = counsellor.post(url("plan_create", joensuu_client.pk), plan_data())
    plan = Plan.objects.get(client=joensuu_client)
    assert response.status_code == 302
    assert response["Location"] == url("plan_detail", joensuu_client.pk, plan.pk)
    assert [g.text for g in plan.goals.all()] == ["Learn Finnish to A2", "Find a work try-out"]
    assert plan.client_responsibilities == "Attends the course"
    assert plan.recorded_in == "kotopolku"
    page = counsellor.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Learn Finnish to A2" in body
    assert url("plan_summary", joensuu_client.pk, plan.pk) + "?lang=ar" in body
    assert str(DEADLINE_LABELS[rules.Kind.SERVICES_DIRECTED]) in body


@pytest.mark.parametrize(
    ("overrides", "field", "rule_id"),
    [
        ({"end": (TODAY() + 400 * DAY).isoformat()}, "end", "first-plan-one-year-681-2023"),
        ({"end": (TODAY() - DAY).isoformat()}, "end", None),
        ({"explained_in": "xx"}, "explained_in", None),
    ],
)
def test_a_refused_plan_names_the_field_and_writes_nothing(
    counsellor: HttpClient,
    joensuu_client: Client,
    overrides: dict[str, str],
    field: str,
    rule_id: str | None,
) -> None:
    before = changes(joensuu_client)
    response = counsellor.post(url("plan_create", joensuu_client.pk), plan_data(**overrides))
    assert response.status_code == 200
    assert field in error_anchors(response)
    if rule_id:
        assert rule_id in response.content.decode()
    assert not Plan.objects.exists()
    assert not Goal.objects.exists()
    assert changes(joensuu_client) == before


def test_a_first_plan_outside_the_window_is_refused(
    counsellor: HttpClient, add_client: Callable[..., Client]
) -> None:
    client = add_client(first_permit_date=(TODAY() - 4 * 365 * DAY).isoformat())
    response = counsellor.post(url("plan_create", client.pk), plan_data())
    assert response.status_code == 200
    assert "start" in error_anchors(response)
    assert not Plan.objects.exists()


def test_a_plan_over_two_years_needs_an_extension_decision_recorded_on_the_plan_page(
    counsellor: HttpClient, add_client: Callable[..., Client], world: dict[str, User]
) -> None:
    client = add_client(first_permit_date=(TODAY() - 400 * DAY).isoformat())
    first_start = TODAY() - 300 * DAY
    first = make_plan(
        client, world["counsellor.joensuu"], first_start, rules.first_plan_last_day(first_start)
    )
    start = first.end + DAY
    data = plan_data(start=start.isoformat(), end=(start + 400 * DAY).isoformat())
    refused = counsellor.post(url("plan_create", client.pk), data)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "end" in error_anchors(refused)
    assert "plans-total-two-years-681-2023" in html
    assert 'id="id_exception_rule"' not in html  # no free-text exception any more
    assert Plan.objects.count() == 1

    page = counsellor.get(url("plan_detail", client.pk, first.pk)).content.decode()
    assert "data-maximum-end" in page
    extension = url("plan_extension_add", client.pk, first.pk)
    bad = counsellor.post(extension, {"extension-months": "0", "extension-reason": "other"})
    assert bad.status_code == 200
    assert not first.client.plan_extensions.exists()
    decided = counsellor.post(
        extension,
        {
            "extension-decided_on": TODAY().isoformat(),
            "extension-months": "3",
            "extension-reason": "literacy",
            "extension-decided_by": str(world["counsellor.joensuu"].pk),
        },
    )
    assert decided.status_code == 302, decided.content.decode()[:2000]
    accepted = counsellor.post(url("plan_create", client.pk), data)
    assert accepted.status_code == 302
    assert Plan.objects.count() == 2


def test_the_plan_form_offers_no_exception_before_a_refusal(
    counsellor: HttpClient, joensuu_client: Client
) -> None:
    html = counsellor.get(url("plan_create", joensuu_client.pk)).content.decode()
    assert 'id="id_exception_rule"' not in html
    assert 'id="id_goals"' in html


def test_a_plan_can_be_corrected(
    counsellor: HttpClient, joensuu_client: Client, world: dict[str, User]
) -> None:
    plan = make_plan(joensuu_client, world["counsellor.joensuu"], TODAY(), TODAY() + 100 * DAY)
    edit = url("plan_edit", joensuu_client.pk, plan.pk)
    form = counsellor.get(edit)
    assert form.status_code == 200
    assert 'id="id_goals"' not in form.content.decode()
    data = plan_data(start=plan.start.isoformat(), end=(TODAY() + 200 * DAY).isoformat())
    data.pop("goals")
    response = counsellor.post(edit, {**data, "status": "active"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.end == TODAY() + 200 * DAY
    wrong = counsellor.post(edit, {**data, "status": "active", "end": "2000-01-01"})
    assert wrong.status_code == 200 and "end" in error_anchors(wrong)
    plan.refresh_from_db()
    assert plan.end == TODAY() + 200 * DAY


def test_goals_services_and_reviews_on_the_plan_page(
    counsellor: HttpClient, joensuu_client: Client, world: dict[str, User]
) -> None:
    user = world["counsellor.joensuu"]
    plan = make_plan(joensuu_client, user, TODAY() - 30 * DAY, TODAY() + 300 * DAY)
    page = url("plan_detail", joensuu_client.pk, plan.pk)

    assert counsellor.post(url("goal_add", joensuu_client.pk, plan.pk), {"goal-text": "Drive"})[
        "Location"
    ].endswith("#goals")
    goal = plan.goals.get(text="Drive")
    response = counsellor.post(
        url("goal_status", joensuu_client.pk, plan.pk, goal.pk), {"status": "achieved"}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "achieved"
    counsellor.post(url("goal_status", joensuu_client.pk, plan.pk, goal.pk), {"status": "nope"})
    goal.refresh_from_db()
    assert goal.status == "achieved"

    ngo = Organisation.objects.get(slug="spr-joensuu")
    service = {
        "service-name": "Language café",
        "service-provider": str(ngo.pk),
        "service-status": "directed",
        "service-start": TODAY().isoformat(),
    }
    refused = counsellor.post(url("service_add", joensuu_client.pk, plan.pk), service)
    assert refused.status_code == 200
    assert "consent" in error_anchors(refused)
    assert not PlannedService.objects.exists()
    with as_user(user):
        consent = actions.do_record_consent(
            joensuu_client, scope="referral", recipient=ngo, given_on=TODAY(), acting_user=user
        )
    assert str(consent.pk) in counsellor.get(page).content.decode()
    added = counsellor.post(
        url("service_add", joensuu_client.pk, plan.pk), {**service, "service-consent": consent.pk}
    )
    assert added.status_code == 302
    planned = PlannedService.objects.get()
    assert planned.directed_on == TODAY() and planned.consent == consent

    edit = url("service_edit", joensuu_client.pk, plan.pk, planned.pk)
    assert counsellor.get(edit).status_code == 200
    bad_dates = counsellor.post(
        edit,
        {**service, "service-consent": consent.pk, "service-end": (TODAY() - DAY).isoformat()},
    )
    assert bad_dates.status_code == 200 and "end" in error_anchors(bad_dates)
    changed = counsellor.post(
        edit, {**service, "service-consent": consent.pk, "service-status": "started"}
    )
    assert changed.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "started"

    early = counsellor.post(
        url("review_add", joensuu_client.pk, plan.pk),
        {"review-held_on": (plan.start - DAY).isoformat()},
    )
    assert early.status_code == 200 and "held_on" in error_anchors(early)
    assert not Review.objects.exists()
    review = counsellor.post(
        url("review_add", joensuu_client.pk, plan.pk),
        {"review-held_on": TODAY().isoformat(), "review-note": "Going well"},
    )
    assert review.status_code == 302
    assert Review.objects.get().note == "Going well"


def test_the_plan_page_of_another_client_answers_404(
    counsellor: HttpClient, joensuu_client: Client, kokkola_client: Client, world: dict[str, User]
) -> None:
    plan = make_plan(kokkola_client, world["counsellor.kokkola"], TODAY(), TODAY() + 30 * DAY)
    assert counsellor.get(url("plan_detail", kokkola_client.pk, plan.pk)).status_code == 404
    assert counsellor.get(url("plan_detail", joensuu_client.pk, plan.pk)).status_code == 404


def test_the_summary_link_reaches_the_summary_view(
    counsellor: HttpClient, joensuu_client: Client, world: dict[str, User]
) -> None:
    plan = make_plan(joensuu_client, world["counsellor.joensuu"], TODAY(), TODAY() + 30 * DAY)
    summary_url = url("plan_summary", joensuu_client.pk, plan.pk)
    # the plan page links to the summary, and the link shows the summary of this client's plan
    assert (
        f'href="{summary_url}'
        in counsellor.get(url("plan_detail", joensuu_client.pk, plan.pk)).content.decode()
    )
    response = counsellor.get(summary_url + "?lang=en")
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "casework/plan_summary.html"
    html = response.content.decode()
    assert "Your integration plan" in html
    assert joensuu_client.first_name in html


# --- Contacts, walk-ins, consents ---------------------------------------------------------------


def test_a_contact_is_recorded_and_a_missed_appointment_with_an_interpreter_is_flagged(
    counsellor: HttpClient, joensuu_client: Client
) -> None:
    ContactTopic.objects.update_or_create(
        code="test-housing", defaults={"name": {"en": "Test housing"}, "is_active": True}
    )
    ContactTopic.objects.update_or_create(
        code="test-old", defaults={"name": {"en": "Old topic"}, "is_active": False}
    )
    form = counsellor.get(url("contact_create", joensuu_client.pk))
    assert form.status_code == 200
    html = form.content.decode()
    assert "Test housing" in html and "Old topic" not in html
    assert "32 a" in html
    response = counsellor.post(
        url("contact_create", joensuu_client.pk),
        {
            "day": TODAY().isoformat(),
            "channel": "appointment",
            "language": "ar",
            "topics": ["test-housing"],
            "minutes": "30",
            "interpreter_booked": "on",
            "missed": "on",
        },
        follow=True,
    )
    contact = Contact.objects.get()
    assert contact.client == joensuu_client and contact.topics == ["test-housing"]
    assert actions.fee_chargeable(contact)
    assert "a fee may be charged" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"cancelled": "on"}, "cancelled"),
        ({"channel": "walk_in", "missed": "on"}, "missed"),
        ({"language": "xx"}, "language"),
        ({"day": "2999-01-01"}, "day"),
        ({"topics": ["nope"]}, "topics"),
    ],
)
def test_a_refused_contact_names_the_field_and_writes_nothing(
    counsellor: HttpClient, joensuu_client: Client, overrides: dict[str, Any], field: str
) -> None:
    data = {"day": TODAY().isoformat(), "channel": "phone", "language": "ar", **overrides}
    response = counsellor.post(url("contact_create", joensuu_client.pk), data)
    assert response.status_code == 200
    assert field in error_anchors(response)
    assert not Contact.objects.exists()


def test_walk_in_visits_are_counted_without_a_client(counsellor: HttpClient) -> None:
    page = counsellor.get(url("walk_in"))
    assert page.status_code == 200
    response = counsellor.post(
        url("walk_in"), {"day": TODAY().isoformat(), "language": "uk", "visitors": "3"}
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.client is None and contact.visitors == 3 and contact.channel == "walk_in"
    assert "3 walk-in visitors" in counsellor.get(url("walk_in")).content.decode()
    refused = counsellor.post(
        url("walk_in"), {"day": TODAY().isoformat(), "language": "uk", "visitors": "0"}
    )
    assert refused.status_code == 200 and "visitors" in error_anchors(refused)
    assert Contact.objects.count() == 1


def test_a_consent_is_recorded_and_withdrawn(
    counsellor: HttpClient, joensuu_client: Client
) -> None:
    ngo = Organisation.objects.get(slug="spr-joensuu")
    assert counsellor.get(url("consent_create", joensuu_client.pk)).status_code == 200
    future = counsellor.post(
        url("consent_create", joensuu_client.pk),
        {"scope": "referral", "recipient": str(ngo.pk), "given_on": "2999-01-01"},
    )
    assert future.status_code == 200 and "given_on" in error_anchors(future)
    assert not Consent.objects.exists()
    response = counsellor.post(
        url("consent_create", joensuu_client.pk),
        {"scope": "referral", "recipient": str(ngo.pk), "given_on": TODAY().isoformat()},
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    withdraw = url("consent_withdraw", joensuu_client.pk, consent.pk)
    assert counsellor.get(withdraw).status_code == 200
    before = counsellor.post(withdraw, {"day": (TODAY() - DAY).isoformat()})
    assert before.status_code == 200 and "day" in error_anchors(before)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert counsellor.post(withdraw, {"day": TODAY().isoformat()}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY()


# --- The client page's part, and the export -------------------------------------------------


def _render_timeline(user: User, client: Client) -> str:
    request = RequestFactory().get("/")
    request.user = user
    with as_user(user):
        context = client_casework_context(request, client)  # type: ignore[arg-type]
    return render_to_string(
        "casework/_client_casework.html", {**context, "client": client}, request=request
    )


def test_the_client_page_timeline_shows_the_casework_and_the_actions_to_the_writer(
    joensuu_client: Client, kokkola_client: Client, world: dict[str, User]
) -> None:
    user = world["counsellor.joensuu"]
    assessment = make_assessment(joensuu_client, user)
    html = _render_timeline(user, joensuu_client)
    assert url("assessment_detail", joensuu_client.pk, assessment.pk) in html
    assert url("assessment_create", joensuu_client.pk) in html
    assert url("export", joensuu_client.pk) in html
    assert str(DEADLINE_LABELS[rules.Kind.PLAN_AFTER_ASSESSMENT]) not in html  # not completed

    # the former side after a hand-over: reads, no action buttons, an accept only for the new
    municipal = world["counsellor.kokkola"]
    with as_user(municipal):
        client_actions.do_start_jobseeker_period(
            kokkola_client, start=TODAY(), acting_user=municipal
        )
    kokkola_client.refresh_from_db()
    former = _render_timeline(municipal, kokkola_client)
    assert url("assessment_create", kokkola_client.pk) not in former
    assert "/accept/" not in former
    assert "Hand-over" in former
    receiving = _render_timeline(world["employment.kokkola"], kokkola_client)
    assert "/accept/" in receiving
    assert url("contact_create", kokkola_client.pk) in receiving


def test_overdue_deadlines_are_marked_in_text(
    add_client: Callable[..., Client],
    world: dict[str, User],
) -> None:
    client = add_client(first_permit_date=(TODAY() - 400 * DAY).isoformat())
    Client.objects.filter(pk=client.pk).update(client_since=TODAY() - 120 * DAY)
    client.refresh_from_db()
    actions.refresh_deadlines(client)
    html = _render_timeline(world["counsellor.joensuu"], client)
    assert str(DEADLINE_LABELS[rules.Kind.ASSESSMENT_START]) in html
    assert "overdue" in html


def test_the_export_is_a_json_download_named_by_the_client_id(
    counsellor: HttpClient, joensuu_client: Client, world: dict[str, User]
) -> None:
    make_assessment(joensuu_client, world["counsellor.joensuu"])
    response = counsellor.get(url("export", joensuu_client.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert f'filename="{joensuu_client.pk}.json"' in response["Content-Disposition"]
    assert isinstance(json.loads(response.content), dict)
    assert AccessEvent.objects.filter(
        client_id=joensuu_client.pk, kind=AccessEvent.Kind.EXPORT
    ).exists()
