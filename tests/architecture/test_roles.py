"""Every permission question and role list lives in access (issue 13, "enforce what is declared").

Fails on a role list or a role check outside `kotopolku/access/` and the apps' registered
`scopes.py` modules (what counts: tests/architecture/roles.py). A page, an API handler or an action
that needs to know something about a user's roles asks a function of `access.scopes` (or of its
app's `scopes.py`), and a role list is a constant of `access.policy`. ALLOWED lists the findings left
on purpose, with their reason; the list may only shrink.
"""

from __future__ import annotations

from pathlib import Path

from tests.architecture import roles

# (file under kotopolku/, what): how often it may occur, and why.
ALLOWED: dict[tuple[str, str], tuple[int, str]] = {
    ("ops/matrix.py", "compares with a role or a role list"): (
        1,
        "the generated permission matrix (docs/permissions.md) computes the expected answer of "
        "each cell from access.policy on its own, as a check of what access enforces",
    ),
}


def problems(found: list[roles.Finding]) -> list[str]:
    counts: dict[tuple[str, str], int] = {}
    out: list[str] = []
    for f in found:
        key = (f.path, f.what)
        counts[key] = counts.get(key, 0) + 1
        if key not in ALLOWED:
            out.append(f"{f}: ask a function of access.scopes (or the app's scopes.py) instead")
    for key, (limit, _why) in ALLOWED.items():
        if counts.get(key, 0) != limit:
            out.append(
                f"{key} is allowed {limit} time(s) but occurs {counts.get(key, 0)}: "
                "lower or remove its entry in tests/architecture/test_roles.py"
            )
    return out


def test_role_lists_and_checks_live_in_access() -> None:
    found = problems(roles.findings())
    assert found == [], "\n".join(found)


def test_the_role_lists_of_the_policy_are_known() -> None:
    lists = roles.role_lists()
    assert {"CASEWORK_ROLES", "CASEWORK_WRITERS", "CATALOG_EDITORS", "REFERRERS"} <= lists
    assert "PAGES" not in lists and "API" not in lists


def _found(tmp_path: Path, rel: str, source: str) -> list[str]:
    (tmp_path / "access").mkdir(exist_ok=True)
    (tmp_path / "access" / "policy.py").write_text(
        "from kotopolku.orgs.models import Role\nR = Role\n"
        "CASEWORK_ROLES = (R.COUNSELLOR, R.UNIT_MANAGER)\nREFERRERS = CASEWORK_ROLES\n",
        encoding="utf-8",
    )
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return [str(f) for f in roles.findings(tmp_path)]


def test_a_role_tuple_and_a_has_role_in_a_view_are_found(tmp_path: Path) -> None:
    source = (
        "from kotopolku.orgs.models import Role\n"
        "EDITORS = (Role.NGO_PARTNER, Role.COORDINATOR)\n"
        "def view(request):\n"
        "    return request.user.has_role(*EDITORS)\n"
    )
    assert _found(tmp_path, "catalog/views/browse.py", source) == [
        "kotopolku/catalog/views/browse.py:2 defines a role list",
        "kotopolku/catalog/views/browse.py:4 checks a role (has_role)",
    ]


def test_membership_tests_and_role_queries_are_found(tmp_path: Path) -> None:
    source = (
        "from kotopolku.access.policy import CASEWORK_ROLES, REFERRERS\n"
        "from kotopolku.orgs.models import Role as X\n"
        "def f(m, qs, scopes, user):\n"
        "    a = m.role in CASEWORK_ROLES\n"
        "    b = m.role == X.AUDITOR\n"
        "    c = qs.filter(role__in=REFERRERS)\n"
        "    return scopes.unit_ids(user, roles=CASEWORK_ROLES)\n"
    )
    assert sorted(_found(tmp_path, "referrals/actions.py", source)) == [
        "kotopolku/referrals/actions.py:4 compares with a role or a role list",
        "kotopolku/referrals/actions.py:5 compares with a role or a role list",
        "kotopolku/referrals/actions.py:6 asks about a role or role list (role__in=)",
        "kotopolku/referrals/actions.py:7 asks about a role or role list (roles=)",
    ]


def test_access_scopes_modules_and_role_writes_are_no_findings(tmp_path: Path) -> None:
    asks = (
        "from kotopolku.orgs.models import Role\ndef f(u):\n    return u.has_role(Role.AUDITOR)\n"
    )
    writes = (
        "from kotopolku.orgs.models import Membership, Role\n"
        "from kotopolku.catalog.models import Service\n"
        "R = Service.Status\n"
        "def f(u, unit, spec, qs, r):\n"
        "    Membership(user=u, unit=unit, role=Role.COUNSELLOR)\n"
        "    qs.filter(role=spec.role)\n"
        "    return r.status == R.PENDING\n"
    )
    assert _found(tmp_path, "access/scopes.py", asks) == []
    assert _found(tmp_path, "clients/scopes.py", asks) == []
    assert _found(tmp_path, "ops/synth.py", writes) == []


def test_an_allowed_entry_that_went_away_must_leave_the_list() -> None:
    found = problems([])
    assert found == [
        "('ops/matrix.py', 'compares with a role or a role list') is allowed 1 time(s) but "
        "occurs 0: lower or remove its entry in tests/architecture/test_roles.py"
    ]
