"""A plan's services and their referrals (docs/casework.md, "A plan's services and
referrals"): the API's `referral` on each service, the status and the reason for declining on
the plan's row, "add to the plan and refer now" as one step (both or neither), an accepted
referral made from elsewhere coming into the plan, and "choose client…" on a tray entry."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.casework import actions as casework_actions
from kotopolku.casework.models import Plan, PlannedService
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client, Consent
from kotopolku.referrals import actions
from kotopolku.referrals.models import Referral
from tests.referrals.conftest import api, persona_context

pytestmark = pytest.mark.django_db
S = Referral.Status


def _plan(client: Client, world: dict[str, User]) -> Plan:
    user = world["counsellor.joensuu"]
    today = timezone.localdate()
    values = {
        "kind": "basic",
        "start": today - datetime.timedelta(days=10),
        "end": today + datetime.timedelta(days=200),
    }
    with acting(view="test:plan", **persona_context(user)):
        return casework_actions.do_create_plan(
            client, values, unit=persona_context(user)["unit"], acting_user=user
        )


def _add(plan: Plan, world: dict[str, User], entry: Service, **kw: Any) -> PlannedService:
    user = world["counsellor.joensuu"]
    with acting(view="test:service", **persona_context(user)):
        return casework_actions.do_add_service(
            plan, {"catalog_service": entry, **kw}, acting_user=user
        )


def _add_and_refer(
    plan: Plan, world: dict[str, User], entry: Service, **referral: Any
) -> tuple[PlannedService, Referral | None]:
    user = world["counsellor.joensuu"]
    referral.setdefault("reason", "Would like to practise Finnish.")
    with acting(view="test:refer_now", **persona_context(user)):
        return actions.do_add_service_and_refer(
            plan, {"catalog_service": entry}, acting_user=user, referral=referral
        )


def _api_services(token: str, plan: Plan) -> list[dict[str, Any]]:
    response = api(token).get(f"/api/v1/clients/{plan.client_id}/plans/{plan.pk}")
    assert response.status_code == 200, response.content
    services: list[dict[str, Any]] = response.json()["services"]
    return services


# --- the API contract --------------------------------------------------------------------------


def test_the_api_gives_each_service_its_referral_or_null(
    world: dict[str, User],
    token_for: Callable[[str], str],
    client_of: Client,
    services: dict[str, Service],
    answer: Callable[..., Referral],
) -> None:
    token = token_for("counsellor.joensuu")
    plan = _plan(client_of, world)
    plain = _add(plan, world, services["authority"])
    (row,) = _api_services(token, plan)
    assert row["id"] == str(plain.pk)
    assert row["referral"] is None
    # every earlier field is still there
    assert {"name", "provider", "status", "consent", "catalog_service"} <= set(row)

    referred_row, referral = _add_and_refer(
        plan, world, services["ngo"], consent_given_on=timezone.localdate()
    )
    assert referral is not None
    by_id = {r["id"]: r for r in _api_services(token, plan)}
    assert by_id[str(plain.pk)]["referral"] is None
    assert by_id[str(referred_row.pk)]["referral"] == {"id": str(referral.pk), "status": "sent"}

    answer(referral, S.ACCEPTED)
    by_id = {r["id"]: r for r in _api_services(token, plan)}
    assert by_id[str(referred_row.pk)]["referral"] == {
        "id": str(referral.pk),
        "status": "accepted",
    }
    answer(referral, S.DECLINED, note="No places left this spring.")
    by_id = {r["id"]: r for r in _api_services(token, plan)}
    assert by_id[str(referred_row.pk)]["referral"]["status"] == "declined"
    # the list of plans carries the same
    listed = api(token).get(f"/api/v1/clients/{client_of.pk}/plans").json()["results"][0]
    assert {r["id"]: r["referral"] for r in listed["services"]}[str(referred_row.pk)] == {
        "id": str(referral.pk),
        "status": "declined",
    }


def test_another_units_counsellor_gets_404_for_the_plan(
    world: dict[str, User],
    token_for: Callable[[str], str],
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
) -> None:
    plan = _plan(client_of, world)
    _add_and_refer(plan, world, services["ngo"], consent_given_on=timezone.localdate())
    outsider = api(token_for("counsellor.kokkola"))
    assert outsider.get(f"/api/v1/clients/{client_of.pk}/plans/{plan.pk}").status_code == 404
    page = sign_in("counsellor.kokkola")
    assert page.get(reverse("casework:plan_detail", args=[client_of.pk, plan.pk])).status_code == (
        404
    )
    step = reverse("referrals:plan_refer", args=[client_of.pk, plan.pk, services["ngo"].pk])
    assert page.get(step).status_code == 404


# --- the plan's page ---------------------------------------------------------------------------


def test_the_plans_row_shows_the_referrals_status_and_the_reason_for_declining(
    world: dict[str, User],
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    answer: Callable[..., Referral],
) -> None:
    plan = _plan(client_of, world)
    _row, referral = _add_and_refer(
        plan, world, services["ngo"], consent_given_on=timezone.localdate()
    )
    assert referral is not None
    counsellor = sign_in("counsellor.joensuu")
    url = reverse("casework:plan_detail", args=[client_of.pk, plan.pk])
    page = counsellor.get(url).content.decode()
    detail = reverse("referrals:detail", args=[referral.pk])
    assert f'Referral: <a href="{detail}">Sent' in page
    # showing the referral on the plan is a read of it, logged with the client
    assert AccessEvent.objects.filter(
        subject_type="referral", subject_id=str(referral.pk), purpose="plan"
    ).exists()
    # an open referral: no second "Refer" on the row
    assert reverse("referrals:create", args=[client_of.pk, services["ngo"].pk]) not in page

    answer(referral, S.DECLINED, note="No places left this spring.")
    page = counsellor.get(url).content.decode()
    assert f'Referral: <a href="{detail}">Declined' in page
    assert "Reason for declining: No places left this spring." in page
    # closed: the service may be referred again
    assert reverse("referrals:create", args=[client_of.pk, services["ngo"].pk]) in page


# --- refer now ---------------------------------------------------------------------------------


def _step(client: Client, plan: Plan, entry: Service) -> str:
    return reverse("referrals:plan_refer", args=[client.pk, plan.pk, entry.pk])


def test_refer_now_adds_the_service_and_sends_the_referral_in_one_step(
    world: dict[str, User],
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
) -> None:
    plan = _plan(client_of, world)
    entry = services["ngo"]
    counsellor = sign_in("counsellor.joensuu")
    page = counsellor.get(_step(client_of, plan, entry)).content.decode()
    # "refer now" and the consent are offered, neither chosen for the counsellor
    assert 'name="refer-refer_now"' in page
    assert 'name="refer-refer_now" checked' not in page
    assert 'name="referral-consent" value="new"' in page
    assert "checked" not in page.split('name="referral-consent"')[1].split(">")[0]
    response = counsellor.post(
        _step(client_of, plan, entry),
        {
            "service-name": "Kielikahvila",
            "service-provider": str(entry.owner_id),
            "service-status": "planned",
            "refer-refer_now": "on",
            "referral-reason": "Would like to practise Finnish.",
            "referral-consent": "new",
            "referral-consent_given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    row = plan.services.get()
    referral = Referral.objects.get(client=client_of)
    assert referral.planned_service_id == row.pk
    assert row.catalog_service_id == entry.pk
    # the consent recorded for the referral also covers the plan's service (an NGO provider)
    assert row.consent_id == referral.consent_id is not None


def test_without_refer_now_only_the_service_is_added(
    world: dict[str, User],
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
) -> None:
    plan = _plan(client_of, world)
    entry = services["authority"]
    response = sign_in("counsellor.joensuu").post(
        _step(client_of, plan, entry),
        {
            "service-name": "Työnhaun tuki",
            "service-provider": str(entry.owner_id),
            "service-status": "planned",
            # the referral's fields are ignored while "refer now" is not ticked
            "referral-legal_basis": "nonsense",
        },
    )
    assert response.status_code == 302
    assert plan.services.get().catalog_service_id == entry.pk
    assert not Referral.objects.filter(client=client_of).exists()


def test_a_bad_consent_choice_names_the_field_and_saves_nothing(
    world: dict[str, User],
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
) -> None:
    plan = _plan(client_of, world)
    entry = services["ngo"]
    counsellor = sign_in("counsellor.joensuu")
    changes = ChangeEvent.objects.count()
    base = {
        "service-name": "Kielikahvila",
        "service-provider": str(entry.owner_id),
        "service-status": "planned",
        "refer-refer_now": "on",
        "referral-reason": "Would like to practise Finnish.",
    }
    for consent in ("bogus", ""):
        response = counsellor.post(
            _step(client_of, plan, entry), base | {"referral-consent": consent}
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert 'class="error-summary"' in page
        assert (
            "The client&#x27;s consent"
            in page.split('class="error-summary"')[-1].split("</div>")[0]
        )
    assert not plan.services.exists()
    assert not Referral.objects.filter(client=client_of).exists()
    assert ChangeEvent.objects.count() == changes


def test_a_refusal_of_the_plans_part_undoes_the_referral(
    world: dict[str, User], client_of: Client, services: dict[str, Service]
) -> None:
    """The referral is made first; the plan's service refused after it leaves nothing."""
    plan = _plan(client_of, world)
    user = world["counsellor.joensuu"]
    with (
        acting(view="test:refer_now", **persona_context(user)),
        pytest.raises(actions.PlanReferralError) as refused,
    ):
        actions.do_add_service_and_refer(
            plan,
            {
                "catalog_service": services["ngo"],
                "start": timezone.localdate(),
                "end": timezone.localdate() - datetime.timedelta(days=1),
            },
            acting_user=user,
            referral={
                "reason": "Would like to practise Finnish.",
                "consent_given_on": timezone.localdate(),
            },
        )
    assert refused.value.part == "service"
    assert "end" in refused.value.errors
    assert not plan.services.exists()
    assert not Referral.objects.filter(client=client_of).exists()
    assert not Consent.objects.filter(client=client_of).exists()


