"""System checks that keep the product's contracts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from kotopolku.casework import rule_versions
from kotopolku.ops.coverage import missing_policies, stale_policies


@register(Tags.security)
def check_access_policy_coverage(app_configs: Any, **kwargs: Any) -> list[Any]:
    """Every route and API operation must have an entry in kotopolku.access.policy."""
    problems: list[Any] = [
        Error(
            f"{item} has no access policy entry",
            hint="Add it to kotopolku/access/policy.py",
            id="kotopolku.E001",
        )
        for item in missing_policies()
    ]
    problems += [
        Warning(f"{item} is in the access policy but no such route exists", id="kotopolku.W001")
        for item in stale_policies()
    ]
    return problems


@register()
def check_rule_overrides(app_configs: Any, **kwargs: Any) -> list[Any]:
    """A setting may only override a rule's number that the rulebook marks as the
    organisation's own target; an override of a number of the law is refused."""
    values = {o.setting: getattr(settings, o.setting, None) for o in rule_versions.overrides()}
    return [
        Error(
            message,
            hint="A number of the law changes only with a new rule version in the rulebook "
            "(kotopolku/casework/rule_versions.py).",
            id="kotopolku.E010",
        )
        for message in rule_versions.override_errors(values)
    ]
