"""Forms of the client register; the rules live in `clients.validation`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kotopolku.access import scopes
from kotopolku.clients import validation
from kotopolku.clients.models import (
    FirstPermitKind,
    HouseholdMember,
    ImmigrationBasis,
    NoMunicipalityReason,
    ResponsibleAuthority,
)
from kotopolku.core import languages
from kotopolku.core.forms import Form
from kotopolku.orgs.models import Municipality

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# The language pickers' <select>: a filter box is put before it by static/kotopolku/js/pickers.js
# (progressive enhancement: without script the select works as it is).
LANGUAGE_FILTER_ATTRS = {"data-filter": "options", "data-filter-label": _("Filter the languages")}


def language_choices(
    *, blank: str | None = None, keep: Any = (), plain_finnish: bool = False
) -> list[Any]:
    """The language picker (issue 15): the languages of Finland (Finnish, Swedish, Sámi,
    the sign languages), then the largest language groups in Finland by speakers, then every
    other language alphabetically, named in the UI language (core/data/languages.toml).
    Codes in `keep` (a record's current values) stay choosable even when the picker no longer
    offers them, so that editing a record never drops its data."""
    ui = (get_language() or "fi")[:2]
    groups = languages.picker_groups(ui, plain_finnish=plain_finnish)
    offered = {
        code for part in (groups.finland, groups.by_speakers, groups.rest) for code, _n in part
    }
    kept = [
        (code, languages.name(code, ui))
        for code in dict.fromkeys([keep] if isinstance(keep, str) else keep)
        if code and isinstance(code, str) and code not in offered
    ]
    choices: list[Any] = [("", blank)] if blank is not None else []
    if kept:
        choices.append((_("Current value"), kept))
    choices += [
        (_("Languages of Finland and sign languages"), groups.finland),
        (_("Most spoken in Finland"), groups.by_speakers),
        (_("All languages"), groups.rest),
    ]
    return choices


def use_language_picker(
    form: forms.BaseForm, name: str, *, blank: str = "—", plain_finnish: bool = True
) -> None:
    """Make `form`'s field `name` the language picker: the choices above (the field's current
    value kept) and the filter box. Plain Finnish is offered unless `plain_finnish` is off (a
    mother tongue)."""
    field = form.fields[name]
    field.choices = language_choices(  # type: ignore[attr-defined]
        blank=blank, keep=form.initial.get(name) or "", plain_finnish=plain_finnish
    )
    field.widget.attrs.update(LANGUAGE_FILTER_ATTRS)


def service_language_choices(extra: list[str] | None = None) -> list[tuple[str, str]]:
    ui = (get_language() or "fi")[:2]
    table = languages.names(ui)
    codes = dict.fromkeys(("fi", "sv", "en", *languages.COMMON_CLIENT_LANGUAGES, *(extra or [])))
    return [(code, table.get(code, code)) for code in codes]


def municipality_choices(
    first_regions: Any = (), *, codes: Iterable[str] | None = None, blank: Any = None
) -> list[Any]:
    """Municipalities in force, by name; those of `first_regions` (the user's organisations'
    regions) first in their own group (issue 15). `codes` limits the list to those codes (a
    filter offering only the municipalities with something to find); `blank` labels the
    empty choice. The one picker order of the client form and the tray's filter."""
    ui = (get_language() or "fi")[:2]
    rows = Municipality.objects.valid_on()
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    labelled = [
        (region, (code, f"{sv if ui == 'sv' else fi} ({code})"))
        for code, fi, sv, region in rows.order_by("name_fi").values_list(
            "code", "name_fi", "name_sv", "region_id"
        )
    ]
    if ui == "sv":
        labelled.sort(key=lambda item: languages.sort_key(item[1][1], ui))
    regions = set(first_regions)
    choices: list[Any] = [("", _("— none —") if blank is None else blank)]
    mine = [choice for region, choice in labelled if region in regions]
    if not mine:
        return choices + [choice for _region, choice in labelled]
    others = [choice for region, choice in labelled if region not in regions]
    choices.append((_("Your region"), mine))
    if others:
        choices.append((_("Other municipalities"), others))
    return choices


