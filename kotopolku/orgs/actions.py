"""Every state change of organisations, units and the municipality code list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import diff, record_change
from kotopolku.orgs import rules
from kotopolku.orgs.models import Municipality, Organisation, Region, Unit, WellbeingCounty

A = ChangeEvent.Action


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    unchanged: int = 0


def _org_values(org: Organisation) -> dict[str, Any]:
    return {
        "slug": org.slug,
        "kind": org.kind,
        "name": org.name,
        "business_id": org.business_id,
        "is_active": org.is_active,
        "wellbeing_county": org.wellbeing_county_id,
        "plan_record": org.plan_record,
        "serves": sorted(m.code for m in org.serves.all()),
    }


@transaction.atomic
def do_create_organisation(
    *,
    slug: str,
    kind: str,
    name: dict[str, str],
    serves: list[Municipality],
    business_id: str = "",
    wellbeing_county: WellbeingCounty | None = None,
    plan_record: str = "full",
    acting_user: Any,
) -> Organisation:
    org = Organisation.objects.create(
        slug=slug,
        kind=kind,
        name=name,
        business_id=business_id,
        wellbeing_county=wellbeing_county,
        plan_record=plan_record,
    )
    org.serves.set(serves)
    record_change("organisation", org.pk, A.CREATE, diff({}, _org_values(org)), actor=acting_user)
    return org


@transaction.atomic
def do_update_organisation(
    org: Organisation, changes: dict[str, Any], *, acting_user: Any
) -> dict[str, Any]:
    old = _org_values(org)
    serves = changes.pop("serves", None)
    for name, value in changes.items():
        setattr(org, name, value)
    org.save()
    if serves is not None:
        org.serves.set(serves)
    changed = diff(old, _org_values(org))
    if changed:
        record_change("organisation", org.pk, A.UPDATE, changed, actor=acting_user)
    return changed


@transaction.atomic
def do_create_unit(
    organisation: Organisation,
    *,
    slug: str,
    name: dict[str, str],
    parent: Unit | None = None,
    acting_user: Any,
) -> Unit:
    unit = Unit.objects.create(organisation=organisation, slug=slug, name=name, parent=parent)
    record_change(
        "unit",
        unit.pk,
        A.CREATE,
        diff(
            {},
            {
                "organisation": organisation.pk,
                "slug": slug,
                "name": name,
                "parent": parent.pk if parent else None,
            },
        ),
        actor=acting_user,
    )
    return unit


@transaction.atomic
def do_load_municipalities(
    code_list: list[rules.MunicipalityRow], *, valid_from: datetime.date, acting_user: Any = None
) -> LoadReport:
    """Load a year's code list: changed or removed codes end, new versions start.

    A merger is therefore a new version of the surviving code and an ended version of the
    merged one; history stays as it was. All-or-nothing: the caller validated the rows.
    """
    report = LoadReport()
    current = {
        m.code: m
        for m in Municipality.objects.valid_on(valid_from).select_related(
            "region", "wellbeing_county"
        )
    }
    for row in code_list:
        region, _ = Region.objects.update_or_create(
            code=row.region_code,
            defaults={"name_fi": row.region_name_fi, "name_sv": row.region_name_sv},
        )
        county, _ = WellbeingCounty.objects.update_or_create(
            code=row.county_code,
            defaults={"name_fi": row.county_name_fi, "name_sv": row.county_name_sv},
        )
        existing = current.pop(row.code, None)
        predecessor = None
        if existing is not None:
            snapshot = {
                "name_fi": existing.name_fi,
                "name_sv": existing.name_sv,
                "region_code": existing.region.code,
                "county_code": existing.wellbeing_county.code,
                "language": existing.language,
                "language_majority": existing.language_majority,
                "is_aland": existing.is_aland,
            }
            if not rules.version_changed(snapshot, row):
                report.unchanged += 1
                continue
            _end_version(existing, valid_from, acting_user)
            report.ended.append(existing.code)
        predecessor = existing
        created = Municipality.objects.create(
            code=row.code,
            name_fi=row.name_fi,
            name_sv=row.name_sv,
            region=region,
            wellbeing_county=county,
            language=row.language,
            language_majority=row.language_majority,
            is_aland=row.is_aland,
            valid_from=valid_from,
        )
        record_change(
            "municipality",
            created.pk,
            A.CREATE,
            {
                "code": [None, row.code],
                "name_fi": [None, row.name_fi],
                "valid_from": [None, valid_from.isoformat()],
            },
            actor=acting_user,
        )
        report.created.append(row.code)
        if predecessor is not None:
            _carry_over_service(predecessor, created, acting_user)
    for gone in current.values():
        _end_version(gone, valid_from, acting_user)
        report.ended.append(gone.code)
    return report


def _carry_over_service(old: Municipality, new: Municipality, acting_user: Any) -> None:
    """Organisations that served the ended version serve its successor of the same code."""
    for org in Organisation.objects.filter(serves=old):
        org.serves.add(new)
        record_change(
            "organisation",
            org.pk,
            A.UPDATE,
            {"serves": [None, f"{new.code} from {new.valid_from.isoformat()}"]},
            actor=acting_user,
        )


def _end_version(municipality: Municipality, valid_from: datetime.date, acting_user: Any) -> None:
    if municipality.valid_from >= valid_from:
        # A version cannot end before it starts: a list changing it is loaded with a later date.
        raise ValueError(
            f"code {municipality.code} has a version starting {municipality.valid_from.isoformat()}; "
            "a changed list must start after it"
        )
    end = rules.day_before(valid_from)
    municipality.valid_to = end
    municipality.save(update_fields=["valid_to"])
    record_change(
        "municipality",
        municipality.pk,
        A.UPDATE,
        {"valid_to": [None, end.isoformat()]},
        actor=acting_user,
    )
