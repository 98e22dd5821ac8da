"""Every rule of law is documented, cited and dated; and the settings of the unverified ones
reach the rules."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import override_settings

from kotopolku.casework import rules

DOC = Path(__file__).resolve().parents[2] / "docs" / "casework.md"


@pytest.mark.parametrize("version", rules.ALL_RULES, ids=lambda v: v.id)
def test_every_rule_is_in_the_casework_doc_with_its_legal_reference(
    version: rules.RuleVersion,
) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"`{version.id}`" in text
    assert version.legal_reference
    assert version.source.startswith("http")
    assert version.valid_from == datetime.date(2025, 1, 1)


def test_the_unverified_rules_are_marked_so_in_the_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    for version in rules.ALL_RULES:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{version.id}`"))
        assert ("**" in row.split("|")[-2]) is (not version.verified), version.id


@override_settings(ASSESSMENT_START_MONTHS=3, PLAN_AFTER_ASSESSMENT_DAYS=7, PLAN_REVIEW_MONTHS=12)
def test_the_limits_come_from_the_settings() -> None:
    assert rules.Limits.from_settings() == rules.Limits(3, 7, 12)


def test_the_default_limits_are_the_documented_ones() -> None:
    assert rules.Limits.from_settings() == rules.Limits(2, 14, 6)
