"""Forms for organisations and units (system administration)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotopolku.core.forms import Form
from kotopolku.orgs.models import Municipality, Organisation, Unit, WellbeingCounty

SLUG_FIELD = dict(
    max_length=80,
    regex=r"^[a-z0-9][a-z0-9-]*$",
    help_text=_("Short identifier: lower-case letters, digits and hyphens."),
    error_messages={"invalid": _("Use lower-case letters, digits and hyphens only.")},
)


class OrganisationForm(Form):
    slug = forms.RegexField(label=_("Identifier"), **SLUG_FIELD)  # type: ignore[arg-type]
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=200)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    business_id = forms.RegexField(
        label=_("Business ID"),
        regex=r"^\d{7}-\d$",
        required=False,
        help_text=_("Y-tunnus, e.g. 1234567-8."),
        error_messages={
            "invalid": _("Enter the business ID as seven digits, a hyphen and a check digit.")
        },
    )
    wellbeing_county = forms.ModelChoiceField(
        label=_("Wellbeing services county"),
        queryset=WellbeingCounty.objects.all(),
        required=False,
    )
    plan_record = forms.ChoiceField(
        label=_("Where jobseekers' plans are recorded"),
        choices=Organisation.PlanRecord.choices,
        initial=Organisation.PlanRecord.FULL,
        required=False,
        help_text=Organisation._meta.get_field("plan_record").help_text,
    )
    serves = forms.ModelMultipleChoiceField(
        label=_("Municipalities served"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args: Any, instance: Organisation | None = None, **kwargs: Any) -> None:
        self.instance = instance
        super().__init__(*args, **kwargs)
        serves = self.fields["serves"]
        assert isinstance(serves, forms.ModelMultipleChoiceField)
        serves.queryset = Municipality.objects.valid_on()
        if instance is not None:
            self.fields["slug"].disabled = True

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        others = Organisation.objects.filter(slug=slug)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This identifier is taken."))
        return slug

    def translated_name(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"name_{code}"].strip()
            for code in ("fi", "sv", "en")
            if self.cleaned_data.get(f"name_{code}", "").strip()
        }


class UnitForm(Form):
    slug = forms.RegexField(label=_("Identifier"), **SLUG_FIELD)  # type: ignore[arg-type]
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=200)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    parent = forms.ModelChoiceField(
        label=_("Part of unit"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = organisation.units.all()

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if self.organisation.units.filter(slug=slug).exists():
            raise forms.ValidationError(_("This identifier is taken in this organisation."))
        return slug

    def translated_name(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"name_{code}"].strip()
            for code in ("fi", "sv", "en")
            if self.cleaned_data.get(f"name_{code}", "").strip()
        }
