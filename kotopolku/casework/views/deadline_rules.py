"""The deadline rules page: each kind of casework deadline with the rule in force, its
section, its numbers and where they come from (the law, or the organisation's own target and
its setting), and whether the rule is verified against the act. The notes that a deadline
is not verified live here, once, instead of on every caseload row (issue 15)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotopolku.casework import rule_versions, rules
from kotopolku.casework.labels import DEADLINE_LABELS
from kotopolku.clients.rules import WINDOW_BOUND_STEPS
from kotopolku.core.rulebook import NoRuleInForce, in_force
from kotopolku.core.types import AuthenticatedRequest


def rule_rows(today: Any) -> list[dict[str, Any]]:
    """One row per deadline kind: the version in force `today` (the first of the current
    act when none judges yet) and how its numbers are set."""
    limits = rules.Limits.from_settings()
    settings_of = {(o.parameter, v.id): o for o in rule_versions.overrides() for v in o.versions}
    out = []
    for kind, versions in rules.deadline_rules().items():
        try:
            version = in_force(versions, today)
        except NoRuleInForce:
            version = rule_versions.first_judging(versions)
        if not version.judged:
            version = rule_versions.first_judging(versions)
        numbers = []
        own_target = False
        for parameter in version.params:
            override = settings_of.get((parameter.name, version.id))
            value = parameter.describe()
            setting = ""
            if parameter.own_target:
                own_target = True
                if override is not None:
                    setting = f"KOTOPOLKU_{override.setting}"
                    value = f"{limits.number(override.field, today)} {parameter.unit.value}"
            numbers.append({"name": parameter.name, "value": value, "setting": setting})
        out.append(
            {
                "kind": kind,
                "label": DEADLINE_LABELS.get(kind, kind),
                "reference": _(version.legal_reference),
                "rule_id": version.id,
                "valid_from": version.valid_from,
                "numbers": numbers,
                "verified": version.verified,
                "own_target": own_target,
                "window_bound": kind in WINDOW_BOUND_STEPS,
            }
        )
    return out


@require_GET
def deadline_rules(request: AuthenticatedRequest) -> Any:
    """The deadline rules in force (no personal data)."""
    return render(
        request,
        "casework/deadline_rules.html",
        {"rows": rule_rows(timezone.localdate())},
    )
