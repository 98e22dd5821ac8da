"""Issue 15: the consent is an explicit choice (nothing pre-selected, the form names the field
when none is made), its text prints in the client's language, and the provider sees the
language the client is served in and the interpreter's language."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client as HttpClient

from kotopolku.audit.models import AccessEvent
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client, Consent
from kotopolku.referrals.models import Referral


def new_url(client: Client, service: Service) -> str:
    return f"/referrals/new/{client.pk}/{service.pk}/"


def test_no_consent_is_pre_selected(
    sign_in: Callable[[str], HttpClient], client_of: Client, services: dict[str, Service]
) -> None:
    html = sign_in("counsellor.joensuu").get(new_url(client_of, services["ngo"])).content.decode()
    radios = re.findall(r'<input type="radio" name="consent"[^>]*>', html)
    assert radios, "the consent choice is offered"
    assert not [r for r in radios if "checked" in r]


def test_without_a_consent_choice_the_form_refuses_naming_the_field(
    sign_in: Callable[[str], HttpClient], client_of: Client, services: dict[str, Service]
) -> None:
    response = sign_in("counsellor.joensuu").post(
        new_url(client_of, services["ngo"]), {"reason": "Wants to practise Finnish"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_consent' in html
    assert (
        "The client&#x27;s consent: choose the consent the client has given, or record it now."
        in html
    )
    assert not Referral.objects.exists() and not Consent.objects.exists()


def test_the_consent_text_prints_in_the_clients_language(
    sign_in: Callable[[str], HttpClient],
    add_client: Callable[..., Client],
    services: dict[str, Service],
) -> None:
    swedish = add_client(mother_tongue="sv", interpreter_needed=False, interpreter_language="")
    browser = sign_in("counsellor.joensuu")
    form = browser.get(new_url(swedish, services["ngo"])).content.decode()
    print_url = f"/referrals/new/{swedish.pk}/{services['ngo'].pk}/consent/"
    assert f'href="{print_url}"' in form
    page = browser.get(print_url).content.decode()
    assert '<article class="consent-text" lang="sv">' in page
    assert "Samtycke till en remiss" in page
    assert "Kielikahvila" in page
    assert AccessEvent.objects.filter(
        actor_username="counsellor.joensuu", client_id=swedish.pk, purpose="referral consent text"
    ).exists()
    # another language on request, and a client language without a text says so
    assert (
        '<article class="consent-text" lang="fi">'
        in browser.get(f"{print_url}?lang=fi").content.decode()
    )


def test_a_language_without_a_consent_text_is_said(
    sign_in: Callable[[str], HttpClient], client_of: Client, services: dict[str, Service]
) -> None:
    url = f"/referrals/new/{client_of.pk}/{services['ngo'].pk}/consent/"
    page = sign_in("counsellor.joensuu").get(url).content.decode()
    assert "There is no consent text in Arabic yet." in page
    assert '<article class="consent-text" lang="fi">' in page
    # between authorities there is no consent to print
    other = f"/referrals/new/{client_of.pk}/{services['authority'].pk}/consent/"
    page = sign_in("counsellor.joensuu").get(other).content.decode()
    assert "no consent is asked" in page and "consent-text" not in page


def test_the_provider_sees_the_language_of_service_and_the_interpreter_language(
    sign_in: Callable[[str], HttpClient],
    add_client: Callable[..., Client],
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    arabic_speaker = add_client(
        mother_tongue="ar",
        service_languages=["fi"],
        interpreter_needed=True,
        interpreter_language="ar",
    )
    referral = refer(arabic_speaker, services["ngo"])
    browser = sign_in("ngo.spr")
    detail = browser.get(f"/referrals/{referral.pk}/").content.decode()
    assert "<dt>Served in</dt><dd>Finnish</dd>" in detail
    assert "<dt>Interpreter</dt><dd>needed: Arabic</dd>" in detail
    inbox = browser.get("/referrals/received/").content.decode()
    assert "served in Finnish; interpreter: Arabic" in inbox


def test_without_a_text_in_the_clients_language_the_language_of_service_is_offered(
    sign_in: Callable[[str], HttpClient],
    add_client: Callable[..., Client],
    services: dict[str, Service],
) -> None:
    """An Arabic speaker served in Swedish: no Arabic text yet, so the Swedish one, said so."""
    client = add_client(service_languages=["sv"])
    url = f"/referrals/new/{client.pk}/{services['ngo'].pk}/consent/"
    page = sign_in("counsellor.joensuu").get(url).content.decode()
    assert "There is no consent text in Arabic yet." in page
    assert '<article class="consent-text" lang="sv">' in page
