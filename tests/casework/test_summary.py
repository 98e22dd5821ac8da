"""The client's plan summary: HTML in the client's language (Arabic right to left), a visible
fallback for a language without labels, a one-page A4 PDF made without the network, 404 for
a client or plan the user may not see, and every read in the access log."""

from __future__ import annotations

import datetime
import io
import logging
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_supported_language_variant
from pypdf import PdfReader

from kotopolku.accounts import demo as accounts_demo
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import flush_reads
from kotopolku.casework import summary, summary_catalogue, summary_labels
from kotopolku.casework.actions import do_create_plan, do_set_goal_status
from kotopolku.casework.models import (
    Agreement,
    CaseKind,
    Deadline,
    GoalStatus,
    Plan,
    PlanStatus,
    ServiceStatus,
)
from kotopolku.casework.rules import Kind
from kotopolku.clients import actions as client_actions
from kotopolku.clients import validation
from kotopolku.clients.models import Client
from kotopolku.core import i18n_compile
from kotopolku.orgs import demo as orgs_demo
from kotopolku.orgs.models import Organisation, Role
from tests.clients.conftest import client_data, persona_context
from tests.conftest import PASSWORD
from tests.core.test_templates_have_no_inline_code import _problems

START = datetime.date(2025, 3, 1)
END = datetime.date(2026, 2, 28)
# A plan of normal size: five goals and four services, as counsellors write them.
GOALS = (
    "Opin suomen kieltä niin, että pärjään arjessa ja asioinnissa (taso A2.1). "
    "Käyn kotoutumiskoulutuksessa ja harjoittelen kotona sovelluksella.",
    "Löydän työharjoittelupaikan ravintola-alalta ja selvitän, miten aiempi "
    "kokemukseni keittiötyöstä voidaan tunnustaa.",
    "أتعلم كيف أستخدم الخدمات الإلكترونية للبنك ومصلحة الضرائب وكيلا بنفسي.",
    "Lapsi aloittaa päiväkodin elokuussa; haen paikkaa ajoissa ohjaajan kanssa.",
    "Suoritan hygieniapassin ja anniskelupassin ennen työharjoittelun alkua.",
)
RESPONSIBILITIES = (
    "Käyn kotoutumiskoulutuksessa joka päivä ja ilmoitan poissaoloista opettajalle.\n"
    "Haen vähintään kolmea harjoittelupaikkaa kuukaudessa ja kerron hakemuksista ohjaajalle.\n"
    "Haen lapselle päivähoitopaikkaa viimeistään neljä kuukautta ennen hoidon alkua.\n"
    "Tulen tapaamisiin sovittuina aikoina tai peruutan ajan viimeistään edellisenä päivänä."
)


def T(key: str, lang: str) -> str:  # noqa: N802 - a label as its catalogue gives it
    text = summary_catalogue.text(key, lang)
    assert text, (key, lang)
    return text


# --- Fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _people_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo organisations and logins, loaded once for the module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        with acting(view="test:world"):
            orgs_demo.load()
            accounts_demo.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def people(_people_db: None, db: Any) -> dict[str, User]:
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def new_client(people: dict[str, User]) -> Callable[..., Client]:
    """A client of `owner`'s unit, made through validation and the register's action."""

    def _new(owner: str = "counsellor.joensuu", **data: Any) -> Client:
        user = people[owner]
        result = validation.validate(client_data(**data))
        assert result.ok, result.errors
        ctx = persona_context(user)
        with acting(view="test:new_client", **ctx):
            return client_actions.do_create_client(
                result.values,
                responsible_unit=ctx["unit"],
                counsellor=user if user.has_role(Role.COUNSELLOR) else None,
                jobseeker_since=None,
                acting_user=user,
            )

    return _new


