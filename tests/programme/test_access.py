"""`access.programmes`: who reads and who writes a programme version."""

from __future__ import annotations

import uuid

import pytest

from kotopolku.access import programmes as rules
from kotopolku.accounts.models import User
from kotopolku.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def _org(slug: str) -> uuid.UUID:
    return Organisation.objects.get(slug=slug).pk


def test_staff_serving_a_municipality_read_every_status(demo_world: dict[str, User]) -> None:
    kokkola = _org("kokkola-kotoutumispalvelut")
    for who in ("coordinator.kokkola", "counsellor.kokkola", "employment.kokkola"):
        user = demo_world[who]
        for status in ("draft", "in_review", "published"):
            assert rules.may_read(
                user, organisation_id=kokkola, municipality_codes=["272"], status=status
            ), (who, status)


def test_a_joint_programme_is_read_when_one_municipality_is_served(
    demo_world: dict[str, User],
) -> None:
    user = demo_world["counsellor.joensuu"]
    kokkola = _org("kokkola-kotoutumispalvelut")
    assert rules.may_read(
        user, organisation_id=kokkola, municipality_codes=["272", "167"], status="draft"
    )
    assert not rules.may_read(
        user, organisation_id=kokkola, municipality_codes=["272"], status="published"
    )


def test_ngo_partners_read_only_published(demo_world: dict[str, User]) -> None:
    user = demo_world["ngo.spr"]
    toivo = _org("toivo")
    assert not rules.may_read(
        user, organisation_id=toivo, municipality_codes=["167"], status="draft"
    )
    assert not rules.may_read(
        user, organisation_id=toivo, municipality_codes=["167"], status="approved"
    )
    assert not rules.may_read(
        user, organisation_id=toivo, municipality_codes=["167"], status="superseded"
    )
    assert rules.may_read(
        user, organisation_id=toivo, municipality_codes=["167"], status="published"
    )


def test_only_coordinators_of_the_coordinating_organisation_write(
    demo_world: dict[str, User],
) -> None:
    kokkola = _org("kokkola-kotoutumispalvelut")
    assert rules.may_write(demo_world["coordinator.kokkola"], organisation_id=kokkola)
    for who in ("coordinator.joensuu", "counsellor.kokkola", "admin", "employment.kokkola"):
        assert not rules.may_write(demo_world[who], organisation_id=kokkola), who
    assert rules.may_write(None, organisation_id=kokkola)  # the system


def test_auditors_and_administrators_do_not_read_programmes(demo_world: dict[str, User]) -> None:
    toivo = _org("toivo")
    for who in ("admin", "auditor.joensuu"):
        assert not rules.may_read(
            demo_world[who], organisation_id=toivo, municipality_codes=["167"], status="draft"
        ), who
