"""API: municipalities (official codes) and organisations (the `orgs` operations; here, above
`access`, which they ask which organisations a user sees)."""

from __future__ import annotations

import datetime
import uuid

from ninja import Query, Router, Schema

from kotopolku.access import scopes
from kotopolku.core.params import QueryDate
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Municipality

# The operations keep their ids `orgs.*` (a contract of the API) since the module moved here.
OPERATION_PREFIX = "orgs"

router = Router()


class MunicipalityOut(Schema):
    code: str
    name_fi: str
    name_sv: str
    region_code: str
    wellbeing_county_code: str
    language: str
    valid_from: datetime.date
    valid_to: datetime.date | None


class MunicipalityFilter(Schema):
    on: QueryDate | None = None
    region: str | None = None


class OrganisationOut(Schema):
    id: uuid.UUID
    slug: str
    kind: str
    name: dict[str, str]
    serves: list[str]


@router.get(
    "/municipalities", response=list[MunicipalityOut], summary="Municipality codes valid on a day"
)
def list_municipalities(
    request: AuthenticatedRequest, filters: Query[MunicipalityFilter]
) -> list[MunicipalityOut]:
    qs = (
        Municipality.objects.valid_on(filters.on)
        .select_related("region", "wellbeing_county")
        .order_by("code")
    )
    if filters.region:
        qs = qs.filter(region__code=filters.region)
    return [
        MunicipalityOut(
            code=m.code,
            name_fi=m.name_fi,
            name_sv=m.name_sv,
            region_code=m.region.code,
            wellbeing_county_code=m.wellbeing_county.code,
            language=m.language,
            valid_from=m.valid_from,
            valid_to=m.valid_to,
        )
        for m in qs
    ]


@router.get(
    "/organisations", response=list[OrganisationOut], summary="Organisations visible to the caller"
)
def list_organisations(request: AuthenticatedRequest) -> list[OrganisationOut]:
    orgs = scopes.visible_organisations(request.user).prefetch_related("serves").order_by("slug")
    return [
        OrganisationOut(
            id=o.pk,
            slug=o.slug,
            kind=o.kind,
            name=o.name,
            serves=sorted(m.code for m in o.serves.all()),
        )
        for o in orgs
    ]
