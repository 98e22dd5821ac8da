"""`translated.pick` chooses the active language and falls back visibly."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from kotopolku.audit.context import acting
from kotopolku.core.translated import Text, clean, pick
from kotopolku.orgs import actions
from kotopolku.orgs.models import Organisation

NAME = {"fi": "Kotoutumisohjaus", "sv": "Integrationshandledning", "en": "Integration counselling"}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_requested_language_is_used_when_present(lang: str) -> None:
    text = pick(NAME, lang)
    assert text == Text(NAME[lang], lang, lang)
    assert not text.is_fallback
    assert str(text) == NAME[lang]


def test_a_missing_language_falls_back_to_finnish_and_says_so() -> None:
    text = pick({"fi": "Hei", "sv": "Hej"}, "en")
    assert (text.value, text.lang, text.requested) == ("Hei", "fi", "en")
    assert text.is_fallback


def test_fallback_order_is_finnish_swedish_english() -> None:
    assert pick({"sv": "Hej", "en": "Hello"}, "ar").lang == "sv"
    assert pick({"en": "Hello"}, "sv").lang == "en"


def test_any_other_language_is_the_last_resort_and_keeps_its_direction() -> None:
    text = pick({"ar": "مرحبا", "so": "Salaan"}, "fi")
    assert (text.value, text.lang) == ("مرحبا", "ar")
    assert text.dir == "rtl"
    assert text.is_fallback
    assert pick({"so": "Salaan"}, "fi").dir == "ltr"


def test_empty_translations_are_skipped() -> None:
    text = pick({"sv": "", "fi": "Hei"}, "sv")
    assert (text.value, text.lang) == ("Hei", "fi")


def test_nothing_to_pick_gives_an_empty_text_in_the_requested_language() -> None:
    assert pick({}, "sv") == Text("", "sv", "sv")
    assert pick(None, "fi") == Text("", "fi", "fi")


def test_the_active_language_is_the_default() -> None:
    with translation.override("sv"):
        assert pick(NAME).lang == "sv"
    with translation.override("en"):
        text = pick({"fi": "Hei"})
        assert (text.lang, text.requested) == ("fi", "en")


def test_a_regional_variant_uses_its_language() -> None:
    assert pick(NAME, "sv-fi").lang == "sv"


def test_clean_drops_empty_and_strips() -> None:
    assert clean({"fi": "  Hei ", "sv": " ", "en": ""}) == {"fi": "Hei"}


def test_a_page_marks_a_fallback_name_with_its_language(login: Callable[[str], Client]) -> None:
    with acting(view="test"):
        actions.do_create_organisation(
            slug="vain-suomeksi",
            kind=Organisation.Kind.NGO,
            name={"fi": "Vain suomeksi ry"},
            serves=[],
            acting_user=None,
        )
    client = login("admin")
    client.cookies["kotopolku_language"] = "en"
    html = client.get("/organisations/vain-suomeksi/").content.decode()
    assert '<h1 lang="fi">Vain suomeksi ry</h1>' in html
    client.cookies["kotopolku_language"] = "fi"
    html = client.get("/organisations/vain-suomeksi/").content.decode()
    assert "<h1>Vain suomeksi ry</h1>" in html
