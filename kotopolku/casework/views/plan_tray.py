"""The plan's services and the offering tray: a planned service chosen from the tray links
to its entry, and from there the counsellor refers the client."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.recorder import record_read
from kotopolku.casework import hooks
from kotopolku.casework.models import Plan, PlannedService, plan_in_force
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client
from kotopolku.clients.scopes import referable_client
from kotopolku.core.translated import pick
from kotopolku.orgs.models import Organisation


def tray_initial(entry: Service, providers: Iterable[Organisation]) -> dict[str, Any]:
    """The service form's initial values for a service chosen from the tray: the entry's
    name in the user's language and its owner as the provider (by name when the owner is
    not among the organisations the user may choose)."""
    listed = any(org.pk == entry.owner_id for org in providers)
    return {
        "catalog_service": entry.pk,
        "name": pick(entry.name).value[:200],
        "provider": str(entry.owner_id) if listed else "",
        "provider_name": "" if listed else str(entry.owner.display_name()),
    }


def with_tray_links(
    user: User, client: Client, services: Iterable[PlannedService]
) -> list[PlannedService]:
    """The plan's services, each with `tray_url` (its published entry, with the client as
    the tray's context) and `refer_url` (when the user may refer the client and no open
    referral carries the service); empty for a service without an entry or whose entry is no
    longer published. Each has `referral`: its latest referral (`hooks.ServiceReferral`) or
    None."""
    rows = list(services)
    referrals = hooks.referrals_of(user, rows)
    may_refer = any(s.catalog_service_id for s in rows) and (
        referable_client(user, client.pk) is not None
    )
    context = "?" + urlencode({"for_client": client.pk})
    for row in rows:
        entry = row.catalog_service
        published = entry is not None and entry.status == Service.Status.PUBLISHED
        row.tray_url = (  # type: ignore[attr-defined]
            reverse("catalog:service_detail", args=[entry.pk]) + context
            if published and entry is not None
            else ""
        )
        referral = referrals.get(row.pk)
        row.referral = referral  # type: ignore[attr-defined]
        row.refer_url = (  # type: ignore[attr-defined]
            reverse("referrals:create", args=[client.pk, entry.pk])
            if published
            and may_refer
            and entry is not None
            and (referral is None or not referral.is_open)
            else ""
        )
    return rows


def refer_step_url(client_id: uuid.UUID, plan: Plan, service: Service) -> str:
    """The step that adds the entry to the plan and offers "refer now" (`hooks.refer_step`),
    or ""."""
    return next((url for url in hooks.refer_step(client_id, plan, service) if url), "")


def tray_plan_link(client_id: uuid.UUID, service: Service) -> str:
    """The tray's "add to the plan" for a client (`catalog.hooks.plan_link`): the step that
    adds the entry to the plan in force and offers to refer the client now when the entry's
    provider receives referrals (`hooks.refer_step`), else the plan's service form filled from
    the entry; "" without a plan in force. Reading the plan's id is logged."""
    plan = plan_in_force(client_id, timezone.localdate())
    if plan is None:
        return ""
    record_read("plan", [plan.pk], client_ids=[client_id], purpose="tray")
    if step := refer_step_url(client_id, plan, service):
        return step
    query = urlencode({"catalog_service": str(service.pk)})
    return reverse("casework:plan_detail", args=[client_id, plan.pk]) + f"?{query}#services"
