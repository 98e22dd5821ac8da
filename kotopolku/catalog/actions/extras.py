"""Places of an organisation and the tray workshop's wishes and ideas."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction

from kotopolku.audit.recorder import diff, record_change
from kotopolku.audit.recorder import snapshot as model_snapshot
from kotopolku.catalog import scopes as permissions
from kotopolku.catalog.actions.common import A, NotAllowedError
from kotopolku.catalog.actions.validate import _texts
from kotopolku.catalog.models import Place, Wish
from kotopolku.core.errors import Errors, InvalidError
from kotopolku.orgs.models import Municipality, Organisation

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

PLACE_FIELDS = (
    "name",
    "street_address",
    "postal_code",
    "post_office",
    "municipality_code",
    "accessibility",
    "latitude",
    "longitude",
)
PLACE_LIMITS = {"street_address": 200, "postal_code": 10, "post_office": 100}
WISH_MAX = 500


def _coordinate(errors: Errors, name: str, value: Any, limit: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors.add(name, "Give a number.")
        return None
    if not -limit <= number <= limit:
        errors.add(name, f"Give a number between -{limit:g} and {limit:g}.")
    return number


@transaction.atomic
def do_create_place(
    owner: Organisation, data: Mapping[str, Any], *, acting_user: User | None
) -> Place:
    """A place of `owner` (an address with translated accessibility notes)."""
    if not permissions.may_edit_for(acting_user, owner):
        raise NotAllowedError
    errors = Errors()
    for name in sorted(set(data) - set(PLACE_FIELDS)):
        errors.add(name, "Unknown field.")
    values: dict[str, Any] = {
        "name": _texts(errors, "name", data.get("name")),
        "accessibility": _texts(errors, "accessibility", data.get("accessibility")),
    }
    if not values["name"] and "name" not in errors.errors:
        errors.add("name", "Give the name in at least one language.")
    for name, limit in PLACE_LIMITS.items():
        values[name] = str(data.get(name) or "").strip()
        if len(values[name]) > limit:
            errors.add(name, f"At most {limit} characters.")
    code = str(data.get("municipality_code") or "").strip()
    if code and not Municipality.objects.filter(code=code).exists():
        errors.add("municipality_code", f"Unknown municipality code {code}.")
    values["municipality_code"] = code
    values["latitude"] = _coordinate(errors, "latitude", data.get("latitude"), 90)
    values["longitude"] = _coordinate(errors, "longitude", data.get("longitude"), 180)
    errors.raise_if_any()
    place = Place.objects.create(owner=owner, **values)
    record_change(
        "place",
        place.pk,
        A.CREATE,
        diff({}, model_snapshot(place, PLACE_FIELDS)),
        actor=acting_user,
    )
    return place


@transaction.atomic
def do_add_wish(organisation: Organisation, text: str, *, acting_user: User) -> Wish:
    """A wish or idea for the tray workshop, in the name of the user's organisation."""
    if acting_user is None or not permissions.may_edit_for(acting_user, organisation):
        raise NotAllowedError
    text = " ".join((text or "").split())
    if not text:
        raise InvalidError({"text": ["Write the wish or idea."]})
    if len(text) > WISH_MAX:
        raise InvalidError({"text": [f"At most {WISH_MAX} characters."]})
    wish = Wish.objects.create(organisation=organisation, text=text, created_by=acting_user)
    record_change(
        "wish",
        wish.pk,
        A.CREATE,
        {"organisation": [None, str(organisation.pk)], "text": [None, text]},
        actor=acting_user,
    )
    return wish
