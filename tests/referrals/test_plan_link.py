"""A plan's service chosen from the offering tray: the link to the entry, the defaults it
gives, the refusal of an unpublished entry, the way back to the tray and to a referral, the
client's summary naming it in the client's language, and the API."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone, translation

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.casework import actions
from kotopolku.casework.actions import InvalidError
from kotopolku.casework.models import Plan, PlannedService, plan_in_force
from kotopolku.casework.summary import summary_context
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client
from tests.referrals.conftest import AUTHORITY, api, make_service, persona_context

pytestmark = pytest.mark.django_db


def _plan(client: Client, world: dict[str, User], **kw: Any) -> Plan:
    user = world["counsellor.joensuu"]
    today = timezone.localdate()
    values = {
        "kind": "basic",
        "start": kw.pop("start", today - datetime.timedelta(days=10)),
        "end": kw.pop("end", today + datetime.timedelta(days=200)),
        **kw,
    }
    with acting(view="test:plan", **persona_context(user)):
        return actions.do_create_plan(
            client, values, unit=persona_context(user)["unit"], acting_user=user
        )


def _add(plan: Plan, world: dict[str, User], values: dict[str, Any]) -> PlannedService:
    user = world["counsellor.joensuu"]
    with acting(view="test:service", **persona_context(user)), translation.override("fi"):
        return actions.do_add_service(plan, values, acting_user=user)


# --- the action --------------------------------------------------------------------------------


def test_a_service_from_the_tray_takes_the_entrys_name_and_owner(
    world: dict[str, User], client_of: Client, services: dict[str, Service]
) -> None:
    plan = _plan(client_of, world)
    row = _add(plan, world, {"catalog_service": services["authority"]})
    assert row.catalog_service_id == services["authority"].pk
    assert row.name == "Työnhaun tuki"
    assert row.provider == services["authority"].owner
    change = ChangeEvent.objects.get(subject_type="planned_service", subject_id=str(row.pk))
    assert str(services["authority"].pk) in json.dumps(change.changes["catalog_service"])


def test_given_name_and_provider_are_kept(
    world: dict[str, User], client_of: Client, services: dict[str, Service]
) -> None:
    plan = _plan(client_of, world)
    row = _add(
        plan,
        world,
        {"catalog_service": services["authority"], "name": "Job search", "provider_name": "X"},
    )
    assert (row.name, row.provider, row.provider_name) == ("Job search", None, "X")


def test_an_unpublished_entry_is_refused_and_nothing_is_added(
    world: dict[str, User], client_of: Client, services: dict[str, Service]
) -> None:
    plan = _plan(client_of, world)
    with pytest.raises(InvalidError) as refused:
        _add(plan, world, {"catalog_service": services["draft"], "name": "Luonnos"})
    assert "catalog_service" in refused.value.errors
    assert not plan.services.exists()


def test_a_link_to_an_entry_archived_since_is_kept_but_not_chosen_anew(
    world: dict[str, User], client_of: Client, services: dict[str, Service]
) -> None:
    plan = _plan(client_of, world)
    row = _add(plan, world, {"catalog_service": services["authority"]})
    Service.objects.filter(pk=services["authority"].pk).update(status=Service.Status.ARCHIVED)
    row.refresh_from_db()
    user = world["counsellor.joensuu"]
    with acting(view="test:service", **persona_context(user)):
        changed = actions.do_update_service(row, {"name": "Renamed"}, acting_user=user)
        assert changed["name"] == ["Työnhaun tuki", "Renamed"]
        with pytest.raises(InvalidError) as refused:
            actions.do_update_service(row, {"catalog_service": services["draft"]}, acting_user=user)
    assert "catalog_service" in refused.value.errors
    row.refresh_from_db()
    assert row.catalog_service_id == services["authority"].pk


def test_the_plan_in_force(world: dict[str, User], client_of: Client) -> None:
    today = timezone.localdate()
    assert plan_in_force(client_of.pk, today) is None
    plan = _plan(client_of, world)
    assert plan_in_force(client_of.pk, today) == plan
    assert plan_in_force(client_of.pk, plan.end + datetime.timedelta(days=1)) is None
    Plan.objects.filter(pk=plan.pk).update(status="ended")
    assert plan_in_force(client_of.pk, today) is None


# --- the pages ---------------------------------------------------------------------------------


def _plan_url(plan: Plan) -> str:
    return reverse("casework:plan_detail", args=[plan.client_id, plan.pk])


def test_from_the_tray_entry_to_the_plan_and_back(
    sign_in: Callable[[str], HttpClient],
    world: dict[str, User],
    client_of: Client,
    services: dict[str, Service],
) -> None:
    counsellor = sign_in("counsellor.joensuu")
    entry = services["authority"]
    detail = reverse("catalog:service_detail", args=[entry.pk]) + f"?for_client={client_of.pk}"
    add_link = f"?catalog_service={entry.pk}#services"
    # no plan in force: only the referral is offered
    page = counsellor.get(detail).content.decode()
    assert reverse("referrals:create", args=[client_of.pk, entry.pk]) in page
    assert add_link not in page
    assert "The client has no integration plan in force" in page
    plan = _plan(client_of, world)
    page = counsellor.get(detail).content.decode()
    # the provider receives referrals: "add to the plan" opens the step that offers refer now
    step = reverse("referrals:plan_refer", args=[client_of.pk, plan.pk, entry.pk])
    assert step in page
    assert "The client has no integration plan in force" not in page

    # the plan page opens the service form filled from the entry, with a link to that step
    page = counsellor.get(_plan_url(plan) + add_link.split("#")[0]).content.decode()
    assert f'name="service-catalog_service" value="{entry.pk}"' in page
    assert 'name="service-name" value="Työnhaun tuki"' in page
    assert '<details class="card" open>' in page
    assert step in page

    response = counsellor.post(
        reverse("casework:service_add", args=[client_of.pk, plan.pk]),
        {
            "service-name": "Työnhaun tuki",
            "service-provider": str(entry.owner_id),
            "service-status": "planned",
            "service-catalog_service": str(entry.pk),
        },
    )
    assert response.status_code == 302
    row = plan.services.get()
    assert row.catalog_service_id == entry.pk

    # the plan links to the entry (with the client as the tray's context) and to a referral
    page = counsellor.get(_plan_url(plan)).content.decode()
    assert detail.replace("&", "&amp;") in page or detail in page
    assert reverse("referrals:create", args=[client_of.pk, entry.pk]) in page


def test_an_unpublished_entry_does_not_fill_the_form(
    sign_in: Callable[[str], HttpClient],
    world: dict[str, User],
    client_of: Client,
    services: dict[str, Service],
) -> None:
    counsellor = sign_in("counsellor.joensuu")
    plan = _plan(client_of, world)
    for raw in (str(services["draft"].pk), "not-a-uuid"):
        page = counsellor.get(_plan_url(plan) + f"?catalog_service={raw}").content.decode()
        assert f'value="{raw}"' not in page
        assert '<details class="card" open>' not in page


def test_a_tampered_post_with_a_draft_entry_is_refused_above_the_form(
    sign_in: Callable[[str], HttpClient],
    world: dict[str, User],
    client_of: Client,
    services: dict[str, Service],
) -> None:
    counsellor = sign_in("counsellor.joensuu")
    plan = _plan(client_of, world)
    response = counsellor.post(
        reverse("casework:service_add", args=[client_of.pk, plan.pk]),
        {
            "service-name": "Luonnos",
            "service-status": "planned",
            "service-catalog_service": str(services["draft"].pk),
        },
    )
    assert response.status_code == 200  # refused like an unknown id: nothing said of the draft
    page = response.content.decode()
    assert "Luonnos (" not in page and "Chosen from the offering tray" not in page
    assert 'class="error-summary"' in page
    assert not plan.services.exists()


def test_a_service_whose_entry_was_archived_has_no_tray_links(
    sign_in: Callable[[str], HttpClient],
    world: dict[str, User],
    client_of: Client,
    services: dict[str, Service],
) -> None:
    plan = _plan(client_of, world)
    _add(plan, world, {"catalog_service": services["authority"]})
    Service.objects.filter(pk=services["authority"].pk).update(status=Service.Status.ARCHIVED)
    page = sign_in("counsellor.joensuu").get(_plan_url(plan)).content.decode()
    assert "Työnhaun tuki" in page
    assert reverse("catalog:service_detail", args=[services["authority"].pk]) not in page
    assert reverse("referrals:create", args=[client_of.pk, services["authority"].pk]) not in page


# --- the client's summary ----------------------------------------------------------------------


def test_the_summary_names_the_service_in_the_clients_language(
    world: dict[str, User], client_of: Client
) -> None:
    entry = make_service(AUTHORITY, name="Työnhaun tuki")
    entry.name = {**entry.name, "ar": "دعم البحث عن عمل"}
    entry.save(update_fields=["name"])
    plan = _plan(client_of, world)
    _add(plan, world, {"catalog_service": entry})
    _add(plan, world, {"name": "Vapaa teksti"})
    names = {row["name"] for row in summary_context(client_of, plan, "ar")["services"]}
    assert names == {"دعم البحث عن عمل", "Vapaa teksti"}
    names = {row["name"] for row in summary_context(client_of, plan, "so")["services"]}
    assert names == {"Työnhaun tuki", "Vapaa teksti"}  # no Somali version: the plan's name
    # a name the counsellor changed is the plan's own: kept in every language
    renamed = _add(plan, world, {"catalog_service": entry, "name": "Työnhaun tuki, ryhmä B"})
    rows = {r["name"] for r in summary_context(client_of, plan, "ar")["services"]}
    assert renamed.name in rows


# --- the API -----------------------------------------------------------------------------------


def _post_plan(caller: HttpClient, client: Client, services: list[dict[str, Any]]) -> Any:
    today = timezone.localdate()
    body = {
        "kind": "basic",
        "start": str(today),
        "end": str(today + datetime.timedelta(days=300)),
        "services": services,
    }
    return caller.post(
        f"/api/v1/clients/{client.pk}/plans", json.dumps(body), content_type="application/json"
    )


def test_the_api_takes_a_tray_entry_for_a_planned_service(
    token_for: Callable[[str], str], client_of: Client, services: dict[str, Service]
) -> None:
    caller = api(token_for("counsellor.joensuu"))
    entry = services["authority"]
    response = _post_plan(caller, client_of, [{"catalog_service": str(entry.pk)}])
    assert response.status_code == 201, response.content
    (row,) = response.json()["services"]
    assert row["catalog_service"] == str(entry.pk)
    assert row["provider"] == entry.owner.slug
    assert row["name"] in ("Työnhaun tuki", "A service")


def test_the_api_refuses_an_unpublished_or_unknown_entry(
    token_for: Callable[[str], str], client_of: Client, services: dict[str, Service]
) -> None:
    caller = api(token_for("counsellor.joensuu"))
    for raw in (str(services["draft"].pk), "8d1c7a52-4b4e-4a53-9d57-0f7a3c1f2b11"):
        response = _post_plan(caller, client_of, [{"catalog_service": raw}])
        assert response.status_code == 422, response.content
        assert "services[0].catalog_service" in json.dumps(response.json()["error"]["fields"])
    assert not Plan.objects.filter(client=client_of).exists()
