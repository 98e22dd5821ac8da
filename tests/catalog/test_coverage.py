"""The coverage matrix, the languages clients need (with small numbers suppressed) and the
coverage exports."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kotopolku.accounts.models import User
from kotopolku.catalog.coverage.gaps import (
    PersonCount,
    coverage_matrix,
    language_needs,
    municipality_summary,
    region_target_groups,
)
from kotopolku.catalog.coverage.region import region_for_user
from kotopolku.catalog.models import Service
from kotopolku.catalog.search.index import index_service
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.orgs.models import Municipality, Organisation, Unit

COVERAGE = "/tray/coverage/"
EXPORT = "/tray/coverage/export/"


def make_service(owner: str, name: str, **fields: Any) -> Service:
    values: dict[str, Any] = {
        "status": Service.Status.PUBLISHED,
        "tray_category": "open",
        "languages": ["fi"],
        "municipality_codes": ["167"],
        "target_groups": ["adults"],
    }
    values.update(fields)
    service = Service.objects.create(
        owner=Organisation.objects.get(slug=owner), name={"fi": name}, **values
    )
    index_service(service)
    return service


def make_clients(
    n: int,
    mother_tongue: str,
    code: str = "167",
    *,
    status: str = ClientStatus.ACTIVE,
    **extra: Any,
) -> None:
    unit = Unit.objects.get(organisation__slug="toivo", slug="ohjaus")
    municipality = Municipality.objects.valid_on().get(code=code)
    Client.objects.bulk_create(
        Client(
            first_name=f"Testi{i}",
            last_name="Asiakas",
            birth_date=datetime.date(1990, 1, 1),
            mother_tongue=mother_tongue,
            immigration_basis="work",
            responsible_unit=unit,
            municipality=municipality,
            status=status,
            **extra,
        )
        for i in range(n)
    )


@pytest.fixture
def login_en(login: Callable[[str], HttpClient]) -> Callable[[str], HttpClient]:
    """Log a persona in with English as the UI language (the texts the tests look for)."""

    def _login(username: str) -> HttpClient:
        c = login(username)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return c

    return _login


@pytest.fixture
def tray(demo_world: dict[str, User]) -> None:
    make_service("spr-joensuu", "Kielikahvila", languages=["fi", "en"], tray_category="early")
    make_service(
        "joensuun-setlementti",
        "Naisten kerho",
        languages=["fi", "ar"],
        target_groups=["women", "adults"],
        municipality_codes=["167", "276"],
        tray_category="early",
    )
    make_service("toivo", "Kotoutumisohjaus", languages=["fi", "ti"], tray_category="authority")
    # outside the region, not published, or no municipality of its own (owner's apply)
    make_service("kokkola-kotoutumispalvelut", "Welcome Office", municipality_codes=["272"])
    make_service("spr-joensuu", "Luonnos", status=Service.Status.DRAFT)
    make_service("spr-joensuu", "Ystävätoiminta", municipality_codes=[], target_groups=[])


def test_region_is_the_municipalities_the_users_organisations_serve(
    demo_world: dict[str, User],
) -> None:
    joensuu = region_for_user(demo_world["coordinator.joensuu"], "fi")
    assert joensuu.codes == {"167", "276", "426", "146", "309", "176", "607", "090"}
    assert region_for_user(demo_world["coordinator.kokkola"], "fi").codes == {"272"}


def test_matrix_counts_category_language_and_target_group(
    demo_world: dict[str, User], tray: None
) -> None:
    region = region_for_user(demo_world["coordinator.joensuu"], "en")
    entries = region.entries()
    assert sorted(e.name["fi"] for e in entries) == [
        "Kielikahvila",
        "Kotoutumisohjaus",
        "Naisten kerho",
        "Ystävätoiminta",
    ]
    matrix = coverage_matrix(entries, "en")
    assert matrix.total == 4
    cells = {(c, lang, g): n for c, lang, g, n in matrix.long_rows()}
    assert cells[("early", "fi", "adults")] == 2
    assert cells[("early", "fi", "women")] == 1
    assert cells[("early", "ar", "women")] == 1
    assert cells[("early", "en", "adults")] == 1
    assert cells[("authority", "ti", "adults")] == 1
    assert cells[("open", "fi", "")] == 1  # target group not given
    assert ("early", "ar", "adults") in cells and ("early", "ti", "adults") not in cells
    early = next(b for b in matrix.blocks if b.category == "early")
    assert early.total == 2
    fi_row = next(r for r in early.rows if r.language == "fi")
    assert fi_row.total == 2  # distinct entries, not the sum over target groups
    # per municipality: Kontiolahti (276) has only the club
    categories, rows = municipality_summary(region, entries)
    by_code = {r.code: r for r in rows}
    assert by_code["276"].total == 2  # the club and the owner-scoped entry
    assert by_code["167"].total == 4
    early_column = [v for v, _label in categories].index("early")
    assert by_code["276"].cells[early_column] == 1
    # the region's target groups with no entry in a municipality are named
    assert by_code["426"].total == 1
    assert by_code["426"].missing_groups == ["Adults", "Women"]
    assert by_code["167"].missing_groups == []
    # narrowed to one municipality, the region's groups stay as (empty) columns
    here = [e for e in entries if "426" in e.codes]
    narrowed = coverage_matrix(here, "en", region_target_groups(entries))
    block = narrowed.blocks[0]
    assert [g for g, _label in block.target_groups] == ["adults", "women", ""]
    assert block.rows[0].cells == [0, 0, 1]


@pytest.mark.parametrize(("exact", "shown"), [(0, "0"), (1, "under 5"), (4, "under 5"), (5, "5")])
def test_person_count_suppresses_one_to_four(exact: int, shown: str) -> None:
    assert PersonCount.of(exact).label == shown
    assert (PersonCount.of(exact).shown is None) == (0 < exact < 5)


def test_language_needs_suppress_small_counts_and_flag_gaps(
    demo_world: dict[str, User], tray: None
) -> None:
    make_clients(4, "so")  # no service in Somali: a gap, count suppressed
    make_clients(5, "ti")  # a service in Tigrinya: covered, count shown
    make_clients(25, "ar", service_languages=["ar", "fi"])  # 1 service for 25: few
    make_clients(3, "ar", status=ClientStatus.CLOSED)  # closed: not counted
    make_clients(7, "ru", code="272")  # Kokkola: outside the Joensuu region
    make_clients(2, "fa", code="276", service_languages=["en"])
    region = region_for_user(demo_world["coordinator.joensuu"], "en")
    needs = {n.language: n for n in language_needs(region, region.entries(), "en")}
    assert needs["so"].clients.label == "under 5"
    assert needs["so"].clients.shown is None
    assert needs["so"].services == 0 and needs["so"].gap == "none"
    assert needs["ti"].clients.shown == 5 and needs["ti"].services == 1 and needs["ti"].gap == ""
    assert needs["ar"].clients.shown == 25 and needs["ar"].gap == "few"
    assert needs["fi"].clients.shown == 25  # languages of service count too, once per client
    assert needs["en"].clients.shown is None and needs["en"].services == 1
    assert needs["fa"].gap == "none"
    assert "ru" not in needs
    # gaps first, and the order never ranks the suppressed counts by their exact value
    order = [n.language for n in language_needs(region, region.entries(), "en")]
    assert order.index("ar") < order.index("ti")
    assert order.index("fa") < order.index("so")  # both "under 5" and no service: by name


def test_coverage_page(login_en: Callable[[str], HttpClient], tray: None) -> None:
    make_clients(4, "so")
    make_clients(5, "ti")
    html = login_en("coordinator.joensuu").get(COVERAGE).content.decode()
    assert "<caption" in html and 'scope="row"' in html and 'scope="col"' in html
    assert "Coverage matrix: the whole region" in html
    assert "under 5" in html
    assert "Gap: no services in this language" in html  # a text, not only a colour
    somali = re.search(
        r'<th scope="row">Somali[^<]*(?:<span[^>]*>[^<]*</span>)?</th>\s*<td>([^<]*)</td>', html
    )
    assert somali is not None and somali.group(1) == "under 5"
    liperi = login_en("coordinator.joensuu").get(COVERAGE, {"municipality": "276"})
    page = liperi.content.decode()
    assert "Coverage matrix: Kontiolahti" in page
    assert "Early-integration activities: 1 entry" in page
    assert "Authorities" not in page.split("Coverage matrix: Kontiolahti")[1]


def test_unknown_municipality_gets_a_message(
    login_en: Callable[[str], HttpClient], tray: None
) -> None:
    c = login_en("coordinator.joensuu")
    html = c.get(COVERAGE, {"municipality": "272"}).content.decode()
    assert "Municipality: “272” is not a municipality of your region" in html
    assert "Coverage matrix: the whole region" in html
    assert c.get(EXPORT, {"format": "csv", "municipality": "abc"}).status_code == 400


@pytest.mark.parametrize(("who", "status"), [("ngo.spr", 404), ("counsellor.kokkola", 200)])
def test_coverage_access(
    login_en: Callable[[str], HttpClient], client: HttpClient, tray: None, who: str, status: int
) -> None:
    assert login_en(who).get(COVERAGE).status_code == status
    assert client.get(COVERAGE).status_code == 302  # to the login page


def test_counsellor_sees_only_own_region(login_en: Callable[[str], HttpClient], tray: None) -> None:
    html = login_en("counsellor.kokkola").get(COVERAGE).content.decode()
    assert "Kokkola" in html and "Kontiolahti" not in html


def test_xlsx_export(login_en: Callable[[str], HttpClient], tray: None) -> None:
    make_clients(4, "so")
    make_clients(5, "ti")
    response = login_en("coordinator.joensuu").get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="kotopolku-coverage-{today}.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Coverage", "Municipalities", "Languages"]
    languages = {row[1]: row for row in book["Languages"].iter_rows(min_row=2, values_only=True)}
    assert languages["so"][2] == "under 5"
    assert languages["ti"][2] == 5
    assert languages["so"][4] == "Gap: no services in this language"
    client_column = [row[2] for row in book["Languages"].iter_rows(min_row=2, values_only=True)]
    assert 4 not in client_column and "4" not in client_column
    matrix = list(book["Coverage"].iter_rows(min_row=2, values_only=True))
    assert ("the whole region", "Early-integration activities", "Finnish", "Adults", 2) in matrix


def test_csv_export(login_en: Callable[[str], HttpClient], tray: None) -> None:
    make_clients(4, "so")
    c = login_en("coordinator.joensuu")
    response = c.get(EXPORT, {"format": "csv", "table": "languages"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert f'filename="kotopolku-coverage-languages-{today}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Language"
    somali = next(r for r in rows if r[1] == "so")
    assert somali[2] == "under 5"
    matrix = c.get(EXPORT, {"format": "csv", "municipality": "276"})
    rows = list(csv.reader(io.StringIO(matrix.content.decode("utf-8-sig"))))
    assert ["Kontiolahti", "Early-integration activities", "Arabic", "Women", "1"] in rows
    assert c.get(EXPORT, {"format": "pdf"}).status_code == 400
    assert c.get(EXPORT, {"format": "csv", "table": "clients"}).status_code == 400


def test_export_cells_cannot_start_a_formula(demo_world: dict[str, User]) -> None:
    from kotopolku.catalog.coverage.export import cell

    assert cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert cell("Kielikahvila") == "Kielikahvila"
    assert cell(PersonCount.of(3)) == "under 5"
    assert cell(PersonCount.of(12)) == 12
    assert reverse("catalog:coverage_export") == EXPORT


def _client_cell(html: str, language: str) -> str:
    found = re.search(
        rf'<th scope="row">{language}[^<]*(?:<span[^>]*>[^<]*</span>)?</th>\s*<td>([^<]*)</td>',
        html,
    )
    assert found is not None, language
    return found.group(1)


def test_narrowing_to_a_municipality_keeps_the_client_counts_of_the_whole_region(
    login_en: Callable[[str], HttpClient], tray: None
) -> None:
    """A municipality's own figure next to the region's would give away the small number of
    the other municipalities (8 - 6 = 2): the client counts stay the region's."""
    make_clients(6, "so", code="167")
    make_clients(2, "so", code="276")
    c = login_en("coordinator.joensuu")
    for params in ({}, {"municipality": "276"}, {"municipality": "167"}):
        assert _client_cell(c.get(COVERAGE, params).content.decode(), "Somali") == "8", params
        response = c.get(EXPORT, {"format": "csv", "table": "languages", **params})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert next(r for r in rows if r[1] == "so")[2] == "8", params
        book = load_workbook(io.BytesIO(c.get(EXPORT, {"format": "xlsx", **params}).content))
        sheet = list(book["Languages"].iter_rows(min_row=2, values_only=True))
        assert next(r for r in sheet if r[1] == "so")[2] == 8, params
    # another region's user sees nothing of these clients
    kokkola = login_en("counsellor.kokkola").get(COVERAGE).content.decode()
    assert "Somali" not in kokkola or _client_cell(kokkola, "Somali") == "0"


