"""The programme API: the contract's fields, the version and approval steps, refusals in the
one error shape, 404 outside the region."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.catalog.models import Service
from kotopolku.programme import actions
from kotopolku.programme.document import AnswerDoc, Document, RowDoc, SectionDoc
from kotopolku.programme.models import Programme
from tests.conftest import bearer

pytestmark = pytest.mark.django_db

Token = Callable[..., str]


def _get(token: str, url: str) -> Any:
    return Client().get(url, **bearer(token))


def _post(token: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return Client().post(url, body or {}, content_type="application/json", **bearer(token))


@pytest.fixture
def filled(programme: Programme, coordinator: User, kokkola_service: Service) -> Programme:
    doc = Document(
        title="Kokkolan kotoutumisohjelma",
        coordinator="Kotoutumispalvelut",
        partners=["Soite", "SPR"],
        sections=[
            SectionDoc(
                1,
                "assessment",
                "Osaamisen arviointi",
                [
                    AnswerDoc("a", "a_how", "Miten palvelut järjestetään kunnassa?", "Arvio."),
                    AnswerDoc("a", "", "", "Lisäksi."),
                    AnswerDoc("b", "b_who", "Kuka?", "Kotoutumispalvelut."),
                ],
                [kokkola_service.pk],
            )
        ],
        responsibility=[RowDoc("Alkukartoitus", "Työllisyysalue", "Kunta", "assessment")],
    )
    with acting(view="test"):
        actions.do_save_document(programme, doc, acting_user=coordinator)
    return programme


def test_get_one_programme_has_the_contract_fields(
    filled: Programme, api_token: Token, kokkola_service: Service
) -> None:
    response = _get(api_token("counsellor.kokkola"), f"/api/v1/programmes/{filled.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == str(filled.pk)
    assert data["status"] == "draft" and data["version"] == 1
    assert data["municipalities"] == ["272"]
    assert data["partners"] == ["Soite", "SPR"]
    assert data["approval"] is None and data["approved_on"] is None
    assert [s["number"] for s in data["sections"]] == [1, 2, 3, 4, 5, 6, 7]
    s1 = data["sections"][0]
    assert s1["title"] == "Osaamisen arviointi"
    assert s1["a"] == "Miten palvelut järjestetään kunnassa?\n\nArvio.\n\nLisäksi."
    assert s1["b"] == "Kuka?\n\nKotoutumispalvelut."
    assert s1["c"] == ""
    assert s1["services"] == [str(kokkola_service.pk)]
    assert data["responsibility_table"] == [
        {"service": "Alkukartoitus", "jobseekers": "Työllisyysalue", "others": "Kunta"}
    ]


def test_list_shows_what_the_caller_may_read(filled: Programme, api_token: Token) -> None:
    data = _get(api_token("counsellor.kokkola"), "/api/v1/programmes").json()
    assert data["count"] == 1
    assert data["results"][0]["id"] == str(filled.pk)
    assert data["results"][0]["municipalities"] == ["272"]
    assert _get(api_token("counsellor.joensuu"), "/api/v1/programmes").json()["count"] == 0
    bad = _get(api_token("counsellor.kokkola"), "/api/v1/programmes?status=done")
    assert bad.status_code == 422 and "status" in bad.json()["error"]["fields"]


def test_a_user_of_another_region_gets_404(filled: Programme, api_token: Token) -> None:
    for who in ("counsellor.joensuu", "coordinator.joensuu"):
        assert _get(api_token(who), f"/api/v1/programmes/{filled.pk}").status_code == 404
    response = _post(api_token("coordinator.joensuu"), f"/api/v1/programmes/{filled.pk}/submit")
    assert response.status_code == 404
    filled.refresh_from_db()
    assert filled.status == "draft"


def test_a_counsellor_may_not_approve(filled: Programme, api_token: Token) -> None:
    response = _post(
        api_token("counsellor.kokkola"),
        f"/api/v1/programmes/{filled.pk}/approve",
        {"body": "KH", "date": "2024-01-01"},
    )
    assert response.status_code == 404
    filled.refresh_from_db()
    assert filled.status == "draft"


def test_approve_without_a_date_is_422_with_the_field(filled: Programme, api_token: Token) -> None:
    response = _post(
        api_token("coordinator.kokkola"),
        f"/api/v1/programmes/{filled.pk}/approve",
        {"body": "Kaupunginhallitus"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["date"]
    filled.refresh_from_db()
    assert filled.status == "draft" and filled.approved_by_body == ""


def test_publish_before_approval_is_409(filled: Programme, api_token: Token) -> None:
    response = _post(api_token("coordinator.kokkola"), f"/api/v1/programmes/{filled.pk}/publish")
    assert response.status_code == 409
    assert "status" in response.json()["error"]["fields"]
    filled.refresh_from_db()
    assert filled.status == "draft"


def test_submit_approve_publish_new_version_and_supersede(
    filled: Programme, api_token: Token
) -> None:
    token = api_token("coordinator.kokkola")
    base = f"/api/v1/programmes/{filled.pk}"
    assert _post(token, f"{base}/submit").json()["status"] == "in_review"
    day = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    approved = _post(
        token, f"{base}/approve", {"body": "Kaupunginhallitus", "date": day, "reference": "§ 7"}
    ).json()
    assert approved["status"] == "approved"
    assert approved["approval"] == {"body": "Kaupunginhallitus", "date": day, "reference": "§ 7"}
    published = _post(token, f"{base}/publish").json()
    assert published["status"] == "published" and published["published_at"]
    response = _post(token, f"{base}/versions")
    assert response.status_code == 201
    v2 = response.json()
    assert (v2["version"], v2["previous"], v2["status"]) == (2, str(filled.pk), "draft")
    assert v2["sections"][0]["a"].startswith("Miten palvelut")
    assert _post(token, f"{base}/versions").status_code == 409
    v2_base = f"/api/v1/programmes/{v2['id']}"
    _post(token, f"{v2_base}/approve", {"body": "Kaupunginhallitus", "date": day})
    assert _post(token, f"{v2_base}/publish").json()["status"] == "published"
    assert _get(token, base).json()["status"] == "superseded"


def test_ngo_partner_reads_only_published(api_token: Token, demo_world: dict[str, User]) -> None:
    from kotopolku.orgs.models import Organisation

    with acting(view="test"):
        p = actions.do_create_programme(
            organisation=Organisation.objects.get(slug="toivo"),
            municipalities=["167"],
            language="fi",
            title="Joensuun ohjelma",
            acting_user=None,
        )
    token = api_token("ngo.spr")
    assert _get(token, f"/api/v1/programmes/{p.pk}").status_code == 404
    assert _get(token, "/api/v1/programmes").json()["count"] == 0
    with acting(view="test"):
        actions.do_approve(p, body="KV", date=datetime.date(2024, 1, 1), acting_user=None)
        actions.do_publish(p, acting_user=None)
    assert _get(token, f"/api/v1/programmes/{p.pk}").json()["status"] == "published"
    assert _get(token, "/api/v1/programmes").json()["count"] == 1
    assert Programme.objects.count() == 1
