"""Issue 15, deadlines: a step whose integration window has ended is a lapsed right, shown
and counted apart from overdue tasks; the unit view counts per counsellor (open, due soon,
overdue, lapsed), sorts by counsellor and by the counts, and filters by counsellor; the
"Overview" page is no menu item.

The clients are made through the real actions on the real today (T): A and C have three
years from the first permit ending on T+5, so their assessment's start is capped at the
window's last day; D is a registered jobseeker whose initial interview was due days ago (an
overdue task); B and E have steps due later. The pages are then read on other days
(time_machine), as the caseload does with its stored steps.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient
from django.utils import timezone

from kotopolku.access import menu
from kotopolku.accounts.models import User
from kotopolku.casework.models import Deadline
from kotopolku.clients.models import Client
from kotopolku.core.dates import add_years
from kotopolku.orgs.models import Role
from tests.clients.conftest import joensuu_unit
from tests.clients.test_caseload_views import shown, shown_names

UNIT = "/clients/unit/"
CASELOAD = "/clients/"
DAY = datetime.timedelta(days=1)


@contextmanager
def on(day: datetime.date) -> Iterator[None]:
    moment = datetime.datetime.combine(
        day, datetime.time(12), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def unit(
    add_client: Callable[..., Client], make_user: Callable[..., User], world: dict[str, User]
) -> dict[str, Any]:
    today = timezone.localdate()
    window_end = today + 5 * DAY
    # the first permit three years before the window's last day (add_years for leap days)
    first_permit = next(
        d
        for d in (window_end - n * DAY for n in range(1090, 1100))
        if add_years(d, 3) == window_end
    )
    colleague = make_user(Role.COUNSELLOR, joensuu_unit(), username="colleague.unitview")
    clients = {
        "A": add_client(last_name="Aalto", first_permit_date=first_permit.isoformat()),
        "B": add_client(last_name="Berg", first_permit_date=(today - 200 * DAY).isoformat()),
        "C": add_client(colleague, last_name="Cohen", first_permit_date=first_permit.isoformat()),
        "D": add_client(
            colleague,
            last_name="Diallo",
            first_permit_date=(today - 300 * DAY).isoformat(),
            jobseeker_since=today - 30 * DAY,
        ),
        "E": add_client(
            "manager.joensuu",
            last_name="Eriksson",
            first_permit_date=(today - 100 * DAY).isoformat(),
        ),
        "K": add_client(
            "counsellor.kokkola",
            last_name="Kokkonen",
            municipality="272",
            first_permit_date=first_permit.isoformat(),
        ),
    }
    for key in ("A", "C"):
        client = Client.objects.get(pk=clients[key].pk)
        assert client.integration_window_end == window_end
        assert client.next_due == window_end, (key, client.next_due, client.next_due_kind)
    assert Client.objects.get(pk=clients["D"].pk).next_due < today
    assert Client.objects.get(pk=clients["E"].pk).current_counsellor_id is None
    return {
        "today": today,
        "window_end": window_end,
        "clients": clients,
        "counsellor": world["counsellor.joensuu"],
        "colleague": colleague,
        "kokkola": world["counsellor.kokkola"],
    }


@pytest.fixture
def sign_in(sign_in: Callable[[str], HttpClient]) -> Callable[[str], HttpClient]:
    """The register's sign-in, with the UI in English (the texts these tests read)."""

    def _sign_in(username: str) -> HttpClient:
        browser = sign_in(username)
        browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
        return browser

    return _sign_in


