"""Archiving a tray entry that has open referrals (issue 15): "Archive" asks first, names the
open referrals by count and status (no client names: the provider's owner may not see them
all), archives only when confirmed, and the archiving can be undone."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client as HttpClient
from django.urls import reverse

from kotopolku.audit.models import ChangeEvent
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client
from kotopolku.referrals.models import Referral


def test_archive_asks_first_naming_the_open_referrals_without_client_names(
    client_of: Client,
    add_client: Callable[..., Client],
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
    sign_in: Callable[[str], HttpClient],
) -> None:
    cafe = services["ngo"]
    other = add_client()
    refer(client_of, cafe)
    answer(refer(other, cafe), Referral.Status.ACCEPTED)
    closed = refer(add_client(), cafe)
    answer(closed, Referral.Status.DECLINED, note="Full.")
    browser = sign_in("ngo.spr")
    url = reverse("catalog:service_status", args=[cafe.pk])

    asked = browser.post(url, {"action": "archive"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Archive the entry?" in page
    assert "2 open referrals to this entry" in page
    assert "<li>Sent: 1</li>" in page
    assert "<li>Accepted: 1</li>" in page
    assert "Declined" not in page
    for person in (client_of, other):
        assert person.first_name not in page
        assert person.last_name not in page
    cafe.refresh_from_db()
    assert cafe.status == Service.Status.PUBLISHED

    done = browser.post(url, {"action": "archive", "confirm": "yes"})
    assert done.status_code == 302
    assert done["Location"] == f"{reverse('catalog:my_services')}?archived={cafe.pk}#undo"
    cafe.refresh_from_db()
    assert cafe.status == Service.Status.ARCHIVED
    after = browser.get(done["Location"]).content.decode()
    assert '"Kielikahvila" is archived.' in after
    assert "Undo: restore the entry" in after


def test_archive_without_open_referrals_says_so(
    services: dict[str, Service], sign_in: Callable[[str], HttpClient]
) -> None:
    page = sign_in("ngo.spr").post(
        reverse("catalog:service_status", args=[services["ngo"].pk]), {"action": "archive"}
    )
    assert "There are no open referrals to this entry." in page.content.decode()


def test_undo_restores_the_former_status_through_the_change_log(
    services: dict[str, Service], sign_in: Callable[[str], HttpClient]
) -> None:
    cafe = services["ngo"]
    browser = sign_in("ngo.spr")
    url = reverse("catalog:service_status", args=[cafe.pk])
    browser.post(url, {"action": "archive", "confirm": "yes"})
    restored = browser.post(url, {"action": "restore"}, follow=True)
    cafe.refresh_from_db()
    assert cafe.status == Service.Status.PUBLISHED
    assert "The entry is restored: its status is Published." in restored.content.decode()
    last = (
        ChangeEvent.objects.filter(subject_type="service", subject_id=str(cafe.pk))
        .order_by("-event_time", "-id")
        .first()
    )
    assert last is not None
    assert last.changes["status"] == ["archived", "published"]
    assert last.reason == "archiving undone"
    assert last.actor_username == "ngo.spr"
    # restoring what is not archived is refused, nothing changes
    again = browser.post(url, {"action": "restore"}, follow=True)
    assert "Only an archived entry can be restored." in again.content.decode()


def test_a_draft_comes_back_a_draft_and_another_organisation_gets_404(
    services: dict[str, Service], sign_in: Callable[[str], HttpClient]
) -> None:
    draft = services["draft"]
    browser = sign_in("ngo.spr")
    url = reverse("catalog:service_status", args=[draft.pk])
    browser.post(url, {"action": "archive", "confirm": "yes"})
    draft.refresh_from_db()
    assert draft.status == Service.Status.ARCHIVED
    assert sign_in("ngo.setlementti").post(url, {"action": "restore"}).status_code == 404
    browser.post(url, {"action": "restore"})
    draft.refresh_from_db()
    assert draft.status == Service.Status.DRAFT
