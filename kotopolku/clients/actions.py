"""Every state change of the client register; each writes its change-log row in the
same transaction and keeps the derived columns (window end, responsible authority,
current counsellor) right."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from kotopolku.access import scopes
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.audit.recorder import diff, record_change, record_read, snapshot
from kotopolku.clients import hooks, rules
from kotopolku.clients.models import (
    Client,
    ClientMerge,
    ClientStatus,
    Consent,
    CounsellorAssignment,
    Household,
    HouseholdMember,
    JobseekerPeriod,
)
from kotopolku.orgs.models import Unit

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

A = ChangeEvent.Action

CLIENT_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "henkilotunnus",
    "foreign_id",
    "unhcr_number",
    "internal_number",
    "email",
    "phone",
    "street_address",
    "postal_code",
    "post_office",
    "mother_tongue",
    "service_languages",
    "interpreter_needed",
    "interpreter_language",
    "municipality",
    "municipality_since",
    "no_municipality_reason",
    "first_permit_date",
    "first_permit_kind",
    "immigration_basis",
    "unaccompanied_minor",
    "protection_family_member",
    "social_assistance",
    "home_care_allowance",
    "assessment_requested_on",
    "assessment_need_noted",
    "responsible_unit",
    "authority_override",
    "authority_override_reason",
    "status",
)
# Facts a merge copies from the merged record where the kept one has none.
MERGE_FILLS = (
    "foreign_id",
    "unhcr_number",
    "internal_number",
    "email",
    "phone",
    "street_address",
    "postal_code",
    "post_office",
    "interpreter_language",
    "first_permit_date",
)
DERIVED_FIELDS = ("responsible_authority", "integration_window_end", "current_counsellor")


class DuplicateHenkilotunnusError(Exception):
    """Another client record already has this henkilötunnus. `visible`: whether the acting
    user may see that record (if not, the check was logged as a read of it)."""

    def __init__(self, existing_id: Any, *, visible: bool = True) -> None:
        super().__init__("henkilotunnus already registered")
        self.existing_id = existing_id
        self.visible = visible


# The duplicate rule (docs/permissions.md, "Duplicates"):
# - A probable duplicate by names and date of birth is looked for only among the clients the
#   user may see: a match elsewhere takes the same path as no match (nothing is said), and
#   the two records are later merged by the responsible organisation.
# - A henkilötunnus is one person's: the register keeps one record per code, so a code
#   registered to a client the user may not see is refused too; the answer names no unit,
#   organisation or record, and the check is logged as a read of the matched client with its
#   purpose, so that the client's access-log report shows who asked.
DUPLICATE_CHECK_PURPOSE = "duplicate check: henkilötunnus already registered"


@dataclass(frozen=True)
class DuplicateWarning:
    code: str
    message: str
    count: int


def exempt_bases() -> tuple[str, ...]:
    """The immigration bases outside the integration window (an organisation's setting; the
    one definition, used by clients and casework)."""
    return tuple(settings.WINDOW_EXEMPT_BASES)


def periods_of(client: Client) -> list[rules.Period]:
    return [rules.Period(p.start, p.end) for p in client.jobseeker_periods.all()]


def duty_facts(client: Client, *, jobseeker: bool) -> rules.DutyFacts:
    """The register facts of the assessment duty (`clients.rules.assessment_duty`)."""
    exempt = client.immigration_basis in set(exempt_bases())
    return rules.DutyFacts(
        birth_date=client.birth_date,
        basis=client.immigration_basis,
        window_end=client.integration_window_end,
        window_known=exempt or client.first_permit_date is not None,
        jobseeker=jobseeker,
        protection_family_member=client.protection_family_member,
        social_assistance=client.social_assistance,
        home_care_allowance=client.home_care_allowance,
        unaccompanied_minor=client.unaccompanied_minor,
        assessment_requested_on=client.assessment_requested_on,
        assessment_need_noted=client.assessment_need_noted,
    )


def assessment_duty_of(
    client: Client, *, jobseeker: bool | None = None, day: datetime.date | None = None
) -> rules.AssessmentDuty:
    """Must the client be offered an assessment on `day` (today), by whom and why."""
    day = day or timezone.localdate()
    if jobseeker is None:
        jobseeker = rules.is_jobseeker(periods_of(client), day)
    return rules.assessment_duty(duty_facts(client, jobseeker=jobseeker), day)


def counsellor_for_new_client(user: User) -> User | None:
    """Who a newly registered client's own counsellor is: its registrar, when they do casework
    with own clients (a counsellor or an employment-area worker); otherwise nobody yet."""
    return user if scopes.has_own_clients(user) else None


def _derive_dated(client: Client, periods: list[rules.Period], today: datetime.date) -> None:
    """Set the columns that follow from the rules and the date (window end, authority)."""
    client.integration_window_end = rules.integration_window_end(
        client.first_permit_date, client.immigration_basis, exempt_bases=exempt_bases(), today=today
    )
    client.responsible_authority = rules.responsible_authority(
        periods, client.authority_override or None, today
    )


def refresh_derived(client: Client, *, today: datetime.date | None = None) -> dict[str, Any]:
    """Recompute the derived columns on `client` (not saved); return what changed."""
    before = snapshot(client, DERIVED_FIELDS)
    _derive_dated(client, periods_of(client), today or timezone.localdate())
    current = client.counsellor_assignments.filter(end__isnull=True).first() if client.pk else None
    client.current_counsellor = current.counsellor if current else None
    return diff(before, snapshot(client, DERIVED_FIELDS))


def similar_clients(
    first_name: str,
    last_name: str,
    birth_date: datetime.date,
    *,
    among: Any = None,
) -> int:
    """How many active records (of `among`, default all) share the names and the date of
    birth (a probable duplicate)."""
    qs = (
        (among if among is not None else Client.objects.all())
        .filter(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            birth_date=birth_date,
        )
        .exclude(status=ClientStatus.MERGED)
    )
    return qs.count()


def duplicate_warnings(values: dict[str, Any], *, user: User) -> list[DuplicateWarning]:
    """The probable duplicates among the clients `user` may see (never beyond them)."""
    from kotopolku.clients.scopes import visible_clients

    count = similar_clients(
        values["first_name"],
        values["last_name"],
        values["birth_date"],
        among=visible_clients(user),
    )
    if not count:
        return []
    return [
        DuplicateWarning(
            "possible_duplicate",
            "Another client record has the same names and date of birth; check that this is not the same person.",
            count,
        )
    ]


def _ensure_unique_hetu(hetu: str | None, *, acting_user: User | None, exclude: Any = None) -> None:
    if not hetu:
        return
    existing = Client.objects.filter(henkilotunnus=hetu)
    if exclude is not None:
        existing = existing.exclude(pk=exclude)
    found = existing.values_list("pk", flat=True).first()
    if found is not None:
        _refuse_duplicate(found, acting_user)


def _refuse_duplicate(found: Any, acting_user: User | None) -> None:
    from kotopolku.clients.scopes import visible_clients

    visible = acting_user is not None and visible_clients(acting_user).filter(pk=found).exists()
    if not visible and acting_user is not None:
        # The answer tells the user that the person is a client somewhere: a read of the
        # matched client's data, logged with its purpose (queued; written at the end of the
        # request, so the refusal's rollback does not take it away).
        record_read(
            "client", [found], kind=AccessEvent.Kind.SEARCH, purpose=DUPLICATE_CHECK_PURPOSE
        )
    raise DuplicateHenkilotunnusError(found, visible=visible)


@transaction.atomic
def do_create_client(
    values: dict[str, Any],
    *,
    responsible_unit: Unit,
    counsellor: User | None,
    jobseeker_since: datetime.date | None = None,
    acting_user: User,
) -> Client:
    """Create a client from validated values; raise DuplicateHenkilotunnusError on a known code."""
    _ensure_unique_hetu(values.get("henkilotunnus"), acting_user=acting_user)
    client = Client(responsible_unit=responsible_unit)
    for name in CLIENT_FIELDS:
        if name in values:
            setattr(client, name, values[name])
    refresh_derived(client)
    if jobseeker_since is not None:
        # a jobseeker from the start is the employment area's from the start: no hand-over
        _derive_dated(client, [rules.Period(jobseeker_since, None)], timezone.localdate())
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError:  # a concurrent insert of the same code
        if (
            values.get("henkilotunnus")
            and Client.objects.filter(henkilotunnus=values["henkilotunnus"]).exists()
        ):
            _refuse_duplicate(
                Client.objects.filter(henkilotunnus=values["henkilotunnus"])
                .values_list("pk", flat=True)
                .first(),
                acting_user,
            )
        raise
    record_change(
        "client",
        client.pk,
        A.CREATE,
        diff({}, snapshot(client, CLIENT_FIELDS + DERIVED_FIELDS)),
        client_id=client.pk,
        actor=acting_user,
    )
    _after_change(client, {}, acting_user, created=True)
    if jobseeker_since is not None:
        do_start_jobseeker_period(client, start=jobseeker_since, acting_user=acting_user)
    if counsellor is not None:
        do_assign_counsellor(client, counsellor, acting_user=acting_user)
    return client


@transaction.atomic
def do_update_client(
    client: Client, values: dict[str, Any], *, acting_user: User, reason: str = ""
) -> dict[str, Any]:
    """Apply validated `values`; log every changed field with its old and new value."""
    unknown = set(values) - set(CLIENT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    if "henkilotunnus" in values:
        _ensure_unique_hetu(values["henkilotunnus"], acting_user=acting_user, exclude=client.pk)
    fields = tuple(values)
    old = snapshot(client, fields + DERIVED_FIELDS)
    for name, value in values.items():
        setattr(client, name, value)
    refresh_derived(client)
    changed = diff(old, snapshot(client, fields + DERIVED_FIELDS))
    if changed:
        client.save()
        record_change(
            "client",
            client.pk,
            A.UPDATE,
            changed,
            client_id=client.pk,
            reason=reason,
            actor=acting_user,
        )
    _after_change(client, changed, acting_user)
    return changed


# The register's facts the casework deadlines depend on (`casework.rules.CaseFacts` and the
# assessment duty, `clients.rules.assessment_duty`).
DEADLINE_INPUTS = frozenset(
    {
        "client_since",
        "integration_window_end",
        "status",
        "birth_date",
        "immigration_basis",
        "first_permit_date",
        "responsible_authority",
        "unaccompanied_minor",
        "protection_family_member",
        "social_assistance",
        "home_care_allowance",
        "assessment_requested_on",
        "assessment_need_noted",
    }
)


def _after_change(
    client: Client, changed: dict[str, Any], acting_user: User | None, *, created: bool = False
) -> None:
    """The apps above follow the register through `clients.hooks` (casework: a new responsible
    authority opens a hand-over, and the deadlines are recomputed when a fact they depend on
    has changed)."""
    if "responsible_authority" in changed:
        old, new = changed["responsible_authority"]
        hooks.authority_changed(client, old, new, acting_user)
    if created or DEADLINE_INPUTS & changed.keys():
        hooks.facts_changed(client)


def _save_derived(client: Client, acting_user: User | None) -> None:
    changed = refresh_derived(client)
    _after_change(client, changed, acting_user)
    if changed:
        Client.objects.filter(pk=client.pk).update(
            responsible_authority=client.responsible_authority,
            integration_window_end=client.integration_window_end,
            current_counsellor=client.current_counsellor,
        )
        record_change(
            "client", client.pk, A.UPDATE, changed, client_id=client.pk, actor=acting_user
        )


@transaction.atomic
def _assignment_unit(client: Client, counsellor: User) -> Unit:
    """The counsellor's unit the assignment is made in (its organisation decides how long the
    counsellor sees the client: `clients.scopes.own_client_condition`): a casework unit in the
    client's organisation, else the counsellor's first casework unit, else the client's."""
    casework = scopes.casework_units(counsellor)
    same = [u for u in casework if u.organisation_id == client.responsible_unit.organisation_id]
    return (same or casework or [client.responsible_unit])[0]


