# ruff: noqa: F811  (the summary fixtures are imported from test_summary and used by name)
"""The plan summary's services for the client (issue 15 section 2): a service chosen from the
offering tray says when (the entry's times, in the client's language), where (the place, its
address and accessibility) and whom to contact (the provider's role contact, or the counsellor
for the counsellor's own organisation's services: name and work phone, the e-mail only when no
phone is given) and what to bring (the entry's text in the client's language, else marked in the
fallback language; nothing when the entry says nothing)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.casework import summary, summary_catalogue
from kotopolku.casework.actions import do_create_plan
from kotopolku.casework.models import CaseKind, Plan, ServiceStatus
from kotopolku.catalog.models import Place, Service, ServiceTime
from kotopolku.clients.models import Client
from kotopolku.orgs.models import Organisation
from tests.casework.test_summary import (  # noqa: F401 - the fixtures
    T,
    _people_db,
    amina,
    fetch,
    make_plan,
    new_client,
    page,
    pdf_text,
    people,
)
from tests.clients.conftest import persona_context


@pytest.fixture
def entry(people: dict[str, User]) -> Service:
    """A published tray entry of another authority: weekly on Tuesdays, one dated session ahead, at a
    library with an accessibility note, with a role contact."""
    own = persona_context(people["counsellor.joensuu"])["unit"].organisation
    owner = Organisation.objects.exclude(pk=own.pk).exclude(kind=Organisation.Kind.NGO).first()
    assert owner is not None
    service = Service.objects.create(
        owner=owner,
        name={"fi": "Kielikahvila", "en": "Language café", "ar": "مقهى اللغة"},
        schedule_text={"fi": "Joka tiistai", "ar": "كل يوم ثلاثاء"},
        status=Service.Status.PUBLISHED,
        tray_category="open",
        languages=["fi", "ar"],
        municipality_codes=["167"],
        target_groups=["adults"],
        contact_role="Vapaaehtoistoiminnan koordinaattori",
        contact_phone="+358 40 123 4567",
        contact_email="kahvila@example.invalid",
    )
    ServiceTime.objects.create(
        service=service, weekday=1, starts_at=datetime.time(17, 0), ends_at=datetime.time(18, 30)
    )
    ServiceTime.objects.create(
        service=service,
        date=timezone.localdate() + datetime.timedelta(days=10),
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(12, 0),
    )
    ServiceTime.objects.create(  # over: not shown
        service=service,
        date=timezone.localdate() - datetime.timedelta(days=10),
        starts_at=datetime.time(8, 15),
        ends_at=datetime.time(9, 45),
    )
    place = Place.objects.create(
        owner=owner,
        name={"fi": "Pääkirjasto", "ar": "المكتبة الرئيسية"},
        street_address="Koskikatu 25",
        postal_code="80100",
        post_office="Joensuu",
        accessibility={"fi": "Esteetön sisäänkäynti", "en": "Step-free entrance"},
    )
    service.places.add(place)
    return service


@pytest.fixture
def tray_plan(people: dict[str, User], amina: Client, entry: Service) -> Plan:
    user = people["counsellor.joensuu"]
    ctx = persona_context(user)
    own = ctx["unit"].organisation
    own_entry = Service.objects.create(
        owner=own,
        name={"fi": "Ohjaustapaaminen", "ar": "لقاء الإرشاد"},
        status=Service.Status.PUBLISHED,
        tray_category="open",
        languages=["fi"],
        municipality_codes=["167"],
        target_groups=["adults"],
        contact_role="Neuvonta",
        contact_phone="+358 13 000 000",
    )
    with acting(view="test:make_plan", **ctx):
        return do_create_plan(
            amina,
            {
                "kind": CaseKind.BASIC,
                "start": timezone.localdate() - datetime.timedelta(days=30),
                "end": timezone.localdate() + datetime.timedelta(days=300),
                "explained_in": "ar",
            },
            unit=ctx["unit"],
            acting_user=user,
            goals=["Opin suomea."],
            services=[
                {"catalog_service": entry, "name": "Kielikahvila", "status": ServiceStatus.PLANNED},
                {"catalog_service": own_entry, "name": "Ohjaustapaaminen"},
                {"name": "Käsin kirjoitettu palvelu", "provider_name": "Joku"},
            ],
        )


def test_a_tray_service_says_when_where_and_whom_to_contact_in_arabic(
    people: dict[str, User],
    amina: Client,
    tray_plan: Plan,
) -> None:
    html = page(fetch(people["counsellor.joensuu"], amina, tray_plan, lang="ar"))
    assert "مقهى اللغة" in html  # the entry's Arabic name
    assert T("times", "ar") in html
    assert T("where", "ar") in html
    assert T("ask", "ar") in html
    # when: Tuesday in Arabic, the weekly time, the schedule text, the dated session ahead
    assert "الثلاثاء" in html
    assert "17:00–18:30" in html
    assert "كل يوم ثلاثاء" in html
    assert "10:00–12:00" in html
    assert "08:15–09:45" not in html  # a session already over
    # where: the place in Arabic, its address, its accessibility (no Arabic: shown in Finnish,
    # marked with its own language and direction; in English when the counsellor chose it)
    assert "المكتبة الرئيسية" in html
    assert "Koskikatu 25, 80100 Joensuu" in html
    assert '<span lang="fi" dir="ltr">Esteetön sisäänkäynti</span>' in html
    english = page(fetch(people["counsellor.joensuu"], amina, tray_plan, lang="ar", fallback="en"))
    assert '<span lang="en" dir="ltr">Step-free entrance</span>' in english
    # whom: the NGO's role contact with its phone and e-mail
    assert "Vapaaehtoistoiminnan koordinaattori" in html
    assert '<bdi dir="ltr">+358 40 123 4567</bdi>' in html
    assert "kahvila@example.invalid" in html


def test_the_counsellors_own_organisations_service_names_the_counsellor(
    people: dict[str, User],
    amina: Client,
    tray_plan: Plan,
) -> None:
    rows = {row["name"]: row for row in summary.summary_context(amina, tray_plan, "fi")["services"]}
    own = rows["Ohjaustapaaminen"]["contact"]
    assert own["counsellor"] is True
    assert own["name"] == (
        people["counsellor.joensuu"].get_full_name() or people["counsellor.joensuu"].username
    )
    assert rows["Kielikahvila"]["contact"]["name"] == "Vapaaehtoistoiminnan koordinaattori"
    # a service typed by hand has no tray data: no times, place or contact of its own
    typed = rows["Käsin kirjoitettu palvelu"]
    assert (typed["times"], typed["places"], typed["contact"], typed["schedule"]) == (
        [],
        [],
        None,
        None,
    )


def test_times_are_named_in_the_summary_language(
    people: dict[str, User],
    amina: Client,
    tray_plan: Plan,
) -> None:
    fi = page(fetch(people["counsellor.joensuu"], amina, tray_plan, lang="fi"))
    assert "tiistai" in fi
    assert "Esteetön sisäänkäynti" in fi
    uk = page(fetch(people["counsellor.joensuu"], amina, tray_plan, lang="uk"))
    assert "вівторок" in uk


def test_a_plan_without_tray_services_shows_no_details(
    people: dict[str, User],
    amina: Client,
    make_plan: Callable[..., Plan],
) -> None:
    html = page(fetch(people["counsellor.joensuu"], amina, make_plan(amina), lang="en"))
    assert 'class="summary__details"' not in html
    assert T("ask", "en") not in html


def test_the_pdf_carries_the_when_where_and_contact(
    people: dict[str, User], amina: Client, tray_plan: Plan
) -> None:
    response = fetch(people["counsellor.joensuu"], amina, tray_plan, lang="fi", format="pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content))
    assert "Koskikatu 25" in text
    assert "+358 40 123 4567" in text
    assert "17:00–18:30" in text


# --- What to bring ------------------------------------------------------------------------------


def test_what_to_bring_is_shown_in_the_clients_language(
    people: dict[str, User], amina: Client, tray_plan: Plan, entry: Service
) -> None:
    entry.what_to_bring = {
        "fi": "Oleskelulupakortti ja kynä",
        "en": "Your residence permit card and a pen",
        "ar": "بطاقة الإقامة وقلم",
    }
    entry.save()
    html = page(fetch(people["counsellor.joensuu"], amina, tray_plan, lang="ar"))
    assert T("bring", "ar") in html
    assert "بطاقة الإقامة وقلم" in html
    assert "Oleskelulupakortti" not in html
    swedish = page(fetch(people["counsellor.joensuu"], amina, tray_plan, lang="sv"))
    assert T("bring", "sv") in swedish
    # no Swedish text: the Finnish one, marked with its own language
    assert '<span lang="fi" dir="ltr">Oleskelulupakortti ja kynä</span>' in swedish
    english = page(fetch(people["counsellor.joensuu"], amina, tray_plan, lang="sv", fallback="en"))
    assert '<span lang="en" dir="ltr">Your residence permit card and a pen</span>' in english


def test_what_to_bring_falls_back_when_the_entry_lacks_the_language(
    people: dict[str, User], amina: Client, tray_plan: Plan, entry: Service
) -> None:
    entry.what_to_bring = {"fi": "Ei tarvitse ottaa mitään mukaan."}
    entry.save()
    rows = {r["name"]: r for r in summary.summary_context(amina, tray_plan, "uk")["services"]}
    bring = rows["Kielikahvila"]["bring"]  # the entry has no Ukrainian name: the plan's
    assert (bring.text, bring.lang, bring.is_fallback) == (
        "Ei tarvitse ottaa mitään mukaan.",
        "fi",
        True,
    )
    # the entry of the counsellor's own organisation says nothing: no "what to bring" there
    assert rows["Ohjaustapaaminen"]["bring"] is None
    assert rows["Käsin kirjoitettu palvelu"]["bring"] is None


def test_no_what_to_bring_label_when_no_entry_says_anything(
    people: dict[str, User], amina: Client, tray_plan: Plan
) -> None:
    html = page(fetch(people["counsellor.joensuu"], amina, tray_plan, lang="en"))
    assert T("bring", "en") not in html


@pytest.mark.parametrize("lang", summary_catalogue.languages())
def test_every_summary_language_has_the_what_to_bring_label(lang: str) -> None:
    text = summary_catalogue.text("bring", lang)
    assert text
    assert lang == "en" or text != summary_catalogue.LABELS["bring"]


def test_the_pdf_carries_what_to_bring(
    people: dict[str, User], amina: Client, tray_plan: Plan, entry: Service
) -> None:
    entry.what_to_bring = {"fi": "Oleskelulupakortti"}
    entry.save()
    response = fetch(people["counsellor.joensuu"], amina, tray_plan, lang="fi", format="pdf")
    text = " ".join(pdf_text(response.content))
    assert T("bring", "fi") in text
    assert "Oleskelulupakortti" in text


# --- The counsellor's work phone ----------------------------------------------------------------


def test_the_counsellors_work_phone_replaces_the_e_mail(
    people: dict[str, User], amina: Client, tray_plan: Plan
) -> None:
    counsellor = people["counsellor.joensuu"]
    counsellor.email = "ohjaaja@example.invalid"
    counsellor.work_phone = "+358 13 337 0000"
    counsellor.save()
    amina = Client.objects.get(pk=amina.pk)  # its counsellor as now stored
    context = summary.summary_context(amina, tray_plan, "fi")
    own = {r["name"]: r for r in context["services"]}["Ohjaustapaaminen"]["contact"]
    assert (own["phone"], own["email"], own["counsellor"]) == ("+358 13 337 0000", "", True)
    assert context["counsellor"]["phone"] == "+358 13 337 0000"
    html = page(fetch(counsellor, amina, tray_plan, lang="fi"))
    assert '<bdi dir="ltr">+358 13 337 0000</bdi>' in html
    assert "ohjaaja@example.invalid" not in html
    assert T("phone", "fi") in html


def test_without_a_work_phone_the_counsellors_e_mail_is_shown(
    people: dict[str, User], amina: Client, tray_plan: Plan
) -> None:
    counsellor = people["counsellor.joensuu"]
    counsellor.email = "ohjaaja@example.invalid"
    counsellor.work_phone = ""
    counsellor.save()
    amina = Client.objects.get(pk=amina.pk)  # its counsellor as now stored
    context = summary.summary_context(amina, tray_plan, "fi")
    own = {r["name"]: r for r in context["services"]}["Ohjaustapaaminen"]["contact"]
    assert (own["phone"], own["email"]) == ("", "ohjaaja@example.invalid")
    html = page(fetch(counsellor, amina, tray_plan, lang="fi"))
    assert "ohjaaja@example.invalid" in html