def counsellor_table(response: Any) -> dict[str, dict[str, int]]:
    html = response.content.decode()
    table = html[html.index('id="counsellors-caption"') : html.index('id="caseload-caption"')]
    rows = {}
    for key, cells in re.findall(r'<tr data-counsellor="([^"]+)">(.*?)</tr>', table, re.S):
        rows[key] = {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', cells)}
    return rows


def counsellor_order(response: Any) -> list[str]:
    html = response.content.decode()
    table = html[html.index('id="counsellors-caption"') : html.index('id="caseload-caption"')]
    return re.findall(r'<tr data-counsellor="([^"]+)">', table)


def badges(response: Any, last_name: str) -> list[str]:
    """The badges of a client's row on the caseload, as their class suffixes."""
    html = response.content.decode()
    table = html[html.index('id="caseload-caption"') :]
    row = next(r for r in table.split("<tr>") if ", " in r and last_name in r)
    row = re.sub(r'<li data-civic="pending">.*?</li>', "", row)  # the civic orientation's badge
    return re.findall(r'class="badge badge--(\w+)"', row)


# --- lapsed vs overdue, both sides of the window's end ----------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-1, ["warn"]), (0, ["warn"]), (1, ["lapsed", "lapsed"])],
    ids=["day before the window ends", "the window's last day", "the day after"],
)
def test_a_window_bound_step_lapses_the_day_after_the_window_ends_and_is_not_overdue(
    sign_in: Callable[[str], HttpClient], unit: dict[str, Any], offset: int, expected: list[str]
) -> None:
    with on(unit["window_end"] + offset * DAY):
        response = sign_in("counsellor.joensuu").get(CASELOAD)
        html = response.content.decode()
    assert badges(response, "Aalto") == expected
    assert "danger" not in badges(response, "Aalto")
    assert ('id="lapsed-explained"' in html) is (offset > 0)
    if offset > 0:
        assert 'title="Right lapsed: the step could only be taken' in html


def test_an_overdue_task_stays_red(
    sign_in: Callable[[str], HttpClient], unit: dict[str, Any]
) -> None:
    with on(unit["window_end"] + DAY):
        response = sign_in("manager.joensuu").get(UNIT)
    assert badges(response, "Diallo")[0] == "danger"


def test_the_unit_view_counts_lapsed_and_overdue_apart(
    sign_in: Callable[[str], HttpClient], unit: dict[str, Any]
) -> None:
    with on(unit["window_end"] + DAY):
        browser = sign_in("manager.joensuu")
        html = browser.get(UNIT).content.decode()
        assert "1 client of the unit has an overdue step." in html
        assert "The right to a step has lapsed for 2 clients of the unit" in html
        assert sorted(shown_names(browser.get(UNIT, {"steps": "lapsed"}))) == ["Aalto", "Cohen"]
        assert shown_names(browser.get(UNIT, {"steps": "overdue"})) == ["Diallo"]
    with on(unit["window_end"]):  # the last day: nothing lapsed yet
        html = sign_in("manager.joensuu").get(UNIT).content.decode()
        assert "has lapsed" not in html
        assert "1 client of the unit has an overdue step." in html


# --- counts per counsellor ---------------------------------------------------------------------


def test_the_unit_view_counts_per_counsellor(
    sign_in: Callable[[str], HttpClient], unit: dict[str, Any]
) -> None:
    own, colleague = str(unit["counsellor"].pk), str(unit["colleague"].pk)
    with on(unit["today"]):
        table = counsellor_table(sign_in("manager.joensuu").get(UNIT))
    assert table == {
        own: {"open": 2, "soon": 1, "overdue": 0, "lapsed": 0},
        colleague: {"open": 2, "soon": 1, "overdue": 1, "lapsed": 0},
        "none": {"open": 1, "soon": 0, "overdue": 0, "lapsed": 0},
    }
    with on(unit["window_end"] + DAY):
        table = counsellor_table(sign_in("manager.joensuu").get(UNIT))
    assert table == {
        own: {"open": 2, "soon": 0, "overdue": 0, "lapsed": 1},
        colleague: {"open": 2, "soon": 0, "overdue": 1, "lapsed": 1},
        "none": {"open": 1, "soon": 0, "overdue": 0, "lapsed": 0},
    }
    # the Kokkola counsellor (another unit) is in nobody's row
    assert str(unit["kokkola"].pk) not in table


