"""POST /api/v1/clients: a valid client is created with its derived values; invalid input
names every bad field at once and saves nothing; a known henkilötunnus is a conflict."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.audit.recorder import mask_identifier
from kotopolku.clients.models import Client, JobseekerPeriod
from tests.clients.conftest import api, client_data, joensuu_unit, kokkola_unit

URL = "/api/v1/clients"

ISSUE_FIELDS = {
    "first_name": "Amina",
    "last_name": "Hassan",
    "birth_date": "1990-01-01",
    "henkilotunnus": "010190-999W",
    "municipality": "167",
    "mother_tongue": "ar",
    "first_permit_date": "2024-05-02",
    "immigration_basis": "quota_refugee",
    "jobseeker": False,
}


def post(caller: HttpClient, data: dict[str, Any]) -> Any:
    return caller.post(URL, json.dumps(data), content_type="application/json")


@pytest.fixture
def caller(token_for: Callable[..., str]) -> HttpClient:
    return api(token_for("counsellor.joensuu"))


def _counts() -> tuple[int, int, int]:
    return (
        Client.objects.count(),
        ChangeEvent.objects.exclude(client_id=None).count(),
        JobseekerPeriod.objects.count(),
    )


def test_a_client_with_the_issues_fields_is_created(caller: HttpClient) -> None:
    response = post(caller, ISSUE_FIELDS)
    assert response.status_code == 201, response.content
    body = response.json()
    for name, value in ISSUE_FIELDS.items():
        assert body[name] == value, name
    assert body["responsible_authority"] == "municipality"
    assert body["integration_window_end"] == "2027-05-02"
    assert body["warnings"] == []
    assert body["status"] == "active"
    assert body["counsellor"] == "counsellor.joensuu"
    assert body["responsible_unit"] == str(joensuu_unit().pk)
    client = Client.objects.get(pk=body["id"])
    assert client.henkilotunnus == "010190-999W"
    assert client.municipality.code == "167"
    assert client.current_counsellor.username == "counsellor.joensuu"


def test_creation_is_in_the_change_log_with_the_new_values(caller: HttpClient) -> None:
    body = post(caller, ISSUE_FIELDS).json()
    event = ChangeEvent.objects.get(client_id=body["id"], action="create", subject_type="client")
    # identity codes are in the change log masked, with a keyed hash (issue 11 item 10)
    assert event.changes["henkilotunnus"] == [None, mask_identifier("010190-999W")]
    assert event.changes["immigration_basis"] == [None, "quota_refugee"]
    assert event.actor_username == "counsellor.joensuu"
    assert event.view == "clients.create_client"
    assert event.role == "counsellor"


def test_a_jobseeker_is_served_by_the_employment_area_from_today(caller: HttpClient) -> None:
    response = post(caller, {**ISSUE_FIELDS, "jobseeker": True})
    assert response.status_code == 201
    body = response.json()
    assert (body["jobseeker"], body["responsible_authority"]) == (True, "employment_area")
    period = JobseekerPeriod.objects.get(client_id=body["id"])
    assert (period.start, period.end) == (timezone.localdate(), None)


def test_the_henkilotunnus_is_optional_and_the_birth_date_then_required(
    caller: HttpClient,
) -> None:
    without = {k: v for k, v in ISSUE_FIELDS.items() if k != "henkilotunnus"}
    response = post(caller, without)
    assert response.status_code == 201
    assert response.json()["henkilotunnus"] is None
    response = post(caller, {**without, "first_name": "Other", "birth_date": None})
    assert response.status_code == 422
    assert "birth_date" in response.json()["error"]["fields"]


def test_the_birth_date_is_taken_from_the_henkilotunnus_when_omitted(caller: HttpClient) -> None:
    response = post(caller, {**ISSUE_FIELDS, "birth_date": None, "henkilotunnus": "010594y9032"})
    assert response.status_code == 201
    assert response.json()["birth_date"] == "1994-05-01"
    assert response.json()["henkilotunnus"] == "010594Y9032", "stored upper case"


def test_an_exempt_basis_has_no_window_end(caller: HttpClient) -> None:
    response = post(caller, {**ISSUE_FIELDS, "immigration_basis": "trafficking_victim"})
    assert response.status_code == 201
    assert response.json()["integration_window_end"] is None


def test_every_bad_field_is_named_at_once_and_nothing_is_saved(caller: HttpClient) -> None:
    before = _counts()
    response = post(
        caller,
        {
            **ISSUE_FIELDS,
            "henkilotunnus": "010190-999K",  # wrong check character
            "municipality": "999",
            "immigration_basis": "tourist",
            "mother_tongue": "xx",
        },
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {
        "henkilotunnus",
        "municipality",
        "immigration_basis",
        "mother_tongue",
    }
    assert "999" in error["fields"]["municipality"][0]
    assert _counts() == before


def test_a_birth_date_that_disagrees_with_the_henkilotunnus_is_named_with_the_others(
    caller: HttpClient,
) -> None:
    before = _counts()
    response = post(
        caller,
        {
            **ISSUE_FIELDS,
            "birth_date": "1990-01-02",
            "municipality": "999",
            "immigration_basis": "tourist",
            "jobseeker": True,
        },
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"birth_date", "municipality", "immigration_basis"}
    assert "1990-01-01" in fields["birth_date"][0]
    assert _counts() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"henkilotunnus": "010190-999K"}, "henkilotunnus"),
        ({"henkilotunnus": "310299-900X"}, "henkilotunnus"),
        ({"henkilotunnus": "010190Q999W"}, "henkilotunnus"),
        ({"henkilotunnus": "010190-999"}, "henkilotunnus"),
        ({"birth_date": "1990-02-01"}, "birth_date"),
        ({"birth_date": "1.1.1990"}, "birth_date"),
        ({"municipality": "999"}, "municipality"),
        ({"municipality": "16"}, "municipality"),
        ({"municipality": None}, "municipality"),
        ({"immigration_basis": "tourist"}, "immigration_basis"),
        ({"immigration_basis": ""}, "immigration_basis"),
        ({"mother_tongue": "klingon"}, "mother_tongue"),
        ({"first_name": "  "}, "first_name"),
        ({"first_permit_date": "2999-01-01"}, "first_permit_date"),
        ({"first_permit_date": "1980-01-01"}, "first_permit_date"),
        ({"first_permit_kind": "visa"}, "first_permit_kind"),
        ({"email": "not-an-address"}, "email"),
        ({"interpreter_needed": True}, "interpreter_language"),
        ({"responsible_unit": "00000000-0000-0000-0000-000000000000"}, "responsible_unit"),
    ],
)
def test_one_bad_field_is_named_and_nothing_is_saved(
    caller: HttpClient, overrides: dict[str, Any], field: str
) -> None:
    before = _counts()
    response = post(caller, {**ISSUE_FIELDS, **overrides})
    assert response.status_code == 422, response.content
    assert list(response.json()["error"]["fields"]) == [field]
    assert _counts() == before


def test_a_unit_of_another_organisation_is_refused(caller: HttpClient) -> None:
    response = post(caller, {**ISSUE_FIELDS, "responsible_unit": str(kokkola_unit().pk)})
    assert response.status_code == 422
    assert "responsible_unit" in response.json()["error"]["fields"]


def test_no_municipality_needs_a_reason_code(caller: HttpClient) -> None:
    data = {**ISSUE_FIELDS, "municipality": None, "no_municipality_reason": "198-tp"}
    response = post(caller, data)
    assert response.status_code == 201
    assert response.json()["municipality"] is None
    assert response.json()["no_municipality_reason"] == "198-tp"


def test_a_known_henkilotunnus_is_a_conflict_and_saves_nothing(caller: HttpClient) -> None:
    assert post(caller, ISSUE_FIELDS).status_code == 201
    before = _counts()
    response = post(caller, {**ISSUE_FIELDS, "first_name": "Another", "last_name": "Person"})
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert "henkilotunnus" in error["fields"]
    assert _counts() == before


def test_the_henkilotunnus_is_compared_after_normalisation(caller: HttpClient) -> None:
    first = post(caller, {**ISSUE_FIELDS, "henkilotunnus": "010594Y9032", "birth_date": None})
    assert first.status_code == 201
    response = post(caller, {**ISSUE_FIELDS, "henkilotunnus": " 010594y9032 ", "birth_date": None})
    assert response.status_code == 409


def test_a_henkilotunnus_of_another_organisations_client_is_a_conflict_too(
    add_client: Callable[..., Client], caller: HttpClient
) -> None:
    add_client("counsellor.kokkola", henkilotunnus="010190-999W", birth_date="1990-01-01")
    response = post(caller, ISSUE_FIELDS)
    assert response.status_code == 409


def test_codes_differing_only_by_the_century_sign_are_two_people(caller: HttpClient) -> None:
    assert post(caller, ISSUE_FIELDS).status_code == 201
    other = {**ISSUE_FIELDS, "first_name": "Layla", "henkilotunnus": "010190Y999W"}
    response = post(caller, other)
    assert response.status_code == 201, response.content
    assert Client.objects.filter(henkilotunnus__startswith="010190").count() == 2


def test_the_same_names_and_date_of_birth_are_created_with_a_warning(
    caller: HttpClient,
) -> None:
    first = {k: v for k, v in ISSUE_FIELDS.items() if k != "henkilotunnus"}
    assert post(caller, first).json()["warnings"] == []
    response = post(caller, {**first, "first_name": "AMINA", "last_name": " hassan "})
    assert response.status_code == 201
    warnings = response.json()["warnings"]
    assert len(warnings) == 1
    assert warnings[0]["code"] == "possible_duplicate"
    assert warnings[0]["message"]
    assert Client.objects.filter(last_name__iexact="hassan").count() == 2


def test_a_unit_manager_creates_a_client_without_an_own_counsellor(
    token_for: Callable[..., str],
) -> None:
    response = post(api(token_for("manager.joensuu")), client_data())
    assert response.status_code == 201
    assert response.json()["counsellor"] is None
    assert response.json()["responsible_unit"] == str(joensuu_unit().pk)


@pytest.mark.parametrize("persona", ["coordinator.joensuu", "auditor.joensuu", "ngo.spr"])
def test_roles_that_do_not_record_clients_cannot_post(
    token_for: Callable[..., str], persona: str
) -> None:
    before = _counts()
    response = post(api(token_for(persona)), client_data())
    assert response.status_code == 404
    assert _counts() == before


def test_a_read_only_token_cannot_post(token_for: Callable[..., str]) -> None:
    before = _counts()
    response = post(api(token_for("counsellor.joensuu", read_only=True)), ISSUE_FIELDS)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert _counts() == before


def test_without_a_token_the_answer_is_401(world: dict[str, Any]) -> None:
    response = post(HttpClient(), ISSUE_FIELDS)
    assert response.status_code == 401
    assert Client.objects.count() == 0


def test_creating_writes_no_access_event(caller: HttpClient) -> None:
    before = AccessEvent.objects.count()
    assert post(caller, ISSUE_FIELDS).status_code == 201
    assert AccessEvent.objects.count() == before


def test_a_missing_required_field_is_named_together_with_the_other_bad_fields(
    caller: HttpClient,
) -> None:
    data = {k: v for k, v in ISSUE_FIELDS.items() if k != "immigration_basis"}
    response = post(caller, {**data, "municipality": "999"})
    assert response.status_code == 422
    assert {"immigration_basis", "municipality"} <= set(response.json()["error"]["fields"])
