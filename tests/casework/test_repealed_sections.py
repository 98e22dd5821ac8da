"""No rule, label or text cites a section of Act 681/2023 that was repealed before the act
came into force (Act 1100/2024; DOMAIN.md 0.1 C1)."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from kotopolku.casework import rule_versions
from kotopolku.casework.models import WellbeingRequest
from kotopolku.clients import rules as client_rules
from kotopolku.core.rulebook import RuleVersion
from kotopolku.referrals.rules import LEGAL_BASES

# Repealed by Act 1100/2024 (HE 192/2024, HaVM 24/2024): the multi-professional assessment
# (s. 15) and plan (s. 17), s. 13(3), s. 21, s. 48 and s. 63(3).
REPEALED = frozenset({"15", "17", "13(3)", "21", "48", "63(3)"})

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kotopolku"

# "Act 681/2023 s. 14", "ss. 14 and 16", "ss. 14-17", "s. 13(3)", "s. 32 a"
ENGLISH = re.compile(
    r"681/2023,?\s+ss?\.\s+((?:\d+(?:\s?[a-z]\b)?(?:\(\d+\))?(?:\s*[-–]\s*\d+)?"
    r"(?:\s*(?:,|and)\s*)?)+)"
)
# "laki 681/2023, 15 §", "681/2023, 14–17 §", "lag 681/2023, 14 och 16 §"
NORDIC = re.compile(
    r"681/2023,?\s+((?:\d+(?:\s?[a-z]\b)?(?:\s*[-–]\s*\d+)?(?:\s*(?:,|ja|och)\s*)?)+)\s*§"
)
# "15 § i lag 681/2023", "14 och 16 § i lag 681/2023"
SWEDISH = re.compile(
    r"((?:\d+(?:\s?[a-z]\b)?(?:\s*[-–]\s*\d+)?(?:\s*(?:,|och)\s*)?)+)\s*§\s+i\s+lag\s+681/2023"
)
SECTION = re.compile(r"(\d+)(?:\s?([a-z])\b)?(\(\d+\))?(?:\s*[-–]\s*(\d+))?")


def cited_sections(text: str) -> set[str]:
    """The sections of Act 681/2023 a text cites, ranges expanded ("14-16" -> 14, 15, 16)."""
    found: set[str] = set()
    for pattern in (ENGLISH, NORDIC, SWEDISH):
        for match in pattern.finditer(text):
            for number, letter, paragraph, until in SECTION.findall(match.group(1)):
                if until:
                    found |= {str(n) for n in range(int(number), int(until) + 1)}
                    continue
                found.add(number + (f" {letter}" if letter else "") + paragraph)
    return found


def repealed_in(text: str) -> set[str]:
    return cited_sections(text) & REPEALED


def _all_rule_versions() -> list[RuleVersion]:
    versions: list[RuleVersion] = list(rule_versions.ALL_RULES)
    for name in dir(client_rules):
        value = getattr(client_rules, name)
        if name.endswith("_RULES") and isinstance(value, tuple):
            versions += [v for v in value if isinstance(v, RuleVersion)]
    return versions


@pytest.mark.parametrize(
    ("text", "sections"),
    [
        ("Act 681/2023 s. 14", {"14"}),
        ("Act 681/2023 ss. 14-17 (assessment and plan)", {"14", "15", "16", "17"}),
        ("Act 681/2023 ss. 14–15", {"14", "15"}),
        ("Act 681/2023 ss. 14 and 16", {"14", "16"}),
        ("Act 681/2023 s. 32 a (HE 21/2024)", {"32 a"}),
        ("Act 681/2023 s. 13(3)", {"13(3)"}),
        ("laki 681/2023, 15 §", {"15"}),
        ("Laki 681/2023, 14–17 §: hyvinvointialueen osuus", {"14", "15", "16", "17"}),
        ("lag 681/2023, 14 och 16 §", {"14", "16"}),
        ("15 § i lag 681/2023: deltagande", {"15"}),
        ("14–17 § i lag 681/2023", {"14", "15", "16", "17"}),
        ("(laki 681/2023)", set()),
        ("Act 1386/2010 s. 15", set()),
    ],
)
def test_the_citation_reader_finds_every_cited_section(text: str, sections: set[str]) -> None:
    assert cited_sections(text) == sections


def test_the_check_catches_a_repealed_citation() -> None:
    assert repealed_in("Act 681/2023 s. 15: the multi-professional plan") == {"15"}
    assert repealed_in("Act 681/2023 ss. 14-17") == {"15", "17"}
    assert repealed_in("Act 681/2023 s. 13(3)") == {"13(3)"}
    assert repealed_in("Act 681/2023 s. 13") == set()  # the section stands, its 3rd paragraph not
    assert repealed_in("Act 681/2023 ss. 14 and 16") == set()


@pytest.mark.parametrize("version", _all_rule_versions(), ids=lambda v: v.id)
def test_no_rule_cites_a_repealed_section(version: RuleVersion) -> None:
    assert not repealed_in(version.legal_reference), version.legal_reference
    assert not repealed_in(version.title), version.title


def test_the_county_request_and_referral_bases_cite_no_repealed_section() -> None:
    labels = [str(label) for _value, label in WellbeingRequest.LegalBasis.choices]
    labels += [str(basis.label) for basis in LEGAL_BASES]
    assert [label for label in labels if repealed_in(label)] == []
    assert "681-2023-s15" not in WellbeingRequest.LegalBasis.values


def test_no_source_file_or_template_cites_a_repealed_section() -> None:
    bad = []
    for path in PACKAGE.rglob("*"):
        if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for line_no, line in enumerate(text.splitlines(), 1):
            if repealed_in(line):
                bad.append(f"{path.relative_to(ROOT)}:{line_no}: {line.strip()}")
    assert bad == []


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_translation_cites_a_repealed_section(language: str) -> None:
    catalogue = polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))
    bad = [
        entry.msgstr
        for entry in catalogue
        if not entry.obsolete and (repealed_in(entry.msgstr) or repealed_in(entry.msgid))
    ]
    assert bad == []
