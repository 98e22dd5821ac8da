"""The tray's search page and an entry's page: filters, ranking, fallback marking, the
referral link and who sees drafts."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client as HttpClient
from django.urls import reverse

from kotopolku.accounts.models import User
from kotopolku.catalog.models import Place, Service, ServiceTime
from kotopolku.catalog.search.index import index_service
from kotopolku.clients import scopes as client_scopes
from kotopolku.orgs.models import Organisation

SEARCH = "/tray/"


def make_service(owner: str, name: dict[str, str], **fields: Any) -> Service:
    """A tray entry (published unless told), indexed for search."""
    values: dict[str, Any] = {
        "status": Service.Status.PUBLISHED,
        "tray_category": "open",
        "languages": ["fi"],
        "municipality_codes": ["167"],
        "target_groups": ["adults"],
    }
    values.update(fields)
    service = Service.objects.create(
        owner=Organisation.objects.get(slug=owner), name=name, **values
    )
    index_service(service)
    return service


def names_in(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+"[^>]*>([^<]+)</a>', html)


@pytest.fixture
def login_en(login: Callable[[str], HttpClient]) -> Callable[[str], HttpClient]:
    """Log a persona in with English as the UI language (the texts the tests look for)."""

    def _login(username: str) -> HttpClient:
        c = login(username)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return c

    return _login


@pytest.fixture
def tray(demo_world: dict[str, User]) -> dict[str, Service]:
    return {
        "cafe": make_service(
            "spr-joensuu",
            {"fi": "Kielikahvila", "en": "Language café"},
            summary={"fi": "Keskustelua suomeksi", "en": "Talk in Finnish"},
            languages=["fi", "en"],
            tray_category="early",
        ),
        "club": make_service(
            "joensuun-setlementti",
            {"fi": "Naisten kerho"},
            summary={"fi": "Kerho naisille"},
            languages=["fi", "ar"],
            target_groups=["women"],
            municipality_codes=["276"],
        ),
        "kokkola": make_service(
            "kokkola-kotoutumispalvelut",
            {"fi": "Welcome Office", "sv": "Welcome Office", "en": "Welcome Office"},
            languages=["fi", "sv", "en"],
            municipality_codes=["272"],
            tray_category="authority",
        ),
        "draft": make_service(
            "spr-joensuu", {"fi": "Ystävätoiminta (luonnos)"}, status=Service.Status.DRAFT
        ),
    }


def test_anonymous_search_lists_published_entries_by_name(
    client: HttpClient, tray: dict[str, Service]
) -> None:
    response = client.get(SEARCH)
    assert response.status_code == 200
    html = response.content.decode()
    # UI language en: English names first, Finnish fallbacks otherwise, ordered by name
    assert names_in(html) == ["Language café", "Naisten kerho", "Welcome Office"]
    assert "3 services found" in html
    assert '<p id="search-status" class="visually-hidden" role="status">3 services found' in html
    assert "luonnos" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"municipality": "276"}, ["Naisten kerho"]),
        ({"language": "ar"}, ["Naisten kerho"]),
        ({"language": "sv"}, ["Welcome Office"]),
        ({"target_group": "women"}, ["Naisten kerho"]),
        ({"category": "early"}, ["Language café"]),
        ({"category": "authority", "municipality": "272"}, ["Welcome Office"]),
        ({"municipality": "167", "language": "ar"}, []),
    ],
)
def test_filters_narrow_the_results(
    client: HttpClient, tray: dict[str, Service], params: dict[str, str], expected: list[str]
) -> None:
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert names_in(html) == expected
    if not expected:
        assert "No services match your search." in html
        assert "Remove some of the filters." in html


def test_free_text_finds_and_ranks(client: HttpClient, tray: dict[str, Service]) -> None:
    html = client.get(SEARCH, {"q": "kielikahvila"}).content.decode()
    assert names_in(html) == ["Language café"]
    assert "1 service found" in html
    assert "Best matches first." in html
    html = client.get(SEARCH, {"q": "kerho"}).content.decode()
    assert names_in(html) == ["Naisten kerho"]
    html = client.get(SEARCH, {"q": "zzzyxq"}).content.decode()
    assert names_in(html) == []
    assert "No services match your search." in html


def test_open_now_filter_uses_meeting_times(client: HttpClient, tray: dict[str, Service]) -> None:
    from django.utils import timezone

    now = timezone.localtime()
    ServiceTime.objects.create(
        service=tray["club"],
        weekday=now.weekday(),
        starts_at=datetime.time(0, 0),
        ends_at=datetime.time(23, 59, 59),
    )
    html = client.get(SEARCH, {"when": "now"}).content.decode()
    assert names_in(html) == ["Naisten kerho"]


@pytest.mark.parametrize(
    ("param", "value", "label"),
    [
        ("municipality", "999", "Municipality"),
        ("language", "xx-nonsense", "Language of service"),
        ("target_group", "martians", "Target group"),
        ("category", "nope", "Tray category"),
        ("element", "nope", "Programme element"),
        ("when", "yesterday", "When"),
    ],
)
def test_unknown_filter_values_get_a_message_naming_the_filter(
    client: HttpClient, tray: dict[str, Service], param: str, value: str, label: str
) -> None:
    response = client.get(SEARCH, {param: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#f-{param}">{label}:' in html
    assert names_in(html) == []


def test_pagination(client: HttpClient, demo_world: dict[str, User]) -> None:
    for n in range(23):
        make_service("spr-joensuu", {"en": f"Activity {n:02d}"})
    first = client.get(SEARCH).content.decode()
    assert len(names_in(first)) == 20
    assert "23 services found" in first
    assert "Page 1 of 2" in first
    second = client.get(SEARCH, {"page": "2"}).content.decode()
    assert names_in(second) == ["Activity 20", "Activity 21", "Activity 22"]


def test_fallback_texts_are_marked_with_their_language(
    client: HttpClient, tray: dict[str, Service]
) -> None:
    html = client.get(SEARCH, {"q": "kerho"}).content.decode()
    # no English name: the Finnish one is shown, marked and labelled
    assert re.search(r'<a href="[^"]+" lang="fi" dir="ltr">Naisten kerho</a>', html)
    assert "(in suomi)" in html
    # languages of service as autonyms in their own language
    assert '<span lang="ar">العربية</span>' in html
    html = client.get(SEARCH, {"q": "kielikahvila"}).content.decode()
    assert re.search(r'<a href="[^"]+">Language café</a>', html)  # not a fallback


# --- The referral link --------------------------------------------------------------------------


@pytest.fixture
def visible_client(demo_world_with_clients: dict[str, User]) -> Any:
    user = demo_world_with_clients["counsellor.joensuu"]
    found = client_scopes.visible_clients(user).filter(status="active").first()
    assert found is not None
    return found


def test_referrer_gets_refer_links_for_a_visible_client(
    login_en: Callable[[str], HttpClient], tray: dict[str, Service], visible_client: Any
) -> None:
    c = login_en("counsellor.joensuu")
    # the tray starts filtered for the client (issue 15); with every filter removed, all three
    every = ["municipality", "language", "target_group", "need"]
    html = c.get(SEARCH, {"for_client": str(visible_client.pk), "drop": every}).content.decode()
    refer = reverse("referrals:create", args=[visible_client.pk, tray["cafe"].pk])
    assert f'href="{refer}"' in html
    assert html.count("Refer the client to this service") == 3
    filtered = c.get(SEARCH, {"for_client": str(visible_client.pk)}).content.decode()
    assert filtered.count("Refer the client to this service") == filtered.count('<li class="card">')
    # the client's name is not shown
    assert visible_client.last_name not in html
    detail = c.get(
        reverse("catalog:service_detail", args=[tray["cafe"].pk]),
        {"for_client": str(visible_client.pk)},
    ).content.decode()
    assert f'href="{refer}"' in detail


@pytest.mark.parametrize("who", ["counsellor.kokkola", "ngo.spr", "coordinator.joensuu", None])
def test_no_refer_link_without_role_or_visibility(
    login_en: Callable[[str], HttpClient],
    client: HttpClient,
    tray: dict[str, Service],
    visible_client: Any,
    who: str | None,
) -> None:
    c = login_en(who) if who else client
    html = c.get(SEARCH, {"for_client": str(visible_client.pk)}).content.decode()
    assert "Refer the client to this service" not in html
    assert "/referrals/new/" not in html


def test_unknown_client_id_is_ignored_silently(
    login_en: Callable[[str], HttpClient], tray: dict[str, Service]
) -> None:
    c = login_en("counsellor.joensuu")
    for value in (str(uuid.uuid4()), "not-a-uuid"):
        response = c.get(SEARCH, {"for_client": value})
        assert response.status_code == 200
        assert "Refer the client to this service" not in response.content.decode()


# --- An entry's page ----------------------------------------------------------------------------


def test_detail_shows_every_field_of_a_published_entry(
    client: HttpClient, demo_world: dict[str, User]
) -> None:
    owner = Organisation.objects.get(slug="spr-joensuu")
    place = Place.objects.create(
        owner=owner,
        name={"fi": "Pääkirjasto"},
        street_address="Koskikatu 25",
        postal_code="80100",
        post_office="Joensuu",
        municipality_code="167",
        accessibility={"fi": "Esteetön sisäänkäynti", "en": "Step-free entrance"},
    )
    service = make_service(
        "spr-joensuu",
        {"fi": "Kielikahvila", "en": "Language café", "ar": "مقهى اللغة"},
        summary={"fi": "Keskustelua", "en": "Conversation", "ar": "محادثة"},
        description={"en": "Practise Finnish over coffee."},
        how_to_join={"en": "Just come."},
        cost_text={"en": "Free of charge"},
        schedule_text={"en": "Tuesdays"},
        languages=["fi", "ar"],
        target_groups=["adults", "women"],
        schedule_kind="recurring",
        price_eur="0.00",
        contact_role="Volunteer coordinator",
        contact_email="kahvila@example.invalid",
        contact_phone="+358 40 000 0000",
        url="https://example.invalid/kahvila",
        reviewed_on=datetime.date(2026, 10, 1),
    )
    service.places.add(place)
    ServiceTime.objects.create(
        service=service, weekday=1, starts_at=datetime.time(17), ends_at=datetime.time(19)
    )
    url = reverse("catalog:service_detail", args=[service.pk])
    html = client.get(url).content.decode()
    for text in (
        "Language café",
        "Conversation",
        "Practise Finnish over coffee.",
        "Just come.",
        "Free of charge",
        "Tuesdays",
        "Tuesday",
        "17:00–19:00",
        "Koskikatu 25",
        "Step-free entrance",
        "Volunteer coordinator",
        "kahvila@example.invalid",
        "+358 40 000 0000",
        "https://example.invalid/kahvila",
        "Joensuu",
        "Women",
        "Recurring",
        "Finnish Red Cross, Joensuu branch",
        "Language versions:",
    ):
        assert text in html, text
    assert '<span lang="ar">العربية</span>' in html
    assert 'href="?lang=ar"' in html
    assert "Edit" not in html
    # the Arabic version right to left, untranslated fields shown as visible fallbacks
    arabic = client.get(url, {"lang": "ar"}).content.decode()
    assert '<h1 lang="ar" dir="rtl">مقهى اللغة</h1>' in arabic
    assert '<span lang="ar" dir="rtl">محادثة</span>' in arabic
    assert "<div><p>Practise Finnish over coffee.</p></div>" in arabic  # the UI language
    assert "(in English)" in arabic
    finnish = client.get(url, {"lang": "fi"}).content.decode()
    assert '<h1 lang="fi" dir="ltr">Kielikahvila</h1>' in finnish


def test_drafts_are_seen_by_owner_editors_and_coordinators_only(
    login_en: Callable[[str], HttpClient], client: HttpClient, tray: dict[str, Service]
) -> None:
    url = reverse("catalog:service_detail", args=[tray["draft"].pk])
    assert client.get(url).status_code == 404
    assert login_en("counsellor.kokkola").get(url).status_code == 404
    assert login_en("coordinator.kokkola").get(url).status_code == 404
    owner = login_en("ngo.spr").get(url)
    assert owner.status_code == 200
    html = owner.content.decode()
    assert "This entry is not published" in html
    assert reverse("catalog:service_edit", args=[tray["draft"].pk]) in html
    coordinator = login_en("coordinator.joensuu").get(url)
    assert coordinator.status_code == 200
    assert (
        reverse("catalog:service_edit", args=[tray["draft"].pk]) not in coordinator.content.decode()
    )
    tray["draft"].status = Service.Status.ARCHIVED
    tray["draft"].save()
    assert client.get(url).status_code == 404
    assert client.get(reverse("catalog:service_detail", args=[uuid.uuid4()])).status_code == 404


def test_referrer_without_client_gets_a_hint(
    login_en: Callable[[str], HttpClient], tray: dict[str, Service]
) -> None:
    url = reverse("catalog:service_detail", args=[tray["cafe"].pk])
    html = login_en("counsellor.joensuu").get(url).content.decode()
    assert "To refer a client to this service" in html
    assert "/referrals/new/" not in html
    assert "To refer a client" not in login_en("ngo.spr").get(url).content.decode()


def test_htmx_request_gets_only_the_results(client: HttpClient, tray: dict[str, Service]) -> None:
    response = client.get(SEARCH, {"q": "kerho"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert names_in(html) == ["Naisten kerho"]
    assert 'role="status" hx-swap-oob="true">1 service found' in html


def _municipality_select(html: str) -> str:
    found = re.search(r'<select name="municipality"[^>]*>(.*?)</select>', html, re.S)
    assert found, "no municipality filter"
    return found.group(1)


def test_the_municipality_filter_puts_the_users_region_first(
    client: HttpClient, login_en: Callable[[str], HttpClient], tray: dict[str, Service]
) -> None:
    """The tray's filter orders its municipalities (those with entries) as the client form's
    picker does (`clients.forms.municipality_choices`): the user's region first (issue 15)."""
    # the filter's options are cached (`browse._facet_values`): another test's entries on
    # this worker must not decide which municipalities this one offers
    cache.clear()
    for persona, own, other in (
        ("counsellor.joensuu", ["167", "276"], ["272"]),
        ("counsellor.kokkola", ["272"], ["167", "276"]),
    ):
        select = _municipality_select(login_en(persona).get(SEARCH).content.decode())
        assert select.index('value=""') < select.index('<optgroup label="Your region">')
        first, rest = select.split('<optgroup label="Other municipalities">')
        for code in own:
            assert f'value="{code}"' in first and f'value="{code}"' not in rest, (persona, code)
        for code in other:
            assert f'value="{code}"' in rest and f'value="{code}"' not in first, (persona, code)
        # only the municipalities with entries are offered
        assert select.count("<option") == 1 + len(own) + len(other)
    # signed in, the filter still filters
    chosen = login_en("counsellor.kokkola").get(SEARCH, {"municipality": "276"})
    assert names_in(chosen.content.decode()) == ["Naisten kerho"]
    assert 'value="276" selected' in _municipality_select(chosen.content.decode())
    # nobody signed in: no region, one list
    anonymous = _municipality_select(client.get(SEARCH).content.decode())
    assert "<optgroup" not in anonymous
    assert all(f'value="{code}"' in anonymous for code in ("167", "272", "276"))
