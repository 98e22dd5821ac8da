"""The integration window: three years from the first permit, exempt bases without an end,
the cited rule version, and the stored end date on the client."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.clients import actions, rules
from kotopolku.clients.models import Client, ImmigrationBasis
from kotopolku.core.rulebook import NoRuleInForce, RuleVersion, in_force
from tests.clients.conftest import persona_context

D = datetime.date
EXEMPT = ("trafficking_victim",)
NON_EXEMPT = [b for b in ImmigrationBasis.values if b not in EXEMPT]


def end(first: D | None, basis: str = "quota_refugee", **kw: Any) -> D | None:
    return rules.integration_window_end(
        first, basis, exempt_bases=kw.get("exempt", EXEMPT), today=kw.get("today", D(2025, 6, 1))
    )


def within(first: D | None, day: D, basis: str = "quota_refugee") -> bool:
    return rules.within_window(first, basis, day, exempt_bases=EXEMPT)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (D(2024, 5, 2), D(2027, 5, 2)),
        (D(2022, 1, 1), D(2025, 1, 1)),
        (D(2025, 12, 31), D(2028, 12, 31)),
        (D(2023, 3, 1), D(2026, 3, 1)),
    ],
)
def test_the_window_ends_three_years_after_the_first_permit(first: D, last: D) -> None:
    assert end(first) == last


@pytest.mark.parametrize("basis", NON_EXEMPT)
def test_every_basis_but_the_exempt_ones_has_a_three_year_window(basis: str) -> None:
    assert end(D(2024, 5, 2), basis) == D(2027, 5, 2)


def test_a_window_starting_on_29_february_ends_on_28_february() -> None:
    assert end(D(2024, 2, 29)) == D(2027, 2, 28)
    assert rules.add_years(D(2024, 2, 29), 3) == D(2027, 2, 28)
    assert rules.add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)


def test_a_window_starting_on_28_february_ends_on_28_february() -> None:
    assert end(D(2023, 2, 28)) == D(2026, 2, 28)


def test_the_last_day_of_the_window_is_inside_it_and_the_next_day_is_not() -> None:
    first = D(2024, 5, 2)
    assert within(first, D(2027, 5, 2)) is True
    assert within(first, D(2027, 5, 3)) is False


def test_the_first_permit_date_is_inside_the_window_and_the_day_before_is_not() -> None:
    first = D(2024, 5, 2)
    assert within(first, first) is True
    assert within(first, D(2024, 5, 1)) is False


def test_the_window_of_a_29_february_start_closes_after_28_february() -> None:
    first = D(2024, 2, 29)
    assert within(first, D(2027, 2, 28)) is True
    assert within(first, D(2027, 3, 1)) is False


def test_a_window_without_a_first_permit_date_is_unknown_and_never_open() -> None:
    assert end(None) is None
    assert within(None, D(2025, 6, 1)) is False


def test_an_exempt_basis_has_no_end_and_is_always_within_the_window() -> None:
    assert end(D(2020, 1, 1), "trafficking_victim") is None
    assert within(D(2020, 1, 1), D(2030, 1, 1), "trafficking_victim") is True
    assert within(None, D(2030, 1, 1), "trafficking_victim") is True


def test_the_exempt_bases_are_a_parameter_of_the_rule() -> None:
    assert end(D(2024, 5, 2), "quota_refugee", exempt=("quota_refugee",)) is None
    assert end(D(2024, 5, 2), "trafficking_victim", exempt=()) == D(2027, 5, 2)


def test_the_window_rule_cites_its_law_and_is_in_force_from_2025() -> None:
    version = in_force(rules.WINDOW_RULES, D(2025, 1, 1))
    assert isinstance(version, RuleVersion)
    assert version.valid_from == D(2025, 1, 1)
    assert "681/2023" in version.legal_reference
    assert version.title
    assert version.source.startswith("https://")
    assert version.param("years") == 3
    assert in_force(rules.WINDOW_RULES, D(2031, 7, 1)) is version


def test_before_2025_the_previous_act_version_is_in_force_and_does_not_judge() -> None:
    old = in_force(rules.WINDOW_RULES, D(2024, 12, 31))
    assert old.under_previous_act and not old.judged
    assert old.valid_from == rules.PREVIOUS_ACT_FROM == D(2011, 9, 1)
    with pytest.raises(NoRuleInForce):
        in_force(rules.WINDOW_RULES, D(2011, 8, 31))


def test_a_permit_before_2025_is_measured_by_the_rule_in_force_today() -> None:
    assert end(D(2021, 6, 15), today=D(2025, 1, 1)) == D(2024, 6, 15)


def test_in_force_picks_the_version_valid_on_the_day() -> None:
    old = RuleVersion("a", "A rule", "Act 1/2025", D(2025, 1, 1), valid_to=D(2026, 12, 31))
    new = RuleVersion("b", "A rule", "Act 2/2026", D(2027, 1, 1))
    assert in_force((old, new), D(2026, 12, 31)) is old
    assert in_force((old, new), D(2027, 1, 1)) is new
    with pytest.raises(NoRuleInForce, match="A rule"):
        in_force((old, new), D(2024, 12, 31))


def test_the_default_exempt_basis_is_trafficking_victim(settings: Any) -> None:
    from kotopolku.config import settings as project_settings

    assert project_settings.WINDOW_EXEMPT_BASES == ["trafficking_victim"]
    assert actions.exempt_bases() == tuple(settings.WINDOW_EXEMPT_BASES)


# --- the stored end date -------------------------------------------------------------------


def test_a_new_client_stores_the_end_of_the_window(add_client: Callable[..., Client]) -> None:
    client = add_client(first_permit_date="2024-02-29")
    client.refresh_from_db()
    assert client.integration_window_end == D(2027, 2, 28)


def test_a_client_of_an_exempt_basis_stores_no_end(add_client: Callable[..., Client]) -> None:
    client = add_client(immigration_basis="trafficking_victim", mother_tongue="th")
    client.refresh_from_db()
    assert client.integration_window_end is None


def test_correcting_the_first_permit_date_moves_the_end(
    add_client: Callable[..., Client], world: dict[str, Any]
) -> None:
    client = add_client(first_permit_date="2024-05-02")
    user = world["counsellor.joensuu"]
    with acting(view="test", **persona_context(user)):
        changed = actions.do_update_client(
            client, {"first_permit_date": D(2023, 9, 1)}, acting_user=user
        )
    assert changed["integration_window_end"] == ["2027-05-02", "2026-09-01"]
    client.refresh_from_db()
    assert client.integration_window_end == D(2026, 9, 1)


def test_a_configured_exempt_basis_loses_its_end_on_the_next_update(
    add_client: Callable[..., Client], world: dict[str, Any], settings: Any
) -> None:
    client = add_client(first_permit_date="2024-05-02", immigration_basis="quota_refugee")
    assert client.integration_window_end == D(2027, 5, 2)
    settings.WINDOW_EXEMPT_BASES = ["trafficking_victim", "quota_refugee"]
    user = world["counsellor.joensuu"]
    with acting(view="test", **persona_context(user)):
        changed = actions.do_update_client(client, {"phone": "+358 40 1234567"}, acting_user=user)
    assert changed["integration_window_end"] == ["2027-05-02", None]
    client.refresh_from_db()
    assert client.integration_window_end is None
    event = ChangeEvent.objects.filter(client_id=client.pk, action="update").latest("id")
    assert event.changes["integration_window_end"] == ["2027-05-02", None]


def test_a_configured_exempt_basis_loses_its_end_in_the_daily_refresh(
    add_client: Callable[..., Client], settings: Any
) -> None:
    client = add_client(first_permit_date="2024-05-02", immigration_basis="work")
    settings.WINDOW_EXEMPT_BASES = ["work"]
    assert actions.refresh_all() >= 1
    client.refresh_from_db()
    assert client.integration_window_end is None
