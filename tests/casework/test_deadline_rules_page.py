"""The deadline rules page (issue 15): whether a deadline's rule is verified, and which
numbers are the organisation's own targets, is said here once, not on every deadline row."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.test import override_settings

from kotopolku.casework import rules
from kotopolku.casework.labels import DEADLINE_LABELS
from kotopolku.clients.models import Client

PAGE = "/clients/deadline-rules/"


def _row(html: str, kind: str) -> str:
    match = re.search(rf'<tr data-kind="{kind}">(.*?)</tr>', html, re.S)
    assert match, kind
    return match.group(1)


def test_every_deadline_kind_is_listed_with_its_verification(
    sign_in: Callable[[str], HttpClient],
) -> None:
    response = sign_in("counsellor.joensuu").get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="rules-caption"' in html
    for kind in rules.Kind.ALL:
        row = _row(html, kind)
        assert str(DEADLINE_LABELS[kind]) in row
        assert '<th scope="row">' in row
    # the assessment's start is the organisation's own target, with its setting
    start = _row(html, rules.Kind.ASSESSMENT_START)
    assert 'data-verified="no"' in start
    assert "no: the organisation's own target" in start
    assert "KOTOPOLKU_ASSESSMENT_START_MONTHS" in start
    assert "Lapses when the integration window ends" in start
    # six months to direct the client to services is the law's, verified
    services = _row(html, rules.Kind.SERVICES_DIRECTED)
    assert 'data-verified="yes"' in services
    assert "Lapses when" not in services


@override_settings(ASSESSMENT_START_MONTHS=3)
def test_the_page_shows_the_number_in_effect(sign_in: Callable[[str], HttpClient]) -> None:
    html = sign_in("counsellor.joensuu").get(PAGE).content.decode()
    assert "3 months" in _row(html, rules.Kind.ASSESSMENT_START)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager.joensuu", 200), ("coordinator.joensuu", 200), ("ngo.spr", 404)],
)
def test_who_sees_the_rules(
    sign_in: Callable[[str], HttpClient], persona: str, status: int
) -> None:
    assert sign_in(persona).get(PAGE).status_code == status


def test_the_client_page_rows_carry_no_unverified_notes_but_link_the_rules(
    counsellor: HttpClient, joensuu_client: Client
) -> None:
    html = counsellor.get(f"/clients/{joensuu_client.pk}/").content.decode()
    deadlines = html[html.index('<ul class="deadlines">') :]
    deadlines = deadlines[: deadlines.index("</ul>")]
    assert 'data-kind="assessment_start"' in deadlines
    # the reference of an unverified rule (the organisation's own target) is not on the row
    assert "own target" not in deadlines
    assert "unverified" not in deadlines
    # a verified rule keeps its section
    assert "Act 681/2023 ss. 14 and 16" in deadlines
    assert f'href="{PAGE}"' in html
