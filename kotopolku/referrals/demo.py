"""Demo referrals in several states, made through the actions (demo mode only).

The Joensuu counsellor refers some of their demo clients to published services of the
tray: NGO activities with the client's consent (recorded with the referral) and an
authority's service with the legal basis; the Red Cross partner answers some of them. One
referral is left without news for longer than `REFERRAL_STALE_DAYS`, so the caseload's box
has something to show. Idempotent: nothing is made when any referral exists, or when the
tray has no suitable published entries yet.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.casework.actions import do_add_service
from kotopolku.casework.models import ServiceStatus, plan_in_force
from kotopolku.catalog.models import Service
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.orgs.models import Organisation
from kotopolku.referrals import actions, rules
from kotopolku.referrals import scopes as referral_scopes
from kotopolku.referrals.models import Referral, ReferralEvent

COUNSELLOR = "counsellor.joensuu"
NGO_PARTNER = "ngo.spr"
NGO = "spr-joensuu"
S = Referral.Status

REASONS = (
    "Recently arrived, would like to practise Finnish in a relaxed group and meet people.",
    "Looking for a volunteer friend to get to know the town; prefers afternoons.",
    "Needs support with everyday Finnish before the integration training starts.",
    "Interested in volunteering; has experience of organising children's activities.",
    "Jobseeker interested in the employment area's services for immigrants.",
)


def _services() -> tuple[list[Service], Service | None]:
    published = Service.objects.published().select_related("owner")
    ngo = list(published.filter(owner__slug=NGO).order_by("id")[:3])
    if not ngo:
        ngo = list(
            published.exclude(owner__kind__in=Organisation.AUTHORITY_KINDS)
            .filter(owner__serves__code="167")
            .distinct()
            .order_by("id")[:3]
        )
    authority = (
        published.filter(owner__kind__in=Organisation.AUTHORITY_KINDS)
        .filter(owner__serves__code="167")
        .exclude(owner__slug="toivo")
        .distinct()
        .order_by("id")
        .first()
    )
    return ngo, authority


@transaction.atomic
def load() -> list[Referral]:
    if Referral.objects.exists():
        return []
    counsellor = User.objects.filter(username=COUNSELLOR).first()
    if counsellor is None:
        return []
    ngo_services, authority_service = _services()
    if not ngo_services and authority_service is None:
        return []
    clients = [
        c
        for c in Client.objects.filter(
            current_counsellor=counsellor, status=ClientStatus.ACTIVE
        ).order_by("last_name", "first_name", "id")[:40]
        if client_scopes.may_write_casework(counsellor, c)
    ]
    today = timezone.localdate()
    # clients with a plan in force last, so that one is left for the authority's service
    # (children have no plan of their own: the household's needs are theirs)
    clients.sort(key=lambda c: plan_in_force(c.pk, today) is not None)
    with_plan = [c for c in clients[4:] if plan_in_force(c.pk, today)]
    clients = clients[:4] + (with_plan or clients[4:])[:2]
    if not clients:
        return []
    made: list[Referral] = []
    for index, service in enumerate(ngo_services * 2):
        if index >= min(4, len(clients)):
            break
        made.append(
            actions.do_create_referral(
                clients[index],
                service,
                reason=REASONS[index],
                acting_user=counsellor,
                consent_given_on=today - datetime.timedelta(days=3 + index),
            )
        )
    if authority_service is not None and len(clients) > len(made):
        # preferably a client with a plan in force, whose plan gets the service too
        rest = clients[len(made) :]
        client = next((c for c in rest if plan_in_force(c.pk, today)), rest[0])
        made.append(
            actions.do_create_referral(
                client,
                authority_service,
                reason=REASONS[4],
                acting_user=counsellor,
                legal_basis=rules.legal_basis_text("681-2023-s13", "in the integration plan"),
            )
        )
        # the service is in the client's plan too, chosen from the tray (linked to the entry)
        plan = plan_in_force(client.pk, today)
        if plan is not None:
            do_add_service(
                plan,
                {"catalog_service": authority_service, "status": ServiceStatus.DIRECTED},
                acting_user=counsellor,
            )
    partner = User.objects.filter(username=NGO_PARTNER).first()
    ngo_made = [r for r in made if r.consent_id is not None]
    if partner is not None:
        answers = (
            (S.ACCEPTED,),
            (S.ACCEPTED, S.STARTED, S.COMPLETED),
            (S.DECLINED,),
        )
        for referral, steps in zip(ngo_made[1:], answers, strict=False):
            if not referral_scopes.is_receiver(partner, referral):
                continue
            for step in steps:
                note = "The group is full this term; the next one starts in January." * (
                    step == S.DECLINED
                )
                actions.do_answer_referral(referral, status=step, note=note, acting_user=partner)
    if ngo_made:
        # the first one has had no news for a while: the caseload shows it as stale
        stale = ngo_made[0]
        long_ago = timezone.now() - datetime.timedelta(days=settings.REFERRAL_STALE_DAYS + 3)
        Referral.objects.filter(pk=stale.pk).update(status_changed_at=long_ago, created_at=long_ago)
        ReferralEvent.objects.filter(referral=stale).update(at=long_ago)
    return made
