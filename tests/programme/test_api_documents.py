"""The programme document's API: completeness (JSON shape), document.pdf and .docx, the diff;
404 across regions and for NGO partners on unpublished versions."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import docx
import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from kotopolku.programme.models import Programme
from tests.conftest import bearer
from tests.programme.documents_helpers import answer, kokkola_programme

API = "/api/v1/programmes"


@pytest.fixture
def kokkola(demo_world: dict[str, Any]) -> Programme:
    return kokkola_programme()


def get(token: str, path: str, **extra: Any) -> Any:
    return Client().get(path, **bearer(token), **extra)


def test_completeness_json(kokkola: Programme, api_token: Callable[..., str]) -> None:
    response = get(
        api_token("coordinator.kokkola"),
        f"{API}/{kokkola.pk}/completeness",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(kokkola.pk) and body["version"] == 1 and body["status"] == "draft"
    assert body["rule"] == {
        "id": "programme-s13-681-2023",
        "title": "The minimum content of the integration programme document",
        "legal_reference": "Act 681/2023 s. 13 as amended by Act 1100/2024",
        "valid_from": "2025-01-01",
        "valid_to": None,
    }
    assert body["judged"] is True and body["complete"] is False
    assert body["day"] == timezone.localdate().isoformat()
    first = body["warnings"][0]
    assert set(first) == {"code", "message", "section", "part", "field", "url"}
    by_code: dict[str, Any] = {}
    for warning in body["warnings"]:
        by_code.setdefault(warning["code"], warning)
    assert {"no_services", "approval_missing", "repealed_section", "repealed_question"} <= set(
        by_code
    )
    assert by_code["no_services"]["section"] == 1
    assert by_code["no_services"]["url"] == f"/programme/{kokkola.pk}/edit/#s1-services"
    assert by_code["approval_missing"]["field"] == "approval"
    assert "repealed" in by_code["repealed_section"]["message"]


def test_completeness_messages_in_finnish(
    kokkola: Programme, api_token: Callable[..., str]
) -> None:
    body = get(
        api_token("coordinator.kokkola"),
        f"{API}/{kokkola.pk}/completeness",
        HTTP_ACCEPT_LANGUAGE="fi",
    ).json()
    messages = " ".join(w["message"] for w in body["warnings"])
    assert "Hyvinvointialue osallistuu arviointiin" in messages


def test_documents_as_files(kokkola: Programme, api_token: Callable[..., str]) -> None:
    token = api_token("counsellor.kokkola")
    pdf = get(token, f"{API}/{kokkola.pk}/document.pdf?lang=sv")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Ansvarstabell" in text
    word = get(token, f"{API}/{kokkola.pk}/document.docx")
    assert word.status_code == 200
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Vastuutaulukko" in [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]


def test_diff_json(kokkola: Programme, api_token: Callable[..., str]) -> None:
    v2 = kokkola_programme(series=kokkola.series, version=2, previous=kokkola)
    languages = answer(v2, 3, "a_languages")
    languages.text += " Somali."
    languages.save()
    response = get(api_token("coordinator.kokkola"), f"{API}/{v2.pk}/diff/{kokkola.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["old"] == {"id": str(kokkola.pk), "version": 1}
    assert body["new"] == {"id": str(v2.pk), "version": 2}
    assert body["changed"] == 1
    changed = [f for f in body["fields"] if f["changed"]]
    assert changed[0]["field"] == "s3-a_languages" and changed[0]["section"] == 3
    assert {"op": "insert", "text": " Somali."} in changed[0]["chunks"]


def test_diff_of_two_programmes_answers_422(
    kokkola: Programme, api_token: Callable[..., str]
) -> None:
    other = kokkola_programme()
    response = get(api_token("coordinator.kokkola"), f"{API}/{kokkola.pk}/diff/{other.pk}")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "not_same_series"


@pytest.mark.parametrize(
    "path",
    ["completeness", "document.pdf", "document.docx"],
)
def test_another_region_gets_404(
    kokkola: Programme, api_token: Callable[..., str], path: str
) -> None:
    response = get(api_token("coordinator.joensuu"), f"{API}/{kokkola.pk}/{path}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_programme_and_anonymous(kokkola: Programme, api_token: Callable[..., str]) -> None:
    token = api_token("coordinator.kokkola")
    assert get(token, f"{API}/00000000-0000-0000-0000-000000000000/completeness").status_code == 404
    assert Client().get(f"{API}/{kokkola.pk}/completeness").status_code == 401


def test_roles_without_programmes_get_404(
    kokkola: Programme, api_token: Callable[..., str]
) -> None:
    # the auditor's role reads no programme (least privilege); the policy refuses it
    response = get(api_token("auditor.joensuu"), f"{API}/{kokkola.pk}/completeness")
    assert response.status_code in (403, 404)


def test_ngo_partner_reads_only_published_versions(
    demo_world: dict[str, Any], api_token: Callable[..., str]
) -> None:
    from kotopolku.orgs.models import Municipality

    programme = kokkola_programme()
    programme.municipalities.set(Municipality.objects.valid_on().filter(code="167"))
    token = api_token("ngo.spr")
    assert get(token, f"{API}/{programme.pk}/completeness").status_code == 404
    programme.status = Programme.Status.PUBLISHED
    programme.approved_on = datetime.date(2024, 11, 25)
    programme.save()
    assert get(token, f"{API}/{programme.pk}/completeness").status_code == 200
