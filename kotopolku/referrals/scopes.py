"""Who sees which referral: the referring side through client visibility and its units, the
provider through its tray editors. Everything else answers 404."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from kotopolku.access import scopes
from kotopolku.access.policy import CASEWORK_ROLES, CASEWORK_WRITERS
from kotopolku.catalog.scopes import editable_organisation_ids
from kotopolku.clients import scopes as client_scopes
from kotopolku.referrals.models import Referral

if TYPE_CHECKING:
    from kotopolku.accounts.models import User


def provider_organisation_ids(user: User) -> set[uuid.UUID]:
    """The organisations whose received referrals the user answers: those whose tray entries
    the user keeps (claim-your-listing editors are the provider's people)."""
    return editable_organisation_ids(user)


def sent_by(user: User) -> Q:
    """The user's own referrals, while they work in the organisation that sent them: a
    counsellor who has moved to another organisation no longer sees them."""
    return Q(referred_by_id=user.pk, unit__organisation_id__in=scopes.organisation_ids(user))


def _referring_condition(user: User) -> Q | None:
    if not user.has_role(*CASEWORK_ROLES):
        return None
    condition = sent_by(user)
    units = scopes.unit_ids(user, roles=tuple(CASEWORK_WRITERS))
    if units:
        condition |= Q(unit_id__in=units)
    if user.has_role(*CASEWORK_WRITERS):
        condition |= Q(client_id__in=client_scopes.visible_clients(user).values("pk"))
    return condition


def referring_referrals(user: User) -> QuerySet[Referral]:
    """Referrals the user sees from the referring side (none for providers only)."""
    condition = _referring_condition(user)
    if condition is None:
        return Referral.objects.none()
    return Referral.objects.filter(condition)


def received_referrals(user: User) -> QuerySet[Referral]:
    """Referrals to the user's provider organisations."""
    orgs = provider_organisation_ids(user)
    if not orgs:
        return Referral.objects.none()
    return Referral.objects.filter(receiver_id__in=orgs)


def visible_referrals(user: User) -> QuerySet[Referral]:
    condition = Q(pk__in=[])
    referring = _referring_condition(user)
    if referring is not None:
        condition |= referring
    orgs = provider_organisation_ids(user)
    if orgs:
        condition |= Q(receiver_id__in=orgs)
    return Referral.objects.filter(condition)


def get_referral_for_user(user: User, referral_id: uuid.UUID | str) -> Referral:
    """A referral the user sees from either side, else 404 (existence must not leak)."""
    referral = (
        visible_referrals(user)
        .select_related("service", "receiver", "unit__organisation", "referred_by", "consent")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def is_receiver(user: User, referral: Referral) -> bool:
    return referral.receiver_id in provider_organisation_ids(user)


def is_referrer(user: User, referral: Referral) -> bool:
    return referring_referrals(user).filter(pk=referral.pk).exists()


def may_cancel(user: User, referral: Referral) -> bool:
    """The referrer (while in the organisation that sent it) and the client's responsible
    side may cancel."""
    own = referral.referred_by_id == user.pk and referral.unit.organisation_id in (
        scopes.organisation_ids(user)
    )
    return own or client_scopes.may_write_casework(user, referral.client)
