"""The client form's errors (issue 15): each field's error appears once, tied to the field with
aria-describedby; a choice error names the choices by their labels, in the UI language; a field
required only in some cases says when instead of "(optional)"."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client as HttpClient
from django.utils import translation

from kotopolku.clients import validation


def _errors(html: str) -> dict[str, str]:
    """{field id: the error text shown beside it}."""
    return {
        m.group(1): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", m.group(2))).strip()
        for m in re.finditer(r'<span class="error" id="(id_\w+)_error">(.*?)</span>\n', html)
    }


def test_each_error_once_tied_to_its_field(sign_in: Callable[[str], HttpClient]) -> None:
    browser = sign_in("counsellor.joensuu")
    browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = browser.post("/clients/new/", {"phone": ""}).content.decode()
    errors = _errors(html)
    for field in ("first_name", "last_name", "mother_tongue", "immigration_basis"):
        assert errors[f"id_{field}"] == "Error: This field is required.", field
        # the input points at its own error
        assert re.search(
            rf'<(?:input|select)[^>]*aria-describedby="id_{field}_error"[^>]*id="id_{field}"', html
        ), field
    assert errors["id_birth_date"] == "Error: Required (or give the personal identity code)."
    assert "quota_refugee" not in "".join(errors.values())
    # the summary lists each field once
    summary = html[
        html.index('class="error-summary"') : html.index("</div>", html.index("error-summary"))
    ]
    assert summary.count('href="#id_first_name"') == 1


def test_conditionally_required_fields_say_when(sign_in: Callable[[str], HttpClient]) -> None:
    browser = sign_in("counsellor.joensuu")
    browser.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    html = browser.get("/clients/new/").content.decode()
    label = re.search(r'<label for="id_birth_date">(.*?)</label>', html)
    assert label is not None
    assert "(pakollinen, jos henkilötunnusta ei ole)" in label.group(1)
    assert "vapaaehtoinen" not in label.group(1)
    interpreter = re.search(r'<label for="id_interpreter_language">(.*?)</label>', html)
    assert interpreter is not None and "(pakollinen, jos tarvitaan tulkki)" in interpreter.group(1)
    phone = re.search(r'<label for="id_phone">(.*?)</label>', html)
    assert phone is not None and "(vapaaehtoinen)" in phone.group(1)


def test_a_choice_error_names_the_choices_by_their_labels() -> None:
    with translation.override("fi"):
        result = validation.validate({"immigration_basis": "refugee"}, partial=True)
    [message] = result.errors["immigration_basis"]
    assert "Kiintiöpakolainen (quota_refugee)" in message