def test_clients_per_entry_by_language_never_for_a_suppressed_count(
    login_en: Callable[[str], HttpClient], tray: None
) -> None:
    """Issue 15: "covered" with 1 entry for 18 clients. The ratio is shown beside it, and not
    where the client count is under 5 (1 entry and the ratio would give the count back)."""
    make_clients(18, "ar")  # 1 entry in Arabic
    make_clients(4, "ti")  # 1 entry in Tigrinya, a suppressed count
    make_clients(7, "so")  # no entry in Somali
    make_clients(9, "ru", service_languages=["fi"])  # 4 entries in Finnish: 2.25
    c = login_en("coordinator.joensuu")
    region = region_for_user(User.objects.get(username="coordinator.joensuu"), "en")
    needs = {n.language: n for n in language_needs(region, region.entries(), "en")}
    assert needs["ar"].clients_per_service == Decimal("18.0") and needs["ar"].gap == ""
    assert needs["fi"].services == 4 and needs["fi"].clients_per_service == Decimal("2.3")
    assert needs["ti"].clients_per_service is None and needs["ti"].ratio_label == "–"
    assert needs["so"].clients_per_service is None
    assert needs["en"].clients.shown == 0 and needs["en"].clients_per_service == Decimal("0.0")

    html = c.get(COVERAGE).content.decode()
    assert '<th scope="col">Clients per entry</th>' in html

    def row(language: str) -> list[str]:
        found = re.search(
            rf'<th scope="row">{language}[^<]*(?:<span[^>]*>[^<]*</span>)?</th>(.*?)</tr>',
            html,
            re.S,
        )
        assert found is not None, language
        return re.findall(r"<td>([^<]*)</td>", found.group(1))

    assert row("Arabic")[:3] == ["18", "1", "18.0"]
    assert row("Finnish")[:3] == ["9", "4", "2.3"]
    assert row("Tigrinya")[:3] == ["under 5", "1", "–"]
    # in Finnish with the Finnish decimal comma
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    assert re.search(r"<td>9</td>\s*<td>4</td>\s*<td>2,3</td>", c.get(COVERAGE).content.decode())
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    # the exports carry the same ratio as a number (empty where the page shows "–")
    languages_csv = c.get(EXPORT, {"format": "csv", "table": "languages"})
    rows = list(csv.reader(io.StringIO(languages_csv.content.decode("utf-8-sig"))))
    assert rows[0][5] == "Clients per entry"
    by_code = {r[1]: r for r in rows[1:]}
    assert by_code["ar"][5] == "18.0" and by_code["fi"][5] == "2.3" and by_code["ti"][5] == ""
    book = load_workbook(io.BytesIO(c.get(EXPORT, {"format": "xlsx"}).content), read_only=True)
    sheet = {r[1]: r for r in book["Languages"].iter_rows(min_row=2, values_only=True)}
    assert sheet["ar"][5] == 18.0 and sheet["fi"][5] == 2.3 and sheet["ti"][5] in (None, "")
