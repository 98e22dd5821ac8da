"""Every change of a referral: making it, the provider's answers, cancelling it.

A referral discloses the client's minimum data to the provider. Outside the authorities
(an NGO, a parish, a company, an education provider, ...) the client's valid consent to
that recipient comes first; between authorities the legal basis is recorded instead
(`LEGAL_BASES`). What the provider sees is copied onto the referral when it is made
(`shared`) and nothing else of the client goes to it.
"""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from kotopolku.access import scopes
from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import diff, record_change, snapshot
from kotopolku.casework.actions import do_add_service, do_record_consent
from kotopolku.casework.models import PlannedService, ServiceStatus, plan_in_force
from kotopolku.catalog.models import Service
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client, Consent
from kotopolku.core.errors import Errors, InvalidError
from kotopolku.core.site import default_base_url, language_of
from kotopolku.orgs.models import Organisation, Unit
from kotopolku.referrals import scopes as referral_scopes
from kotopolku.referrals.models import Referral, ReferralEvent
from kotopolku.referrals.rules import (
    ANSWERS,
    PROVIDER_STATUSES,
    answers_from,
    consent_withdrawn,
    needs_consent,
)

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.casework.models import Plan

A = ChangeEvent.Action
S = Referral.Status


class NotAllowedError(PermissionError):
    """The acting user may not do this to the referral (the caller answers 403 or 404)."""


# --- Transitions ---------------------------------------------------------------------------

CLOSED_MESSAGE = "The referral is closed: only an open referral can be cancelled."
WITHDRAWN_MESSAGE = (
    "The client has withdrawn the consent to this referral: it can no longer be answered."
)
WITHDRAWN_NOTE = "The client withdrew the consent to the referral."


def transition_error(current: str, wanted: str) -> str:
    """Why `wanted` cannot follow `current`, in the active language."""
    now = str(S(current).label).lower()
    if current not in ANSWERS:
        return gettext("The referral is closed (%(current)s): its status no longer changes.") % {
            "current": now
        }
    if wanted == current:
        return gettext("The referral is already %(current)s.") % {"current": now}
    allowed = ", ".join(str(S(s).label).lower() for s in ANSWERS[current])
    return gettext("A referral that is %(current)s can be marked: %(allowed)s.") % {
        "current": now,
        "allowed": allowed,
    }


def _english_transition_error(current: str, wanted: str) -> str:
    with translation.override("en"):
        return transition_error(current, wanted)


# --- The shared minimum data ----------------------------------------------------------------


def shared_data(client: Client) -> dict[str, Any]:
    """What the provider may see of the client: name, contact, language, interpreter need."""
    language = client.service_languages[0] if client.service_languages else client.mother_tongue
    return {
        "name": client.full_name,
        "phone": client.phone,
        "email": client.email,
        "language": language,
        "service_languages": list(client.service_languages or [language]),
        "interpreter": client.interpreter_needed,
        "interpreter_language": client.interpreter_language if client.interpreter_needed else "",
    }


def valid_referral_consents(
    client: Client, receiver: Organisation, day: datetime.date | None = None
) -> list[Consent]:
    day = day or timezone.localdate()
    return [
        c
        for c in client.consents.filter(scope=Consent.Scope.REFERRAL, recipient=receiver)
        if c.valid_on(day)
    ]


# --- Making a referral ----------------------------------------------------------------------


