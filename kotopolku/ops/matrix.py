"""The permission matrix (role x route x own unit / other unit / other municipality).

Generated from `kotopolku.access.policy`; `expected()` is what the generated tests check
against the running views, and `render_markdown()` writes docs/permissions.md.
"""

from __future__ import annotations

import inspect
from enum import StrEnum

from kotopolku.access.policy import API, PAGES, Audience, Rule, Scope
from kotopolku.access.registry import scope_modules
from kotopolku.ops.coverage import api_operations
from kotopolku.orgs.models import Role


class Where(StrEnum):
    OWN_UNIT = "own unit"
    OTHER_UNIT = "other unit, same organisation"
    OTHER_MUNICIPALITY = "other municipality"


# Which of the three object positions each scope reaches.
_REACH: dict[Scope, frozenset[Where]] = {
    Scope.NONE: frozenset(Where),
    Scope.SELF: frozenset({Where.OWN_UNIT}),
    Scope.UNIT: frozenset({Where.OWN_UNIT}),
    Scope.ORGANISATION: frozenset({Where.OWN_UNIT, Where.OTHER_UNIT}),
    Scope.REGION: frozenset({Where.OWN_UNIT, Where.OTHER_UNIT}),
    Scope.INSTALLATION: frozenset(Where),
}


def expected(rule: Rule, role: str | None, where: Where = Where.OWN_UNIT) -> str:
    """'allow', 'login' (anonymous must log in first) or 'not found'."""
    if rule.audience in (Audience.PUBLIC, Audience.ANONYMOUS_FLOW):
        return "allow"
    if role is None:
        return "login"
    if not rule.allows_role(frozenset({role})):
        return "not found"
    if rule.scope == Scope.REGION and role == Role.SYSTEM_ADMIN:
        return "allow"
    return "allow" if where in _REACH[rule.scope] else "not found"


def _cell(rule: Rule, role: str) -> str:
    marks = []
    for where in Where:
        marks.append("✓" if expected(rule, role, where) == "allow" else "–")
    return "".join(marks)


# The rules that are not a cell of the matrix (issue 11). Kept here so that the generated
# document states them next to the matrix they qualify.
RULES = """\
## Rules beyond the matrix

### Log reports

The client's access-log report (page, print view, `GET /api/v1/clients/{id}/access-log`), the
change log (`/audit/changes/`), one user's activity (`/audit/users/<u>/`) and
`GET /api/v1/audit/access-events` show **who, when, in which role and organisation, which
record, which fields and why** — never the values of the client's data. The old and new values
of a change appear only where the viewer may read that record on the client's own pages: the
client is visible to them (`clients.scopes.visible_clients`), and the record is of the part of
the case they read (a wellbeing-county worker reads the register facts, the assessment and the
plan, not the contacts, consents, hand-overs or referrals). The rule is
`clients.scopes.change_values_readable`, the same scope rule the client pages use. Changes
without a client (staff accounts, organisations, the tray) show their values to the auditors
who may open the report. Whenever a report shows a client's change values, that read is itself
logged with its purpose (`access-log report: change values`, `audit: change values`).
Identity codes are in the change log only masked (`010190-9…`) with a keyed hash.

### Duplicates

The duplicate check on the new-client form, `POST /api/v1/clients` and
`PATCH /api/v1/clients/{id}` tells only what the user may see:

- a probable duplicate by names and date of birth is looked for among the clients the user may
  see; a match anywhere else takes the same path as no match, and the two records are merged
  later by the organisation responsible for the client;
- a henkilötunnus belongs to one person and the register keeps one record per code, so a code
  registered to a client the user may not see is refused too; the answer names no record,
  unit or organisation, and the check is logged as a read of the matched client
  (`duplicate check: henkilötunnus already registered`), so the client's access-log report
  shows who asked.

### Role grants

Roles that read client data (counsellor, unit manager, employment-area worker, wellbeing-county
worker, auditor) are never self-service: nobody may ask for one for themselves, and every
grant waits as a pending grant until a second person confirms it — a unit manager of that unit
(or of a unit above it) or another system administrator, never the one who asked nor the user
who gets it (`accounts.scopes.may_confirm_grant`). Other roles are given at once. A changed
e-mail address is told to the old address. Auditors see the role grants of their
organisation's units and the e-mail changes of its staff at the top of their start page and on
`/accounts/events/`.

### Sign-in

Unknown users, wrong passwords, locked accounts and throttled addresses get the same answer
and the same password-hashing work. Failed sign-ins are counted per client address (any
usernames) and per account: a lock caused from one address blocks only that address, failures
from several addresses lock every address and suspend the account's API tokens; a password
reset revokes the tokens made before it.
"""


def render_markdown() -> str:
    roles = list(Role.values)
    lines = [
        "# Permission matrix",
        "",
        "Generated by `kotopolku access_matrix --write` from `kotopolku/access/policy.py`; do not edit.",
        "A test fails when this file is out of date.",
        "",
        "Each cell has three marks for an object in the user's **own unit**, in **another unit of the",
        "same organisation**, and in **another municipality** (one the user's organisations do not",
        "serve): ✓ allowed, – answers 404. Anonymous users are sent to log in (pages) or get 401 (API)",
        "unless the route is public. ⟳ marks dangerous actions that ask for the password again.",
        "",
        "| route | audience | scope | " + " | ".join(roles) + " |",
        "|---" * (3 + len(roles)) + "|",
    ]

    def row(label: str, rule: Rule) -> str:
        audience = rule.audience.value + (" ⟳" if rule.reauth else "")
        cells = [_cell(rule, role) if rule.needs_login else "public" for role in roles]
        return f"| `{label}` | {audience} | {rule.scope.value} | " + " | ".join(cells) + " |"

    for name in sorted(PAGES):
        lines.append(row(name, PAGES[name]))
    for op_id, method, path in api_operations():
        rule = API.get(op_id)
        if rule is not None:
            lines.append(row(f"{method} {path}", rule))
    lines.append("")
    lines.append(RULES)
    lines.extend(_object_rules())
    return "\n".join(lines)


def _object_rules() -> list[str]:
    """The object rules of every app, from `access.registry`: module and its public
    functions with the first line of each docstring."""
    lines = [
        "",
        "## Object rules",
        "",
        "Which objects a user reaches inside a route's scope. `access.scopes` holds the rules about",
        "organisations, units and roles; each app above it keeps the rules of its own objects in",
        "its `scopes.py` and registers it in `access.registry` (in its `AppConfig.ready()`).",
        "",
    ]
    for label, module in scope_modules().items():
        lines.append(f"### `{module.__name__}` ({label})")
        lines.append("")
        for name, func in sorted(vars(module).items()):
            if name.startswith("_") or not inspect.isfunction(func):
                continue
            if func.__module__ != module.__name__:
                continue
            doc = (inspect.getdoc(func) or "").split("\n\n")[0].replace("\n", " ")
            lines.append(f"- `{name}`: {doc}" if doc else f"- `{name}`")
        lines.append("")
    return lines