def do_assign_counsellor(
    client: Client, counsellor: User, *, acting_user: User, start: datetime.date | None = None
) -> CounsellorAssignment | None:
    """Make `counsellor` the client's own counsellor from `start` (today); end the previous one."""
    start = start or timezone.localdate()
    current = (
        client.counsellor_assignments.filter(end__isnull=True).select_related("counsellor").first()
    )
    if current is not None and current.counsellor_id == counsellor.pk:
        return None
    if current is not None:
        current.end = max(start, current.start)
        current.save(update_fields=["end"])
    unit = _assignment_unit(client, counsellor)
    assignment = CounsellorAssignment.objects.create(
        client=client, counsellor=counsellor, unit=unit, start=start, assigned_by=acting_user
    )
    record_change(
        "client",
        client.pk,
        A.UPDATE,
        {"counsellor": [current.counsellor.username if current else None, counsellor.username]},
        client_id=client.pk,
        actor=acting_user,
    )
    _save_derived(client, acting_user)
    return assignment


class PeriodOverlapError(ValueError):
    pass


@transaction.atomic
def do_start_jobseeker_period(
    client: Client, *, start: datetime.date, acting_user: User
) -> JobseekerPeriod:
    """Record a registration as a jobseeker from `start`; the responsible authority follows."""
    periods = [*periods_of(client), rules.Period(start, None)]
    if rules.overlapping(periods):
        raise PeriodOverlapError("the period overlaps another registration")
    period = JobseekerPeriod.objects.create(client=client, start=start)
    record_change(
        "jobseeker_period",
        period.pk,
        A.CREATE,
        {"start": [None, start]},
        client_id=client.pk,
        actor=acting_user,
    )
    _save_derived(client, acting_user)
    hooks.facts_changed(client)  # the employment authority's steps follow the registration
    return period


