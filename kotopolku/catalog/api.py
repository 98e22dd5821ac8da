"""The offering tray's API: the public read-only catalogue and the owners' writes.

- `GET /services` and `GET /services/{id}` are public (no login: `auth=None`), published
  entries only; with `q` the list is ranked by relevance (`catalog.search.query`). `lang` picks
  the language of the texts (default: the request's language from Accept-Language); each
  text says the language it is in (`name_lang`, ...), so a fallback is visible.
- `POST /services` and `PATCH /services/{id}` are for the owner organisation's editors and
  go through `catalog.actions`: a change to a published entry by someone other than a
  coordinator of its region answers 202 with the pending revision. PATCH changes only the
  fields sent; a text field sent replaces all its translations. An authority-only field
  (`forms.AUTHORITY_FIELDS`, the authorities' column) from a caller who does not keep it
  (`scopes.keeps_authority_fields`: an NGO) answers 422 naming the field, nothing saved.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.responses import Status
from pydantic import Field

from kotopolku.access.api import operation_id
from kotopolku.access.middleware import set_acting
from kotopolku.access.policy import api_rule
from kotopolku.accounts.auth import user_for_token
from kotopolku.audit.recorder import record_read
from kotopolku.catalog import actions, matching
from kotopolku.catalog import scopes as permissions
from kotopolku.catalog.forms import AUTHORITY_FIELDS
from kotopolku.catalog.models import (
    SOURCE_TEXT_FIELDS,
    TEXT_FIELDS,
    Service,
    ServiceRevision,
    TargetGroup,
    TrayCategory,
)
from kotopolku.catalog.search.query import SearchQuery, search
from kotopolku.clients.scopes import visible_clients
from kotopolku.core import api_docs
from kotopolku.core.api_errors import ApiError
from kotopolku.core.languages import is_valid_code
from kotopolku.core.params import Offset
from kotopolku.core.translated import pick
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Organisation

router = Router()

MAX_LIMIT = 100

# --- Schemas --------------------------------------------------------------------------------------


MatchReason = Literal["municipality", "language", "target_group", "need"]


class ProviderOut(Schema):
    id: uuid.UUID
    slug: str
    name: str


class TrayServiceSummaryOut(Schema):
    id: uuid.UUID
    external_id: str
    name: str
    name_lang: str
    summary: str
    summary_lang: str
    provider: ProviderOut
    kind: str
    languages: list[str]
    municipalities: list[str]
    target_groups: list[str]
    category: str
    programme_element: str
    url: str
    score: float | None = None
    matched_on: list[MatchReason] | None = Field(
        None,
        description=(
            "Only with `for_client`: why the entry fits the client, in this order: "
            "municipality (it serves the client's municipality of residence), language (it is "
            "given in a language the client speaks or needs an interpreter for), target_group "
            "(its target groups fit the client), need (it answers a need the client's latest "
            "assessment found). Listed whether or not that filter is on (see docs/catalog.md)."
        ),
    )
    open_now: bool | None = Field(None, description="Only with `for_client`: open at this moment")
    starts_soon: bool | None = Field(
        None, description="Only with `for_client`: a date or start within 30 days, or recurring"
    )


class TrayServicePage(Schema):
    count: int
    results: list[TrayServiceSummaryOut]


# One time representation: the local time in Finland (Europe/Helsinki) as HH:MM:SS, without
# a UTC offset (a weekly time has no fixed offset: it is the same wall-clock time in winter and
# summer). Declared as a pattern, not `format: time`, which requires an offset (RFC 3339).
LOCAL_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"
LOCAL_TIME_IN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
TIME_NOTE = "Local time in Finland (Europe/Helsinki), without a UTC offset"


class TimeOut(Schema):
    weekday: int | None
    date: datetime.date | None
    starts_at: str = Field(pattern=LOCAL_TIME, description=f"{TIME_NOTE}: HH:MM:SS")
    ends_at: str = Field(pattern=LOCAL_TIME, description=f"{TIME_NOTE}: HH:MM:SS")


class PlaceOut(Schema):
    id: uuid.UUID
    name: str
    street_address: str
    postal_code: str
    post_office: str
    municipality: str
    accessibility: str


class TrayServiceOut(TrayServiceSummaryOut):
    status: str
    source: str
    description: str
    description_lang: str
    how_to_join: str
    how_to_join_lang: str
    what_to_bring: str = Field(
        default="", description="What a participant brings (documents, things), if said"
    )
    what_to_bring_lang: str = ""
    cost_text: str
    cost_text_lang: str
    schedule_text: str
    schedule_text_lang: str
    texts: dict[str, dict[str, str]] = Field(
        description=(
            "Every translation of every text field: {field: {language: text}}, with what "
            "the sources say besides (alternate_name, requirements, contact_notes)"
        )
    )
    schedule_kind: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    price_eur: decimal.Decimal | None
    contact_role: str
    contact_email: str
    contact_phone: str
    times: list[TimeOut]
    places: list[PlaceOut]
    reviewed_on: datetime.date | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class TimeIn(Schema):
    weekday: int | None = None
    date: datetime.date | None = None
    starts_at: str = Field(pattern=LOCAL_TIME_IN, description=f"{TIME_NOTE}: HH:MM[:SS]")
    ends_at: str = Field(pattern=LOCAL_TIME_IN, description=f"{TIME_NOTE}: HH:MM[:SS]")


class TrayServiceFields(Schema):
    summary: dict[str, str] | None = None
    description: dict[str, str] | None = None
    how_to_join: dict[str, str] | None = None
    what_to_bring: dict[str, str] | None = None
    cost_text: dict[str, str] | None = None
    schedule_text: dict[str, str] | None = None
    kind: str | None = None
    programme_element: str | None = None
    tray_category: str | None = None
    target_groups: list[str] | None = None
    languages: list[str] | None = None
    municipality_codes: list[str] | None = None
    schedule_kind: str | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    price_eur: decimal.Decimal | None = None
    contact_role: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    url: str | None = None
    external_id: str | None = None
    times: list[TimeIn] | None = None
    places: list[uuid.UUID] | None = None


class TrayServiceIn(TrayServiceFields):
    owner: str = Field(description="The owner organisation's slug or id")
    name: dict[str, str]
    publish: bool = Field(
        False,
        description="Publish at once (a coordinator of the region) or ask for publication",
    )


class TrayServicePatch(TrayServiceFields):
    name: dict[str, str] | None = None


class RevisionOut(Schema):
    id: uuid.UUID
    status: str
    data: dict[str, Any]
    proposed_at: datetime.datetime
    service: uuid.UUID
    message: str


# --- Output -------------------------------------------------------------------------------------


def _text(service: Service, field: str, lang: str | None) -> tuple[str, str]:
    text = pick(getattr(service, field), lang)
    return text.value, text.lang


def summary_out(service: Service, lang: str | None) -> dict[str, Any]:
    name, name_lang = _text(service, "name", lang)
    summary, summary_lang = _text(service, "summary", lang)
    owner = service.owner
    return {
        "id": service.pk,
        "external_id": service.external_id,
        "name": name,
        "name_lang": name_lang,
        "summary": summary,
        "summary_lang": summary_lang,
        "provider": {"id": owner.pk, "slug": owner.slug, "name": pick(owner.name, lang).value},
        "kind": service.kind,
        "languages": list(service.languages),
        "municipalities": list(service.municipality_codes),
        "target_groups": list(service.target_groups),
        "category": service.tray_category,
        "programme_element": service.programme_element,
        "url": service.url,
        "score": getattr(service, "score", None),
    }


def service_out(service: Service, lang: str | None) -> dict[str, Any]:
    out = summary_out(service, lang)
    out["score"] = None
    for field in ("description", "how_to_join", "what_to_bring", "cost_text", "schedule_text"):
        out[field], out[f"{field}_lang"] = _text(service, field, lang)
    out["texts"] = {
        field: dict(getattr(service, field) or {}) for field in (*TEXT_FIELDS, *SOURCE_TEXT_FIELDS)
    }
    for field in (
        "status",
        "source",
        "schedule_kind",
        "starts_on",
        "ends_on",
        "price_eur",
        "contact_role",
        "contact_email",
        "contact_phone",
        "reviewed_on",
        "published_at",
        "updated_at",
    ):
        out[field] = getattr(service, field)
    out["times"] = [
        {
            "weekday": t.weekday,
            "date": t.date,
            "starts_at": t.starts_at.strftime("%H:%M:%S"),
            "ends_at": t.ends_at.strftime("%H:%M:%S"),
        }
        for t in service.times.all()
    ]
    out["places"] = [
        {
            "id": p.pk,
            "name": pick(p.name, lang).value,
            "street_address": p.street_address,
            "postal_code": p.postal_code,
            "post_office": p.post_office,
            "municipality": p.municipality_code,
            "accessibility": pick(p.accessibility, lang).value,
        }
        for p in service.places.all()
    ]
    return out


def revision_out(revision: ServiceRevision) -> dict[str, Any]:
    return {
        "id": revision.pk,
        "status": revision.status,
        "data": revision.data,
        "proposed_at": revision.proposed_at,
        "service": revision.service_id,
        "message": "The change waits for the approval of the region's coordinator.",
    }


# --- Checks ---------------------------------------------------------------------------------------


def _bad(field: str, message: str) -> ApiError:
    return ApiError(422, "Some parameters are invalid.", fields={field: [message]})


def _check_filters(
    lang: str | None,
    municipality: str | None,
    language: str | None,
    target_group: str | None,
    category: str | None,
    limit: int,
    offset: int,
) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise _bad("limit", f"Give a limit from 1 to {MAX_LIMIT}.")
    if offset < 0:
        raise _bad("offset", "Give an offset of 0 or more.")
    if lang and not is_valid_code(lang):
        raise _bad("lang", f"Unknown language code {lang!r}.")
    if language and not is_valid_code(language):
        raise _bad("language", f"Unknown language code {language!r}.")
    if municipality and not (len(municipality) == 3 and municipality.isdigit()):
        raise _bad("municipality", "Give a 3-digit municipality code.")
    if target_group and target_group not in TargetGroup.values:
        raise _bad("target_group", f"Choose one of: {', '.join(TargetGroup.values)}.")
    if category and category not in TrayCategory.values:
        raise _bad("category", f"Choose one of: {', '.join(TrayCategory.values)}.")


def _refused(exc: actions.InvalidError) -> ApiError:
    return ApiError(422, "Some fields are invalid; nothing was saved.", fields=exc.errors)


AUTHORITY_ONLY = (
    "Only an authority's own staff set this field (the element of the integration programme "
    "of Act 681/2023 s. 13, an authority's role, the authorities' column)."
)


def _check_authority_fields(
    user: Any, owner: Organisation, data: dict[str, Any], current: Service | None
) -> None:
    """Refuse (422, nothing saved) an authority-only field from a caller who does not keep it
    (`scopes.keeps_authority_fields`; the fields are `forms.AUTHORITY_FIELDS`, and the
    authorities' column of `tray_category`), as the edit form shows it only to who keeps it.
    A change sending back the value the entry already has changes nothing and passes."""
    if permissions.keeps_authority_fields(user, owner):
        return
    fields: dict[str, list[str]] = {}
    for name in (*AUTHORITY_FIELDS, "tray_category"):
        if name not in data:
            continue
        if name == "tray_category" and data[name] != TrayCategory.AUTHORITY:
            continue
        if current is not None and data[name] == getattr(current, name):
            continue
        fields[name] = [AUTHORITY_ONLY]
    if fields:
        raise ApiError(422, "Some fields are not yours to set; nothing was saved.", fields=fields)


def _data(payload: dict[str, Any]) -> dict[str, Any]:
    data = dict(payload)
    if data.get("places") is not None:
        data["places"] = [str(p) for p in data["places"]]
    return data


# --- Operations -----------------------------------------------------------------------------------


def _caller(request: Any) -> Any:
    """The caller of a public operation that asks for more (`for_client`): the bearer
    token's user or the signed-in session's (as the API's own authentication), else 401."""
    header = request.headers.get("Authorization", "")
    user: Any
    if header[:7].lower() == "bearer ":
        found = user_for_token(header[7:].strip())
        if found is None:
            raise AuthenticationError
        user, token = found
        request.api_token = token
    else:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            raise AuthenticationError
        if settings.REQUIRE_2FA and not user.is_verified():
            raise AuthenticationError
    request.user = user
    return user


def client_for(request: Any, raw: str) -> Any:
    """The client of `for_client` when the caller sees them (logged as a read), else 404;
    an id that is no id is 422 naming `for_client`."""
    user = _caller(request)
    try:
        client_id = uuid.UUID(raw.strip())
    except ValueError:
        raise _bad("for_client", "Give the id (a UUID) of a client you may see.") from None
    client = visible_clients(user).select_related("municipality").filter(pk=client_id).first()
    if client is None:
        raise Http404
    op_id = operation_id(list_services)
    set_acting(request, api_rule(op_id), op_id)
    record_read("client", [client.pk], purpose="tray for the client")
    return client


def _check_client_filters(need: str | None, drop: list[str]) -> None:
    unknown = [reason for reason in drop if reason not in matching.REASONS]
    if unknown:
        raise _bad("drop", f"Choose from: {', '.join(matching.REASONS)}.")
    if need and need not in matching.need_table():
        raise _bad("need", f"Choose one of: {', '.join(matching.need_table())}.")


@router.get(
    "/services",
    auth=None,
    response=TrayServicePage,
    openapi_extra=api_docs.errors_also(401, 404),
    summary="Published entries of the offering tray (ranked by relevance with q; "
    "filtered and ranked for one client with for_client)",
    description=(
        "Public. With `for_client` (the id of a client the caller sees; authentication "
        "required, 401 without, 404 for a client the caller may not see, 422 naming "
        "`for_client` for an id that is not one) the list is filtered by the client's "
        "municipality of residence, languages, fitting target groups and the needs of the "
        "latest assessment, ranked by the number of reasons, and each result says "
        "`matched_on`. `drop` removes filters (the reasons still rank); `need` looks for one "
        "need instead of the assessment's. The read of the client is logged."
    ),
)
def list_services(
    request: Any,
    q: str = "",
    lang: str | None = None,
    municipality: str | None = None,
    language: str | None = None,
    target_group: str | None = None,
    category: str | None = None,
    limit: int = 20,
    offset: Offset = 0,
    for_client: Annotated[
        str | None,
        Query(description="A client's id: filter and rank for this client (authenticated)"),
    ] = None,
    need: Annotated[
        str | None, Query(description="With for_client: look for this need only")
    ] = None,
    drop: Annotated[
        list[str] | None,
        Query(
            description="With for_client: filters to remove (municipality, language, "
            "target_group, need); repeat for several"
        ),
    ] = None,
) -> dict[str, Any]:
    client = client_for(request, for_client) if for_client is not None else None
    _check_filters(lang, municipality, language, target_group, category, limit, offset)
    query = SearchQuery(
        q=q,
        lang=lang or None,
        municipality=municipality or None,
        language=language or None,
        target_group=target_group or None,
        category=category or None,
    )
    if client is not None:
        drop = drop or []
        _check_client_filters(need, drop)
        found = matching.client_search(
            query,
            matching.profile(client),
            matching.ClientFilters(
                active=frozenset(matching.REASONS) - set(drop), need=need or None
            ),
            limit=limit,
            offset=offset,
        )
        rows = []
        for match in found.matches:
            row = summary_out(match.service, lang)
            row.update(
                score=row["score"] if q.strip() else None,
                matched_on=match.reasons,
                open_now=match.open_now,
                starts_soon=match.starts_soon,
            )
            rows.append(row)
        return {"count": found.count, "results": rows}
    page = search(query, limit=limit, offset=offset)
    results = [summary_out(s, lang) for s in page.results]
    if not q.strip():
        for row in results:
            row["score"] = None
    return {"count": page.count, "results": results}


def _published(service_id: uuid.UUID) -> Service:
    service = (
        Service.objects.published()
        .select_related("owner")
        .prefetch_related("times", "places")
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise Http404
    return service


@router.get(
    "/services/{service_id}", auth=None, response=TrayServiceOut, summary="One published entry"
)
def get_service(request: Any, service_id: uuid.UUID, lang: str | None = None) -> dict[str, Any]:
    if lang and not is_valid_code(lang):
        raise _bad("lang", f"Unknown language code {lang!r}.")
    return service_out(_published(service_id), lang)


def _owner(request: AuthenticatedRequest, key: str) -> Organisation:
    ids = permissions.editable_organisation_ids(request.user)
    query = Organisation.objects.filter(id__in=ids)
    try:
        found = query.filter(pk=uuid.UUID(key)).first()
    except ValueError:
        found = query.filter(slug=key).first()
    if found is None:
        raise Http404
    return found


@router.post(
    "/services",
    response={201: TrayServiceOut},
    summary="Add an entry of the caller's organisation (a draft unless publish)",
)
def create_service(request: AuthenticatedRequest, payload: TrayServiceIn) -> Status[dict[str, Any]]:
    owner = _owner(request, payload.owner)
    data = _data(payload.dict(exclude_none=True))
    data.pop("owner", None)
    publish = bool(data.pop("publish", False))
    _check_authority_fields(request.user, owner, data, None)
    try:
        service = actions.do_create_service(owner, data, publish=publish, acting_user=request.user)
    except actions.InvalidError as exc:
        raise _refused(exc) from None
    except actions.NotAllowedError:
        raise Http404 from None
    service = Service.objects.select_related("owner").get(pk=service.pk)
    return Status(201, service_out(service, None))


@router.patch(
    "/services/{service_id}",
    response={200: TrayServiceOut, 202: RevisionOut},
    summary="Change an entry (a published entry's change waits for approval: 202)",
)
def update_service(
    request: AuthenticatedRequest, service_id: uuid.UUID, payload: TrayServicePatch
) -> Any:
    service = permissions.get_editable_service(request.user, service_id)
    data = _data(payload.dict(exclude_unset=True))
    _check_authority_fields(request.user, service.owner, data, service)
    try:
        result = actions.do_update_service(service, data, acting_user=request.user)
    except actions.InvalidError as exc:
        raise _refused(exc) from None
    except actions.NotAllowedError:
        raise Http404 from None
    if isinstance(result, ServiceRevision):
        return Status(202, revision_out(result))
    fresh = Service.objects.select_related("owner").get(pk=result.pk)
    return service_out(fresh, None)
