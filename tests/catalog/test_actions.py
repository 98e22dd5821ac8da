"""The tray's actions: validation, each state change, the change log with old and new values,
the approval flow and the object-level rights."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.catalog import actions
from kotopolku.catalog.actions import InvalidError, NotAllowedError
from kotopolku.catalog.models import (
    SearchTerm,
    Service,
    ServiceRevision,
    ServiceTime,
    Wish,
)
from kotopolku.orgs.models import Organisation

pytestmark = pytest.mark.django_db

JOENSUU = "167"
KOKKOLA = "272"


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def base_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": {"fi": "Kielikahvila", "sv": "Språkcafé", "en": "Language café"},
        "summary": {"fi": "Puhutaan suomea kahvin äärellä.", "ar": "مقهى اللغة"},
        "tray_category": "open",
        "programme_element": "language_work",
        "target_groups": ["adults", "everyone"],
        "languages": ["fi", "ar"],
        "municipality_codes": [JOENSUU],
        "schedule_kind": "recurring",
        "times": [{"weekday": 2, "date": None, "starts_at": datetime.time(17), "ends_at": "19:00"}],
        "contact_role": "Vapaaehtoistoiminnan koordinaattori",
        "contact_email": "kahvila@example.invalid",
        "url": "https://example.invalid/kahvila",
    }
    data.update(extra)
    return data


@pytest.fixture
def world(demo_world: dict[str, User]) -> dict[str, User]:
    return demo_world


@pytest.fixture
def ngo_entry(world: dict[str, User]) -> Service:
    with acting(view="test"):
        return actions.do_create_service(
            org("spr-joensuu"), base_data(), acting_user=world["ngo.spr"]
        )


def events(subject_type: str, subject_id: Any) -> list[ChangeEvent]:
    return list(
        ChangeEvent.objects.filter(subject_type=subject_type, subject_id=str(subject_id)).order_by(
            "event_time", "id"
        )
    )


def publish_by_system(service: Service) -> Service:
    with acting(view="test"):
        return actions.do_publish_service(service, acting_user=None)


# --- create ---------------------------------------------------------------------------------


def test_create_writes_fields_times_log_and_index(world: dict[str, User]) -> None:
    ngo = world["ngo.spr"]
    with acting(view="test"):
        place = actions.do_create_place(
            org("spr-joensuu"),
            {"name": {"fi": "Pääkirjasto"}, "street_address": "Koskikatu 25"},
            acting_user=ngo,
        )
        service = actions.do_create_service(
            org("spr-joensuu"),
            base_data(places=[str(place.pk)], price_eur="2.5"),
            acting_user=ngo,
        )
    service.refresh_from_db()
    assert service.status == Service.Status.DRAFT
    assert service.name["sv"] == "Språkcafé"
    assert service.created_by == ngo and service.updated_by == ngo
    assert service.reviewed_on == timezone.localdate()
    assert service.price_eur == decimal.Decimal("2.50")
    assert list(service.places.all()) == [place]
    times = list(ServiceTime.objects.filter(service=service))
    assert [(t.weekday, t.starts_at, t.ends_at) for t in times] == [
        (2, datetime.time(17), datetime.time(19))
    ]
    (created,) = events("service", service.pk)
    assert created.action == ChangeEvent.Action.CREATE
    assert created.changes["name"][0] is None
    assert created.changes["name"][1]["fi"] == "Kielikahvila"
    assert created.changes["times"] == [None, ["Wed 17:00-19:00"]]
    assert SearchTerm.objects.filter(service=service).exists()


def test_create_without_municipalities_takes_the_owners(world: dict[str, User]) -> None:
    with acting(view="test"):
        service = actions.do_create_service(
            org("spr-joensuu"),
            {"name": {"fi": "Ystävätoiminta"}},
            acting_user=world["ngo.spr"],
        )
    served = sorted(org("spr-joensuu").serves.values_list("code", flat=True))
    assert service.municipality_codes == served and JOENSUU in served


def test_authority_role_goes_to_the_authorities_column(world: dict[str, User]) -> None:
    with acting(view="test"):
        service = actions.do_create_service(
            org("toivo"),
            {"name": {"fi": "Alkukartoitus"}, "kind": "authority_role"},
            acting_user=world["coordinator.joensuu"],
        )
    assert service.tray_category == "authority"
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_create_service(
            org("toivo"),
            {"name": {"fi": "X"}, "kind": "authority_role", "tray_category": "open"},
            acting_user=world["coordinator.joensuu"],
        )
    assert "tray_category" in exc.value.errors


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": {}}, "name"),
        ({"name": {"xx-bad": "Nimi"}}, "name"),
        ({"summary": {"zz9": "text"}}, "summary"),
        ({"languages": ["fi", "klingonish"]}, "languages"),
        ({"languages": "fi"}, "languages"),
        ({"municipality_codes": ["999"]}, "municipality_codes"),
        ({"municipality_codes": [KOKKOLA]}, "municipality_codes"),
        ({"target_groups": ["martians"]}, "target_groups"),
        ({"tray_category": "fourth"}, "tray_category"),
        ({"programme_element": "nothing"}, "programme_element"),
        ({"schedule_kind": "sometimes"}, "schedule_kind"),
        ({"kind": "robot"}, "kind"),
        (
            {"times": [{"weekday": 1, "starts_at": "12:00", "ends_at": "11:00"}]},
            "times[0].ends_at",
        ),
        ({"times": [{"weekday": 9, "starts_at": "12:00", "ends_at": "13:00"}]}, "times[0].weekday"),
        ({"times": [{"starts_at": "12:00", "ends_at": "13:00"}]}, "times[0]"),
        (
            {"starts_on": datetime.date(2026, 5, 2), "ends_on": datetime.date(2026, 5, 1)},
            "ends_on",
        ),
        ({"starts_on": "2026-13-40"}, "starts_on"),
        ({"price_eur": "-1"}, "price_eur"),
        ({"price_eur": "lots"}, "price_eur"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"contact_phone": "call me"}, "contact_phone"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"places": ["00000000-0000-0000-0000-000000000000"]}, "places"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_create_refuses_bad_data_and_writes_nothing(
    world: dict[str, User], changes: dict[str, Any], field: str
) -> None:
    before = (Service.objects.count(), ChangeEvent.objects.count())
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_create_service(
            org("spr-joensuu"), base_data(**changes), acting_user=world["ngo.spr"]
        )
    assert field in exc.value.errors, exc.value.errors
    assert (Service.objects.count(), ChangeEvent.objects.count()) == before


def test_place_of_another_organisation_is_refused(world: dict[str, User]) -> None:
    with acting(view="test"):
        other = actions.do_create_place(org("toivo"), {"name": {"fi": "Toivo"}}, acting_user=None)
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_create_service(
            org("spr-joensuu"), base_data(places=[str(other.pk)]), acting_user=world["ngo.spr"]
        )
    assert "places" in exc.value.errors


def test_ngo_partner_cannot_create_for_another_organisation(world: dict[str, User]) -> None:
    with pytest.raises(NotAllowedError), acting(view="test"):
        actions.do_create_service(org("toivo"), base_data(), acting_user=world["ngo.spr"])
    assert not Service.objects.exists()


def test_users_without_an_editor_role_cannot_create(world: dict[str, User]) -> None:
    with pytest.raises(NotAllowedError), acting(view="test"):
        actions.do_create_service(org("toivo"), base_data(), acting_user=world["auditor.joensuu"])


# --- update ---------------------------------------------------------------------------------


def test_draft_changes_at_once_with_old_and_new_values(
    world: dict[str, User], ngo_entry: Service
) -> None:
    with acting(view="test"):
        result = actions.do_update_service(
            ngo_entry,
            {"name": {"fi": "Kielikahvila Joensuu"}, "languages": ["fi", "uk"]},
            acting_user=world["ngo.spr"],
        )
    assert result == ngo_entry
    ngo_entry.refresh_from_db()
    assert ngo_entry.name == {"fi": "Kielikahvila Joensuu"}
    change = events("service", ngo_entry.pk)[-1]
    assert change.action == ChangeEvent.Action.UPDATE
    assert change.changes["languages"] == [["fi", "ar"], ["fi", "uk"]]
    assert change.changes["name"][1] == {"fi": "Kielikahvila Joensuu"}
    assert "contact_email" not in change.changes


def test_update_refused_writes_nothing(world: dict[str, User], ngo_entry: Service) -> None:
    count = ChangeEvent.objects.count()
    with pytest.raises(InvalidError), acting(view="test"):
        actions.do_update_service(
            ngo_entry, {"name": {"fi": "Uusi"}, "ends_on": "x"}, acting_user=world["ngo.spr"]
        )
    ngo_entry.refresh_from_db()
    assert ngo_entry.name["fi"] == "Kielikahvila"
    assert ChangeEvent.objects.count() == count


def test_ngo_partner_cannot_edit_another_organisations_entry(world: dict[str, User]) -> None:
    with acting(view="test"):
        other = actions.do_create_service(
            org("toivo"), {"name": {"fi": "Alkuinfo"}}, acting_user=None
        )
    with pytest.raises(NotAllowedError), acting(view="test"):
        actions.do_update_service(other, {"name": {"fi": "Kaapattu"}}, acting_user=world["ngo.spr"])
    for act in (actions.do_publish_service, actions.do_archive_service, actions.do_mark_reviewed):
        with pytest.raises(NotAllowedError), acting(view="test"):
            act(other, acting_user=world["ngo.spr"])
    other.refresh_from_db()
    assert other.name == {"fi": "Alkuinfo"} and other.status == "draft"


# --- publication and approval ---------------------------------------------------------------


def test_ngo_publication_waits_for_the_coordinator(
    world: dict[str, User], ngo_entry: Service
) -> None:
    with acting(view="test"):
        actions.do_publish_service(ngo_entry, acting_user=world["ngo.spr"])
        actions.do_publish_service(
            ngo_entry, acting_user=world["ngo.spr"]
        )  # asked twice: one request
    ngo_entry.refresh_from_db()
    assert ngo_entry.status == Service.Status.DRAFT
    (revision,) = ServiceRevision.objects.filter(service=ngo_entry)
    assert revision.status == "pending" and revision.data == {"status": "published"}
    with acting(view="test"):
        actions.do_decide_revision(revision, approve=True, acting_user=world["coordinator.joensuu"])
    ngo_entry.refresh_from_db()
    assert ngo_entry.status == Service.Status.PUBLISHED
    assert ngo_entry.published_by == world["coordinator.joensuu"]
    assert ngo_entry.published_at is not None
    change = events("service", ngo_entry.pk)[-1]
    assert change.changes["status"] == ["draft", "published"]


def test_coordinator_publishes_at_once(world: dict[str, User]) -> None:
    coordinator = world["coordinator.joensuu"]
    with acting(view="test"):
        service = actions.do_create_service(
            org("toivo"), {"name": {"fi": "Alkuinfo"}}, publish=True, acting_user=coordinator
        )
    assert service.status == Service.Status.PUBLISHED
    assert service.published_by == coordinator
    assert not ServiceRevision.objects.exists()


def test_published_change_by_ngo_waits_and_is_merged(
    world: dict[str, User], ngo_entry: Service
) -> None:
    publish_by_system(ngo_entry)
    ngo = world["ngo.spr"]
    with acting(view="test"):
        first = actions.do_update_service(
            ngo_entry, {"name": {"fi": "Kielikahvila 2"}}, acting_user=ngo
        )
        second = actions.do_update_service(ngo_entry, {"languages": ["fi", "ru"]}, acting_user=ngo)
    assert isinstance(first, ServiceRevision) and isinstance(second, ServiceRevision)
    ngo_entry.refresh_from_db()
    assert ngo_entry.name["fi"] == "Kielikahvila"  # unchanged until approved
    first.refresh_from_db()
    assert first.status == "rejected" and first.reason == "Replaced by a later proposal."
    assert second.status == "pending"
    assert second.data == {"name": {"fi": "Kielikahvila 2"}, "languages": ["fi", "ru"]}
    proposal = events("service_revision", second.pk)[0]
    assert proposal.changes["languages"] == [["fi", "ar"], ["fi", "ru"]]


def test_approval_applies_the_change_and_logs_it(
    world: dict[str, User], ngo_entry: Service
) -> None:
    publish_by_system(ngo_entry)
    Service.objects.filter(pk=ngo_entry.pk).update(reviewed_on=datetime.date(2020, 1, 1))
    ngo_entry.refresh_from_db()
    with acting(view="test"):
        revision = actions.do_update_service(
            ngo_entry, {"summary": {"fi": "Uusi kuvaus"}}, acting_user=world["ngo.spr"]
        )
        assert isinstance(revision, ServiceRevision)
        actions.do_decide_revision(revision, approve=True, acting_user=world["coordinator.joensuu"])
    ngo_entry.refresh_from_db()
    revision.refresh_from_db()
    assert ngo_entry.summary == {"fi": "Uusi kuvaus"}
    assert ngo_entry.reviewed_on == timezone.localdate()
    assert ngo_entry.updated_by == world["ngo.spr"]
    assert revision.status == "approved" and revision.decided_by == world["coordinator.joensuu"]
    change = events("service", ngo_entry.pk)[-1]
    assert change.changes["summary"][1] == {"fi": "Uusi kuvaus"}
    assert change.changes["reviewed_on"] == ["2020-01-01", timezone.localdate().isoformat()]
    decided = events("service_revision", revision.pk)[-1]
    assert decided.changes["status"] == ["pending", "approved"]
    with pytest.raises(InvalidError), acting(view="test"):
        actions.do_decide_revision(
            revision, approve=False, reason="x", acting_user=world["coordinator.joensuu"]
        )


def test_rejection_needs_a_reason_and_changes_nothing(
    world: dict[str, User], ngo_entry: Service
) -> None:
    publish_by_system(ngo_entry)
    with acting(view="test"):
        revision = actions.do_update_service(ngo_entry, {"url": ""}, acting_user=world["ngo.spr"])
    assert isinstance(revision, ServiceRevision)
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_decide_revision(
            revision, approve=False, acting_user=world["coordinator.joensuu"]
        )
    assert "reason" in exc.value.errors
    with acting(view="test"):
        actions.do_decide_revision(
            revision,
            approve=False,
            reason="Keep the link.",
            acting_user=world["coordinator.joensuu"],
        )
    revision.refresh_from_db()
    ngo_entry.refresh_from_db()
    assert revision.status == "rejected" and revision.reason == "Keep the link."
    assert ngo_entry.url == "https://example.invalid/kahvila"


def test_coordinator_of_another_region_cannot_decide(
    world: dict[str, User], ngo_entry: Service
) -> None:
    publish_by_system(ngo_entry)
    with acting(view="test"):
        revision = actions.do_update_service(ngo_entry, {"url": ""}, acting_user=world["ngo.spr"])
    assert isinstance(revision, ServiceRevision)
    for name in ("coordinator.kokkola", "ngo.spr", "counsellor.joensuu"):
        with pytest.raises(NotAllowedError), acting(view="test"):
            actions.do_decide_revision(revision, approve=True, acting_user=world[name])
    revision.refresh_from_db()
    assert revision.status == "pending"


def test_coordinators_change_to_a_published_entry_applies_at_once(
    world: dict[str, User],
) -> None:
    coordinator = world["coordinator.joensuu"]
    with acting(view="test"):
        service = actions.do_create_service(
            org("toivo"), {"name": {"fi": "Alkuinfo"}}, publish=True, acting_user=coordinator
        )
        result = actions.do_update_service(
            service, {"name": {"fi": "Alkuinfo 2"}}, acting_user=coordinator
        )
    assert result == service
    service.refresh_from_db()
    assert service.name == {"fi": "Alkuinfo 2"}
    assert not ServiceRevision.objects.exists()


# --- archive, review, places, wishes --------------------------------------------------------


def test_archive_closes_the_pending_change(world: dict[str, User], ngo_entry: Service) -> None:
    publish_by_system(ngo_entry)
    with acting(view="test"):
        revision = actions.do_update_service(ngo_entry, {"url": ""}, acting_user=world["ngo.spr"])
        actions.do_archive_service(ngo_entry, acting_user=world["ngo.spr"])
    ngo_entry.refresh_from_db()
    assert ngo_entry.status == Service.Status.ARCHIVED
    assert isinstance(revision, ServiceRevision)
    revision.refresh_from_db()
    assert revision.status == "rejected"
    assert events("service", ngo_entry.pk)[-1].changes["status"] == ["published", "archived"]
    with pytest.raises(InvalidError), acting(view="test"):
        actions.do_archive_service(ngo_entry, acting_user=world["ngo.spr"])


def test_mark_reviewed_sets_the_day_and_logs(world: dict[str, User], ngo_entry: Service) -> None:
    day = datetime.date(2026, 3, 4)
    with acting(view="test"):
        actions.do_mark_reviewed(ngo_entry, today=day, acting_user=world["ngo.spr"])
    ngo_entry.refresh_from_db()
    assert ngo_entry.reviewed_on == day
    change = events("service", ngo_entry.pk)[-1]
    assert change.changes["reviewed_on"] == [timezone.localdate().isoformat(), "2026-03-04"]


def test_place_validation(world: dict[str, User]) -> None:
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_create_place(
            org("spr-joensuu"),
            {"name": {}, "municipality_code": "998", "latitude": 100},
            acting_user=world["ngo.spr"],
        )
    assert {"name", "municipality_code", "latitude"} <= set(exc.value.errors)
    with pytest.raises(NotAllowedError), acting(view="test"):
        actions.do_create_place(org("toivo"), {"name": {"fi": "X"}}, acting_user=world["ngo.spr"])


def test_add_wish(world: dict[str, User]) -> None:
    ngo = world["ngo.spr"]
    with acting(view="test"):
        wish = actions.do_add_wish(
            org("spr-joensuu"), "  Kielikahvila   lauantaisin ", acting_user=ngo
        )
    assert wish.text == "Kielikahvila lauantaisin"
    assert events("wish", wish.pk)[0].changes["text"] == [None, "Kielikahvila lauantaisin"]
    with pytest.raises(InvalidError), acting(view="test"):
        actions.do_add_wish(org("spr-joensuu"), "   ", acting_user=ngo)
    with pytest.raises(NotAllowedError), acting(view="test"):
        actions.do_add_wish(org("toivo"), "Idea", acting_user=ngo)
    assert Wish.objects.count() == 1


# --- review findings: edges that used to pass through ------------------------------------------


@pytest.mark.parametrize("price", ["999999.995", "999999.999"])
def test_a_price_that_rounds_past_the_column_is_refused(world: dict[str, User], price: str) -> None:
    # rounded to 1000000.00, which the 8-digit column cannot hold (a 500 on PostgreSQL)
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_create_service(
            org("spr-joensuu"), base_data(price_eur=price), acting_user=world["ngo.spr"]
        )
    assert "price_eur" in exc.value.errors
    assert not Service.objects.exists()


def test_the_highest_price_is_kept(world: dict[str, User]) -> None:
    with acting(view="test"):
        service = actions.do_create_service(
            org("spr-joensuu"), base_data(price_eur="999999.994"), acting_user=world["ngo.spr"]
        )
    service.refresh_from_db()
    assert service.price_eur == decimal.Decimal("999999.99")


def test_an_e_mail_address_longer_than_the_column_is_refused(world: dict[str, User]) -> None:
    # valid for Django's validator (up to 320 characters) but not for the 254-character column
    address = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".fi"
    assert 254 < len(address) <= 320
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_create_service(
            org("spr-joensuu"), base_data(contact_email=address), acting_user=world["ngo.spr"]
        )
    assert "contact_email" in exc.value.errors
    assert not Service.objects.exists()


def test_approving_a_publication_after_the_draft_changed_is_refused(
    world: dict[str, User], ngo_entry: Service
) -> None:
    coordinator = world["coordinator.joensuu"]
    with acting(view="test"):
        actions.do_publish_service(ngo_entry, acting_user=world["ngo.spr"])
    revision = ServiceRevision.objects.get(service=ngo_entry)
    seen = actions.fingerprint(ngo_entry)  # the coordinator opens the decision page
    with acting(view="test"):  # the draft changes at once, the request still waits
        actions.do_update_service(
            ngo_entry, {"name": {"fi": "Jotain muuta"}}, acting_user=world["ngo.spr"]
        )
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_decide_revision(revision, approve=True, seen=seen, acting_user=coordinator)
    assert "seen" in exc.value.errors
    ngo_entry.refresh_from_db()
    revision.refresh_from_db()
    assert ngo_entry.status == Service.Status.DRAFT and revision.status == "pending"
    # looked at again, it can be approved; a confirmation of the review day is no change
    ngo_entry.refresh_from_db()
    seen = actions.fingerprint(ngo_entry)
    with acting(view="test"):
        actions.do_mark_reviewed(
            ngo_entry, today=datetime.date(2026, 1, 2), acting_user=world["ngo.spr"]
        )
        actions.do_decide_revision(revision, approve=True, seen=seen, acting_user=coordinator)
    ngo_entry.refresh_from_db()
    assert ngo_entry.status == Service.Status.PUBLISHED
    assert ngo_entry.name == {"fi": "Jotain muuta"}


def toivo_entry(world: dict[str, User], *, publish: bool) -> Service:
    """An entry of the coordinator's own organisation, kept by its counsellor."""
    with acting(view="test"):
        service = actions.do_create_service(
            org("toivo"), {"name": {"fi": "Alkuinfo"}}, acting_user=world["counsellor.joensuu"]
        )
    if publish:
        publish_by_system(service)
    return service


