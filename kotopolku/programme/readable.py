"""Fetching a programme for a reader (17a's `programme.views.get_readable`, on the rules of
`access.programmes`): a programme the user may not read answers 404."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from kotopolku.programme.models import Programme
from kotopolku.programme.views import get_readable


def get_readable_programme(user: Any, programme_id: uuid.UUID | str) -> Programme:
    try:
        pk = uuid.UUID(str(programme_id))
    except ValueError:
        raise Http404 from None
    return get_readable(user, pk)