def services() -> list[dict[str, Any]]:
    area = Organisation.objects.get(slug="joensuun-seudun-tyollisyysalue")
    return [
        {
            "name": "Kotoutumiskoulutus (suomen kieli)",
            "provider_name": "Joensuun kansalaisopisto",
            "start": datetime.date(2025, 3, 10),
            "end": datetime.date(2025, 12, 19),
            "status": ServiceStatus.STARTED,
        },
        {
            "name": "Työkokeilu",
            "provider": area,
            "start": datetime.date(2025, 9, 1),
            "end": datetime.date(2025, 11, 30),
            "status": ServiceStatus.DIRECTED,
        },
        {
            "name": "Yhteiskuntaorientaatio",
            "provider_name": "Toivo",
            "start": datetime.date(2025, 4, 1),
            "end": datetime.date(2025, 5, 31),
            "status": ServiceStatus.COMPLETED,
        },
        {"name": "Hygieniapassikoulutus <b>", "status": ServiceStatus.PLANNED},
    ]


@pytest.fixture
def make_plan(people: dict[str, User]) -> Callable[..., Plan]:
    """A plan of five goals and four services, made by `owner` through `do_create_plan`."""

    def _make(client: Client, owner: str = "counsellor.joensuu", **values: Any) -> Plan:
        user = people[owner]
        ctx = persona_context(user)
        with acting(view="test:make_plan", **ctx):
            plan = do_create_plan(
                client,
                {
                    "kind": CaseKind.BASIC,
                    "start": START,
                    "end": END,
                    "client_responsibilities": RESPONSIBILITIES,
                    "explained_in": "ar",
                    "interpreter_used": True,
                    "agreement": Agreement.SIGNED,
                    "agreed_on": START,
                    **values,
                },
                unit=ctx["unit"],
                acting_user=user,
                goals=GOALS,
                services=services(),
            )
            goals = list(plan.goals.all())
            do_set_goal_status(goals[0], GoalStatus.IN_PROGRESS, acting_user=user)
            do_set_goal_status(goals[4], GoalStatus.ACHIEVED, acting_user=user)
        return plan

    return _make


@pytest.fixture
def amina(new_client: Callable[..., Client]) -> Client:
    return new_client(first_name="Amina", last_name="Haddad", mother_tongue="ar")


@pytest.fixture
def amina_plan(amina: Client, make_plan: Callable[..., Plan]) -> Plan:
    return make_plan(amina)


def summary_path(client: Client, plan: Plan) -> str:
    return f"/clients/{client.pk}/plans/{plan.pk}/summary/"


def fetch(user: User, client: Client, plan: Plan, **query: str) -> HttpResponse:
    """GET the summary as `user`: through the URL once `casework:plan_summary` is wired
    (login, middleware, access policy), else by calling the view with the acting context
    the middleware would give it (and writing the queued log rows as it would)."""
    try:
        url = reverse("casework:plan_summary", kwargs={"client_id": client.pk, "plan_id": plan.pk})
    except NoReverseMatch:
        url = ""
    if url:
        assert url == summary_path(client, plan)
        browser = HttpClient()
        login = browser.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
        assert login.status_code == 302
        return browser.get(url, query)  # type: ignore[return-value]
    request = RequestFactory().get(summary_path(client, plan), query)
    request.user = user
    with acting(view="casework:plan_summary", **persona_context(user)):
        try:
            response = summary.plan_summary_view(request, str(client.pk), str(plan.pk))  # type: ignore[arg-type]
        except Http404:
            return HttpResponseNotFound()
        flush_reads()
    return response


def page(response: HttpResponse) -> str:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


# --- The catalogue -----------------------------------------------------------------------------


def test_every_summary_catalogue_has_every_label_and_fi_sv_are_complete() -> None:
    codes = summary_catalogue.languages()
    assert codes[:3] == ("fi", "sv", "en")
    assert {"ru", "uk", "ar"} <= set(codes)
    keys = set(summary_catalogue.LABELS)
    for code in codes:
        po = polib.pofile(
            str(
                summary_catalogue.LOCALE_DIR
                / summary_catalogue.directory(code)
                / "LC_MESSAGES"
                / "summary.po"
            )
        )
        assert {entry.msgctxt for entry in po} == keys, code
        assert all(entry.msgid == summary_catalogue.LABELS[entry.msgctxt] for entry in po), code
        assert po.fuzzy_entries() == [], code
        if code in ("fi", "sv"):
            assert po.untranslated_entries() == [], code
    # translated, not copied: the title differs in every language
    titles = [T("title", code) for code in codes]
    assert len(set(titles)) == len(titles)


