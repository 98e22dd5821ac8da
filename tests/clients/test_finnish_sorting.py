"""Names sort in Finnish order on PostgreSQL (ICU collation fi-x-icu): Z < Å < Ä < Ö."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kotopolku.clients import queries
from kotopolku.clients.models import Client
from tests.conftest import is_postgres

pytestmark = pytest.mark.skipif(not is_postgres(), reason="ICU collations are PostgreSQL's")


def test_the_caseload_sorts_names_in_finnish_order(
    add_client: Callable[..., Client], world: Any
) -> None:
    for last in ("Öhman", "Zetterberg", "Äijälä", "Åberg", "Aalto"):
        add_client(first_name="Testi", last_name=last)
    qs = queries.apply(
        Client.objects.filter(current_counsellor=world["counsellor.joensuu"]),
        queries.CaseloadFilter(sort="name"),
    )
    assert [c.last_name for c in qs] == ["Aalto", "Zetterberg", "Åberg", "Äijälä", "Öhman"]
