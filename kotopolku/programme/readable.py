"""Fetching a programme for a reader: a programme the user may not read answers 404."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from kotopolku.access.programme_reading import reader_codes
from kotopolku.programme.models import Programme

if TYPE_CHECKING:
    from kotopolku.accounts.models import User


def readable_programmes(user: User) -> QuerySet[Programme]:
    staff, published_only = reader_codes(user)
    condition = Q(municipalities__code__in=sorted(staff))
    if published_only:
        condition |= Q(
            status=Programme.Status.PUBLISHED, municipalities__code__in=sorted(published_only)
        )
    ids = Programme.objects.filter(condition).values("pk")
    return Programme.objects.filter(pk__in=ids)


def get_readable_programme(user: User, programme_id: uuid.UUID | str) -> Programme:
    try:
        pk = uuid.UUID(str(programme_id))
    except ValueError:
        raise Http404 from None
    programme = readable_programmes(user).select_related("organisation").filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme
