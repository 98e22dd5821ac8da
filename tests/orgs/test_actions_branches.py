"""`do_update_organisation`: the municipalities served change only when given, and an update
that changes nothing writes no change event."""

from __future__ import annotations

from typing import Any

from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs import actions
from kotopolku.orgs.models import Municipality, Organisation


def _events(org: Organisation) -> list[dict[str, Any]]:
    rows = ChangeEvent.objects.filter(subject_type="organisation", subject_id=str(org.pk))
    return [e.changes for e in rows.order_by("event_time")]


def test_the_served_municipalities_change_only_when_given(demo_world: dict[str, Any]) -> None:
    admin = demo_world["admin"]
    org = Organisation.objects.get(slug="spr-joensuu")
    served = sorted(org.serves.values_list("code", flat=True))
    extra = Municipality.objects.exclude(code__in=served).order_by("code").first()
    assert extra is not None and served
    before = _events(org)

    changed = actions.do_update_organisation(
        org, {"serves": [*org.serves.all(), extra]}, acting_user=admin
    )
    assert changed == {"serves": [served, sorted([*served, extra.code])]}
    changed = actions.do_update_organisation(org, {"business_id": "0215207-2"}, acting_user=admin)
    assert changed == {"business_id": ["", "0215207-2"]}
    org.refresh_from_db()
    assert sorted(org.serves.values_list("code", flat=True)) == sorted([*served, extra.code])
    assert _events(org)[len(before) :] == [
        {"serves": [served, sorted([*served, extra.code])]},
        {"business_id": ["", "0215207-2"]},
    ]


def test_an_update_that_changes_nothing_writes_no_event(demo_world: dict[str, Any]) -> None:
    admin = demo_world["admin"]
    org = Organisation.objects.get(slug="spr-joensuu")
    before = _events(org)
    same = {"name": dict(org.name), "serves": list(org.serves.all())}
    assert actions.do_update_organisation(org, same, acting_user=admin) == {}
    assert _events(org) == before