@transaction.atomic
def do_end_jobseeker_period(
    period: JobseekerPeriod, *, end: datetime.date, acting_user: User
) -> None:
    if end < period.start:
        raise PeriodOverlapError("the end is before the start")
    old = period.end
    period.end = end
    period.save(update_fields=["end"])
    record_change(
        "jobseeker_period",
        period.pk,
        A.UPDATE,
        {"end": [old, end]},
        client_id=period.client_id,
        actor=acting_user,
    )
    _save_derived(period.client, acting_user)
    hooks.facts_changed(period.client)


@transaction.atomic
def do_add_household_member(
    client: Client,
    *,
    member: Client | None = None,
    name: str = "",
    birth_year: int | None = None,
    relation: str,
    acting_user: User,
) -> HouseholdMember:
    """Link a client or a person without a record to the client's household (made on first use)."""
    link = client.household_links.select_related("household").first()
    if link is None:
        household = Household.objects.create()
        HouseholdMember.objects.create(
            household=household, client=client, relation=HouseholdMember.Relation.OTHER
        )
    else:
        household = link.household
    if member is not None:
        existing = member.household_links.exclude(household=household).first()
        if existing is not None:
            raise ValueError("the person already belongs to another household")
        added, created = HouseholdMember.objects.get_or_create(
            household=household, client=member, defaults={"relation": relation}
        )
        if not created:
            return added  # already a member: nothing changed, nothing to log
    else:
        added = HouseholdMember.objects.create(
            household=household, name=name.strip(), birth_year=birth_year, relation=relation
        )
    values = {
        "household": household.pk,
        "member": member.pk if member else None,
        "name": name,
        "relation": relation,
    }
    record_change(
        "household_member",
        added.pk,
        A.CREATE,
        diff({}, values),
        client_id=client.pk,
        actor=acting_user,
    )
    return added