def test_approving_a_change_after_another_coordinator_changed_the_entry_is_refused(
    world: dict[str, User],
) -> None:
    service = toivo_entry(world, publish=True)
    coordinator = world["coordinator.joensuu"]
    with acting(view="test"):
        revision = actions.do_update_service(
            service, {"summary": {"fi": "Ehdotus"}}, acting_user=world["counsellor.joensuu"]
        )
    assert isinstance(revision, ServiceRevision)
    seen = actions.fingerprint(service)
    with acting(view="test"):
        actions.do_update_service(
            service, {"summary": {"fi": "Koordinaattorin"}}, acting_user=coordinator
        )
    with pytest.raises(InvalidError), acting(view="test"):
        actions.do_decide_revision(revision, approve=True, seen=seen, acting_user=coordinator)
    service.refresh_from_db()
    assert service.summary == {"fi": "Koordinaattorin"}
    # a rejection needs no fresh look
    with acting(view="test"):
        actions.do_decide_revision(
            revision, approve=False, reason="Ei", seen=seen, acting_user=coordinator
        )
    revision.refresh_from_db()
    assert revision.status == "rejected"


def test_publishing_directly_closes_the_waiting_publication_request(
    world: dict[str, User],
) -> None:
    from kotopolku.catalog import scopes as permissions

    service = toivo_entry(world, publish=False)
    coordinator = world["coordinator.joensuu"]
    with acting(view="test"):
        actions.do_publish_service(service, acting_user=world["counsellor.joensuu"])
        assert len(permissions.pending_for_coordinator(coordinator)) == 1
        actions.do_publish_service(service, acting_user=coordinator)
    revision = ServiceRevision.objects.get(service=service)
    assert revision.status == "approved" and revision.decided_by == coordinator
    assert events("service_revision", revision.pk)[-1].changes["status"] == [
        "pending",
        "approved",
    ]
    coordinator = User.objects.get(pk=coordinator.pk)
    assert permissions.pending_for_coordinator(coordinator) == []


def test_a_change_to_no_municipalities_means_the_owners(
    world: dict[str, User], ngo_entry: Service
) -> None:
    from kotopolku.catalog.search.query import SearchQuery, search

    served = sorted(org("spr-joensuu").serves.values_list("code", flat=True))
    with acting(view="test"):
        actions.do_update_service(
            ngo_entry, {"municipality_codes": []}, acting_user=world["ngo.spr"]
        )
    publish_by_system(ngo_entry)
    ngo_entry.refresh_from_db()
    assert sorted(ngo_entry.municipality_codes) == served
    # still found by the municipality filter (its facets follow the codes)
    found = search(SearchQuery(municipality=JOENSUU)).results
    assert ngo_entry in found
