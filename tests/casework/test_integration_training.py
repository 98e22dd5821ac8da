"""Integration training as a casework step (issue 12 item 10): referral, start, interruption,
end, and the final language test (kielitaidon päättötestaus) with a level per skill; the
latest result prefills the language levels of the next plan review."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.casework import actions
from kotopolku.casework.actions import InvalidError
from kotopolku.casework.models import IntegrationTraining, Review
from kotopolku.clients.models import Client
from tests.casework.test_views import as_user, error_anchors, make_plan

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def refer(client: Client, user: Any, **values: Any) -> IntegrationTraining:
    with as_user(user):
        return actions.do_record_training(
            client,
            {"referred_on": today() - 120 * DAY, "language": "fi", **values},
            acting_user=user,
        )


def test_the_steps_are_recorded_each_with_its_change_row(
    world: dict[str, Any], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    training = refer(joensuu_client, user, provider_name="Koulutuskeskus")
    assert training.status == "referred"
    steps = [
        ({"start": today() - 100 * DAY}, "started"),
        (
            {"interrupted_on": today() - 60 * DAY, "interruption_reason": "Illness"},
            "interrupted",
        ),
        ({"end": today() - 10 * DAY}, "ended"),
    ]
    for values, status in steps:
        with as_user(user):
            changed = actions.do_update_training(training, values, acting_user=user)
        assert set(values) <= set(changed)
        assert training.status == status
    with as_user(user):
        actions.do_update_training(
            training,
            {
                "test_on": today() - 12 * DAY,
                "level_listening": "a2.2",
                "level_speaking": "A2.1",
                "level_reading": "B1.1",
                "level_writing": "A2.1",
            },
            acting_user=user,
        )
    training.refresh_from_db()
    assert training.levels == {
        "listening": "A2.2",
        "speaking": "A2.1",
        "reading": "B1.1",
        "writing": "A2.1",
    }
    rows = ChangeEvent.objects.filter(
        subject_type="integration_training", subject_id=str(training.pk)
    )
    assert rows.count() == 5
    assert rows.order_by("-event_time", "-id").first().changes["level_listening"] == ["", "A2.2"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"start": datetime.date(2020, 1, 1)}, "start"),  # before the referral
        ({"end": datetime.date(2026, 1, 1)}, "end"),  # no start
        ({"interruption_reason": "Moved"}, "interrupted_on"),
        ({"level_reading": "B1"}, "test_on"),  # a level without the test's day
        ({"test_on": datetime.date(2025, 6, 1)}, "level_listening"),  # a test without a level
        ({"test_on": datetime.date(2025, 6, 1), "level_reading": "B9"}, "level_reading"),
        ({"referred_on": datetime.date(2999, 1, 1)}, "referred_on"),
        ({"language": "de"}, "language"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: dict[str, Any], joensuu_client: Client, values: dict[str, Any], field: str
) -> None:
    user = world["counsellor.joensuu"]
    before = ChangeEvent.objects.count()
    with pytest.raises(InvalidError) as refused:
        refer(joensuu_client, user, **{"referred_on": datetime.date(2025, 1, 10), **values})
    assert field in refused.value.errors
    assert not IntegrationTraining.objects.exists()
    assert ChangeEvent.objects.count() == before


def test_the_latest_result_prefills_the_next_review_and_the_review_keeps_the_levels(
    counsellor: HttpClient, world: dict[str, Any], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    older = refer(joensuu_client, user, start=today() - 110 * DAY)
    newer = refer(joensuu_client, user, language="sv", start=today() - 100 * DAY)
    with as_user(user):
        actions.do_update_training(
            older,
            {"test_on": today() - 50 * DAY, "level_listening": "A1.3", "level_reading": "A1.3"},
            acting_user=user,
        )
        actions.do_update_training(
            newer,
            {"test_on": today() - 20 * DAY, "level_listening": "A2.2", "level_writing": "A2.1"},
            acting_user=user,
        )
    assert actions.review_initial(joensuu_client) == {
        "levels_language": "sv",
        "level_listening": "A2.2",
        "level_speaking": "",
        "level_reading": "",
        "level_writing": "A2.1",
    }
    plan = make_plan(joensuu_client, user, today() - 30 * DAY, today() + 200 * DAY)
    page = counsellor.get(reverse("casework:plan_detail", args=[joensuu_client.pk, plan.pk]))
    html = page.content.decode()
    form = html[html.index('name="review-level_listening"') :]
    assert '<option value="A2.2" selected>' in form[: form.index("</select>")]
    response = counsellor.post(
        reverse("casework:review_add", args=[joensuu_client.pk, plan.pk]),
        {
            "review-held_on": today().isoformat(),
            "review-levels_language": "sv",
            "review-level_listening": "A2.2",
            "review-level_writing": "B1.1",
        },
    )
    assert response.status_code == 302
    review = Review.objects.get(plan=plan)
    assert (review.levels_language, review.level_listening, review.level_writing) == (
        "sv",
        "A2.2",
        "B1.1",
    )
    row = ChangeEvent.objects.get(subject_type="review", subject_id=str(review.pk))
    assert row.changes["level_writing"] == [None, "B1.1"]


def test_without_a_result_the_review_is_not_prefilled(
    world: dict[str, Any], joensuu_client: Client
) -> None:
    refer(joensuu_client, world["counsellor.joensuu"], start=today() - 100 * DAY)
    assert actions.review_initial(joensuu_client) == {}


def test_the_pages_record_a_referral_and_a_result_and_log_the_read(
    counsellor: HttpClient, joensuu_client: Client
) -> None:
    add = reverse("casework:training_add", args=[joensuu_client.pk])
    assert counsellor.get(add).status_code == 200
    refused = counsellor.post(add, {"referred_on": "2999-01-01", "language": "fi"})
    assert "referred_on" in error_anchors(refused)
    assert not IntegrationTraining.objects.exists()
    referred = (today() - 40 * DAY).isoformat()
    done = counsellor.post(add, {"referred_on": referred, "language": "fi"})
    assert done.status_code == 302
    training = IntegrationTraining.objects.get(client=joensuu_client)
    edit = reverse("casework:training_edit", args=[joensuu_client.pk, training.pk])
    assert counsellor.get(edit).status_code == 200
    assert AccessEvent.objects.filter(
        subject_type="integration_training", subject_id=str(training.pk)
    ).exists()
    saved = counsellor.post(
        edit,
        {
            "referred_on": referred,
            "language": "fi",
            "start": (today() - 30 * DAY).isoformat(),
            "test_on": (today() - DAY).isoformat(),
            "level_speaking": "A2.1",
        },
    )
    assert saved.status_code == 302
    html = counsellor.get(reverse("clients:detail", args=[joensuu_client.pk])).content.decode()
    assert "data-training-result" in html and "A2.1" in html


def test_another_units_counsellor_gets_404_on_the_training_pages(
    counsellor: HttpClient, world: dict[str, Any], kokkola_client: Client
) -> None:
    training = refer(kokkola_client, world["counsellor.kokkola"])
    add = reverse("casework:training_add", args=[kokkola_client.pk])
    edit = reverse("casework:training_edit", args=[kokkola_client.pk, training.pk])
    for url in (add, edit):
        assert counsellor.get(url).status_code == 404
        assert counsellor.post(url, {"referred_on": "2025-01-01"}).status_code == 404
    assert IntegrationTraining.objects.count() == 1


def test_an_update_that_changes_nothing_writes_nothing(
    world: dict[str, Any], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    training = refer(joensuu_client, user, provider_name="Koulutuskeskus")
    [created] = ChangeEvent.objects.filter(subject_id=str(training.pk))
    assert created.changes["provider_name"] == [None, "Koulutuskeskus"]
    assert (created.client_id, created.actor_username) == (joensuu_client.pk, user.username)
    with as_user(user):
        changed = actions.do_update_training(
            training, {"provider_name": " Koulutuskeskus "}, acting_user=user
        )
    assert changed == {}
    assert ChangeEvent.objects.filter(subject_id=str(training.pk)).count() == 1
    training.refresh_from_db()
    assert training.provider_name == "Koulutuskeskus"
