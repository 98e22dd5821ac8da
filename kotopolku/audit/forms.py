from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotopolku.core import henkilotunnus
from kotopolku.core.forms import Form


class EventFilterForm(Form):
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    actor = forms.CharField(label=_("User"), required=False, max_length=150)
    subject_type = forms.CharField(label=_("Object type"), required=False, max_length=40)
    subject_id = forms.CharField(label=_("Object id"), required=False, max_length=64)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end date is before the start date."))
        return data


# The reasons a henkilötunnus is refused (`core.henkilotunnus.HetuError.code`); the same texts
# as the client form's.
HETU_MESSAGES = {
    "length": _("A personal identity code has 11 characters, e.g. 131052-308T."),
    "century": _("The seventh character is not a century sign (+, -, U–Y or A–F)."),
    "format": _("Write the code as DDMMYY, a century sign, three digits and a check character."),
    "date": _("The first six digits of the code are not a real date."),
    "individual": _("The individual number (digits 8–10) must be 002–999."),
}


class ClientSearchForm(Form):
    """Find a client's access-log report by name or by henkilötunnus (POSTed: a code never
    travels in a URL). One of the two, not both."""

    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        help_text=_("First name, last name or both."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    henkilotunnus = forms.CharField(
        label=_("Personal identity code"),
        required=False,
        max_length=20,
        help_text=_("The whole code: it is matched exactly."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("name") or "").split())

    def clean_henkilotunnus(self) -> str:
        raw = str(self.cleaned_data.get("henkilotunnus") or "")
        if not raw.strip():
            return ""
        try:
            return henkilotunnus.parse(raw).value
        except henkilotunnus.HetuError as exc:
            raise forms.ValidationError(
                HETU_MESSAGES.get(exc.code, HETU_MESSAGES["format"]), code=exc.code
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "henkilotunnus" in self.errors:
            return data
        if data.get("name") and data.get("henkilotunnus"):
            raise forms.ValidationError(
                _("Search by the name or by the personal identity code, not both.")
            )
        if not data.get("name") and not data.get("henkilotunnus"):
            raise forms.ValidationError(_("Give a name or a personal identity code."))
        return data
