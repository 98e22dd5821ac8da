"""API: the caller's own account."""

from __future__ import annotations

import datetime
import uuid

from ninja import Router, Schema

from kotopolku.accounts.models import ApiToken
from kotopolku.core.types import AuthenticatedRequest

router = Router()


class MembershipOut(Schema):
    unit_id: uuid.UUID
    unit: str
    organisation_id: uuid.UUID
    organisation: str
    role: str
    is_public_official: bool
    valid_from: datetime.date
    valid_to: datetime.date | None


class MeOut(Schema):
    id: uuid.UUID
    username: str
    first_name: str
    last_name: str
    email: str
    preferred_language: str
    roles: list[str]
    memberships: list[MembershipOut]


class TokenOut(Schema):
    id: uuid.UUID
    name: str
    prefix: str
    read_only: bool
    created_at: datetime.datetime
    expires_at: datetime.datetime
    revoked_at: datetime.datetime | None
    last_used_at: datetime.datetime | None
    status: str


@router.get("/me", response=MeOut, summary="The authenticated user, with roles and units")
def me(request: AuthenticatedRequest) -> MeOut:
    user = request.user
    return MeOut(
        id=user.pk,
        username=user.username,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        preferred_language=user.preferred_language,
        roles=sorted(user.roles),
        memberships=[
            MembershipOut(
                unit_id=m.unit_id,
                unit=str(m.unit.display_name()),
                organisation_id=m.unit.organisation_id,
                organisation=str(m.unit.organisation.display_name()),
                role=m.role,
                is_public_official=m.is_public_official,
                valid_from=m.valid_from,
                valid_to=m.valid_to,
            )
            for m in user.active_memberships
        ],
    )


@router.get(
    "/me/tokens", response=list[TokenOut], summary="The caller's API tokens (never their text)"
)
def list_tokens(request: AuthenticatedRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=request.user))
