"""The caseload (/clients/) and the unit view (/clients/unit/): own clients only, next due
first, filters, exact henkilötunnus search, 50 a page, every client shown logged, and a
query count that does not grow with the caseload."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent
from kotopolku.clients import actions
from kotopolku.clients.models import Client
from kotopolku.orgs.models import Role
from tests.clients.conftest import joensuu_unit, persona_context

AUDIT_INSERT = re.compile(r'INSERT INTO "?audit_accessevent"?')
CASELOAD = "/clients/"
UNIT = "/clients/unit/"


def shown(response: Any) -> list[Client]:
    """The clients in the table, in the order shown (read from the HTML)."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    # the caseload's table (the unit view has the table of counsellors above it)
    table = html[html.index('id="caseload-caption"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    ids = re.findall(r'href="/clients/([0-9a-f-]{36})/"', body)
    by_id = {str(c.pk): c for c in Client.objects.filter(pk__in=ids)}
    return [by_id[i] for i in ids]


def options(response: Any, select_id: str) -> set[str]:
    html = response.content.decode()
    start = html.index(f'<select id="{select_id}"')
    select = html[start : html.index("</select>", start)]
    return set(re.findall(r'<option value="([^"]+)"', select))


def shown_names(response: Any) -> list[str]:
    return [c.last_name for c in shown(response)]


@pytest.fixture
def counsellor(sign_in: Callable[[str], HttpClient]) -> HttpClient:
    return sign_in("counsellor.joensuu")


@pytest.fixture
def caseload(
    add_client: Callable[..., Client],
    make_user: Callable[..., User],
    world: dict[str, User],
) -> dict[str, Any]:
    """Four own clients, one of a colleague in the same unit, one in Kokkola, one closed."""
    colleague = make_user(Role.COUNSELLOR, joensuu_unit(), username="colleague.joensuu")
    own = [
        add_client(last_name="Bakr", first_permit_date="2024-05-02", mother_tongue="ar"),
        add_client(
            last_name="Abdi",
            first_permit_date="2022-12-01",
            mother_tongue="so",
            municipality="276",
            henkilotunnus="131052-308T",
            birth_date="1952-10-13",
        ),
        add_client(
            last_name="Chaiyaporn",
            immigration_basis="trafficking_victim",
            mother_tongue="th",
        ),
        add_client(
            last_name="Duda",
            first_permit_date="2025-02-01",
            mother_tongue="uk",
            jobseeker_since=timezone.localdate() - datetime.timedelta(days=3),
        ),
    ]
    closed = add_client(last_name="Eskola", first_permit_date="2023-01-01")
    user = world["counsellor.joensuu"]
    with acting(view="test", **persona_context(user)):
        actions.do_set_status(closed, "closed", acting_user=user, reason="moved away")
    return {
        "own": own,
        "closed": closed,
        "colleague": add_client(colleague, last_name="Colleague"),
        "kokkola": add_client("counsellor.kokkola", last_name="Kokkola", municipality="272"),
    }


def test_the_caseload_lists_only_the_counsellors_own_active_clients(
    counsellor: HttpClient, caseload: dict[str, Any]
) -> None:
    clients = shown(counsellor.get(CASELOAD))
    assert {c.pk for c in clients} == {c.pk for c in caseload["own"]}


def test_the_caseload_is_sorted_by_the_window_end_with_unknown_ends_last(
    counsellor: HttpClient, caseload: dict[str, Any]
) -> None:
    clients = shown(counsellor.get(CASELOAD, {"sort": "window"}))
    assert [c.last_name for c in clients] == ["Abdi", "Bakr", "Duda", "Chaiyaporn"]
    ends = [c.integration_window_end for c in clients]
    assert ends == [
        datetime.date(2025, 12, 1),
        datetime.date(2027, 5, 2),
        datetime.date(2028, 2, 1),
        None,
    ]


def test_the_sort_can_be_reversed_and_by_name(
    counsellor: HttpClient, caseload: dict[str, Any]
) -> None:
    assert shown_names(counsellor.get(CASELOAD, {"sort": "-window"})) == [
        "Duda",
        "Bakr",
        "Abdi",
        "Chaiyaporn",
    ]
    assert shown_names(counsellor.get(CASELOAD, {"sort": "name"})) == [
        "Abdi",
        "Bakr",
        "Chaiyaporn",
        "Duda",
    ]
    # an unknown sort falls back to the default, the next step due: Duda's initial interview
    # with the employment authority (Abdi's three years have passed: no step is due)
    assert shown_names(counsellor.get(CASELOAD, {"sort": "nonsense"}))[0] == "Duda"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"municipality": "276"}, ["Abdi"]),
        ({"municipality": "167"}, ["Bakr", "Duda", "Chaiyaporn"]),
        ({"language": "th"}, ["Chaiyaporn"]),
        ({"authority": "employment_area"}, ["Duda"]),
        ({"authority": "municipality"}, ["Abdi", "Bakr", "Chaiyaporn"]),
        ({"status": "closed"}, ["Eskola"]),
        ({"status": "all"}, ["Abdi", "Eskola", "Bakr", "Duda", "Chaiyaporn"]),
        ({"status": "bogus"}, ["Abdi", "Bakr", "Duda", "Chaiyaporn"]),
        ({"municipality": "167", "language": "uk"}, ["Duda"]),
    ],
)
def test_the_filters_narrow_the_caseload(
    counsellor: HttpClient,
    caseload: dict[str, Any],
    params: dict[str, str],
    expected: list[str],
) -> None:
    assert shown_names(counsellor.get(CASELOAD, {**params, "sort": "window"})) == expected