def test_the_summary_languages_are_not_staff_ui_languages(settings: Any) -> None:
    """Client languages live in the `summary` domain only: no `django` catalogue, no UI language."""
    assert [code for code, _name in settings.LANGUAGES] == ["fi", "sv", "en"]
    for code in summary_catalogue.languages():
        if code in ("fi", "sv", "en"):
            continue
        try:  # a staff page asked for in `code` is shown in a staff language, never in `code`
            variant = get_supported_language_variant(code)
        except LookupError:
            continue
        assert variant in ("fi", "sv", "en") and variant != code, code
        assert not (
            summary_catalogue.LOCALE_DIR
            / summary_catalogue.directory(code)
            / "LC_MESSAGES"
            / "django.po"
        ).exists()


def test_a_staff_page_asked_for_in_arabic_stays_in_a_staff_language(db: Any) -> None:
    response = HttpClient().get("/accounts/login/", headers={"accept-language": "ar"})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="(fi|sv|en)"', html), html[:200]
    assert T("title", "ar") not in html


CLIENT_LANGUAGES = ("so", "fa", "prs", "ckb", "ti", "sw", "th", "et", "fi-x-plain")


def test_the_client_languages_of_issue_15_have_catalogues_marked_for_review() -> None:
    codes = summary_catalogue.languages()
    for code in CLIENT_LANGUAGES:
        assert code in codes, code
        path = summary_catalogue.LOCALE_DIR / summary_catalogue.directory(code)
        po = polib.pofile(str(path / "LC_MESSAGES" / "summary.po"))
        assert po.untranslated_entries() == [], code  # complete when written
        assert po.metadata["X-Translation-Status"] == "needs-professional-review", code
        assert "NEEDS REVIEW by a professional translator" in po.header, code
    assert summary_catalogue.directory("fi-x-plain") == "fi_x_plain"


@pytest.mark.parametrize(
    ("lang", "title", "direction"),
    [
        ("fa", "برنامهٔ ادغام شما", "rtl"),
        ("prs", "پلان ادغام شما", "rtl"),
        ("ckb", "پلانی تێکەڵبوونی تۆ", "rtl"),
        ("so", "Qorshahaaga is-dhexgalka", "ltr"),
        ("fi-x-plain", "Sinun kotoutumissuunnitelma", "ltr"),
    ],
)
def test_a_new_client_language_has_its_own_labels_and_direction(
    lang: str, title: str, direction: str
) -> None:
    found, fell_back = summary_labels.labels(lang)
    assert not fell_back
    assert found["title"].html == title
    assert found["title"].dir == direction


def test_dari_and_plain_finnish_dates_come_from_their_cldr_neighbours() -> None:
    day = datetime.date(2026, 3, 14)
    dari = summary_labels.format_day(day, "prs")
    assert dari is not None and dari.lang == "prs" and "2026" in dari.text
    assert dari.text != summary_labels.format_day(day, "fi").text  # type: ignore[union-attr]
    plain = summary_labels.format_day(day, "fi-x-plain")
    assert plain is not None and plain.lang == "fi-x-plain"
    assert plain.text == "14. maaliskuuta 2026"


def test_labels_carry_their_actual_language() -> None:
    found, fell_back = summary_labels.labels("uk")
    assert not fell_back
    assert found["title"].text == "Ваш план інтеграції"
    assert found["title"].lang == "uk"
    assert not found["title"].is_fallback

    found, fell_back = summary_labels.labels("ur")  # no catalogue
    assert fell_back
    assert {label.lang for label in found.values()} == {"fi"}
    assert found["goals"].html == ('<span class="fallback" lang="fi" dir="ltr">Tavoitteesi</span>')
    assert found["goals"].dir == "ltr"

    found, fell_back = summary_labels.labels("de", fallback="en")
    assert fell_back
    assert found["title"].text == "Your integration plan"
    assert found["title"].lang == "en"