@transaction.atomic
def do_create_referral(
    client: Client,
    service: Service,
    *,
    reason: str,
    acting_user: User,
    unit: Unit | None = None,
    consent: Consent | None = None,
    consent_given_on: datetime.date | None = None,
    legal_basis: str = "",
    consent_note: str = "",
    planned_service: PlannedService | None = None,
) -> Referral:
    """Refer the client to the service. The provider outside the authorities needs the
    client's valid REFERRAL consent to it (`consent`, or one recorded now from
    `consent_given_on`); between authorities `legal_basis` (see `legal_basis_text`).

    The referral carries out `planned_service` (a service of the client's plan linked to the
    same tray entry); without it, the row of the plan in force for the entry that no open
    referral carries yet, if any (docs/casework.md, "A plan's services and referrals")."""
    if not client_scopes.may_write_casework(acting_user, client):
        raise NotAllowedError("Only the client's responsible side refers the client.")
    errors = Errors()
    if planned_service is not None and (
        planned_service.plan.client_id != client.pk
        or planned_service.catalog_service_id != service.pk
    ):
        errors.add(
            "planned_service",
            "The plan's service is not this client's service from this tray entry.",
        )
    if service.status != Service.Status.PUBLISHED:
        errors.add("service_id", "Only a published service can receive referrals.")
    receiver = service.owner
    if not receiver.is_active:
        errors.add("service_id", "The provider of this service is no longer active.")
    reason = reason.strip()
    if not reason:
        errors.add("reason", "Write the reason for the provider.")
    elif len(reason) > 2000:
        errors.add("reason", "The reason may be at most 2,000 characters.")
    legal_basis = legal_basis.strip()
    today = timezone.localdate()
    if needs_consent(receiver):
        if legal_basis:
            errors.add(
                "legal_basis",
                "The provider is not an authority: the client's consent is needed, "
                "a legal basis is not enough.",
            )
        if consent is not None and consent_given_on is not None:
            errors.add("consent_id", "Choose an existing consent or record a new one, not both.")
        elif consent is not None:
            # Re-read and lock the consent row: a withdrawal recorded meanwhile (or committed
            # while this referral is being made) must be seen, never an in-memory copy.
            consent = Consent.objects.select_for_update().get(pk=consent.pk)
            if (
                consent.client_id != client.pk
                or consent.recipient_id != receiver.pk
                or consent.scope != Consent.Scope.REFERRAL
            ):
                errors.add(
                    "consent_id",
                    "The consent is not the client's consent to a referral to this provider.",
                )
            elif not consent.valid_on(today):
                errors.add(
                    "consent_id",
                    "The consent is not valid today (withdrawn or not yet given).",
                )
        elif consent_given_on is None:
            errors.add(
                "consent_id",
                "The provider is not an authority: record the client's consent to the "
                "referral first.",
            )
        elif consent_given_on > today:
            errors.add("consent_given_on", "A consent cannot be given in the future.")
    else:
        if consent is not None or consent_given_on is not None:
            errors.add(
                "consent_id",
                "Between authorities the legal basis is recorded instead of a consent.",
            )
        if not legal_basis:
            errors.add("legal_basis", "Between authorities, record the legal basis.")
        elif len(legal_basis) > 300:
            errors.add("legal_basis", "The legal basis may be at most 300 characters.")
    errors.raise_if_any()
    if needs_consent(receiver) and consent is None:
        assert consent_given_on is not None
        consent = do_record_consent(
            client,
            scope=Consent.Scope.REFERRAL,
            recipient=receiver,
            given_on=consent_given_on,
            acting_user=acting_user,
            note=(consent_note or "Recorded with a referral")[:300],
        )
    now = timezone.now()
    referral = Referral.objects.create(
        client=client,
        service=service,
        planned_service=planned_service or plan_row_for(client, service),
        receiver=receiver,
        unit=unit or scopes.default_casework_unit(acting_user) or client.responsible_unit,
        referred_by=acting_user,
        consent=consent,
        legal_basis=legal_basis if not needs_consent(receiver) else "",
        reason=reason,
        shared=shared_data(client),
        status=S.SENT,
        status_changed_at=now,
    )
    ReferralEvent.objects.create(referral=referral, status=S.SENT, at=now, by=acting_user)
    record_change(
        "referral",
        referral.pk,
        A.CREATE,
        diff(
            {},
            snapshot(
                referral,
                (
                    "service",
                    "planned_service",
                    "receiver",
                    "unit",
                    "consent",
                    "legal_basis",
                    "reason",
                    "shared",
                ),
            )
            | {"status": S.SENT},
        ),
        client_id=client.pk,
        actor=acting_user,
    )
    transaction.on_commit(functools.partial(notify_receiver, referral.pk))
    return referral


# --- The provider's answer and the referrer's cancel ------------------------------------------


def _set_status(referral: Referral, status: str, note: str, acting_user: User) -> None:
    old = referral.status
    now = timezone.now()
    referral.status = status
    referral.status_changed_at = now
    referral.save(update_fields=["status", "status_changed_at"])
    ReferralEvent.objects.create(
        referral=referral, status=status, at=now, by=acting_user, note=note
    )
    changes: dict[str, Any] = {"status": [old, status]}
    if note:
        changes["note"] = [None, note]
    record_change(
        "referral", referral.pk, A.UPDATE, changes, client_id=referral.client_id, actor=acting_user
    )