def test_the_filter_options_are_those_of_the_own_caseload(
    counsellor: HttpClient, caseload: dict[str, Any]
) -> None:
    response = counsellor.get(CASELOAD)
    assert options(response, "f-municipality") == {"167", "276"}
    assert options(response, "f-language") == {"ar", "so", "th", "uk"}


def test_the_menus_follow_the_selection_and_the_caseload_from_one_page_to_the_next(
    counsellor: HttpClient, caseload: dict[str, Any], add_client: Callable[..., Client]
) -> None:
    # the rendered menus are remembered per distinct set of options: a remembered menu must
    # never stand in for another selection, another caseload or another language
    assert '<option value="so">' in counsellor.get(CASELOAD).content.decode()
    chosen = counsellor.get(CASELOAD, {"language": "so"}).content.decode()
    assert '<option value="so" selected>' in chosen
    again = counsellor.get(CASELOAD).content.decode()
    assert '<option value="so" selected>' not in again
    assert '<option value="so">' in again
    assert "fa" not in options(counsellor.get(CASELOAD), "f-language")
    add_client(last_name="Farahani", first_permit_date="2024-01-01", mother_tongue="fa")
    assert "fa" in options(counsellor.get(CASELOAD), "f-language")
    finnish = counsellor.get(CASELOAD).content.decode()
    counsellor.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    swedish = counsellor.get(CASELOAD).content.decode()
    assert '<option value="so">somali</option>' in finnish
    assert '<option value="so">somaliska</option>' in swedish


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("bakr", ["Bakr"]),
        ("BAK", ["Bakr"]),
        ("Amina", ["Abdi", "Bakr", "Duda", "Chaiyaporn"]),
        ("Kokkola", []),
        ("Colleague", []),
    ],
)
def test_the_search_finds_own_clients_by_name(
    counsellor: HttpClient, caseload: dict[str, Any], q: str, expected: list[str]
) -> None:
    assert (
        shown_names(counsellor.post(CASELOAD, {"q": q, "sort": "window"}, follow=True)) == expected
    )


@pytest.mark.parametrize("q", ["131052-308T", "131052-308t", " 131052-308T "])
def test_the_search_finds_a_client_by_the_exact_henkilotunnus(
    counsellor: HttpClient, caseload: dict[str, Any], q: str
) -> None:
    assert shown_names(counsellor.post(CASELOAD, {"q": q}, follow=True)) == ["Abdi"]


@pytest.mark.parametrize(
    "q", ["131052", "131052-", "131052-308", "308T", "-308T", "31052-308T", "131052A308T"]
)
def test_a_partial_or_different_henkilotunnus_matches_nobody(
    counsellor: HttpClient, caseload: dict[str, Any], q: str
) -> None:
    assert shown_names(counsellor.post(CASELOAD, {"q": q}, follow=True)) == []


