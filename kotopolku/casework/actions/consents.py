"""The client's consents to disclose their data (e.g. to an NGO provider)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kotopolku.audit.recorder import diff, record_change, snapshot
from kotopolku.casework import hooks
from kotopolku.clients.models import Client, Consent
from kotopolku.orgs.models import Organisation

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

from kotopolku.casework.actions.common import (
    A,
    Errors,
    InvalidError,
)


@transaction.atomic
def do_record_consent(
    client: Client,
    *,
    scope: str,
    recipient: Organisation,
    given_on: datetime.date,
    acting_user: User,
    note: str = "",
) -> Consent:
    errors = Errors()
    if scope not in Consent.Scope.values:
        errors.add("scope", "Choose what the consent covers.")
    if given_on > timezone.localdate():
        errors.add("given_on", "A consent cannot be given in the future.")
    errors.raise_if_any()
    consent = Consent.objects.create(
        client=client,
        scope=scope,
        recipient=recipient,
        given_on=given_on,
        recorded_by=acting_user,
        note=note.strip(),
    )
    record_change(
        "consent",
        consent.pk,
        A.CREATE,
        diff({}, snapshot(consent, ("scope", "recipient", "given_on", "note"))),
        client_id=client.pk,
        actor=acting_user,
    )
    return consent


@transaction.atomic
def do_withdraw_consent(
    consent: Consent, *, acting_user: User, day: datetime.date | None = None
) -> None:
    if consent.withdrawn_on is not None:
        return
    day = day or timezone.localdate()
    if day < consent.given_on:
        raise InvalidError({"withdrawn_on": ["The withdrawal is before the consent was given."]})
    consent.withdrawn_on = day
    consent.withdrawn_recorded_by = acting_user
    consent.save(update_fields=["withdrawn_on", "withdrawn_recorded_by"])
    record_change(
        "consent",
        consent.pk,
        A.UPDATE,
        {"withdrawn_on": [None, day]},
        client_id=consent.client_id,
        actor=acting_user,
    )
    # the open referrals resting on the consent end with it (from the withdrawal day on the
    # provider sees nothing of the client; a later-dated withdrawal closes them on its day):
    # the referrals app follows through `casework.hooks`
    hooks.consent_withdrawn(consent, acting_user)


def active_consents(client: Client, day: datetime.date | None = None) -> list[Consent]:
    day = day or timezone.localdate()
    return list(
        client.consents.filter(given_on__lte=day)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
        .select_related("recipient")
    )