@transaction.atomic
def do_answer_referral(
    referral: Referral, *, status: str, note: str = "", acting_user: User
) -> Referral:
    """The provider's answer: accepted, started, completed, declined (with a reason) or
    did not come; only the transitions of `ANSWERS`."""
    if not referral_scopes.is_receiver(acting_user, referral):
        raise NotAllowedError("Only the receiving organisation answers a referral.")
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    note = note.strip()
    errors = Errors()
    if status not in PROVIDER_STATUSES:
        errors.add(
            "status",
            "Choose one of: {}.".format(", ".join(PROVIDER_STATUSES)),
        )
    elif status not in answers_from(referral.status):
        errors.add("status", _english_transition_error(referral.status, status))
    elif consent_withdrawn(referral):
        errors.add("status", WITHDRAWN_MESSAGE)
    if status == S.DECLINED and not note:
        errors.add("note", "Give the reason for declining.")
    if len(note) > 1000:
        errors.add("note", "The note may be at most 1,000 characters.")
    errors.raise_if_any()
    _set_status(referral, status, note, acting_user)
    if status in INTO_PLAN and referral.planned_service_id is None:
        _into_plan(referral, acting_user=acting_user)
    return referral


@transaction.atomic
def do_cancel_referral(referral: Referral, *, acting_user: User, note: str = "") -> Referral:
    if not referral_scopes.may_cancel(acting_user, referral):
        raise NotAllowedError("Only the referring side cancels a referral.")
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_open:
        raise InvalidError({"status": [CLOSED_MESSAGE]})
    note = note.strip()
    if len(note) > 1000:
        raise InvalidError({"note": ["The note may be at most 1,000 characters."]})
    _set_status(referral, S.CANCELLED, note, acting_user)
    return referral


@transaction.atomic
def do_close_for_withdrawn_consent(consent: Consent, *, acting_user: User) -> list[Referral]:
    """Cancel the open referrals that rest on a consent now withdrawn (to be called by the
    consent's withdrawal). Each is cancelled like by the referring side, with a note. A
    withdrawal dated later closes nothing yet (the provider's view hides the data from that
    day on, see `consent_withdrawn`)."""
    if consent.withdrawn_on is None or consent.withdrawn_on > timezone.localdate():
        return []
    closed = []
    for referral in Referral.objects.select_for_update().filter(
        consent=consent, status__in=tuple(Referral.OPEN_STATUSES)
    ):
        _set_status(referral, S.CANCELLED, WITHDRAWN_NOTE, acting_user)
        closed.append(referral)
    return closed


# --- The client's plan ------------------------------------------------------------------------

# The provider's answers that put a referral made from elsewhere into the client's plan.
INTO_PLAN = frozenset({S.ACCEPTED, S.STARTED})


def plan_row_for(client: Client, service: Service) -> PlannedService | None:
    """The service of the client's plan in force chosen from this tray entry that no open
    referral carries yet (the earliest such row), or None."""
    plan = plan_in_force(client.pk, timezone.localdate())
    if plan is None:
        return None
    return (
        plan.services.filter(catalog_service=service)
        .exclude(referrals__status__in=tuple(Referral.OPEN_STATUSES))
        .order_by("start", "name", "id")
        .first()
    )


def _link_to_plan(referral: Referral, row: PlannedService, *, acting_user: User) -> None:
    """Record that the referral carries out the plan's service `row` (in the change log)."""
    old = referral.planned_service_id
    if old == row.pk:
        return
    referral.planned_service = row
    referral.save(update_fields=["planned_service"])
    record_change(
        "referral",
        referral.pk,
        A.UPDATE,
        {"planned_service": [str(old) if old else None, str(row.pk)]},
        client_id=referral.client_id,
        actor=acting_user,
    )


def link_new_plan_row(row: PlannedService, acting_user: User) -> Referral | None:
    """A service was added to a plan from a tray entry (`casework.hooks.service_added`): the
    client's latest open referral to the entry that carries no plan's service yet now
    carries this one."""
    assert row.catalog_service_id is not None  # casework calls it only for a row from the tray
    referral = (
        Referral.objects.select_for_update()
        .filter(
            client_id=row.plan.client_id,
            service_id=row.catalog_service_id,
            planned_service__isnull=True,
            status__in=tuple(Referral.OPEN_STATUSES),
        )
        .order_by("-created_at")
        .first()
    )
    if referral is not None:
        _link_to_plan(referral, row, acting_user=acting_user)
    return referral


