"""The public path's pages: the municipality chooser, a municipality's steps in Finnish and
Arabic, what is (not) listed, and 404 for what does not exist. Anonymous, as clients are."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from kotopolku.catalog.models import Service
from kotopolku.public import texts

from .conftest import KOKKOLA


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _step_titles(html: str) -> list[str]:
    return re.findall(r'<h2 id="step-[a-z_]+-title">([^<]+)</h2>', html)


def _section(html: str, key: str) -> str:
    start = html.index(f'data-step="{key}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


@pytest.mark.parametrize("lang", ["fi", "ar"])
def test_every_step_is_shown_in_order_in_the_language_of_the_url(
    client: Client, tray: dict[str, Service], lang: str
) -> None:
    # the session's UI language says English: the URL wins
    client.cookies["kotopolku_language"] = "en"
    html = _html(client, f"/path/{KOKKOLA}/{lang}/")
    t = texts.available()[lang]
    assert _step_titles(html) == [t.steps[r.key].title for r in texts.step_rules()]
    for rule in texts.step_rules():
        assert t.steps[rule.key].paragraphs[0] in html
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert t.label("path_title", municipality="Kokkola") in html
    # the footer links the accessibility statement
    assert f'<a href="/accessibility/">{t.labels["accessibility"]}</a>' in html
    # unreviewed translations say so; plain Finnish is reviewed
    assert ('data-testid="not-reviewed"' in html) == (lang == "ar")


def test_the_language_switcher_lists_the_languages_that_have_texts(
    client: Client, tray: dict[str, Service]
) -> None:
    html = _html(client, f"/path/{KOKKOLA}/ar/")
    switcher = html[html.index('class="public-languages"') : html.index("</nav>")]
    codes = re.findall(r'href="/path/272/([a-z]+)/" lang="\1" dir="(ltr|rtl)"', switcher)
    assert codes == [
        ("fi", "ltr"),
        ("sv", "ltr"),
        ("en", "ltr"),
        ("ar", "rtl"),
        ("ru", "ltr"),
        ("uk", "ltr"),
    ]
    assert 'aria-current="page">العربية</a>' in switcher


def test_steps_list_the_municipalitys_published_entries_with_times_and_places(
    client: Client, tray: dict[str, Service]
) -> None:
    html = _html(client, f"/path/{KOKKOLA}/fi/")
    # plain Finnish name where the entry has one
    assert "Alkuhaastattelu Kokkolassa" in _section(html, "assessment")
    # the drop-in guidance is the Welcome office step, the rest of guidance its own step
    welcome = _section(html, "welcome")
    assert "Welcome Office Kokkola" in welcome
    assert "Kotoutumisohjaus Kokkolassa" not in welcome
    assert "Kotoutumisohjaus Kokkolassa" in _section(html, "guidance")
    # weekly time with the weekday in the page's language, and the place
    assert '<bdi>maanantai</bdi> <span dir="ltr">10:00–15:00</span>' in welcome
    assert "Pääkirjasto" in welcome and "Isokatu 1, 67100 Kokkola" in welcome
    # a dated time in the coming weeks
    assert 'data-service="{}"'.format(tray["civic"].pk) in _section(html, "civic_orientation")
    assert "9:00–12:00" in _section(html, "civic_orientation")
    # the registration authority's entry is on the arrival step
    assert "DVV:n rekisteröinti" in _section(html, "arrival")


def test_another_municipalitys_entries_and_drafts_are_not_shown(
    client: Client, tray: dict[str, Service]
) -> None:
    html = _html(client, f"/path/{KOKKOLA}/fi/")
    assert "Palvelutarpeen arviointi Joensuussa" not in html
    assert "Arvioinnin luonnospalvelu" not in html
    joensuu = _html(client, "/path/167/fi/")
    assert "Palvelutarpeen arviointi Joensuussa" in _section(joensuu, "assessment")
    assert "Kokkolassa" not in joensuu


def test_the_arabic_page_shows_arabic_names_and_marks_the_others(
    client: Client, tray: dict[str, Service]
) -> None:
    html = _html(client, f"/path/{KOKKOLA}/ar/")
    civic = _section(html, "civic_orientation")
    assert "<span>التوجيه المجتمعي في كوكولا</span>" in civic
    # no Arabic name: the English one, marked with its language and named in Arabic
    welcome = _section(html, "welcome")
    assert '<span lang="en" dir="ltr">Welcome Office Kokkola</span>' in welcome
    assert "(الإنجليزية)" in welcome
    assert "الاثنين" in welcome  # Monday


def test_an_archived_entry_disappears_at_once(client: Client, tray: dict[str, Service]) -> None:
    assert "Welcome Office Kokkola" in _html(client, f"/path/{KOKKOLA}/fi/")
    Service.objects.filter(pk=tray["welcome"].pk).update(status=Service.Status.ARCHIVED)
    assert "Welcome Office Kokkola" not in _html(client, f"/path/{KOKKOLA}/fi/")


@pytest.mark.parametrize(
    "url",
    [
        "/path/999/fi/",
        "/path/27/fi/",
        "/path/abc/fi/",
        f"/path/{KOKKOLA}/xx/",
        f"/path/{KOKKOLA}/fa/",
        f"/path/{KOKKOLA}/FI/",
        "/path/999/fi/leaflet.pdf",
        f"/path/{KOKKOLA}/xx/leaflet.pdf",
    ],
)
def test_unknown_municipality_or_language_is_404(
    client: Client, tray: dict[str, Service], url: str
) -> None:
    assert client.get(url).status_code == 404


def test_the_chooser_lists_served_municipalities_first_and_searches(
    client: Client, tray: dict[str, Service]
) -> None:
    html = _html(client, "/path/?lang=fi")
    served = html[html.index('data-testid="served-municipalities"') :]
    served = served[: served.index("</ul>")]
    assert '<a href="/path/272/fi/">Kokkola' in served
    assert '<a href="/path/167/fi/">Joensuu' in served
    assert "/path/091/fi/" not in served  # Helsinki: no organisation here serves it
    assert '<a href="/path/091/fi/">Helsinki' in html
    found = _html(client, "/path/?lang=fi&q=kokk")
    assert "/path/272/fi/" in found and "/path/167/fi/" not in found
    # Swedish names are found too, and the links keep the chosen language
    found = _html(client, "/path/?lang=ar&q=Karleby")
    assert '<html lang="ar" dir="rtl">' in found
    assert "/path/272/ar/" in found
    nothing = _html(client, "/path/?lang=en&q=zzzz")
    assert texts.available()["en"].labels["no_match"] in nothing


def test_the_chooser_follows_the_ui_language_without_lang(
    client: Client, tray: dict[str, Service]
) -> None:
    client.cookies["kotopolku_language"] = "sv"
    html = _html(client, "/path/")
    assert '<html lang="sv" dir="ltr">' in html
    assert "/path/272/sv/" in html
    assert "<a" in html and "Karleby" in html


def test_the_pages_carry_no_inline_script_or_style(
    client: Client, tray: dict[str, Service]
) -> None:
    for url in ("/path/", f"/path/{KOKKOLA}/fi/", f"/path/{KOKKOLA}/ar/"):
        html = _html(client, url)
        assert "<script" not in html
        assert "style=" not in html and "<style" not in html


def test_the_accessibility_statement_covers_the_path(client: Client, db: Any) -> None:
    client.cookies["kotopolku_language"] = "en"
    html = _html(client, "/accessibility/")
    assert "public service path" in html
    assert 'href="/path/"' in html


def test_the_number_of_queries_does_not_grow_with_the_entries(
    client: Client, tray: dict[str, Service], django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kotopolku.orgs.models import Organisation

    from .conftest import make_programme, make_service

    make_programme(status="published", responsible="Vastuutaho", services=[tray["linked_v1"]])
    with CaptureQueriesContext(connection) as before:
        _html(client, f"/path/{KOKKOLA}/fi/")
    owner = Organisation.objects.get(slug="kokkola-kotoutumispalvelut")
    for n in range(6):
        make_service(owner, {"fi": f"Lisäpalvelu {n}"}, programme_element="language_work")
    with django_assert_max_num_queries(len(before.captured_queries)):
        html = _html(client, f"/path/{KOKKOLA}/fi/")
    assert "Lisäpalvelu 5" in _section(html, "language_work")