@transaction.atomic
def do_set_status(client: Client, status: str, *, acting_user: User, reason: str = "") -> None:
    do_update_client(client, {"status": status}, acting_user=acting_user, reason=reason)


@transaction.atomic
def do_merge_clients(
    kept: Client, merged: Client, *, reason: str, acting_user: User
) -> ClientMerge:
    """Merge two records of one person: `merged` points to `kept`, its history moves over,
    both ids stay in the logs, and the merge itself is recorded."""
    if kept.pk == merged.pk:
        raise ValueError("a record cannot be merged into itself")
    if merged.status == ClientStatus.MERGED or kept.status == ClientStatus.MERGED:
        raise ValueError("one of the records is already merged")
    if kept.henkilotunnus and merged.henkilotunnus and kept.henkilotunnus != merged.henkilotunnus:
        raise ValueError("the records have different personal identity codes")
    if rules.overlapping([*periods_of(kept), *periods_of(merged)]):
        raise ValueError("their jobseeker registrations overlap; correct the dates first")
    for refusal in hooks.merge_refusal(kept, merged):
        if refusal:
            raise ValueError(refusal)
    moved_hetu = None
    if not kept.henkilotunnus and merged.henkilotunnus:
        moved_hetu = merged.henkilotunnus
        Client.objects.filter(pk=merged.pk).update(henkilotunnus=None)
        merged.henkilotunnus = None
    # facts missing on the kept record are taken from the merged one
    filled: dict[str, Any] = {}
    for name in MERGE_FILLS:
        if not getattr(kept, name) and getattr(merged, name):
            filled[name] = getattr(merged, name)
    if moved_hetu:
        filled["henkilotunnus"] = moved_hetu
    if filled:
        do_update_client(kept, filled, acting_user=acting_user, reason="merge")
    JobseekerPeriod.objects.filter(client=merged).update(client=kept)
    # The kept record keeps its own counsellor; if it has none, the merged record's one carries over.
    kept_has_counsellor = CounsellorAssignment.objects.filter(
        client=kept, end__isnull=True
    ).exists()
    if kept_has_counsellor:
        CounsellorAssignment.objects.filter(client=merged, end__isnull=True).update(
            end=timezone.localdate()
        )
    CounsellorAssignment.objects.filter(client=merged).update(client=kept)
    for link in merged.household_links.all():
        if not HouseholdMember.objects.filter(household=link.household, client=kept).exists():
            link.client = kept
            link.save(update_fields=["client"])
    moved = _move_records(merged, kept)
    Client.objects.filter(pk=merged.pk).update(status=ClientStatus.MERGED, merged_into=kept)
    merged.status, merged.merged_into = ClientStatus.MERGED, kept
    record = ClientMerge.objects.create(
        kept=kept, merged=merged, merged_by=acting_user, reason=reason
    )
    change = {
        "kept": [None, str(kept.pk)],
        "merged": [None, str(merged.pk)],
        "filled": [None, sorted(filled)],
        "moved": [None, moved],
    }
    record_change(
        "client", kept.pk, A.MERGE, change, client_id=kept.pk, reason=reason, actor=acting_user
    )
    record_change(
        "client",
        merged.pk,
        A.MERGE,
        {**change, "status": [ClientStatus.ACTIVE, ClientStatus.MERGED]},
        client_id=merged.pk,
        reason=reason,
        actor=acting_user,
    )
    _save_derived(kept, acting_user)
    hooks.facts_changed(kept)  # the moved records are the kept record's now
    hooks.facts_changed(merged)  # a merged record has no open steps
    return record