def test_every_client_shown_is_logged_as_listed(
    counsellor: HttpClient, caseload: dict[str, Any], world: dict[str, User]
) -> None:
    before = set(AccessEvent.objects.values_list("pk", flat=True))
    clients = shown(counsellor.get(CASELOAD, {"municipality": "167"}))
    rows = list(AccessEvent.objects.exclude(pk__in=before))
    assert sorted(r.client_id for r in rows) == sorted(c.pk for c in clients)
    unit = joensuu_unit()
    for row in rows:
        assert row.kind == AccessEvent.Kind.LIST
        assert row.subject_type == "client"
        assert row.actor_id == world["counsellor.joensuu"].pk
        assert row.role == Role.COUNSELLOR
        assert (row.unit_id, row.organisation_id) == (unit.pk, unit.organisation_id)
        assert row.view == "clients:caseload"


def test_the_htmx_request_renders_only_the_table_and_is_logged_too(
    counsellor: HttpClient, caseload: dict[str, Any]
) -> None:
    before = AccessEvent.objects.count()
    # the search form is POSTed (the text never travels in the URL: issue 11 item 7)
    response = counsellor.post(CASELOAD, {"q": "bakr"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.templates[0].name == "clients/_caseload_table.html"
    assert b"<html" not in response.content
    assert AccessEvent.objects.count() == before + 1


def _fill(add_client: Callable[..., Client], n: int) -> None:
    for i in range(n):
        add_client(first_permit_date=(datetime.date(2023, 1, 1) + datetime.timedelta(days=i)))


def test_the_caseload_shows_fifty_a_page_and_logs_only_the_page(
    counsellor: HttpClient, add_client: Callable[..., Client]
) -> None:
    _fill(add_client, 60)
    before = AccessEvent.objects.count()
    first = counsellor.get(CASELOAD)
    assert len(shown(first)) == 50
    assert 'rel="next"' in first.content.decode()
    assert AccessEvent.objects.count() == before + 50
    second = counsellor.get(CASELOAD, {"page": 2})
    assert len(shown(second)) == 10
    assert not {c.pk for c in shown(first)} & {c.pk for c in shown(second)}
    assert AccessEvent.objects.count() == before + 60
    ends = [c.integration_window_end for c in shown(first) + shown(second)]
    assert ends == sorted(ends)


def test_the_query_count_does_not_grow_with_the_caseload(
    counsellor: HttpClient, add_client: Callable[..., Client]
) -> None:
    _fill(add_client, 3)
    counsellor.get(CASELOAD)
    with CaptureQueriesContext(connection) as small:
        assert len(shown(counsellor.get(CASELOAD))) == 3
    _fill(add_client, 57)
    with CaptureQueriesContext(connection) as large:
        assert len(shown(counsellor.get(CASELOAD))) == 50
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    # session, user, device, memberships, the groups, the page with its steps (a subquery),
    # the hand-overs (the unit tree a subquery), the stale referrals, the access-log insert
    assert len(large) <= 9, [q["sql"] for q in large.captured_queries]
    inserts = [q for q in large.captured_queries if AUDIT_INSERT.search(q["sql"])]
    assert len(inserts) == 1, "the fifty reads are written in one statement"


def test_the_unit_view_query_count_does_not_grow_either(
    sign_in: Callable[[str], HttpClient], add_client: Callable[..., Client]
) -> None:
    manager = sign_in("manager.joensuu")
    _fill(add_client, 3)
    manager.get(UNIT)
    with CaptureQueriesContext(connection) as small:
        assert len(shown(manager.get(UNIT))) == 3
    _fill(add_client, 57)
    with CaptureQueriesContext(connection) as large:
        assert len(shown(manager.get(UNIT))) == 50
    assert len(large) == len(small)
    # as the own caseload, plus the unit tree, the ids, the pending grants and the counsellors'
    # names; the steps come with the rows
    assert len(large) <= 13, [q["sql"] for q in large.captured_queries]


def test_the_unit_view_shows_every_client_of_the_managers_unit(
    sign_in: Callable[[str], HttpClient], caseload: dict[str, Any]
) -> None:
    response = sign_in("manager.joensuu").get(UNIT)
    clients = shown(response)
    assert {c.pk for c in clients} == {c.pk for c in [*caseload["own"], caseload["colleague"]]}
    assert "Colleague" in response.content.decode()
    assert _unlabelled(response.content.decode()).count("<td>Kotoutumisohjaaja Joensuu</td>") == 4
    assert sorted(shown_names(sign_in("manager.joensuu").get(UNIT, {"status": "all"}))) == sorted(
        ["Abdi", "Bakr", "Chaiyaporn", "Duda", "Eskola", "Colleague"]
    )


def test_the_unit_view_logs_every_client_shown(
    sign_in: Callable[[str], HttpClient], caseload: dict[str, Any]
) -> None:
    before = set(AccessEvent.objects.values_list("pk", flat=True))
    clients = shown(sign_in("manager.joensuu").get(UNIT))
    rows = AccessEvent.objects.exclude(pk__in=before).filter(view="clients:unit_caseload")
    assert sorted(r.client_id for r in rows) == sorted(c.pk for c in clients)
    assert {r.role for r in rows} == {Role.UNIT_MANAGER}


def test_the_managers_own_caseload_is_empty_without_own_clients(
    sign_in: Callable[[str], HttpClient], caseload: dict[str, Any]
) -> None:
    assert shown(sign_in("manager.joensuu").get(CASELOAD)) == []


@pytest.mark.parametrize("persona", ["counsellor.joensuu", "coordinator.joensuu", "ngo.spr"])
def test_the_unit_view_is_only_for_unit_managers(
    sign_in: Callable[[str], HttpClient], caseload: dict[str, Any], persona: str
) -> None:
    assert sign_in(persona).get(UNIT).status_code == 404


def test_kokkolas_counsellor_sees_only_kokkolas_clients(
    sign_in: Callable[[str], HttpClient], caseload: dict[str, Any]
) -> None:
    assert shown_names(sign_in("counsellor.kokkola").get(CASELOAD)) == ["Kokkola"]


def test_the_caseload_needs_a_login(world: dict[str, User]) -> None:
    response = HttpClient().get(CASELOAD)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- The rows, rendered by the template partial ------------------------------------------------


def _unlabelled(html: str) -> str:
    """The HTML without the cells' own column labels (shown when the table is stacked on a
    narrow screen)."""
    return re.sub(r'<span class="cell-label">[^<]*</span>', "", html)


def _row_of(response: Any, client: Client) -> str:
    html = response.content.decode()
    start = html.rindex("<tr>", 0, html.index(f'href="/clients/{client.pk}/"'))
    return html[start : html.index("</tr>", start) + len("</tr>")]


def test_a_row_shows_the_client_escaped_from_the_template_partial(
    sign_in: Callable[[str], HttpClient], add_client: Callable[..., Client], world: dict[str, User]
) -> None:
    client = add_client(last_name="<b>Bold</b>", first_name="A&B", mother_tongue="ar")
    response = sign_in("manager.joensuu").get(UNIT)
    assert "clients/_caseload_rows.html" in [t.name for t in response.templates]
    row = _row_of(response, client)
    # the name is text, never markup; the cells in their order, the unit view's counsellor too
    assert "<b>" not in row
    assert f'<a href="/clients/{client.pk}/">&lt;b&gt;Bold&lt;/b&gt;, A&amp;B</a>' in row
    cells = re.findall(r"<td(?: class=\"[^\"]*\")?>(.*?)</td>", _unlabelled(row))
    assert cells[3] == "arabia"
    assert cells[5] == "Kotoutumisohjaaja Joensuu"
    assert len(cells) == 7
    # every cell starts with its column's label (the stacked rows of a narrow screen); the
    # steps cell is marked so that it comes first there
    labels = re.findall(r'<td(?: class="[^"]*")?><span class="cell-label">([^<]*)</span>', row)
    assert labels == [
        "Nimi",
        "Syntynyt",
        "Kunta",
        "Äidinkieli",
        "Palveluista vastaa",
        "Omaohjaaja",
        "Asiakastyön vaiheet",
    ]
    assert '<td class="caseload__steps"><span class="cell-label">' in row


def test_a_closed_client_is_marked_and_the_chosen_filter_stays_selected(
    counsellor: HttpClient, caseload: dict[str, Any]
) -> None:
    response = counsellor.get(CASELOAD, {"status": "all", "language": "so"})
    html = response.content.decode()
    assert '<option value="so" selected>' in html
    assert '<option value="ar">' in html
    assert '<option value="all" selected>' in html
    everyone = counsellor.get(CASELOAD, {"status": "all"})
    row = _row_of(everyone, caseload["closed"])
    assert '<span class="badge badge--muted">' in row
    assert "badge--muted" not in _row_of(everyone, caseload["own"][0])