@pytest.fixture
def partial_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The real catalogues copied aside, with Arabic's `goals` label left untranslated."""
    shutil.copytree(summary_catalogue.LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(summary_catalogue, "LOCALE_DIR", tmp_path / "locale")
    ar = tmp_path / "locale" / "ar" / "LC_MESSAGES" / "summary.po"
    po = polib.pofile(str(ar))
    next(entry for entry in po if entry.msgctxt == "goals").msgstr = ""
    po.save(str(ar))
    po.save_as_mofile(str(ar.with_suffix(".mo")))
    summary_catalogue.clear_cache()
    yield tmp_path / "locale"
    summary_catalogue.clear_cache()


def test_a_label_missing_from_a_catalogue_falls_back_marked_with_its_own_direction(
    partial_catalogue: Path,
) -> None:
    found, fell_back = summary_labels.labels("ar")
    assert fell_back
    assert found["goals"].lang == "fi"
    assert found["goals"].html == '<span class="fallback" lang="fi" dir="ltr">Tavoitteesi</span>'
    # the rest stays Arabic, right to left, unmarked
    assert found["title"].lang == "ar"
    assert found["title"].dir == "rtl"
    assert found["title"].html == T("title", "ar")
    found, _ = summary_labels.labels("ar", fallback="en")
    assert found["goals"].html == '<span class="fallback" lang="en" dir="ltr">Your goals</span>'


def test_the_compile_check_lets_a_client_language_lag_but_not_finnish(
    partial_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n_compile, "LOCALE_DIR", partial_catalogue)
    assert i18n_compile.compile_all(check=True) == []
    fi = partial_catalogue / "fi" / "LC_MESSAGES" / "summary.po"
    po = polib.pofile(str(fi))
    next(entry for entry in po if entry.msgctxt == "goals").msgstr = ""
    po.save(str(fi))
    assert any(
        "fi/LC_MESSAGES/summary.po: untranslated: 'Your goals'" in p
        for p in i18n_compile.compile_all(check=True)
    )


def test_the_catalogue_update_adds_new_labels_untranslated_and_drops_old_ones(
    partial_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = {**summary_catalogue.LABELS, "extra": "An extra label"}
    del labels["printed"]
    monkeypatch.setattr(summary_catalogue, "LABELS", labels)
    summary_catalogue.update("th")
    for code in ("ar", "th"):
        po = polib.pofile(str(partial_catalogue / code / "LC_MESSAGES" / "summary.po"))
        entries = {entry.msgctxt: entry for entry in po}
        assert entries["extra"].msgid == "An extra label"
        assert entries["extra"].msgstr == ""
        assert "printed" not in entries
    assert "th" in summary_catalogue.languages()


def test_the_default_language_is_the_first_service_language_then_a_supported_mother_tongue() -> (
    None
):
    assert summary.default_language(Client(mother_tongue="ar", service_languages=["ru"])) == "ru"
    assert summary.default_language(Client(mother_tongue="ar", service_languages=[])) == "ar"
    assert summary.default_language(Client(mother_tongue="de", service_languages=[])) == "fi"
    assert summary.default_language(Client(mother_tongue="uk")) == "uk"


# --- The HTML page -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", summary_catalogue.languages())
def test_the_summary_is_in_the_chosen_language(
    lang: str, people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    html = page(fetch(people["counsellor.joensuu"], amina, amina_plan, lang=lang))
    direction = "rtl" if lang in ("ar", "fa", "prs", "ckb") else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert T("title", lang) in html
    assert T("goal_in_progress", lang) in html
    assert T("service_directed", lang) in html
    assert 'class="fallback"' not in html
    assert "This text is not yet available" not in html
    # the counsellor's texts as typed
    for goal in GOALS:
        assert goal in html
    assert "Amina Haddad" in html
    assert "Hygieniapassikoulutus &lt;b&gt;" in html
    assert _problems(html) == []


def test_the_arabic_summary_reads_right_to_left_with_arabic_dates(
    people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    html = page(fetch(people["counsellor.joensuu"], amina, amina_plan, lang="ar"))
    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html
    assert "مارس 2025" in html  # the plan starts in March, written in Arabic
    assert "العربية" in html  # the plan was explained in Arabic
    assert T("with_interpreter", "ar") in html
    # an organisation without an Arabic name keeps its Finnish name, marked as Finnish
    assert '<span lang="fi" dir="ltr">Joensuun seudun työllisyysalue</span>' in html


def test_the_default_language_comes_from_the_client(
    people: dict[str, User], new_client: Callable[..., Client], make_plan: Callable[..., Plan]
) -> None:
    client = new_client(mother_tongue="uk", service_languages=["ru"])
    html = page(fetch(people["counsellor.joensuu"], client, make_plan(client)))
    assert '<html lang="ru" dir="ltr">' in html
    assert T("title", "ru") in html


def test_a_language_without_labels_falls_back_to_finnish_visibly(
    people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    html = page(fetch(people["counsellor.joensuu"], amina, amina_plan, lang="ur"))
    assert '<html lang="ur" dir="rtl">' in html
    assert "This text is not yet available in Urdu" in html
    assert "shown in Finnish." in html
    assert "Teksti näytetään suomeksi." in html
    assert "اردو" in html  # the language's own name in the notice
    assert '<span class="fallback" lang="fi" dir="ltr">Kotoutumissuunnitelmasi</span>' in html
    assert '<span class="fallback" lang="fi" dir="ltr">Tavoitteesi</span>' in html
    # the counsellor may switch the missing labels to English
    assert "fallback=en" in html
    assert _problems(html) == []


def test_the_client_may_choose_english_for_the_missing_labels(
    people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    html = page(fetch(people["counsellor.joensuu"], amina, amina_plan, lang="de", fallback="en"))
    assert '<html lang="de" dir="ltr">' in html
    assert "shown in English." in html
    assert "Teksti näytetään englanniksi." in html
    assert '<span class="fallback" lang="en" dir="ltr">Your integration plan</span>' in html


def test_an_unknown_language_code_gives_the_default(
    people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    html = page(fetch(people["counsellor.joensuu"], amina, amina_plan, lang="<x>"))
    assert '<html lang="ar" dir="rtl">' in html  # Amina's mother tongue


def test_an_ended_plan_with_the_county_without_goals_or_services(
    people: dict[str, User], amina: Client
) -> None:
    user = people["counsellor.joensuu"]
    ctx = persona_context(user)
    with acting(view="test:make_plan", **ctx):
        plan = do_create_plan(
            amina,
            {
                "kind": CaseKind.COUNTY_ON_REQUEST,
                "start": START,
                "end": END,
                "status": PlanStatus.ENDED,
                "explained_in": "fi",
            },
            unit=ctx["unit"],
            acting_user=user,
        )
    html = page(fetch(user, amina, plan, lang="sv"))
    for key in ("county_takes_part", "plan_status", "plan_ended", "no_goals", "no_services"):
        assert T(key, "sv") in html, key
    assert "finska" in html  # explained in Finnish, the language named in Swedish
    assert T("with_interpreter", "sv") not in html
    assert T("next_review", "sv") not in html  # an ended plan has no review ahead
    assert T("responsibilities", "sv") not in html  # nothing typed, no heading


def test_the_next_review_is_six_months_after_the_start(
    people: dict[str, User], amina: Client, amina_plan: Plan, settings: Any
) -> None:
    settings.PLAN_REVIEW_MONTHS = 6
    html = page(fetch(people["counsellor.joensuu"], amina, amina_plan, lang="en"))
    assert "1 September 2025" in html
    assert T("next_review", "en") in html


def test_the_next_review_is_the_stored_deadline_not_a_second_count(
    people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    stored = Deadline.objects.get(client=amina, kind=Kind.REVIEW)
    assert stored.due == datetime.date(2025, 9, 1)
    html = page(fetch(people["counsellor.joensuu"], amina, amina_plan, lang="en"))
    assert "15 October 2025" not in html
    # the summary shows what refresh_deadlines stored, not a count of its own
    Deadline.objects.filter(pk=stored.pk).update(due=datetime.date(2025, 10, 15))
    html = page(fetch(people["counsellor.joensuu"], amina, amina_plan, lang="en"))
    assert "15 October 2025" in html
    # no stored review deadline within the plan: no next review on the summary
    Deadline.objects.filter(pk=stored.pk).delete()
    html = page(fetch(people["counsellor.joensuu"], amina, amina_plan, lang="en"))
    assert T("next_review", "en") not in html


# --- The PDF -----------------------------------------------------------------------------------


def pdf_text(data: bytes) -> list[str]:
    """The text of each page of the PDF, as a reader extracts it (pypdf)."""
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("lang", ["fi", "ar", "fa", "ckb", "th", "ti"])
def test_the_pdf_is_one_a4_page(
    lang: str,
    people: dict[str, User],
    amina: Client,
    amina_plan: Plan,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = fetch(people["counsellor.joensuu"], amina, amina_plan, lang=lang, format="pdf")
    # the stylesheet loaded, and WeasyPrint understood every rule of it
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "Amina" not in disposition
    assert "Haddad" not in disposition
    data = response.content
    assert data.startswith(b"%PDF")
    pages = pdf_text(data)
    assert len(pages) == 1
    # The printed page says what the plan says: whose plan, its goals and services, in words
    # a reader can extract (the fonts embedded with their text, not as drawn shapes).
    text = " ".join(pages[0].split())
    # (Right-to-left pages mirror the brackets in the extracted text, so none are asserted.)
    assert "Amina Haddad" in text
    assert "Löydän työharjoittelupaikan ravintola-alalta" in text
    assert "Joensuun kansalaisopisto" in text
    assert "Työkokeilu" in text
    # a service name with markup in it is printed as the text it is
    assert "Hygieniapassikoulutus <b>" in text
    # The layout itself: one page of A4 (210 x 297 mm in CSS pixels).
    request = RequestFactory().get("/")
    request.user = people["counsellor.joensuu"]
    document = summary.render_document(request, amina, amina_plan, lang)
    assert len(document.pages) == 1
    assert document.pages[0].width == pytest.approx(210 / 25.4 * 96, abs=0.5)
    assert document.pages[0].height == pytest.approx(297 / 25.4 * 96, abs=0.5)


def test_the_pdf_reads_only_its_stylesheet_from_disk(
    people: dict[str, User], amina: Client, amina_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched: list[str] = []
    real = summary.local_fetcher

    def recording(allowed: Path) -> Any:
        fetcher = real(allowed)
        original = fetcher.fetch

        def fetch(url: str, headers: Any = None) -> Any:
            fetched.append(url)
            return original(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(summary, "local_fetcher", recording)
    request = RequestFactory().get("/")
    request.user = people["counsellor.joensuu"]
    assert summary.render_pdf(request, amina, amina_plan, "ru").startswith(b"%PDF")
    assert fetched == [summary.stylesheet_path().as_uri()]


def test_the_pdf_fetcher_refuses_the_network_and_other_files(tmp_path: Path) -> None:
    css = summary.stylesheet_path()
    fetcher = summary.local_fetcher(css.parent)
    response = fetcher.fetch(css.as_uri())
    try:
        assert b"@page" in response.read()
    finally:
        response.close()
    for url in (
        "https://example.com/tracker.css",
        "http://127.0.0.1:8000/static/kotopolku/css/summary.css",
        "ftp://example.com/x",
        (tmp_path / "secret.txt").as_uri(),
        "file:///etc/passwd",
        css.parent.as_uri() + "/../../../../../../etc/passwd",
    ):
        with pytest.raises(ValueError, match="fetches no"):
            fetcher.fetch(url)


# --- Access and the log ------------------------------------------------------------------------


def test_a_client_the_user_may_not_see_answers_404(
    people: dict[str, User], new_client: Callable[..., Client], make_plan: Callable[..., Plan]
) -> None:
    kokkola = new_client("counsellor.kokkola", municipality="272")
    plan = make_plan(kokkola, owner="counsellor.kokkola")
    outsider, owner = people["counsellor.joensuu"], people["counsellor.kokkola"]
    assert fetch(outsider, kokkola, plan).status_code == 404
    assert fetch(outsider, kokkola, plan, format="pdf").status_code == 404
    assert fetch(owner, kokkola, plan).status_code == 200
    reads = AccessEvent.objects.filter(subject_type="plan", subject_id=str(plan.pk))
    assert not reads.filter(actor=outsider).exists()
    assert reads.filter(actor=owner).count() == 1


def test_a_plan_of_another_client_answers_404(
    people: dict[str, User],
    amina: Client,
    new_client: Callable[..., Client],
    make_plan: Callable[..., Plan],
) -> None:
    other = new_client(first_name="Olena")
    plan = make_plan(other)
    assert fetch(people["counsellor.joensuu"], amina, plan).status_code == 404


def test_every_read_is_logged(people: dict[str, User], amina: Client, amina_plan: Plan) -> None:
    counsellor = people["counsellor.joensuu"]
    page(fetch(counsellor, amina, amina_plan, lang="ar"))
    assert fetch(counsellor, amina, amina_plan, format="pdf").status_code == 200
    events = list(
        AccessEvent.objects.filter(subject_type="plan", subject_id=str(amina_plan.pk)).order_by(
            "event_time", "id"
        )
    )
    assert [(e.kind, e.purpose) for e in events] == [
        (AccessEvent.Kind.VIEW, "plan summary"),
        (AccessEvent.Kind.PRINT, "plan summary (PDF)"),
    ]
    for event in events:
        assert event.client_id == amina.pk
        assert event.actor_id == counsellor.pk
        assert event.actor_username == "counsellor.joensuu"


def test_the_page_is_neither_cached_nor_named_after_the_client(
    people: dict[str, User], amina: Client, amina_plan: Plan
) -> None:
    response = fetch(people["counsellor.joensuu"], amina, amina_plan, lang="en")
    html = page(response)
    assert "no-store" in response["Cache-Control"]
    title = re.search(r"<title>(.*?)</title>", html)
    assert title is not None
    assert "Amina" not in title.group(1)


def _page_texts(document: Any) -> list[str]:
    """The text laid out on each page of a WeasyPrint document, from its boxes."""
    from weasyprint.formatting_structure import boxes  # type: ignore[import-untyped]

    def walk(box: Any) -> Iterator[str]:
        if isinstance(box, boxes.TextBox):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from walk(child)

    return [" ".join(" ".join(walk(page._page_box)).split()) for page in document.pages]


# A follow-up text as a counsellor might write it, and one far longer than any plan needs.
FOLLOW_UP = (
    "Seuraamme suunnitelman toteutumista kolmen kuukauden välein pidettävissä tapaamisissa. "
    "Kielikoulutuksen järjestäjä lähettää poissaoloista ja edistymisestä raportin "
    "kotoutumisohjaajalle. Työkokeilun ohjaaja ja kotoutumisohjaaja sopivat yhteisestä "
    "tapaamisesta ennen työkokeilun loppua. "
)


@pytest.mark.parametrize(("lang", "paragraphs"), [("fi", 2), ("ar", 1)])
def test_a_follow_up_of_a_paragraph_or_two_still_fits_one_a4_page(
    people: dict[str, User],
    amina: Client,
    make_plan: Callable[..., Plan],
    lang: str,
    paragraphs: int,
) -> None:
    # beside the fixture's five goals, four services and the client's responsibilities
    plan = make_plan(amina, follow_up=FOLLOW_UP * paragraphs)
    request = RequestFactory().get("/")
    request.user = people["counsellor.joensuu"]
    document = summary.render_document(request, amina, plan, lang)
    assert len(document.pages) == 1, _page_texts(document)[1:]
    assert "työkokeilun loppua" in _page_texts(document)[0]


@pytest.mark.parametrize("lang", ["fi", "fa"])
def test_an_overlong_follow_up_flows_onto_more_a4_pages_and_nothing_is_cut_off(
    people: dict[str, User], amina: Client, make_plan: Callable[..., Plan], lang: str
) -> None:
    numbered = " ".join(f"({n}) {FOLLOW_UP}" for n in range(1, 31))
    plan = make_plan(amina, follow_up=numbered)
    request = RequestFactory().get("/")
    request.user = people["counsellor.joensuu"]
    document = summary.render_document(request, amina, plan, lang)
    assert len(document.pages) >= 2
    for page in document.pages:
        assert page.width == pytest.approx(210 / 25.4 * 96, abs=0.5)
        assert page.height == pytest.approx(297 / 25.4 * 96, abs=0.5)
    pages = _page_texts(document)
    text = " ".join(pages)
    # every part of the text is laid out (none is clipped) ...
    assert all(f"({n})" in text for n in range(1, 31))
    # ... and the foot (the client's rights, the print date) comes after it, kept together
    label, _fell_back = summary_labels.labels(lang)
    rights, printed = str(label["good_to_know"]), str(label["printed"])
    assert rights in pages[-1] and printed in pages[-1]
    assert text.rindex("(30)") < text.rindex(printed)
