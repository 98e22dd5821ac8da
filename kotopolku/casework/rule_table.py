"""The rule table of docs/casework.md, generated from the rulebook: every version that
judges, with its section, its numbers (typed parameters) and its validity dates. The table
sits between two markers in the document; `kotopolku rule_table --write` rewrites it, and a
test fails when the committed table differs from the generated one."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from kotopolku.casework import rule_versions
from kotopolku.clients import rules as client_rules
from kotopolku.core.rulebook import RuleVersion

BEGIN = "<!-- rule table: generated from the rulebook by `kotopolku rule_table --write`; do not edit -->"
END = "<!-- end of the rule table -->"


def documented_versions() -> tuple[RuleVersion, ...]:
    """The versions the table lists, in the order of the rulebook: casework's rules, then
    the client register's that are not among them."""
    seen: set[str] = set()
    found: list[RuleVersion] = []
    for version in (
        *rule_versions.ALL_RULES,
        *client_rules.ASSESSMENT_DUTY_RULES,
        *client_rules.AUTHORITY_RULES,
        *client_rules.EDUCATION_STAGE_RULES,
    ):
        if version.judged and version.id not in seen:
            seen.add(version.id)
            found.append(version)
    return tuple(found)


def _day(day: datetime.date | None) -> str:
    return f"{day.day}.{day.month}.{day.year}" if day else "–"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _settings_of(version: RuleVersion) -> dict[str, str]:
    return {
        o.parameter: f"KOTOPOLKU_{o.setting}"
        for o in rule_versions.overrides()
        if any(v.id == version.id for v in o.versions)
    }


def _numbers(version: RuleVersion) -> str:
    settings = _settings_of(version)
    parts = []
    for parameter in version.params:
        text = f"`{parameter.name}` {parameter.describe()}"
        if parameter.own_target:
            setting = settings.get(parameter.name)
            text += f" (own target; `{setting}`)" if setting else " (own target)"
        parts.append(text)
    return "; ".join(parts) or "–"


def _verified(version: RuleVersion) -> str:
    own = [p.name for p in version.params if p.own_target]
    if not version.verified:
        if own:
            return "**no: the organisation's own target**"
        return "**no: unverified**"
    if own:
        return "yes; **" + ", ".join(f"`{name}`" for name in own) + ": the organisation's own**"
    return "yes"


def rows(versions: Iterable[RuleVersion]) -> list[str]:
    return [
        "| "
        + " | ".join(
            (
                f"`{v.id}`",
                _cell(v.title),
                _cell(v.legal_reference),
                _numbers(v),
                _day(v.valid_from),
                _day(v.valid_to),
                _verified(v),
            )
        )
        + " |"
        for v in versions
    ]


def render_table() -> str:
    """The table with its markers."""
    previous = [v for v in rule_versions.ALL_RULES if v.under_previous_act]
    lines = [
        BEGIN,
        "| id | rule | section | numbers | valid from | valid to | verified |",
        "|---|---|---|---|---|---|---|",
        *rows(documented_versions()),
        "| `*-1386-2010` (one per rule above that judges a record) | Records dated under the "
        'previous act are shown "under the previous act 1386/2010", with no deadline, overdue '
        "flag or refusal (C8) | 1386/2010 | – | "
        f"{_day(previous[0].valid_from)} | {_day(previous[0].valid_to)} | – (not judged) |",
        END,
    ]
    return "\n".join(lines)


def replace_table(text: str) -> str:
    """`text` (docs/casework.md) with the generated table between its markers."""
    try:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
    except ValueError:
        raise ValueError("docs/casework.md has no rule-table markers") from None
    return head + render_table() + tail
