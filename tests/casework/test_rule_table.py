"""docs/casework.md's rule table is the one generated from the rulebook."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from kotopolku.casework import rule_table, rule_versions
from kotopolku.core.rulebook import Parameter, RuleVersion, Unit

DOC = Path(__file__).resolve().parents[2] / "docs" / "casework.md"


def test_the_committed_rule_table_is_the_generated_one() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert rule_table.replace_table(text) == text, (
        "docs/casework.md's rule table is out of date: run `kotopolku rule_table --write`"
    )


def test_the_table_lists_every_judging_version_once() -> None:
    table = rule_table.render_table()
    for version in rule_table.documented_versions():
        assert table.count(f"| `{version.id}` |") == 1, version.id


def test_a_new_version_appears_in_the_table_with_its_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    current = rule_versions.SERVICES_WITHIN[-1]
    ended = RuleVersion(**{**current.__dict__, "valid_to": datetime.date(2026, 12, 31)})
    new = RuleVersion(
        id="services-within-three-months-2027",
        title="Synthetic 2027 version",
        legal_reference="Act 681/2023 s. 16 as amended (synthetic)",
        valid_from=datetime.date(2027, 1, 1),
        source="https://example.org",
        params=(Parameter("months", 3, Unit.MONTHS),),
    )
    monkeypatch.setattr(
        rule_versions,
        "ALL_RULES",
        (*(v for v in rule_versions.ALL_RULES if v is not current), ended, new),
    )
    table = rule_table.render_table()
    assert (
        "| `services-within-three-months-2027` | Synthetic 2027 version | Act 681/2023 s. 16 as "
        "amended (synthetic) | `months` 3 months | 1.1.2027 | – | yes |"
    ) in table
    assert f"| `{current.id}` |" in table and "| 31.12.2026 |" in table


def test_the_command_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("rule_table")
    assert capsys.readouterr().out.strip() == rule_table.render_table()


def test_a_document_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="no rule-table markers"):
        rule_table.replace_table("# casework\n")
