"""The wording review of issue 15 (fi/sv): one term for one thing, and no two choices of one
list that read the same."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from kotopolku.casework.summary_catalogue import text as summary_text
from kotopolku.referrals.models import Referral


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_one_term_for_the_responsible_side(lang: str) -> None:
    with translation.override(lang):
        assert gettext("Responsible authority") == gettext("Served by")
        assert gettext("Responsible authority by agreement").startswith(gettext("Served by"))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_one_term_for_guidance_contacts(lang: str) -> None:
    term = {"fi": "ohjauskerta", "sv": "handledningskontakt"}[lang]
    with translation.override(lang):
        for msgid in (
            "The contact",
            "Record a contact",
            "Record the contact",
            "The contact is recorded.",
            "Guidance contact with %(name)s",
        ):
            assert term in gettext(msgid).lower(), msgid


@pytest.mark.parametrize(
    ("lang", "sender", "everyone", "no_show", "stale"),
    [
        ("fi", "Lähettäjä", "Kaikille", "Ei saapunut", "ei päivityksiä"),
        ("sv", "Avsändare", "För alla", "Uteblev", "ingen uppdatering"),
    ],
)
def test_the_reviewed_words(
    lang: str, sender: str, everyone: str, no_show: str, stale: str
) -> None:
    with translation.override(lang):
        assert pgettext("the sender of a referral", "From") == sender
        assert gettext("From") != sender  # the date filter's "from" stays as it was
        assert gettext("Everyone") == everyone != gettext("All")
        assert str(Referral.Status.NO_SHOW.label) == no_show
        assert gettext("no news") == stale


def test_correct_facts_and_the_swedish_summary_status() -> None:
    with translation.override("fi"):
        assert gettext("Correct facts") == "Korjaa perustiedot"
    assert summary_text("status", "sv") == "Status"
