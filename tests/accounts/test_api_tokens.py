"""API tokens: created on the profile, shown once, hashed at rest, expiring and revocable."""

from __future__ import annotations

import datetime
import hashlib
import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from ninja.errors import AuthenticationError, HttpError

from kotopolku.access import policy
from kotopolku.access.api import enforce_policy
from kotopolku.accounts.models import ApiToken, User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from tests.accounts.helpers import START
from tests.conftest import bearer

USERNAME = "counsellor.joensuu"
NEW = "/accounts/profile/tokens/new/"
UNAUTHORIZED = {
    "error": {
        "code": "unauthorized",
        "message": "Authentication required: send a valid bearer token.",
    }
}


def _create(c: Client, **data: Any) -> Any:
    payload = {"name": "Reporting", "days": "30"} | {k: str(v) for k, v in data.items()}
    return c.post(NEW, payload)


@pytest.fixture
def counsellor(login: Callable[[str], Client], reauth: Callable[..., Any]) -> Client:
    c = login(USERNAME)
    reauth(c)
    return c


# --- Creating a token on the profile ---------------------------------------------------------


def test_creating_a_token_asks_for_the_password_first(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    c = login(USERNAME)
    response = _create(c)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm/?next=")
    assert not ApiToken.objects.exists()


def test_a_created_token_is_shown_once_and_only_its_sha256_is_stored(
    demo_world: dict[str, User], counsellor: Client
) -> None:
    response = _create(counsellor, name="Reporting", days=30)
    assert response.status_code == 200
    text = response.context["text"]
    assert text.startswith("kp_")
    assert text in response.content.decode()
    token = ApiToken.objects.get()
    assert token.user == demo_world[USERNAME]
    assert token.name == "Reporting"
    assert token.token_hash == hashlib.sha256(text.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608
        rows = cursor.fetchall()
    assert len(rows) == 1
    secret = text.split("_", 2)[2]
    for value in rows[0]:
        assert text not in str(value)
        assert secret not in str(value)
    # nor is it in the change log
    for event in ChangeEvent.objects.filter(subject_type="api_token"):
        assert secret not in str(event.changes)


def test_the_token_text_is_not_shown_again_on_the_profile_or_in_the_api(
    demo_world: dict[str, User], counsellor: Client
) -> None:
    text = _create(counsellor).context["text"]
    secret = text.split("_", 2)[2]
    profile = counsellor.get("/accounts/profile/").content.decode()
    assert f"kp_{ApiToken.objects.get().prefix}_" in profile
    assert secret not in profile
    listing = Client().get("/api/v1/me/tokens", **bearer(text))
    assert listing.status_code == 200
    assert secret not in listing.content.decode()
    assert listing.json()[0]["status"] == "active"


def test_creating_a_token_is_logged(demo_world: dict[str, User], counsellor: Client) -> None:
    _create(counsellor, name="Reporting", days=30, read_only="on")
    token = ApiToken.objects.get()
    event = ChangeEvent.objects.get(subject_type="api_token", subject_id=str(token.pk))
    assert event.action == ChangeEvent.Action.CREATE
    assert event.actor_id == demo_world[USERNAME].pk
    assert event.changes["name"] == [None, "Reporting"]
    assert event.changes["read_only"] == [None, True]
    assert "token_hash" not in event.changes


def test_the_expiry_follows_the_days_given(
    demo_world: dict[str, User], login: Callable[[str], Client], reauth: Callable[..., Any]
) -> None:
    with time_machine.travel(START, tick=False):
        c = login(USERNAME)
        reauth(c)
        _create(c, days=7)
        assert ApiToken.objects.get().expires_at == START + datetime.timedelta(days=7)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"days": "0"}, "days"),
        ({"days": "366"}, "days"),
        ({"days": "many"}, "days"),
        ({"days": ""}, "days"),
    ],
)
def test_bad_token_input_names_the_field_and_creates_nothing(
    demo_world: dict[str, User], counsellor: Client, data: dict[str, str], field: str
) -> None:
    response = _create(counsellor, **data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not ApiToken.objects.exists()
    assert not ChangeEvent.objects.filter(subject_type="api_token").exists()


# --- Using a token -----------------------------------------------------------------------------


def test_a_bearer_token_authenticates_the_me_endpoint(
    demo_world: dict[str, User], api_token: Callable[..., str]
) -> None:
    user = demo_world[USERNAME]
    response = Client().get("/api/v1/me", **bearer(api_token(USERNAME)))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(user.pk)
    assert body["username"] == USERNAME
    assert body["first_name"] == user.first_name
    assert body["last_name"] == user.last_name
    assert body["email"] == user.email
    assert body["preferred_language"] == "fi"
    assert body["roles"] == ["counsellor"]
    assert len(body["memberships"]) == 1
    membership = body["memberships"][0]
    assert set(membership) == {
        "unit_id",
        "unit",
        "organisation_id",
        "organisation",
        "role",
        "is_public_official",
        "valid_from",
        "valid_to",
    }
    assert membership["role"] == "counsellor"
    assert membership["is_public_official"] is True
    assert membership["valid_to"] is None


def test_using_a_token_records_when_it_was_last_used(
    demo_world: dict[str, User], api_token: Callable[..., str]
) -> None:
    text = api_token(USERNAME)
    assert ApiToken.objects.get().last_used_at is None
    Client().get("/api/v1/me", **bearer(text))
    assert ApiToken.objects.get().last_used_at is not None


def test_no_token_gets_401_with_the_error_shape(demo_world: dict[str, User]) -> None:
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response["WWW-Authenticate"] == 'Bearer realm="kotopolku"'


@pytest.mark.parametrize(
    "header",
    [
        "Bearer nonsense",
        "Bearer kp_short_secret",
        "Bearer kp_0123456789abcdef",
        "Token kp_01234567_secret",
    ],
)
def test_a_malformed_token_gets_401(demo_world: dict[str, User], header: str) -> None:
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_a_token_with_a_known_prefix_but_the_wrong_secret_gets_401(
    demo_world: dict[str, User], api_token: Callable[..., str]
) -> None:
    text = api_token(USERNAME)
    prefix = text.split("_")[1]
    forged = f"kp_{prefix}_{'A' * 43}"
    response = Client().get("/api/v1/me", **bearer(forged))
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_an_expired_token_gets_401(
    demo_world: dict[str, User], api_token: Callable[..., str]
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        text = api_token(USERNAME, days=3)
        traveller.shift(datetime.timedelta(days=3) - datetime.timedelta(seconds=1))
        assert Client().get("/api/v1/me", **bearer(text)).status_code == 200
        traveller.shift(2)
        response = Client().get("/api/v1/me", **bearer(text))
        assert response.status_code == 401
        assert response.json() == UNAUTHORIZED
        assert ApiToken.objects.get().status == "expired"


def test_a_token_of_a_deactivated_user_gets_401(
    demo_world: dict[str, User], api_token: Callable[..., str]
) -> None:
    text = api_token(USERNAME)
    User.objects.filter(username=USERNAME).update(is_active=False)
    assert Client().get("/api/v1/me", **bearer(text)).status_code == 401


# --- Revoking ----------------------------------------------------------------------------------


def test_a_revoked_token_gets_401_and_the_revocation_is_logged(
    demo_world: dict[str, User], login: Callable[[str], Client], api_token: Callable[..., str]
) -> None:
    text = api_token(USERNAME)
    token = ApiToken.objects.get()
    c = login(USERNAME)
    response = c.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.status == "revoked"
    api = Client().get("/api/v1/me", **bearer(text))
    assert api.status_code == 401
    assert api.json() == UNAUTHORIZED
    event = ChangeEvent.objects.get(subject_type="api_token", action=ChangeEvent.Action.REVOKE)
    assert event.subject_id == str(token.pk)
    assert event.changes["revoked_at"][0] is None
    assert event.actor_id == demo_world[USERNAME].pk


def test_revoking_twice_changes_nothing_more(
    demo_world: dict[str, User], login: Callable[[str], Client], api_token: Callable[..., str]
) -> None:
    api_token(USERNAME)
    token = ApiToken.objects.get()
    c = login(USERNAME)
    c.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    first = ApiToken.objects.get().revoked_at
    c.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get().revoked_at == first
    assert ChangeEvent.objects.filter(action=ChangeEvent.Action.REVOKE).count() == 1


def test_you_cannot_revoke_another_users_token(
    demo_world: dict[str, User], login: Callable[[str], Client], api_token: Callable[..., str]
) -> None:
    text = api_token("manager.joensuu")
    token = ApiToken.objects.get()
    c = login(USERNAME)
    assert c.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get("/api/v1/me", **bearer(text)).status_code == 200
    assert not ChangeEvent.objects.filter(action=ChangeEvent.Action.REVOKE).exists()


def test_revoking_is_refused_for_get(
    demo_world: dict[str, User], login: Callable[[str], Client], api_token: Callable[..., str]
) -> None:
    api_token(USERNAME)
    token = ApiToken.objects.get()
    assert login(USERNAME).get(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


# --- Read-only tokens --------------------------------------------------------------------------


def test_a_read_only_token_may_read(
    demo_world: dict[str, User], api_token: Callable[..., str]
) -> None:
    response = Client().get("/api/v1/me", **bearer(api_token(USERNAME, read_only=True)))
    assert response.status_code == 200
    # the token's own user, not an anonymous or another answer
    user = demo_world[USERNAME]
    body = response.json()
    assert body["id"] == str(user.pk)
    assert body["username"] == USERNAME
    assert body["roles"] == sorted(user.roles)


def _fake_write_operation(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """An operation `accounts.fake_write` (the API has no write operation yet).

    It runs in its own acting context, as the audit middleware would give it, so that the
    policy's `set_acting` does not leak into later tests.
    """
    monkeypatch.setitem(policy.API, "accounts.fake_write", policy.authenticated())

    def fake_write(request: Any) -> str:
        return "written"

    fake_write.__module__ = "kotopolku.accounts.api"
    wrapped = enforce_policy(fake_write)

    def run(request: Any) -> Any:
        with acting(view="test:fake_write"):
            return wrapped(request)

    return run


def _fake_request(method: str, user: User, token: ApiToken | None) -> Any:
    request = SimpleNamespace(method=method, auth=user, user=None)
    if token is not None:
        request.api_token = token
    return request


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_read_only_token_is_refused_for_writes(
    demo_world: dict[str, User],
    api_token: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
    method: str,
) -> None:
    operation = _fake_write_operation(monkeypatch)
    api_token(USERNAME, read_only=True)
    token = ApiToken.objects.get()
    with pytest.raises(HttpError) as raised:
        operation(_fake_request(method, demo_world[USERNAME], token))
    assert raised.value.status_code == 403
    assert str(raised.value) == "This token is read-only."


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_a_read_only_token_passes_safe_methods(
    demo_world: dict[str, User],
    api_token: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
    method: str,
) -> None:
    operation = _fake_write_operation(monkeypatch)
    api_token(USERNAME, read_only=True)
    request = _fake_request(method, demo_world[USERNAME], ApiToken.objects.get())
    assert operation(request) == "written"


def test_a_read_write_token_and_a_session_may_write(
    demo_world: dict[str, User], api_token: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    operation = _fake_write_operation(monkeypatch)
    api_token(USERNAME)
    user = demo_world[USERNAME]
    assert operation(_fake_request("POST", user, ApiToken.objects.get())) == "written"
    assert operation(_fake_request("POST", user, None)) == "written"


def test_an_operation_without_a_caller_raises_an_authentication_error(
    monkeypatch: pytest.MonkeyPatch, db: Any
) -> None:
    operation = _fake_write_operation(monkeypatch)
    with pytest.raises(AuthenticationError):
        operation(SimpleNamespace(method="POST", auth=None))


# --- The `token` management command ----------------------------------------------------------


def test_the_token_command_prints_a_working_token(demo_world: dict[str, User]) -> None:
    out = io.StringIO()
    call_command("token", USERNAME, stdout=out)
    text = out.getvalue().strip()
    assert text.startswith("kp_")
    token = ApiToken.objects.get()
    assert token.name == "command line"
    assert not token.read_only
    assert token.token_hash == ApiToken.hash(text)
    response = Client().get("/api/v1/me", **bearer(text))
    assert response.status_code == 200
    assert response.json()["username"] == USERNAME


def test_the_token_command_takes_name_days_and_read_only(demo_world: dict[str, User]) -> None:
    with time_machine.travel(START, tick=False):
        call_command(
            "token", USERNAME, "--name", "etl", "--days", "10", "--read-only", stdout=io.StringIO()
        )
        token = ApiToken.objects.get()
        assert token.name == "etl"
        assert token.read_only
        assert token.expires_at == START + datetime.timedelta(days=10)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "username: no active user 'nobody'"),
        ([USERNAME, "--days", "0"], "--days: must be between 1 and 365"),
        ([USERNAME, "--days", "366"], "--days: must be between 1 and 365"),
    ],
)
def test_the_token_command_refuses_bad_input(
    demo_world: dict[str, User], args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("token", *args, stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_the_token_command_refuses_an_inactive_user(demo_world: dict[str, User]) -> None:
    User.objects.filter(username=USERNAME).update(is_active=False)
    with pytest.raises(CommandError):
        call_command("token", USERNAME, stdout=io.StringIO())
    assert not ApiToken.objects.exists()