def test_the_counsellor_table_sorts_by_name_and_by_the_counts(
    sign_in: Callable[[str], HttpClient], unit: dict[str, Any]
) -> None:
    own, colleague = str(unit["counsellor"].pk), str(unit["colleague"].pk)
    by_name = sorted(
        [unit["counsellor"], unit["colleague"]],
        key=lambda u: f"{u.last_name}, {u.first_name}".lower(),
    )
    names = [str(u.pk) for u in by_name]
    browser = sign_in("manager.joensuu")
    assert counsellor_order(browser.get(UNIT)) == [*names, "none"]
    assert counsellor_order(browser.get(UNIT, {"csort": "-name"})) == ["none", *reversed(names)]
    assert counsellor_order(browser.get(UNIT, {"csort": "overdue"}))[0] == colleague
    assert counsellor_order(browser.get(UNIT, {"csort": "-overdue"}))[-1] == colleague
    assert counsellor_order(browser.get(UNIT, {"csort": "open"}))[-1] == "none"
    # an unknown sort falls back to the names
    assert counsellor_order(browser.get(UNIT, {"csort": "bogus"})) == [*names, "none"]
    html = browser.get(UNIT, {"csort": "soon"}).content.decode()
    assert re.search(
        r'<th scope="col" class="num" aria-sort="descending"><a href="[^"]*csort=-soon', html
    )
    assert own in counsellor_order(browser.get(UNIT, {"csort": "soon"}))


def test_the_unit_view_filters_by_counsellor(
    sign_in: Callable[[str], HttpClient], unit: dict[str, Any]
) -> None:
    browser = sign_in("manager.joensuu")
    colleague = str(unit["colleague"].pk)
    response = browser.get(UNIT, {"counsellor": colleague, "sort": "name"})
    assert shown_names(response) == ["Cohen", "Diallo"]
    assert "2 clients</caption>" in response.content.decode()
    assert f'<option value="{colleague}" selected>' in response.content.decode()
    assert shown_names(browser.get(UNIT, {"counsellor": "none"})) == ["Eriksson"]
    # a counsellor of another unit: nobody, and the client of that unit is never shown
    assert shown(browser.get(UNIT, {"counsellor": str(unit["kokkola"].pk)})) == []
    # a malformed value is no filter
    assert len(shown(browser.get(UNIT, {"counsellor": "not-a-uuid"}))) == 5
    # the counsellor filter does not apply to (or break) one's own caseload
    own = sign_in("counsellor.joensuu")
    assert sorted(shown_names(own.get(CASELOAD, {"counsellor": colleague}))) == ["Aalto", "Berg"]


def test_the_filter_with_a_text_search_counts_by_query(
    sign_in: Callable[[str], HttpClient], unit: dict[str, Any]
) -> None:
    browser = sign_in("manager.joensuu")
    response = browser.post(
        UNIT, {"q": "Cohen", "counsellor": str(unit["colleague"].pk)}, follow=True
    )
    assert shown_names(response) == ["Cohen"]


@pytest.mark.parametrize("persona", ["counsellor.joensuu", "counsellor.kokkola"])
def test_counsellors_get_no_unit_view(
    sign_in: Callable[[str], HttpClient], unit: dict[str, Any], persona: str
) -> None:
    response = sign_in(persona).get(UNIT, {"counsellor": str(unit["colleague"].pk)})
    assert response.status_code == 404


def test_the_deadline_rows_are_stored_with_their_window_end(unit: dict[str, Any]) -> None:
    """The caseload's chips read the stored steps: A's assessment and window steps are due
    on the window's last day."""
    kinds = set(
        Deadline.objects.filter(client=unit["clients"]["A"], due=unit["window_end"]).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"assessment_start", "window_ending"}


# --- Overview ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["counsellor.joensuu", "manager.joensuu", "coordinator.joensuu", "ngo.spr", "admin"]
)
def test_overview_is_no_menu_item_of_any_role(
    sign_in: Callable[[str], HttpClient], world: dict[str, User], persona: str
) -> None:
    html = sign_in(persona).get("/whoami/").content.decode()
    assert 'href="/overview/"' not in html
    assert all(name != "core:dashboard" for name, _label in menu.NAV)
