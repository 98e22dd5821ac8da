"""One action signature everywhere (issue 13): a state change is `do_<verb>_<noun>(..., *, acting_user)`.

Fails when a public function of an actions module (`kotopolku/<app>/actions.py`,
`kotopolku/<app>/actions/*.py`) changes state but is not named `do_*`, or when a public `do_*`
function does not take `acting_user` keyword-only. How a function is found to change state, and
what counts as a read-only helper, is in tests/architecture/actions.py. A function listed in ALLOWED
is left alone; the list may only shrink: an entry whose function is gone fails too.
"""

from __future__ import annotations

from pathlib import Path

from tests.architecture import actions

# A shared building block of one app's actions: it writes inside an action's transaction, with the
# acting user the action passes on; nothing outside the app's actions package calls it.
BUILDING_BLOCK = "building block of the app's own actions, called inside their transaction"
# Sign-in bookkeeping: the user is the subject, and before the sign-in there is no acting user.
SIGN_IN = "sign-in bookkeeping of the user signing in (no acting user but the subject)"
# A hook implementation registered into a lower app: its signature is the hook's.
HOOK = "implementation of a lower app's hook (its signature is the hook's)"
# Derived data recomputed by the system (a nightly job or after a change): no user acts.
DERIVED = "recomputes derived data for the system; no user acts"

ALLOWED: dict[str, str] = {
    "accounts/actions.py:check_password_with_lockout": SIGN_IN,
    "accounts/actions.py:do_count_failure": SIGN_IN,
    "accounts/actions.py:do_record_login": SIGN_IN,
    "accounts/actions.py:do_reset_failures": SIGN_IN,
    "accounts/actions.py:do_record_logout": SIGN_IN,
    "casework/actions/common.py:create_logged": BUILDING_BLOCK,
    "casework/actions/common.py:update_logged": BUILDING_BLOCK,
    "casework/actions/deadlines.py:refresh_deadlines": DERIVED,
    "casework/actions/deadlines.py:refresh_all_deadlines": DERIVED,
    "casework/actions/register.py:authority_changed": HOOK,
    "casework/actions/register.py:facts_changed": HOOK,
    "casework/actions/register.py:move_records": HOOK,
    "casework/actions/register.py:daily_refresh": HOOK,
    "catalog/actions/common.py:write_values": BUILDING_BLOCK,
    "catalog/actions/common.py:log_service": BUILDING_BLOCK,
    "catalog/actions/common.py:close_pending": BUILDING_BLOCK,
    "catalog/actions/common.py:decide": BUILDING_BLOCK,
    "clients/actions.py:refresh_all": DERIVED,
    "programme/actions/common.py:log_change": BUILDING_BLOCK,
    "programme/actions/common.py:edit_draft": BUILDING_BLOCK,
    "programme/actions/content.py:write_answers": BUILDING_BLOCK,
    "programme/actions/content.py:write_partners": BUILDING_BLOCK,
    "programme/actions/content.py:write_rows": BUILDING_BLOCK,
    "referrals/actions.py:link_new_plan_row": HOOK,
}


def test_every_state_change_in_an_actions_module_is_a_do_action() -> None:
    found = actions.problems(actions.all_functions(), ALLOWED)
    assert found == [], "\n".join(found)


def test_the_detector_sees_the_known_actions_as_state_changes() -> None:
    """The check is not vacuous: the real actions are found to change state."""
    found = actions.all_functions()
    writing = actions.state_changing(found)
    for key in (
        "catalog/actions/services.py:do_create_service",
        "catalog/actions/revisions.py:do_decide_revision",
        "catalog/actions/extras.py:do_add_wish",
        "clients/actions.py:do_set_status",
        "referrals/actions.py:do_create_referral",
        "programme/actions/lifecycle.py:do_publish",
    ):
        assert key in writing, key
    assert "catalog/actions/revisions.py:fingerprint" not in writing
    assert "clients/actions.py:exempt_bases" not in writing


def _plant(root: Path, rel: str, source: str) -> list[str]:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return actions.problems(actions.all_functions(root), {})


def test_an_atomic_function_with_the_user_first_fails(tmp_path: Path) -> None:
    source = (
        "from django.db import transaction\n\n"
        "@transaction.atomic\n"
        "def create_service(user, owner, data):\n"
        "    return owner\n"
    )
    assert _plant(tmp_path, "catalog/actions/services.py", source) == [
        "kotopolku/catalog/actions/services.py:4 create_service changes state but is not named "
        "do_<verb>_<noun>",
        "kotopolku/catalog/actions/services.py:4 create_service does not take a keyword-only "
        "acting_user",
    ]


def test_a_do_action_with_a_positional_acting_user_fails(tmp_path: Path) -> None:
    source = "def do_add_wish(acting_user, organisation, text):\n    organisation.save()\n"
    assert _plant(tmp_path, "catalog/actions.py", source) == [
        "kotopolku/catalog/actions.py:1 do_add_wish does not take a keyword-only acting_user"
    ]


def test_a_helper_that_calls_an_action_changes_state(tmp_path: Path) -> None:
    source = (
        "def _write(x):\n    x.save()\n\n"
        "def tidy(x):\n    _write(x)\n\n"
        "def publish(x):\n    do_publish(x, acting_user=None)\n"
    )
    assert _plant(tmp_path, "orgs/actions.py", source) == [
        "kotopolku/orgs/actions.py:4 tidy changes state but is not named do_<verb>_<noun>",
        "kotopolku/orgs/actions.py:4 tidy does not take a keyword-only acting_user",
        "kotopolku/orgs/actions.py:7 publish changes state but is not named do_<verb>_<noun>",
        "kotopolku/orgs/actions.py:7 publish does not take a keyword-only acting_user",
    ]


def test_read_only_helpers_and_proper_actions_pass(tmp_path: Path) -> None:
    source = (
        "from django.db import transaction\n\n"
        "def fingerprint(x):\n    values = {}\n    values.update(a=1)\n    return x.objects.filter()\n\n"
        "@transaction.atomic\n"
        "def do_create_place(owner, data, *, acting_user):\n"
        "    return owner.places.create(**data)\n"
    )
    assert _plant(tmp_path, "catalog/actions/extras.py", source) == []


def test_an_allowed_entry_that_is_gone_must_leave_the_list(tmp_path: Path) -> None:
    (tmp_path / "orgs").mkdir()
    (tmp_path / "orgs" / "actions.py").write_text("def f():\n    pass\n", encoding="utf-8")
    found = actions.problems(actions.all_functions(tmp_path), {"orgs/actions.py:gone": "x"})
    assert found == [
        "orgs/actions.py:gone is in ALLOWED but is no public function of an actions module any "
        "more: remove it"
    ]