# --- a referral made elsewhere -----------------------------------------------------------------


def test_an_accepted_referral_from_elsewhere_adds_its_service_to_the_plan(
    world: dict[str, User],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    plan = _plan(client_of, world)
    referral = refer(client_of, services["ngo"])  # from the tray, not from the plan
    assert referral.planned_service_id is None
    assert not plan.services.exists()
    answer(referral, S.ACCEPTED)
    row = plan.services.get()
    referral.refresh_from_db()
    assert referral.planned_service_id == row.pk
    assert (row.catalog_service_id, row.status) == (services["ngo"].pk, "directed")
    assert row.consent_id == referral.consent_id
    logged = ChangeEvent.objects.get(subject_type="planned_service", subject_id=str(row.pk))
    assert logged.action == ChangeEvent.Action.CREATE
    assert ChangeEvent.objects.filter(
        subject_type="referral",
        subject_id=str(referral.pk),
        changes__has_key="planned_service",
    ).exists()


def test_an_accepted_referral_uses_the_plans_existing_row(
    world: dict[str, User],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    plan = _plan(client_of, world)
    entry = services["authority"]
    row = _add(plan, world, entry)
    referral = refer(client_of, entry)  # made from the tray: the plan's row is linked at once
    assert referral.planned_service_id == row.pk
    answer(referral, S.ACCEPTED, by="employment.joensuu")
    assert plan.services.count() == 1


def test_a_referral_made_before_the_row_is_linked_when_the_row_is_added(
    world: dict[str, User],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    plan = _plan(client_of, world)
    referral = refer(client_of, services["authority"])
    row = _add(plan, world, services["authority"])
    referral.refresh_from_db()
    assert referral.planned_service_id == row.pk


def test_without_a_plan_in_force_an_accepted_referral_adds_nothing(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    answer(referral, S.ACCEPTED)
    referral.refresh_from_db()
    assert referral.planned_service_id is None
    assert not PlannedService.objects.filter(plan__client=client_of).exists()


# --- choose client… ----------------------------------------------------------------------------


def test_a_service_opened_from_the_menu_offers_to_choose_a_client(
    world: dict[str, User],
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    add_client: Callable[..., Client],
    services: dict[str, Service],
) -> None:
    others = add_client(owner="counsellor.kokkola")
    entry = services["ngo"]
    url = reverse("catalog:service_detail", args=[entry.pk])
    page = sign_in("counsellor.joensuu").get(url).content.decode()
    assert "Choose client…" in page
    assert f'<option value="{client_of.pk}">{client_of.full_name}</option>' in page
    assert str(others.pk) not in page  # another unit's client is never listed
    # the choice leads back to the entry with the client: refer and add to the plan
    plan = _plan(client_of, world)
    chosen = sign_in("counsellor.joensuu").get(url, {"for_client": str(client_of.pk)})
    page = chosen.content.decode()
    assert reverse("referrals:create", args=[client_of.pk, entry.pk]) in page
    assert _step(client_of, plan, entry) in page
    assert "Choose client…" not in page
    # a forged choice of a client the user does not see reveals nothing
    forged = sign_in("counsellor.joensuu").get(url, {"for_client": str(others.pk)})
    assert reverse("referrals:create", args=[others.pk, entry.pk]) not in forged.content.decode()
    # a provider's editor gets no client list
    assert "Choose client…" not in sign_in("ngo.spr").get(url).content.decode()
