# ruff: noqa: F811  (the summary fixtures are imported from test_summary and used by name)
"""The plan's goals and commitments written for the client (issue 15 section 2): the
counsellor writes them per language on the plan page (no machine translation); the summary
shows the client's-language text, else the staff text marked as not translated, and the
counsellor is warned before printing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client as HttpClient

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.casework import summary
from kotopolku.casework.actions import do_set_client_texts
from kotopolku.casework.models import Goal, Plan
from kotopolku.clients.models import Client
from kotopolku.core.errors import InvalidError
from tests.casework.test_summary import (  # noqa: F401 - the fixtures
    GOALS,
    T,
    _people_db,
    amina,
    amina_plan,
    fetch,
    make_plan,
    new_client,
    page,
    people,
)
from tests.clients.conftest import persona_context
from tests.conftest import PASSWORD

ARABIC_GOAL = "ستتعلم اللغة الفنلندية حتى تتمكن من التعامل في الحياة اليومية."
ARABIC_AGREED = "ستحضر دورة الاندماج كل يوم وتخبر المعلم عندما تغيب."


def write(plan: Plan, user: User, lang: str, goals: dict[Any, str], agreed: str | None) -> int:
    with acting(view="test:client_texts", **persona_context(user)):
        return do_set_client_texts(plan, lang, goals, agreed, acting_user=user)


def login(user: User) -> HttpClient:
    browser = HttpClient()
    assert (
        browser.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    return browser


# --- The action ---------------------------------------------------------------------------------


def test_the_texts_are_stored_per_language_and_every_change_is_logged(
    people: dict[str, User], amina_plan: Plan
) -> None:
    user = people["counsellor.joensuu"]
    first = amina_plan.goals.all()[0]
    assert write(amina_plan, user, "ar", {first.pk: ARABIC_GOAL}, ARABIC_AGREED) == 2
    assert write(amina_plan, user, "sv", {first.pk: "Du lär dig finska."}, None) == 1
    first.refresh_from_db()
    amina_plan.refresh_from_db()
    assert first.client_texts == {"ar": ARABIC_GOAL, "sv": "Du lär dig finska."}
    assert amina_plan.client_responsibilities_texts == {"ar": ARABIC_AGREED}
    events = ChangeEvent.objects.filter(
        subject_type="goal", subject_id=str(first.pk), changes__has_key="client_texts"
    )
    assert [e.changes for e in events.order_by("pk")] == [
        {"client_texts": [{}, {"ar": ARABIC_GOAL}]},
        {"client_texts": [{"ar": ARABIC_GOAL}, {"ar": ARABIC_GOAL, "sv": "Du lär dig finska."}]},
    ]
    plan_event = ChangeEvent.objects.get(
        subject_type="plan",
        subject_id=str(amina_plan.pk),
        changes__has_key="client_responsibilities_texts",
    )
    assert plan_event.changes["client_responsibilities_texts"] == [{}, {"ar": ARABIC_AGREED}]
    # the same text again changes nothing; an empty one removes that language
    assert write(amina_plan, user, "ar", {first.pk: ARABIC_GOAL}, ARABIC_AGREED) == 0
    assert write(amina_plan, user, "sv", {first.pk: "  "}, None) == 1
    first.refresh_from_db()
    assert first.client_texts == {"ar": ARABIC_GOAL}


def test_a_goal_of_another_plan_or_an_unknown_language_is_refused(
    people: dict[str, User], amina_plan: Plan, make_plan: Any, new_client: Any
) -> None:
    user = people["counsellor.joensuu"]
    other = make_plan(new_client(first_name="Other"))
    foreign = other.goals.all()[0]
    with pytest.raises(InvalidError):
        write(amina_plan, user, "ar", {foreign.pk: "x"}, None)
    with pytest.raises(InvalidError):
        write(amina_plan, user, "<x>", {amina_plan.goals.all()[0].pk: "x"}, None)
    foreign.refresh_from_db()
    assert foreign.client_texts == {}


# --- The summary --------------------------------------------------------------------------------


def test_the_summary_shows_the_clients_text_and_marks_the_staff_text(
    people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    user = people["counsellor.joensuu"]
    first = amina_plan.goals.all()[0]
    write(amina_plan, user, "ar", {first.pk: ARABIC_GOAL}, ARABIC_AGREED)
    html = page(fetch(user, amina, amina_plan, lang="ar"))
    assert ARABIC_GOAL in html
    assert GOALS[0] not in html  # replaced by the client's text
    assert ARABIC_AGREED in html
    assert "Käyn kotoutumiskoulutuksessa joka päivä" not in html
    # the four other goals: the staff text, each marked as not translated (in Arabic)
    for goal in GOALS[1:]:
        assert goal in html
    marked = re.findall(r'<span class="visually-hidden">\((.*?)\)</span>', html)
    assert marked == [T("untranslated", "ar")] * 4
    heading = re.search(r'<h2 id="summary-goals">(.*?)</h2>', html)
    assert heading is not None and T("untranslated", "ar") in heading.group(1)
    # the commitments are translated: no mark on their heading
    agreed = re.search(r'<h2 id="summary-responsibilities">(.*?)</h2>', html)
    assert agreed is not None and T("untranslated", "ar") not in agreed.group(1)


def test_the_counsellor_is_warned_before_printing(
    people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    user = people["counsellor.joensuu"]
    html = page(fetch(user, amina, amina_plan, lang="ar"))
    warning = re.search(
        r'<div class="summary-toolbar__warning" role="alert">(.*?)</div>', html, re.S
    )
    assert warning is not None
    assert (
        "Suunnitelman 6 tekstiä ei ole kirjoitettu asiakkaalle"
    )  # the staff UI is Finnish in warning.group(1)
    assert "?client_texts=ar#client-texts" in warning.group(1)
    # the warning is the counsellor's: it is in the toolbar, which the PDF does not have
    assert 'class="summary-toolbar no-print"' in html
    goals = {str(g.pk): f"Arabic {n}" for n, g in enumerate(amina_plan.goals.all())}
    write(amina_plan, user, "ar", goals, ARABIC_AGREED)
    html = page(fetch(user, amina, amina_plan, lang="ar"))
    assert "summary-toolbar__warning" not in html
    assert 'class="summary__untranslated"' not in html
    # another language still lacks them
    assert "Suunnitelman 6 tekstiä" in page(fetch(user, amina, amina_plan, lang="uk"))


def test_plain_finnish_takes_the_finnish_client_text(
    people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    user = people["counsellor.joensuu"]
    first = amina_plan.goals.all()[0]
    write(amina_plan, user, "fi", {first.pk: "Opit suomea."}, None)
    context = summary.summary_context(amina, amina_plan, "fi-x-plain")
    assert context["goals"][0] == {
        "text": "Opit suomea.",
        "dir": "ltr",
        "translated": True,
        "status": context["goals"][0]["status"],
    }
    assert context["goals"][1]["translated"] is False


# --- The plan page ------------------------------------------------------------------------------


def test_the_plan_page_warns_and_saves_the_clients_texts(
    people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    user = people["counsellor.joensuu"]
    browser = login(user)
    detail = f"/clients/{amina.pk}/plans/{amina_plan.pk}/"
    html = browser.get(detail, {"client_texts": "ar"}).content.decode()
    assert 'id="client-texts" open' in html
    assert "Suunnitelman 6 tekstiä ei ole vielä kirjoitettu asiakkaalle" in html
    goals = list(amina_plan.goals.all())
    assert f'name="goal-{goals[0].pk}"' in html
    assert 'lang="ar"' in html
    data = {"lang": "ar", f"goal-{goals[0].pk}": ARABIC_GOAL, "responsibilities": ARABIC_AGREED}
    for goal in goals[1:]:
        data[f"goal-{goal.pk}"] = ""
    response = browser.post(f"{detail}client-texts/", data)
    assert response.status_code == 302
    assert response["Location"] == f"{detail}?client_texts=ar#client-texts"
    assert Goal.objects.get(pk=goals[0].pk).client_texts == {"ar": ARABIC_GOAL}
    html = browser.get(detail, {"client_texts": "ar"}).content.decode()
    assert ARABIC_GOAL in html  # the form shows what is stored
    assert "4 kirjoittamatta" in html


def test_a_counsellor_of_another_region_gets_404_and_changes_nothing(
    people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    goal = amina_plan.goals.all()[0]
    path = f"/clients/{amina.pk}/plans/{amina_plan.pk}/client-texts/"
    response = login(people["counsellor.kokkola"]).post(
        path, {"lang": "ar", f"goal-{goal.pk}": "x"}
    )
    assert response.status_code == 404
    assert Goal.objects.get(pk=goal.pk).client_texts == {}
    assert not ChangeEvent.objects.filter(
        subject_type="goal", subject_id=str(goal.pk), changes__has_key="client_texts"
    ).exists()
    # a GET is not an operation of the route
    assert login(people["counsellor.joensuu"]).get(path).status_code == 405
