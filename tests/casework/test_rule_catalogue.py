"""Every rule of law is documented, cited and dated; and the settings of the unverified ones
reach the rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from kotopolku.casework import rule_versions, rules
from kotopolku.clients import rules as client_rules

DOC = Path(__file__).resolve().parents[2] / "docs" / "casework.md"


JUDGING = [v for v in (*rule_versions.ALL_RULES, *client_rules.ASSESSMENT_DUTY_RULES) if v.judged]


@pytest.mark.parametrize("version", JUDGING, ids=lambda v: v.id)
def test_every_rule_is_in_the_casework_doc_with_its_section_and_dates(
    version: rules.RuleVersion,
) -> None:
    text = DOC.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith(f"| `{version.id}`"))
    cells = [c.strip() for c in row.split("|")[1:-1]]
    assert len(cells) == 7, row
    assert version.legal_reference
    assert version.source.startswith("http")
    assert (
        cells[4] == f"{version.valid_from.day}.{version.valid_from.month}.{version.valid_from.year}"
    )
    to = version.valid_to
    assert cells[5] == (f"{to.day}.{to.month}.{to.year}" if to else "–")
    for parameter in version.params:
        assert f"`{parameter.name}` {parameter.describe()}" in cells[3]


def test_the_unverified_rules_are_marked_so_in_the_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    for version in JUDGING:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{version.id}`"))
        verified = row.split("|")[-2]
        assert ("**no" in verified) is (not version.verified), version.id


def test_the_previous_act_versions_are_documented_as_not_judged() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "| `*-1386-2010`" in text
    old = [v for v in rule_versions.ALL_RULES if v.under_previous_act]
    assert old and all(v.id.endswith("-1386-2010") and not v.judged for v in old)


@override_settings(ASSESSMENT_START_MONTHS=3, PLAN_AFTER_ASSESSMENT_DAYS=7, PLAN_REVIEW_MONTHS=12)
def test_the_limits_come_from_the_settings() -> None:
    assert rules.Limits.from_settings() == rules.Limits(3, 7, 12)


@override_settings(PLAN_MAXIMUM_COUNTING="plan_days", PLAN_EXTENSION_MAX_MONTHS=6)
def test_the_reading_of_the_two_year_maximum_comes_from_the_settings() -> None:
    limits = rules.Limits.from_settings()
    assert (limits.plan_maximum_counting, limits.plan_extension_max_months) == ("plan_days", 6)


def test_without_settings_the_limits_are_the_rule_versions_numbers() -> None:
    # unset settings (None) override nothing: the versions' parameters are the numbers
    assert rules.Limits.from_settings() == rules.Limits()
