"""Sign-in (issue 11 item 4): one answer and the same password work for an unknown user, a
wrong password, a locked account and a throttled address; failures are throttled per client
address as well as per account, and one address cannot lock the owner out; a lock-out of
the account suspends its API tokens, and a password reset revokes the tokens made before it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client as HttpClient

from kotopolku.accounts import actions
from kotopolku.accounts.models import User
from tests.clients.conftest import api
from tests.conftest import PASSWORD

USERNAME = "counsellor.joensuu"
ATTACKER, OWNER, OTHER = "203.0.113.9", "198.51.100.20", "192.0.2.33"


def _browser(address: str) -> HttpClient:
    return HttpClient(REMOTE_ADDR=address)


def _sign_in(browser: HttpClient, username: str = USERNAME, password: str = PASSWORD) -> Any:
    return browser.post("/accounts/login/", {"username": username, "password": password})


def _fail(browser: HttpClient, times: int, username: str = USERNAME) -> None:
    for _ in range(times):
        assert _sign_in(browser, username, "not-the-password").status_code == 200


def _answer(response: Any) -> list[str]:
    assert response.status_code == 200
    return [str(e) for e in response.context["form"].non_field_errors()]


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Count the password hasher's work (the tests use the MD5 hasher)."""
    calls: list[str] = []
    real = MD5PasswordHasher.encode

    def counting(self: MD5PasswordHasher, password: str, salt: str) -> str:
        calls.append(password)
        return real(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    yield calls


def test_unknown_wrong_and_locked_get_the_same_answer_and_the_same_work(
    world: dict[str, User], hashes: list[str]
) -> None:
    browser = _browser(ATTACKER)
    answers = {}
    work = {}
    for case, username, password in (
        ("unknown", "nobody.here", "whatever-1"),
        ("wrong", USERNAME, "whatever-2"),
    ):
        hashes.clear()
        answers[case] = _answer(_sign_in(browser, username, password))
        work[case] = hashes.count(password)
    _fail(browser, settings.LOCKOUT_THRESHOLD)
    assert User.objects.get(username=USERNAME).is_locked_for(ATTACKER)
    hashes.clear()
    answers["locked"] = _answer(_sign_in(browser, USERNAME, "whatever-3"))
    work["locked"] = hashes.count("whatever-3")
    hashes.clear()
    answers["locked, right password"] = _answer(_sign_in(browser, USERNAME, PASSWORD))
    work["locked, right password"] = hashes.count(PASSWORD)
    assert len({tuple(a) for a in answers.values()}) == 1, answers
    assert set(work.values()) == {1}, work


def test_one_address_cannot_lock_the_owner_out(world: dict[str, User]) -> None:
    _fail(_browser(ATTACKER), settings.LOCKOUT_THRESHOLD * 2)
    user = User.objects.get(username=USERNAME)
    assert user.is_locked_for(ATTACKER) and not user.is_locked_for(OWNER)
    assert _sign_in(_browser(ATTACKER)).status_code == 200  # refused there, right password or not
    assert _sign_in(_browser(OWNER)).status_code == 302  # the owner signs in
    # ... and signing in does not free the attacker's address
    assert User.objects.get(username=USERNAME).is_locked_for(ATTACKER)


def test_failures_from_several_addresses_lock_every_address(world: dict[str, User]) -> None:
    _fail(_browser(ATTACKER), settings.LOCKOUT_THRESHOLD - 1)
    _fail(_browser(OTHER), 1)
    user = User.objects.get(username=USERNAME)
    assert user.is_locked_everywhere()
    assert _sign_in(_browser(OWNER)).status_code == 200


def test_an_address_that_tries_many_accounts_is_throttled(
    world: dict[str, User], settings: Any
) -> None:
    settings.LOCKOUT_ADDRESS_THRESHOLD = 6
    browser = _browser(ATTACKER)
    for n in range(6):
        _sign_in(browser, f"guess{n}", "password1")
    # the address is refused even for a right password of an account it never tried ...
    refused = _sign_in(browser, "manager.joensuu")
    assert refused.status_code == 200
    assert not User.objects.get(username="manager.joensuu").is_locked()
    # ... while other addresses are not
    assert _sign_in(_browser(OWNER), "manager.joensuu").status_code == 302


def test_a_lock_out_suspends_the_api_tokens_until_unlocked(
    world: dict[str, User], token_for: Callable[..., str]
) -> None:
    caller = api(token_for(USERNAME))
    assert caller.get("/api/v1/me").status_code == 200
    _fail(_browser(ATTACKER), 1)
    _fail(_browser(OTHER), settings.LOCKOUT_THRESHOLD - 1)  # several addresses: every address
    assert caller.get("/api/v1/me").status_code == 401
    actions.do_unlock_user(User.objects.get(username=USERNAME), acting_user=world["admin"])
    assert caller.get("/api/v1/me").status_code == 200


def test_a_lock_for_one_address_leaves_the_tokens_working(
    world: dict[str, User], token_for: Callable[..., str]
) -> None:
    caller = api(token_for(USERNAME))
    _fail(_browser(ATTACKER), settings.LOCKOUT_THRESHOLD)
    user = User.objects.get(username=USERNAME)
    assert user.is_locked_for(ATTACKER) and not user.is_locked_everywhere()
    response = caller.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == USERNAME


def test_a_password_reset_revokes_the_tokens_made_before_it(
    world: dict[str, User], token_for: Callable[..., str], mailoutbox: list[Any]
) -> None:
    before = api(token_for(USERNAME))
    assert before.get("/api/v1/me").status_code == 200
    browser = HttpClient()
    browser.post("/accounts/password-reset/", {"email": world[USERNAME].email})
    link = next(
        line for line in mailoutbox[-1].body.splitlines() if "/accounts/password-reset/" in line
    )
    path = link[link.index("/accounts/") :].strip()
    form = browser.get(path, follow=True)
    new = "A-new-long-passphrase-2026"
    response = browser.post(form.request["PATH_INFO"], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302, response.content[:500]
    assert before.get("/api/v1/me").status_code == 401
    after = api(token_for(USERNAME))
    assert after.get("/api/v1/me").status_code == 200
