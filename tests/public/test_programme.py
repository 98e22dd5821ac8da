"""The published programme on the path: its responsible parties and linked services, the
approval line, a new published version replacing the old at once, and drafts never shown."""

from __future__ import annotations

import datetime

from django.test import Client

from kotopolku.catalog.models import Service
from kotopolku.programme.models import Programme
from kotopolku.public import queries

from .conftest import KOKKOLA, make_programme
from .test_pages import _html, _section


def test_a_published_programme_shows_who_is_responsible_and_its_services(
    client: Client, tray: dict[str, Service]
) -> None:
    make_programme(
        status="published",
        responsible="Kotoutumispalvelut ja Keski-Pohjanmaan työllisyysalue",
        services=[tray["linked_v1"]],
    )
    html = _html(client, f"/path/{KOKKOLA}/fi/")
    assessment = _section(html, "assessment")
    assert "Kotoutumispalvelut ja Keski-Pohjanmaan työllisyysalue" in assessment
    # the linked entry (of another element) is listed on the step, marked as the programme's
    linked = assessment[assessment.index(f'data-service="{tray["linked_v1"].pk}"') :]
    assert "Ohjelman ensimmäinen palvelu" in linked
    assert 'data-testid="in-programme"' in linked[: linked.index("</li>")]
    # the A answers are for the document, not the path
    assert "Kuvaus, ei näy polulla." not in html
    assert "Kotoutumisohjelman hyväksyi Kokkolan kaupunginhallitus 25. marraskuuta 2024." in html


def test_on_the_arabic_page_the_programmes_finnish_text_is_marked(
    client: Client, tray: dict[str, Service]
) -> None:
    make_programme(status="published", responsible="Kotoutumispalvelut", services=[])
    html = _html(client, f"/path/{KOKKOLA}/ar/")
    assessment = _section(html, "assessment")
    assert '<p class="public-programme__text" lang="fi" dir="ltr">Kotoutumispalvelut</p>' in (
        assessment
    )
    assert "هذا النص باللغة: الفنلندية." in assessment
    assert "Kokkolan kaupunginhallitus" in html  # the body, as the programme writes it


def test_a_new_published_version_replaces_the_old_one_at_once(
    client: Client, tray: dict[str, Service]
) -> None:
    first = make_programme(
        status="published",
        responsible="Vastuutaho ensimmäisessä versiossa",
        services=[tray["linked_v1"]],
    )
    html = _html(client, f"/path/{KOKKOLA}/fi/")
    assert "Vastuutaho ensimmäisessä versiossa" in html
    assert "Ohjelman ensimmäinen palvelu" in html
    # version 2 is approved and published; version 1 is superseded
    Programme.objects.filter(pk=first.pk).update(status=Programme.Status.SUPERSEDED)
    make_programme(
        status="published",
        responsible="Vastuutaho toisessa versiossa",
        services=[tray["linked_v2"]],
        version=2,
        previous=first,
        approved_on=datetime.date(2026, 11, 30),
        body="Kokkolan kaupunginvaltuusto",
    )
    html = _html(client, f"/path/{KOKKOLA}/fi/")
    assessment = _section(html, "assessment")
    assert "Vastuutaho toisessa versiossa" in assessment
    assert "Vastuutaho ensimmäisessä versiossa" not in html
    assert "Ohjelman toinen palvelu" in assessment
    # the first version's linked entry is no longer on the assessment step
    assert "Ohjelman ensimmäinen palvelu" not in assessment
    assert "Kotoutumisohjelman hyväksyi Kokkolan kaupunginvaltuusto 30. marraskuuta 2026." in html
    assert "kaupunginhallitus" not in html


def test_a_draft_or_an_approved_but_unpublished_version_never_shows(
    client: Client, tray: dict[str, Service]
) -> None:
    published = make_programme(status="published", responsible="Julkaistu vastuutaho", services=[])
    make_programme(
        status="draft",
        responsible="Luonnoksen vastuutaho",
        services=[tray["linked_v2"]],
        version=2,
        previous=published,
    )
    make_programme(
        status="approved",
        responsible="Hyväksytty mutta julkaisematon",
        services=[tray["linked_v2"]],
        version=3,
        previous=published,
    )
    html = _html(client, f"/path/{KOKKOLA}/fi/")
    assert "Julkaistu vastuutaho" in html
    assert "Luonnoksen vastuutaho" not in html
    assert "Hyväksytty mutta julkaisematon" not in html
    assert "Ohjelman toinen palvelu" not in _section(html, "assessment")
    assert queries.published_programme(KOKKOLA) == published


def test_without_a_published_programme_there_is_no_programme_content(
    client: Client, tray: dict[str, Service]
) -> None:
    make_programme(status="draft", responsible="Luonnoksen vastuutaho", services=[])
    html = _html(client, f"/path/{KOKKOLA}/fi/")
    assert "Luonnoksen vastuutaho" not in html
    assert 'data-testid="programme-approval"' not in html
    assert 'data-testid="programme-assessment"' not in html


def test_a_joint_programme_shows_for_each_of_its_municipalities_only(
    client: Client, tray: dict[str, Service]
) -> None:
    from kotopolku.orgs.models import Municipality

    programme = make_programme(status="published", responsible="Yhteinen vastuutaho", services=[])
    programme.municipalities.add(*Municipality.objects.filter(code="584"))  # Perho
    assert "Yhteinen vastuutaho" in _html(client, "/path/584/fi/")
    assert "Yhteinen vastuutaho" not in _html(client, "/path/167/fi/")
