"""The tray for one client (issue 15): `GET /api/v1/services?for_client=` and the tray page
with `?for_client=`, filtered by the client's municipality, languages, fitting target groups
and the assessment's needs, ranked, with `matched_on` and removable filters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent
from kotopolku.casework import actions as casework_actions
from kotopolku.catalog import actions
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client
from kotopolku.orgs.demo import JOENSUU_REGION
from kotopolku.orgs.models import Organisation
from tests.clients import conftest as client_fixtures

_world_db = client_fixtures._world_db
world = client_fixtures.world
add_client = client_fixtures.add_client
sign_in = client_fixtures.sign_in
token_for = client_fixtures.token_for

URL = "/api/v1/services"
REASONS = {"municipality", "language", "target_group", "need"}


def entry(name: str, owner: str = "spr-joensuu", **data: Any) -> Service:
    values = {
        "name": {"fi": name, "en": name},
        "languages": ["fi", "ar"],
        "target_groups": ["adults"],
        "municipality_codes": ["167"],
        **data,
    }
    with acting(view="test"):
        return actions.do_create_service(
            Organisation.objects.get(slug=owner), values, acting_user=None, publish=True
        )


@pytest.fixture
def tray(world: dict[str, User]) -> dict[str, Service]:
    """Joensuu-only, shared by the Joensuu region, Kokkola-only, Finnish-only and children's
    entries, one a language course (the `language` need)."""
    return {
        "joensuu": entry("Asukasilta"),
        "regional": entry(
            "Alueen kielikurssi",
            owner="toivo",
            municipality_codes=list(JOENSUU_REGION),
            languages=["ar"],
            target_groups=["everyone"],
            programme_element="language_work",
        ),
        "kokkola": entry(
            "Kokkolan ilta", owner="kokkola-kotoutumispalvelut", municipality_codes=["272"]
        ),
        "finnish_only": entry("Suomenkielinen ilta", languages=["fi"]),
        "children": entry("Lasten kerho", target_groups=["children"]),
    }


def needs_of(client: Client, user: User, needs: list[str]) -> None:
    membership = user.active_memberships[0]
    with acting(view="test", user=user, role=membership.role, unit=membership.unit):
        casework_actions.do_create_assessment(
            client,
            {
                "kind": "basic",
                "started": timezone.localdate(),
                "interview_language": "ar",
                "needs": needs,
            },
            unit=client.responsible_unit,
            acting_user=user,
        )


def get(caller: HttpClient, token: str, query: str) -> Any:
    return caller.get(f"{URL}?{query}", headers={"Authorization": f"Bearer {token}"})


def names(body: dict[str, Any]) -> list[str]:
    return [row["name"] for row in body["results"]]


# --- API ------------------------------------------------------------------------------------------


def test_the_client_filters_apply_and_every_result_says_why(
    client: HttpClient,
    tray: dict[str, Service],
    add_client: Callable[..., Client],
    token_for: Callable[..., str],
) -> None:
    person = add_client(first_permit_date="2025-05-02")
    token = token_for("counsellor.joensuu")
    body = get(client, token, f"for_client={person.pk}&lang=fi").json()
    assert sorted(names(body)) == ["Alueen kielikurssi", "Asukasilta"]
    assert body["count"] == 2
    for row in body["results"]:
        assert set(row["matched_on"]) <= REASONS
        assert row["matched_on"] == ["municipality", "language", "target_group"]
        assert isinstance(row["open_now"], bool) and isinstance(row["starts_soon"], bool)
    # without for_client: every region's entries, no reasons (as before)
    plain = client.get(f"{URL}?lang=fi").json()
    assert plain["count"] == 5
    assert all(row["matched_on"] is None for row in plain["results"])


def test_a_joensuu_region_client_gets_the_shared_services_and_no_kokkola_entries(
    client: HttpClient,
    tray: dict[str, Service],
    add_client: Callable[..., Client],
    token_for: Callable[..., str],
) -> None:
    liperi = add_client(municipality="426", first_permit_date="2025-05-02")
    token = token_for("counsellor.joensuu")
    body = get(client, token, f"for_client={liperi.pk}&lang=fi&drop=language").json()
    assert names(body) == ["Alueen kielikurssi"]  # shared by the region; 167-only entries go
    assert "Kokkolan ilta" not in names(body)
    assert body["results"][0]["matched_on"] == ["municipality", "language", "target_group"]


def test_the_needs_filter_and_ranking_by_the_number_of_reasons(
    client: HttpClient,
    tray: dict[str, Service],
    add_client: Callable[..., Client],
    token_for: Callable[..., str],
    world: dict[str, User],
) -> None:
    person = add_client(first_permit_date="2025-05-02")
    needs_of(person, world["counsellor.joensuu"], ["language"])
    token = token_for("counsellor.joensuu")
    body = get(client, token, f"for_client={person.pk}&lang=fi").json()
    assert names(body) == ["Alueen kielikurssi"]
    assert body["results"][0]["matched_on"] == ["municipality", "language", "target_group", "need"]
    # the need filter removed: the other entry comes back, ranked below (fewer reasons)
    wider = get(client, token, f"for_client={person.pk}&lang=fi&drop=need").json()
    assert names(wider) == ["Alueen kielikurssi", "Asukasilta"]
    assert wider["results"][1]["matched_on"] == ["municipality", "language", "target_group"]
    # every filter removed: Kokkola too, with no municipality among its reasons, last
    every = "&".join(f"drop={r}" for r in sorted(REASONS))
    widest = get(client, token, f"for_client={person.pk}&lang=fi&{every}").json()
    assert widest["count"] == 5
    assert names(widest)[0] == "Alueen kielikurssi"
    kokkola = next(r for r in widest["results"] if r["name"] == "Kokkolan ilta")
    assert kokkola["matched_on"] == ["language", "target_group"]
    children = next(r for r in widest["results"] if r["name"] == "Lasten kerho")
    assert "target_group" not in children["matched_on"]
    # one need asked for (the assessment page's link)
    housing = get(client, token, f"for_client={person.pk}&need=housing").json()
    assert housing["count"] == 0


def test_a_client_the_caller_may_not_see_is_404(
    client: HttpClient,
    tray: dict[str, Service],
    add_client: Callable[..., Client],
    token_for: Callable[..., str],
) -> None:
    person = add_client(first_permit_date="2025-05-02")
    for who in ("counsellor.kokkola", "ngo.spr"):
        response = get(client, token_for(who), f"for_client={person.pk}")
        assert response.status_code == 404, who
        assert "results" not in response.json()
    unknown = get(client, token_for("counsellor.joensuu"), f"for_client={Service().pk}")
    assert unknown.status_code == 404
    anonymous = client.get(f"{URL}?for_client={person.pk}")
    assert anonymous.status_code == 401


@pytest.mark.parametrize("raw", ["not-an-id", "123", "%20"])
def test_a_bad_client_id_is_422_naming_for_client(
    client: HttpClient, world: dict[str, User], token_for: Callable[..., str], raw: str
) -> None:
    response = get(client, token_for("counsellor.joensuu"), f"for_client={raw}")
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["for_client"]


def test_bad_client_filters_name_the_field(
    client: HttpClient,
    world: dict[str, User],
    add_client: Callable[..., Client],
    token_for: Callable[..., str],
) -> None:
    person = add_client(first_permit_date="2025-05-02")
    token = token_for("counsellor.joensuu")
    for query, field in (("drop=everything", "drop"), ("need=happiness", "need")):
        response = get(client, token, f"for_client={person.pk}&{query}")
        assert response.status_code == 422
        assert list(response.json()["error"]["fields"]) == [field]


def test_the_read_of_the_client_is_logged(
    client: HttpClient,
    tray: dict[str, Service],
    add_client: Callable[..., Client],
    token_for: Callable[..., str],
    world: dict[str, User],
) -> None:
    person = add_client(first_permit_date="2025-05-02")
    before = AccessEvent.objects.filter(client_id=person.pk).count()
    response = get(client, token_for("counsellor.joensuu"), f"for_client={person.pk}")
    assert response.status_code == 200
    event = AccessEvent.objects.filter(client_id=person.pk).latest("event_time")
    assert AccessEvent.objects.filter(client_id=person.pk).count() == before + 1
    assert (event.subject_type, event.subject_id) == ("client", str(person.pk))
    assert event.actor_id == world["counsellor.joensuu"].pk
    assert event.view == "catalog.list_services"


def test_the_schema_documents_for_client_and_matched_on(client: HttpClient, db: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/api/v1/services"]["get"]["parameters"]}
    assert {"for_client", "need", "drop"} <= params
    summary = schema["components"]["schemas"]["TrayServiceSummaryOut"]["properties"]
    items = summary["matched_on"]["anyOf"][0]["items"]
    assert set(items["enum"]) == REASONS


# --- The page -------------------------------------------------------------------------------------


def test_the_tray_page_for_a_client_shows_its_filters_and_each_can_be_removed(
    sign_in: Callable[[str], HttpClient],
    tray: dict[str, Service],
    add_client: Callable[..., Client],
    world: dict[str, User],
) -> None:
    person = add_client(first_permit_date="2025-05-02")
    needs_of(person, world["counsellor.joensuu"], ["language"])
    browser = sign_in("counsellor.joensuu")
    browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = browser.get(f"/tray/?for_client={person.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Filtered for the client" in html
    for label in (
        "Municipality of residence: Joensuu",
        "Languages the client speaks: ",
        "Target groups that fit",
        "Needs found in the assessment: Language learning",
    ):
        assert label in html, label
    assert "Alueen kielikurssi" in html
    assert "Asukasilta" not in html and "Kokkolan ilta" not in html
    assert person.first_name not in html  # the client's name is never shown here
    for reason in sorted(REASONS):
        assert f'data-drop="{reason}"' in html
    # the "remove" link of the need filter widens the list; the filter can be put back
    start = html.index('data-drop="need"')
    href = html[
        html.rindex('href="', 0, start) + 6 : html.index('"', html.rindex('href="', 0, start) + 6)
    ]
    wider = browser.get(href.replace("&amp;", "&")).content.decode()
    assert "Asukasilta" in wider and "Kokkolan ilta" not in wider
    assert 'data-restore="need"' in wider and 'data-drop="need"' not in wider
    assert '<input type="hidden" name="drop" value="need">' in wider
    assert AccessEvent.objects.filter(
        client_id=person.pk, subject_type="client", view="catalog:search"
    ).exists()


def test_the_page_ignores_a_client_the_user_may_not_see(
    sign_in: Callable[[str], HttpClient],
    tray: dict[str, Service],
    add_client: Callable[..., Client],
) -> None:
    person = add_client(first_permit_date="2025-05-02")
    html = sign_in("counsellor.kokkola").get(f"/tray/?for_client={person.pk}").content.decode()
    assert "Filtered for the client" not in html
    assert not AccessEvent.objects.filter(client_id=person.pk, view="catalog:search").exists()


def test_the_assessment_page_links_each_need_to_the_tray(
    sign_in: Callable[[str], HttpClient],
    add_client: Callable[..., Client],
    world: dict[str, User],
) -> None:
    person = add_client(first_permit_date="2025-05-02")
    needs_of(person, world["counsellor.joensuu"], ["housing", "language", "other"])
    assessment = person.assessments.get()
    browser = sign_in("counsellor.joensuu")
    browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = browser.get(f"/clients/{person.pk}/assessments/{assessment.pk}/").content.decode()
    assert f"/tray/?for_client={person.pk}&amp;need=language" in html
    assert f"/tray/?for_client={person.pk}&amp;need=housing" in html
    assert "need=other" not in html and "Other" in html
    assert assessment.needs == ["language", "housing", "other"]  # in the list's order