def _into_plan(referral: Referral, *, acting_user: User) -> PlannedService | None:
    """An accepted (or started) referral that no plan's service carries: the service of the
    client's plan in force chosen from the same entry carries it; when the plan has none, a
    row is added, the client directed to the service today. Without a plan in force nothing
    is added. A row the plan's rules refuse (e.g. a consent no longer valid) is not added
    and does not stop the answer."""
    row = plan_row_for(referral.client, referral.service)
    if row is None:
        plan = plan_in_force(referral.client_id, timezone.localdate())
        if plan is None:
            return None
        values: dict[str, Any] = {
            "catalog_service": referral.service,
            "provider": referral.receiver,
            "status": ServiceStatus.DIRECTED,
            "directed_on": timezone.localdate(),
            "consent": referral.consent,
        }
        try:
            with transaction.atomic():
                row = do_add_service(plan, values, acting_user=acting_user)
        except InvalidError:
            return None
    referral.refresh_from_db(fields=["planned_service"])
    if referral.planned_service_id is None:
        _link_to_plan(referral, row, acting_user=acting_user)
    return row


@transaction.atomic
def do_add_service_and_refer(
    plan: Plan,
    values: dict[str, Any],
    *,
    acting_user: User,
    referral: dict[str, Any] | None = None,
) -> tuple[PlannedService, Referral | None]:
    """Add a tray entry to the plan and, with `referral` (the keyword arguments of
    `do_create_referral`), refer the client to it in the same transaction: either both are
    recorded or neither. A consent chosen or recorded for the referral also covers the plan's
    service when none was chosen for it. A refusal is raised as `PlanReferralError`, naming
    the part it refuses."""
    entry = values.get("catalog_service")
    if referral is None:
        try:
            return do_add_service(plan, values, acting_user=acting_user), None
        except InvalidError as exc:
            raise PlanReferralError("service", exc.errors) from exc
    if entry is None:
        raise PlanReferralError(
            "service", {"catalog_service": ["Only a service from the offering tray is referred."]}
        )
    try:
        made = do_create_referral(plan.client, entry, acting_user=acting_user, **referral)
    except InvalidError as exc:
        raise PlanReferralError("referral", exc.errors) from exc
    values = dict(values)
    if values.get("consent") is None and made.consent is not None:
        values["consent"] = made.consent
    try:
        row = do_add_service(plan, values, acting_user=acting_user)
    except InvalidError as exc:
        raise PlanReferralError("service", exc.errors) from exc
    made.refresh_from_db(fields=["planned_service"])
    _link_to_plan(made, row, acting_user=acting_user)
    return row, made


class PlanReferralError(InvalidError):
    """A refusal of "add to the plan and refer now": `part` is "service" or "referral"."""

    def __init__(self, part: str, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.part = part


# --- Notification ----------------------------------------------------------------------------

EMAIL_TEMPLATES = "referrals/email"


def receiver_editors(receiver_id: Any) -> list[User]:
    """The active users holding a catalogue-editor role in the receiving organisation."""
    from kotopolku.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            memberships__in=scopes.catalog_editor_memberships([receiver_id]),
        )
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def notify_receiver(referral_id: Any, *, base_url: str | None = None) -> int:
    """Queue one e-mail to each editor of the receiving organisation: a link only, no
    personal data (the e-mail leaves the system). Returns how many were queued."""
    from kotopolku.accounts.tasks import send_templated_email

    referral = Referral.objects.filter(pk=referral_id).only("id", "receiver_id").first()
    if referral is None:
        return 0
    link = (base_url or default_base_url()).rstrip("/") + reverse(
        "referrals:detail", args=[referral.pk]
    )
    queued = 0
    for user in receiver_editors(referral.receiver_id):
        language = language_of(user)
        send_templated_email.enqueue(
            subject_template=f"{EMAIL_TEMPLATES}/new_referral_subject_{language}.txt",
            text_template=f"{EMAIL_TEMPLATES}/new_referral_{language}.txt",
            html_template=None,
            context={"link": link},
            to=[user.email],
        )
        queued += 1
    return queued
