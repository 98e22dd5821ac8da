"""Fixtures for the security review's tests (issue 11): the client-register world
(organisations and logins loaded once per module) and its helpers."""

from tests.clients.conftest import (  # noqa: F401 (fixtures)
    _world_db,
    add_client,
    sign_in,
    token_for,
    world,
)
