"""The tray's API: public anonymous reads, owners' writes, 202 for published, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.catalog import actions
from kotopolku.catalog.models import Service, ServiceRevision
from kotopolku.orgs.models import Organisation

pytestmark = pytest.mark.django_db
URL = "/api/v1/services"


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def entry(owner: str = "spr-joensuu", *, publish: bool = True, **data: Any) -> Service:
    with acting(view="test"):
        return actions.do_create_service(
            org(owner),
            {
                "name": {"fi": "Kielikahvila", "en": "Language café"},
                "summary": {"fi": "Puhutaan suomea."},
                "languages": ["fi", "ar"],
                "target_groups": ["adults"],
                **data,
            },
            publish=publish,
            acting_user=None,
        )


@pytest.fixture
def world(demo_world: dict[str, User]) -> dict[str, User]:
    return demo_world


def test_operation_ids_are_the_policy_names(client: Client, world: dict[str, User]) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    ids = {
        op["operationId"]
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/services")
        for op in item.values()
    }
    assert ids == {
        "catalog.list_services",
        "catalog.get_service",
        "catalog.create_service",
        "catalog.update_service",
    }


def test_public_list_is_anonymous_and_published_only(
    client: Client, world: dict[str, User]
) -> None:
    cafe = entry()
    entry(publish=False, name={"fi": "Luonnos"})
    entry("toivo", name={"fi": "Alkuinfo"}, tray_category="early")
    response = client.get(URL + "?lang=fi")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    names = {r["name"] for r in body["results"]}
    assert names == {"Kielikahvila", "Alkuinfo"}
    row = next(r for r in body["results"] if r["id"] == str(cafe.pk))
    assert row["provider"]["slug"] == "spr-joensuu"
    assert row["languages"] == ["fi", "ar"] and row["category"] == "open"
    assert "167" in row["municipalities"]


def test_lang_picks_texts_with_visible_fallback(client: Client, world: dict[str, User]) -> None:
    entry()
    row = client.get(URL + "?lang=en").json()["results"][0]
    assert (row["name"], row["name_lang"]) == ("Language café", "en")
    assert (row["summary"], row["summary_lang"]) == ("Puhutaan suomea.", "fi")


def test_filters_and_paging(client: Client, world: dict[str, User]) -> None:
    entry()
    entry("toivo", name={"fi": "Alkuinfo"}, tray_category="early", languages=["fi"])
    assert client.get(URL + "?category=early").json()["count"] == 1
    assert client.get(URL + "?language=ar").json()["count"] == 1
    assert client.get(URL + "?target_group=adults").json()["count"] == 2
    assert client.get(URL + "?municipality=272").json()["count"] == 0
    page = client.get(URL + "?limit=1&offset=1").json()
    assert page["count"] == 2 and len(page["results"]) == 1


def test_ranked_with_q(client: Client, world: dict[str, User]) -> None:
    entry()
    entry("toivo", name={"fi": "Alkuinfo"})
    body = client.get(URL + "?q=kielikahvilaan&lang=fi").json()
    assert body["count"] == 1
    assert body["results"][0]["name"] == "Kielikahvila"
    assert body["results"][0]["score"] > 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("offset=-1", "offset"),
        ("limit=many", "limit"),
        ("category=fourth", "category"),
        ("target_group=martians", "target_group"),
        ("municipality=12", "municipality"),
        ("language=zz9", "language"),
        ("lang=zz9", "lang"),
    ],
)
def test_bad_parameters_name_the_field(
    client: Client, world: dict[str, User], query: str, field: str
) -> None:
    response = client.get(f"{URL}?{query}")
    assert response.status_code in (400, 422)
    assert field in response.json()["error"]["fields"]


def test_detail_published_only(client: Client, world: dict[str, User]) -> None:
    cafe = entry(times=[{"weekday": 2, "starts_at": "17:00", "ends_at": "19:00"}])
    draft = entry(publish=False)
    body = client.get(f"{URL}/{cafe.pk}?lang=sv").json()
    assert body["name"] == "Kielikahvila" and body["name_lang"] == "fi"
    assert body["texts"]["name"] == {"fi": "Kielikahvila", "en": "Language café"}
    assert body["times"] == [
        {"weekday": 2, "date": None, "starts_at": "17:00:00", "ends_at": "19:00:00"}
    ]
    assert client.get(f"{URL}/{draft.pk}").status_code == 404
    missing = client.get(f"{URL}/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _post(client: Client, token: str, body: dict[str, Any]) -> Any:
    return client.post(URL, json.dumps(body), content_type="application/json", headers=auth(token))


def _patch(client: Client, token: str, service: Service, body: dict[str, Any]) -> Any:
    return client.patch(
        f"{URL}/{service.pk}",
        json.dumps(body),
        content_type="application/json",
        headers=auth(token),
    )


def test_owner_creates_and_patches_a_draft(client: Client, api_token: Callable[..., str]) -> None:
    token = api_token("ngo.spr")
    response = _post(
        client,
        token,
        {
            "owner": "spr-joensuu",
            "name": {"fi": "Ystävätoiminta"},
            "target_groups": ["adults"],
            "times": [{"weekday": 0, "starts_at": "10:00", "ends_at": "12:00"}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["times"][0]["weekday"] == 0
    service = Service.objects.get(pk=body["id"])
    patched = _patch(client, token, service, {"summary": {"fi": "Tavataan."}})
    assert patched.status_code == 200
    assert patched.json()["summary"] == "Tavataan."


def test_published_patch_answers_202_with_the_revision(
    client: Client, api_token: Callable[..., str]
) -> None:
    cafe = entry()
    response = _patch(client, api_token("ngo.spr"), cafe, {"name": {"fi": "Kielikahvila 2"}})
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending" and body["data"] == {"name": {"fi": "Kielikahvila 2"}}
    assert str(ServiceRevision.objects.get().pk) == body["id"]
    cafe.refresh_from_db()
    assert cafe.name["fi"] == "Kielikahvila"


def test_write_errors(client: Client, api_token: Callable[..., str]) -> None:
    token = api_token("ngo.spr")
    bad = _post(client, token, {"owner": "spr-joensuu", "name": {"fi": "X"}, "languages": ["q1"]})
    assert bad.status_code == 422 and "languages" in bad.json()["error"]["fields"]
    missing = _post(client, token, {"owner": "spr-joensuu"})
    assert missing.status_code == 422 and "name" in missing.json()["error"]["fields"]
    other = _post(client, token, {"owner": "toivo", "name": {"fi": "X"}})
    assert other.status_code == 404
    assert not Service.objects.exists()
    toivo = entry("toivo")
    assert _patch(client, token, toivo, {"name": {"fi": "Kaapattu"}}).status_code == 404
    anonymous = client.post(
        URL,
        json.dumps({"owner": "spr-joensuu", "name": {"fi": "X"}}),
        content_type="application/json",
    )
    assert anonymous.status_code == 401
    reader = api_token("auditor.joensuu")
    assert _post(client, reader, {"owner": "toivo", "name": {"fi": "X"}}).status_code == 404


def test_archived_entries_and_people_are_not_public(client: Client, world: dict[str, User]) -> None:
    cafe = entry()
    with acting(view="test"):
        actions.do_archive_service(cafe, acting_user=None)
    assert client.get(URL).json()["count"] == 0
    assert client.get(URL + "?q=kielikahvila").json()["count"] == 0
    assert client.get(f"{URL}/{cafe.pk}").status_code == 404
    shown = entry(name={"fi": "Ystävätoiminta"})
    with acting(view="test"):
        actions.do_update_service(
            shown, {"summary": {"fi": "Ehdotus"}}, acting_user=world["ngo.spr"]
        )
    body = client.get(f"{URL}/{shown.pk}").json()
    text = json.dumps(body)
    # who edited, published or proposed it is not shown, nor a pending proposal
    assert "Ehdotus" not in text
    for key in ("created_by", "updated_by", "published_by", "revisions"):
        assert key not in body
    assert world["ngo.spr"].username not in text and world["ngo.spr"].last_name not in text


def test_an_ngo_token_cannot_set_the_authority_only_fields(
    client: Client, api_token: Callable[..., str]
) -> None:
    token = api_token("ngo.spr")
    for name, value in (
        ("programme_element", "integration_training"),
        ("kind", "authority_role"),
        ("tray_category", "authority"),
    ):
        refused = _post(
            client, token, {"owner": "spr-joensuu", "name": {"fi": "Kurssi"}, name: value}
        )
        assert refused.status_code == 422, (name, refused.content)
        error = refused.json()["error"]
        assert error["code"] == "invalid" and list(error["fields"]) == [name]
    assert not Service.objects.exists()

    draft = entry(publish=False)
    before = (draft.kind, draft.programme_element, draft.tray_category, draft.summary)
    for body in (
        {"programme_element": "guidance", "summary": {"fi": "Muuttunut"}},
        {"kind": "authority_role", "summary": {"fi": "Muuttunut"}},
        {"tray_category": "authority"},
    ):
        refused = _patch(client, token, draft, body)
        assert refused.status_code == 422, (body, refused.content)
        assert set(refused.json()["error"]["fields"]) == set(body) - {"summary"}
        draft.refresh_from_db()
        assert (draft.kind, draft.programme_element, draft.tray_category, draft.summary) == before
    assert not ServiceRevision.objects.exists()
    # sending back what the entry already has (a GET, then a PATCH of it) changes nothing: passes
    same = _patch(
        client,
        token,
        draft,
        {"kind": draft.kind, "programme_element": draft.programme_element, "tray_category": "open"},
    )
    assert same.status_code == 200, same.content
    # its other fields still change as before
    assert _patch(client, token, draft, {"summary": {"fi": "Uusi"}}).status_code == 200


def test_an_authoritys_staff_sets_the_authority_only_fields(
    client: Client, api_token: Callable[..., str]
) -> None:
    token = api_token("coordinator.joensuu")
    created = _post(
        client,
        token,
        {
            "owner": "toivo",
            "name": {"fi": "Kotoutumiskoulutus"},
            "programme_element": "integration_training",
        },
    )
    assert created.status_code == 201, created.content
    service = Service.objects.get(pk=created.json()["id"])
    assert service.programme_element == "integration_training"
    patched = _patch(
        client, token, service, {"kind": "authority_role", "programme_element": "guidance"}
    )
    assert patched.status_code == 200, patched.content
    service.refresh_from_db()
    assert (service.kind, service.tray_category, service.programme_element) == (
        "authority_role",
        "authority",
        "guidance",
    )
