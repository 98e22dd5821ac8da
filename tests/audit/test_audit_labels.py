"""The log reports name roles and pages in words (issue 15): "NGO partner", "Referrals:
detail"; a changed text per language and a list read as text, not as Python's repr."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.utils import translation

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.labels import role_label, view_label
from kotopolku.audit.recorder import flush_reads, record_read
from kotopolku.audit.reports import display
from tests.audit.helpers import as_persona


def test_the_access_log_names_the_role_and_the_page(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    counsellor = demo_world["counsellor.joensuu"]
    with acting(view="referrals:detail", **as_persona(counsellor)):
        record_read("referral", ["label-probe"])
        assert flush_reads() == 1
    auditor = login("auditor.joensuu")
    auditor.cookies["kotopolku_language"] = "en"
    html = auditor.get("/audit/access/").content.decode()
    assert "<td>Counsellor</td>" in html
    assert "<td>Referrals: detail</td>" in html
    assert "<td>counsellor</td>" not in html
    assert ">referrals:detail<" not in html


def test_values_read_as_text_and_labels_follow_the_language() -> None:
    assert display(["adults", "families"]) == "adults, families"
    assert display({"fi": "Kielikahvila", "sv": "Språkcafé"}) == "fi: Kielikahvila; sv: Språkcafé"
    with translation.override("fi"):
        assert role_label("ngo_partner") != "ngo_partner"
        assert view_label("referrals:detail") == "Lähetteet: detail"
    assert role_label("unknown_role") == "unknown_role"
