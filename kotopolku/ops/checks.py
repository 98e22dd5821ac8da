"""System checks that keep the product's contracts."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, Warning, register

from kotopolku.access.coverage import missing_policies, stale_policies


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
