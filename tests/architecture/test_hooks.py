"""The extension points are filled: a lower app calls a hook, and the higher app that must
follow has registered its handler in `AppConfig.ready()` (docs/architecture.md)."""

from __future__ import annotations

from kotopolku.access import menu
from kotopolku.access import scopes as access_scopes
from kotopolku.audit import queries as audit_queries
from kotopolku.audit import search as audit_search
from kotopolku.casework import hooks as casework_hooks
from kotopolku.casework import needs
from kotopolku.casework import scopes as casework_scopes
from kotopolku.casework.actions import register
from kotopolku.casework.views.client_page import (
    caseload_hand_overs,
    caseload_steps,
    client_casework_context,
)
from kotopolku.casework.views.plan_tray import tray_plan_link
from kotopolku.catalog import hooks as catalog_hooks
from kotopolku.clients import hooks as client_hooks
from kotopolku.clients import queries as client_queries
from kotopolku.core import shell
from kotopolku.core.hooks import Hook
from kotopolku.courses.views import client_courses_context
from kotopolku.referrals import plan as referral_plan
from kotopolku.referrals.apps import close_for_withdrawn_consent, open_referrals_to
from kotopolku.referrals.views import caseload_box, client_referrals_context


def test_casework_follows_the_client_register() -> None:
    assert client_hooks.authority_changed.handlers == (register.authority_changed,)
    assert client_hooks.facts_changed.handlers == (register.facts_changed,)
    assert client_hooks.merge_refusal.handlers == (register.plans_overlap,)
    assert client_hooks.merge_move.handlers == (register.move_records,)
    assert client_hooks.daily_refresh.handlers == (register.daily_refresh,)


def test_the_client_page_and_caseload_sections_come_from_casework_and_referrals() -> None:
    assert client_hooks.client_page_context.handlers == (
        client_casework_context,
        client_referrals_context,
        client_courses_context,
    )
    assert client_hooks.caseload_boxes.handlers == (caseload_hand_overs, caseload_box)
    assert client_hooks.caseload_steps.handlers == (caseload_steps,)
    assert client_hooks.extra_visibility.handlers == (casework_scopes.wellbeing_visibility,)
    assert catalog_hooks.plan_link.handlers == (tray_plan_link,)
    assert catalog_hooks.need_table.handlers == (needs.need_table,)
    assert catalog_hooks.client_needs.handlers == (needs.client_needs,)


def test_the_page_shell_and_the_log_pages_ask_access() -> None:
    assert shell.menu.handlers == (menu.menu_items,)
    assert shell.start_page.handlers == (menu.start_page,)
    assert audit_queries._event_scope == [access_scopes.auditor_events]


def test_the_auditors_client_search_asks_the_client_register() -> None:
    assert audit_search.client_search.handlers == (client_queries.log_report_search,)


def test_referrals_follow_a_withdrawn_consent() -> None:
    assert casework_hooks.consent_withdrawn.handlers == (close_for_withdrawn_consent,)


def test_referrals_answer_for_a_plans_services() -> None:
    assert casework_hooks.service_referrals.handlers == (referral_plan.service_referrals,)
    assert casework_hooks.service_added.handlers == (referral_plan.link_new_plan_row,)
    assert casework_hooks.refer_step.handlers == (referral_plan.refer_step,)


def test_referrals_answer_for_the_open_referrals_to_a_tray_entry() -> None:
    assert catalog_hooks.open_referrals.handlers == (open_referrals_to,)


def test_a_hook_calls_its_handlers_in_order_and_registers_each_once() -> None:
    hook: Hook[[int], int] = Hook("test.hook")
    hook.register(lambda n: n + 1)

    def double(n: int) -> int:
        return n * 2

    hook.register(double)
    hook.register(double)
    assert hook(5) == [6, 10]
    assert "test.hook" in repr(hook)