def _move_records(merged: Client, kept: Client) -> dict[str, int]:
    """The merged record's consents, and the records of the apps above (`hooks.merge_move`),
    belong to the kept record from now on."""
    moved = {}
    count = Consent.objects.filter(client=merged).update(client=kept)
    for part in hooks.merge_move(merged, kept):
        moved.update(part)
    if count:
        moved[Consent._meta.model_name or ""] = count
    return moved


def refresh_all(*, today: datetime.date | None = None, batch: int = 2000) -> int:
    """Recompute the derived columns of every active client (daily, for dated changes)."""
    changed = 0
    qs = (
        Client.objects.exclude(status=ClientStatus.MERGED)
        .prefetch_related("jobseeker_periods")
        .order_by("pk")
    )
    for client in qs.iterator(chunk_size=batch):
        before = (client.responsible_authority, client.integration_window_end)
        _derive_dated(client, periods_of(client), today or timezone.localdate())
        if before != (client.responsible_authority, client.integration_window_end):
            with transaction.atomic():
                Client.objects.filter(pk=client.pk).update(
                    responsible_authority=client.responsible_authority,
                    integration_window_end=client.integration_window_end,
                )
                record_change(
                    "client",
                    client.pk,
                    A.UPDATE,
                    diff(
                        {"responsible_authority": before[0], "integration_window_end": before[1]},
                        {
                            "responsible_authority": client.responsible_authority,
                            "integration_window_end": client.integration_window_end,
                        },
                    ),
                    client_id=client.pk,
                    reason="daily refresh",
                )
                if before[0] != client.responsible_authority:
                    hooks.authority_changed(client, before[0], client.responsible_authority, None)
            changed += 1
    return changed