class ClientForm(Form):
    """Create or correct a client's facts. `clean()` applies `validation.validate`."""

    GROUPS = (
        (
            _("Identity"),
            (
                "first_name",
                "last_name",
                "birth_date",
                "henkilotunnus",
                "foreign_id",
                "unhcr_number",
                "internal_number",
            ),
        ),
        (_("Contact details"), ("phone", "email", "street_address", "postal_code", "post_office")),
        (
            _("Languages"),
            ("mother_tongue", "service_languages", "interpreter_needed", "interpreter_language"),
        ),
        (_("Residence"), ("municipality", "municipality_since", "no_municipality_reason")),
        (
            _("Integration"),
            (
                "first_permit_date",
                "first_permit_kind",
                "immigration_basis",
                "unaccompanied_minor",
                "jobseeker",
            ),
        ),
        (
            _("Who is offered an assessment"),
            (
                "protection_family_member",
                "social_assistance",
                "home_care_allowance",
                "assessment_requested_on",
                "assessment_need_noted",
            ),
        ),
        (
            _("Responsible authority by agreement"),
            ("authority_override", "authority_override_reason"),
        ),
    )

    # Fields that the form cannot mark required because another field decides: the label
    # says when instead of "(optional)" (includes/field.html reads `required_when`).
    REQUIRED_WHEN = {
        "birth_date": _("required if there is no personal identity code"),
        "interpreter_language": _("required if an interpreter is needed"),
        "municipality": _("required unless there is a reason for having none"),
        "no_municipality_reason": _("required if there is no municipality of residence"),
        "authority_override_reason": _("required if served by agreement"),
    }

    first_name = forms.CharField(label=_("First names"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=DATE,
        help_text=_("Taken from the personal identity code when left empty."),
    )
    henkilotunnus = forms.CharField(
        label=_("Personal identity code"),
        required=False,
        max_length=20,
        help_text=_("Optional: many clients have none yet. E.g. 131052-308T."),
    )
    foreign_id = forms.CharField(label=_("Foreign personal number"), required=False, max_length=64)
    unhcr_number = forms.CharField(label=_("UNHCR number"), required=False, max_length=64)
    internal_number = forms.CharField(label=_("Internal number"), required=False, max_length=64)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )
    street_address = forms.CharField(label=_("Street address"), required=False, max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=10)
    post_office = forms.CharField(label=_("Post office"), required=False, max_length=100)
    mother_tongue = forms.ChoiceField(label=_("Mother tongue"))
    service_languages = forms.MultipleChoiceField(
        label=_("Languages of service"), required=False, widget=forms.CheckboxSelectMultiple
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    interpreter_language = forms.ChoiceField(label=_("Interpreter language"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality of residence"), required=False)
    municipality_since = forms.DateField(label=_("Resident since"), required=False, widget=DATE)
    no_municipality_reason = forms.ChoiceField(
        label=_("If no municipality of residence: why"),
        required=False,
        choices=[("", "—"), *NoMunicipalityReason.choices],
    )
    first_permit_date = forms.DateField(
        label=_("Date of the first residence permit, card or registration"),
        required=False,
        widget=DATE,
        help_text=_(
            "Starts the three-year window for the assessment and the first integration plan."
        ),
    )
    first_permit_kind = forms.ChoiceField(
        label=_("Kind of that event"), choices=FirstPermitKind.choices
    )
    immigration_basis = forms.ChoiceField(
        label=_("Basis of residence"), choices=[("", "—"), *ImmigrationBasis.choices]
    )
    unaccompanied_minor = forms.BooleanField(
        label=_("Arrived as an unaccompanied minor"), required=False
    )
    protection_family_member = forms.BooleanField(
        label=_("Family member of a beneficiary of international protection or a quota refugee"),
        required=False,
    )
    social_assistance = forms.BooleanField(
        label=_("Receives social assistance other than temporarily"), required=False
    )
    home_care_allowance = forms.BooleanField(
        label=_("Receives child home care allowance"), required=False
    )
    assessment_requested_on = forms.DateField(
        label=_("Asked for an assessment on"),
        required=False,
        widget=DATE,
        help_text=_("Anyone in the three-year window may ask for an assessment."),
    )
    assessment_need_noted = forms.BooleanField(
        label=_("Found to need an assessment"),
        required=False,
        help_text=_("By the counsellor, or by another authority's contact (Act 681/2023 s. 9)."),
    )
    jobseeker = forms.BooleanField(
        label=_("Registered as a jobseeker today"),
        required=False,
        help_text=_(
            "A registered jobseeker is served by the employment authority (the employment area)."
        ),
    )
    authority_override = forms.ChoiceField(
        label=_("Served by, by agreement"),
        required=False,
        choices=[("", _("— follows jobseeker status —")), *ResponsibleAuthority.choices],
        help_text=_(
            "Only where the municipality has agreed that the employment area serves non-jobseekers."
        ),
    )
    authority_override_reason = forms.CharField(
        label=_("Agreement or reason"), required=False, max_length=300
    )
    confirm_duplicate = forms.BooleanField(
        label=_("I have checked: this is a different person"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(
        self,
        *args: Any,
        creating: bool = True,
        client_id: Any = None,
        user: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.creating = creating
        self.user = user  # a probable duplicate is looked for among the clients they see
        self.client_id = client_id
        self.values: dict[str, Any] = {}
        self.warnings: list[Any] = []
        use_language_picker(self, "mother_tongue", plain_finnish=False)
        use_language_picker(self, "interpreter_language", plain_finnish=False)
        # The client's current codes stay choosable even when they are not among the common ones.
        current = [c for c in (self.initial.get("service_languages") or []) if isinstance(c, str)]
        self.fields["service_languages"].choices = service_language_choices(extra=current)  # type: ignore[attr-defined]
        self.fields["municipality"].choices = municipality_choices(  # type: ignore[attr-defined]
            scopes.home_region_ids(user) if user is not None else ()
        )
        for name, when in self.REQUIRED_WHEN.items():
            if name in self.fields:
                self.fields[name].required_when = when  # type: ignore[attr-defined]
        if not creating:
            del self.fields["jobseeker"]
            del self.fields["confirm_duplicate"]
        else:
            del self.fields["authority_override"]
            del self.fields["authority_override_reason"]

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
            if any(name in self.fields for name in names)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = {
            name: value
            for name, value in data.items()
            if name not in ("jobseeker", "confirm_duplicate")
        }
        for name in validation.DATE_FIELDS:
            if name in self.errors:
                raw.pop(name, None)
        result = validation.validate(raw)
        for name, messages in result.errors.items():
            target = name if name in self.fields else None
            if target is not None and target in self.errors:
                continue  # one error per field: the field's own check already answered
            for message in messages:
                self.add_error(target, message)
        self.values = result.values
        if result.ok and self.creating and not self.errors and self.user is not None:
            from kotopolku.clients.actions import duplicate_warnings

            self.warnings = duplicate_warnings(result.values, user=self.user)
            if self.warnings and not data.get("confirm_duplicate"):
                self.fields["confirm_duplicate"].widget = forms.CheckboxInput()
                self.add_error(
                    "confirm_duplicate",
                    _(
                        "A client you can see has the same names and date of birth. "
                        "Check that this is not the same person, then tick the box to continue."
                    ),
                )
        return data


class AssignCounsellorForm(Form):
    counsellor = forms.ChoiceField(label=_("Own counsellor"))

    def __init__(self, *args: Any, counsellors: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counsellors = {str(u.pk): u for u in counsellors}
        self.fields["counsellor"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), u.get_full_name() or u.username) for u in counsellors
        ]


class JobseekerForm(Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return value


class HouseholdMemberForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("For a person who is not a client."),
    )
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    relation = forms.ChoiceField(label=_("Relation"), choices=HouseholdMember.Relation.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") or "").strip():
            self.add_error("name", _("Give the name."))
        year = data.get("birth_year")
        if year and year > timezone.localdate().year:
            self.add_error("birth_year", _("The year is in the future."))
        return data


class MergeForm(Form):
    other = forms.UUIDField(
        label=_("Id of the other record"),
        help_text=_("The record to merge into this one; it is kept in the history."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class PeriodForm(Form):
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("To"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end date is before the start date."))
        return data
