"""A caller the policy refuses learns nothing of an operation's fields (404 before the 422),
while the other early answers stay as they are."""

from __future__ import annotations

import json
import uuid

from django.test import Client

from kotopolku.accounts.models import User
from tests.conftest import PASSWORD, bearer


def _signed_in(username: str, *, csrf: bool) -> Client:
    c = Client(enforce_csrf_checks=csrf)
    page = c.get("/accounts/login/")
    c.post(
        "/accounts/login/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": page.context["csrf_token"],
        },
    )
    return c


def test_an_invalid_body_from_a_refused_caller_is_404(
    demo_world: dict[str, User], api_token: object
) -> None:
    url = f"/api/v1/clients/{uuid.uuid4()}/assessments"
    body = json.dumps({"kind": 1})
    refused = bearer(api_token("ngo.spr"))  # type: ignore[operator]
    response = Client().post(url, body, content_type="application/json", **refused)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    # an allowed caller gets the field errors
    allowed = bearer(api_token("counsellor.joensuu"))  # type: ignore[operator]
    response = Client().post(url, body, content_type="application/json", **allowed)
    assert response.status_code == 422
    assert response.json()["error"]["fields"]


def test_a_session_post_without_the_csrf_token_stays_a_csrf_refusal(
    demo_world: dict[str, User],
) -> None:
    c = _signed_in("ngo.spr", csrf=True)
    response = c.post(
        f"/api/v1/clients/{uuid.uuid4()}/assessments", "{}", content_type="application/json"
    )
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response


def test_an_anonymous_call_is_still_asked_to_authenticate(demo_world: dict[str, User]) -> None:
    response = Client().post(
        f"/api/v1/clients/{uuid.uuid4()}/assessments", "{}", content_type="application/json"
    )
    assert response.status_code == 401


def test_an_anonymous_write_from_a_browser_is_401_not_a_csrf_refusal(
    demo_world: dict[str, User],
) -> None:
    # a real client enforces CSRF (Django's test client does not by default)
    browser = Client(enforce_csrf_checks=True)
    for method, url in (
        ("post", "/api/v1/clients"),
        ("patch", f"/api/v1/clients/{uuid.uuid4()}"),
        ("post", "/api/v1/referrals"),
    ):
        response = getattr(browser, method)(url, "{}", content_type="application/json")
        assert response.status_code == 401, (url, response.status_code)
        assert response.json()["error"]["code"] == "unauthorized"
