"""The demo world: who serves which municipalities, and loading it twice adds nothing."""

from __future__ import annotations

from typing import Any

from kotopolku.accounts import demo as accounts_demo
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.ops.demo import load_all
from kotopolku.orgs import demo as orgs_demo
from kotopolku.orgs.models import Membership, Organisation, Unit

JOENSUU_REGION = {"167", "276", "426", "146", "309", "176", "607", "090"}


def _served(slug: str) -> set[str]:
    return set(Organisation.objects.get(slug=slug).serves.values_list("code", flat=True))


def test_toivo_serves_exactly_the_eight_joensuu_region_municipalities(
    demo_world: dict[str, Any],
) -> None:
    toivo = Organisation.objects.get(slug="toivo")
    assert toivo.kind == Organisation.Kind.REGIONAL_CENTRE
    assert toivo.serves.count() == 8
    assert _served("toivo") == JOENSUU_REGION
    assert toivo.wellbeing_county is not None and toivo.wellbeing_county.code == "14"


def test_the_joensuu_region_municipalities_are_in_north_karelia(
    demo_world: dict[str, Any],
) -> None:
    toivo = Organisation.objects.get(slug="toivo")
    assert set(toivo.serves.values_list("region__name_fi", flat=True)) == {"Pohjois-Karjala"}
    assert set(toivo.serves.values_list("name_fi", flat=True)) == {
        "Joensuu",
        "Kontiolahti",
        "Liperi",
        "Ilomantsi",
        "Outokumpu",
        "Juuka",
        "Polvijärvi",
        "Heinävesi",
    }


def test_kokkolas_service_serves_kokkola(demo_world: dict[str, Any]) -> None:
    assert _served("kokkola-kotoutumispalvelut") == {"272"}
    kokkola = Organisation.objects.get(slug="kokkola-kotoutumispalvelut")
    assert kokkola.kind == Organisation.Kind.MUNICIPAL_SERVICE
    assert kokkola.display_name("sv").value == "Karleby stad, Integrationstjänster"


def test_the_other_joensuu_partners_serve_the_same_region(demo_world: dict[str, Any]) -> None:
    for slug in ("joensuun-seudun-tyollisyysalue", "siun-sote", "spr-joensuu"):
        assert _served(slug) == JOENSUU_REGION, slug
    assert "272" in _served("keski-pohjanmaan-tyollisyysalue")
    assert not _served("keski-pohjanmaan-tyollisyysalue") & JOENSUU_REGION


def test_demo_personas_have_their_roles(demo_world: dict[str, Any]) -> None:
    def where(username: str) -> tuple[str, str, str]:
        m = demo_world[username].active_memberships[0]
        return (m.unit.organisation.slug, m.unit.slug, m.role)

    assert where("auditor.joensuu") == ("toivo", "hallinto", "auditor")
    assert where("coordinator.joensuu") == ("toivo", "koordinointi", "coordinator")
    assert where("coordinator.kokkola") == (
        "kokkola-kotoutumispalvelut",
        "koordinointi",
        "coordinator",
    )


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "serves": Organisation.serves.through.objects.count(),
        "change_events": ChangeEvent.objects.count(),
    }


def test_loading_the_demo_organisations_and_logins_twice_creates_nothing_new(
    demo_world: dict[str, Any],
) -> None:
    first = _counts()
    assert first["organisations"] == 9
    assert first["users"] == len(demo_world) == 10
    with acting(view="test:demo_again"):
        orgs_demo.load()
        accounts_demo.load()
    assert _counts() == first


def test_loading_the_whole_demo_twice_creates_nothing_new(
    demo_world_with_clients: dict[str, Any],
) -> None:
    with acting(view="test:demo_first"):
        load_all()  # adds the casework to the fixture's clients
    first = _counts()
    with acting(view="test:demo_again"):
        load_all()
    assert _counts() == first


def test_loading_the_demo_again_restores_a_changed_demo_password(
    demo_world: dict[str, Any],
) -> None:
    admin = demo_world["admin"]
    admin.set_password("something-else-entirely")
    admin.save(update_fields=["password"])
    with acting(view="test:demo_again"):
        accounts_demo.load()
    admin.refresh_from_db()
    assert admin.check_password("kotopolku-demo")
    assert User.objects.count() == 10
