"""The duplicate check tells only what the user may see (issue 11 item 2): a probable
duplicate by names and date of birth is looked for among the clients the user sees (a match
elsewhere takes the path of no match); a henkilötunnus registered to a client the user may
not see is refused without naming a record, unit or organisation, and that check is logged
as a read of the matched client with its purpose."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.test import Client as HttpClient

from kotopolku.audit.models import AccessEvent
from kotopolku.clients.actions import DUPLICATE_CHECK_PURPOSE
from kotopolku.clients.models import Client
from tests.clients.conftest import api, client_data

HETU = "010190-999W"


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "first_name": "Amina",
        "last_name": "Hassan",
        "birth_date": "1990-01-01",
        "henkilotunnus": "",
        "mother_tongue": "ar",
        "municipality": "167",
        "first_permit_date": "2024-05-02",
        "first_permit_kind": "residence_permit",
        "immigration_basis": "quota_refugee",
    }
    data.update(overrides)
    return data


def _english(browser: HttpClient) -> HttpClient:
    """The demo users prefer Finnish; these tests read the English texts."""
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return browser


def _checks(client: Client) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(client_id=client.pk, purpose=DUPLICATE_CHECK_PURPOSE))


def test_names_of_another_organisations_client_give_no_warning(
    add_client: Callable[..., Client], token_for: Callable[..., str]
) -> None:
    add_client(
        "counsellor.kokkola", first_name="Amina", last_name="Hassan", birth_date="1990-01-01"
    )
    caller = api(token_for("counsellor.joensuu"))
    body = client_data(first_name="Amina", last_name="Hassan", birth_date="1990-01-01")
    response = caller.post("/api/v1/clients", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["warnings"] == []
    # a visible one does warn
    again = caller.post("/api/v1/clients", json.dumps(body), content_type="application/json")
    assert [w["code"] for w in again.json()["warnings"]] == ["possible_duplicate"]


def test_a_code_of_a_client_the_user_cannot_see_is_refused_without_details_and_logged(
    add_client: Callable[..., Client],
    sign_in: Callable[[str], HttpClient],
    token_for: Callable[..., str],
) -> None:
    other = add_client("counsellor.kokkola", henkilotunnus=HETU, birth_date="1990-01-01")
    browser = _english(sign_in("counsellor.joensuu"))
    response = browser.post("/clients/new/", _form(henkilotunnus=HETU))
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["henkilotunnus"])
    assert "cannot see" in message and "logged" in message
    for leak in ("Kokkola", str(other.pk), other.last_name, "ohjaus"):
        assert leak not in message
    [event] = _checks(other)
    assert (event.actor_username, event.kind) == ("counsellor.joensuu", AccessEvent.Kind.SEARCH)
    assert event.request_id is not None and str(event.request_id) == response["X-Request-ID"]

    caller = api(token_for("counsellor.joensuu"))
    body = client_data(henkilotunnus=HETU, birth_date="1990-01-01")
    response = caller.post("/api/v1/clients", json.dumps(body), content_type="application/json")
    assert response.status_code == 409
    assert str(other.pk) not in response.content.decode()
    assert len(_checks(other)) == 2
    own = add_client()
    response = caller.patch(
        f"/api/v1/clients/{own.pk}",
        json.dumps({"henkilotunnus": HETU, "birth_date": "1990-01-01"}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert len(_checks(other)) == 3
    assert Client.objects.filter(henkilotunnus=HETU).count() == 1


def test_a_code_of_a_client_the_user_sees_says_so_and_is_not_a_hidden_check(
    add_client: Callable[..., Client], sign_in: Callable[[str], HttpClient]
) -> None:
    mine = add_client(henkilotunnus=HETU, birth_date="1990-01-01")
    browser = _english(sign_in("counsellor.joensuu"))
    response = browser.post("/clients/new/", _form(henkilotunnus=HETU))
    message = " ".join(response.context["form"].errors["henkilotunnus"])
    assert "you can see" in message
    assert _checks(mine) == []
