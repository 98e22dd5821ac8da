"""The integration plan forms: the plan, goals, services and reviews."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kotopolku.casework import rule_versions, rules
from kotopolku.casework.forms.assessment import level_choices
from kotopolku.casework.forms.common import (
    SHORT_TEXTAREA,
    TEXTAREA,
    CaseworkForm,
    ObjectChoiceField,
    consent_label,
    not_in_future,
    organisation_label,
    person_label,
)
from kotopolku.casework.models import (
    LEVEL_SKILLS,
    Agreement,
    CaseKind,
    ExtensionReason,
    GoalStatus,
    IntegrationLanguage,
    Plan,
    PlanStatus,
    RecordedIn,
    ServiceStatus,
)
from kotopolku.catalog.models import Service
from kotopolku.clients.forms import DATE, use_language_picker
from kotopolku.core.translated import pick

# --- Plan --------------------------------------------------------------------------------------


class PlanForm(CaseworkForm):
    ALIASES = {"exception.rule": "exception_rule", "exception.reason": "exception_reason"}
    GROUPS = (
        (_("The plan"), ("kind", "assessment", "start", "end", "status", "goals")),
        (
            _("Agreement"),
            (
                "client_responsibilities",
                "follow_up",
                "job_search_obligation",
                "explained_in",
                "interpreter_used",
                "agreement",
                "agreed_on",
            ),
        ),
        (_("Where the plan is recorded"), ("recorded_in", "official_reference")),
    )
    EXCEPTION_FIELDS = ("exception_rule", "exception_reason")

    kind = forms.ChoiceField(
        label=_("The wellbeing county's participation"),
        choices=CaseKind.choices,
        initial=CaseKind.BASIC,
        widget=forms.RadioSelect,
    )
    assessment = ObjectChoiceField(
        label=_("Based on the assessment"), required=False, blank_label=_("— none —")
    )
    start = forms.DateField(label=_("Start date"), widget=DATE)
    end = forms.DateField(
        label=_("End date"),
        widget=DATE,
        help_text=_(
            "The first integration plan is made for at most one year (Act 681/2023 s. 16)."
        ),
    )
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    goals = forms.CharField(
        label=_("Goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One goal per line. You can add goals later on the plan's page."),
    )
    client_responsibilities = forms.CharField(
        label=_("What the client agreed to do"), required=False, widget=TEXTAREA
    )
    follow_up = forms.CharField(
        label=_("How the implementation of the plan is followed"),
        required=False,
        widget=TEXTAREA,
        help_text=_("For example: reviews, reports from the providers, who follows what."),
    )
    job_search_obligation = forms.CharField(
        label=_("Job-search obligation"),
        required=False,
        widget=TEXTAREA,
        help_text=_(
            "Only for a registered jobseeker: the job-search obligation of the employment "
            "services act 380/2023 that the plan includes."
        ),
    )
    explained_in = forms.ChoiceField(label=_("Language the plan was explained in"))
    interpreter_used = forms.BooleanField(label=_("An interpreter took part"), required=False)
    agreement = forms.ChoiceField(
        label=_("How the plan was agreed"),
        required=False,
        choices=[("", _("— not yet agreed —")), *Agreement.choices],
    )
    agreed_on = forms.DateField(
        label=_("Agreed on"), required=False, widget=DATE, validators=[not_in_future]
    )
    recorded_in = forms.ChoiceField(
        label=_("Where the plan is recorded"), choices=RecordedIn.choices
    )
    official_reference = forms.CharField(
        label=_("Reference to the official record"),
        required=False,
        max_length=100,
        help_text=_("The plan's identifier in the employment services' system."),
    )
    exception_rule = forms.ChoiceField(
        label=_("Exception to the rule"),
        required=False,
        help_text=_("Only a rule that allows a documented exception can be chosen."),
    )
    exception_reason = forms.CharField(
        label=_("Reason for the exception"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Stored with the plan and in the change log."),
    )

    def __init__(
        self,
        *args: Any,
        creating: bool,
        reference_mode: bool,
        assessments: Iterable[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.creating = creating
        self.fields["assessment"].set_objects(  # type: ignore[attr-defined]
            assessments,
            lambda a: (
                gettext("%(kind)s, started %(date)s")
                % {
                    "kind": a.get_kind_display(),
                    "date": date_format(a.started, "SHORT_DATE_FORMAT"),
                }
            ),
            sort=False,
        )
        use_language_picker(self, "explained_in")
        # a plan recorded before the extension decisions keeps its exception choosable
        stored = self.initial.get("exception_rule") or ""
        legacy = {stored} & rules.LEGACY_EXCEPTION_RULES
        self.fields["exception_rule"].choices = [  # type: ignore[attr-defined]
            ("", _("— no exception —")),
            *(
                (r, f"{rule_versions.rule(r).title} ({r})")
                for r in sorted(rules.EXCEPTION_ALLOWED | legacy)
            ),
        ]
        if creating:
            del self.fields["status"]
        else:
            del self.fields["goals"]
        if not reference_mode:
            del self.fields["recorded_in"]
            del self.fields["official_reference"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agreement") and not data.get("agreed_on"):
            self.add_error("agreed_on", _("Give the day the plan was agreed."))
        if data.get("exception_rule") and not (data.get("exception_reason") or "").strip():
            self.add_error("exception_reason", _("Give the reason for the exception."))
        return data

    @property
    def shows_exception(self) -> bool:
        """The exception pair is offered after a refusal it could lift, or when in use."""
        return self.offers_exception or bool(
            self["exception_rule"].value() or self["exception_reason"].value()
        )

    @property
    def values(self) -> dict[str, Any]:
        skip = {"goals", *self.EXCEPTION_FIELDS}
        values = {n: v for n, v in self.cleaned_data.items() if n in self.fields and n not in skip}
        for name in ("client_responsibilities", "follow_up", "job_search_obligation"):
            values[name] = values.get(name, "").strip()
        return values

    @property
    def exception(self) -> tuple[str, str] | None:
        rule_id = self.cleaned_data.get("exception_rule") or ""
        if not rule_id:
            return None
        return rule_id, self.cleaned_data.get("exception_reason", "").strip()

    @property
    def goal_lines(self) -> list[str]:
        text = self.cleaned_data.get("goals") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class GoalForm(CaseworkForm):
    ALIASES = {"goals": "text"}

    text = forms.CharField(label=_("New goal"), max_length=2000)


class ClientTextsForm(CaseworkForm):
    """The plan's goals and what the client agreed to do, written for the client in one
    language by the counsellor: one field per goal (`goal-<id>`) and `responsibilities`."""

    lang = forms.CharField(widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args: Any, plan: Plan, goals: list[Any], lang: str, **kwargs: Any) -> None:
        initial = {
            "lang": lang,
            "responsibilities": plan.client_responsibilities_texts.get(lang, ""),
        }
        for goal in goals:
            initial[f"goal-{goal.pk}"] = (goal.client_texts or {}).get(lang, "")
        super().__init__(*args, initial=initial, **kwargs)
        for number, goal in enumerate(goals, start=1):
            self.fields[f"goal-{goal.pk}"] = forms.CharField(
                label=gettext("Goal %(number)s for the client") % {"number": number},
                help_text=goal.text,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "lang": lang, "dir": "auto"}),
            )
        if plan.client_responsibilities.strip() or plan.client_responsibilities_texts:
            self.fields["responsibilities"] = forms.CharField(
                label=_("What the client agreed to do, for the client"),
                help_text=plan.client_responsibilities,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4, "lang": lang, "dir": "auto"}),
            )

    def goal_texts(self) -> dict[str, str]:
        return {
            name.removeprefix("goal-"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("goal-")
        }


class GoalStatusForm(CaseworkForm):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class ServiceForm(CaseworkForm):
    name = forms.CharField(label=_("Service"), max_length=200)
    provider = ObjectChoiceField(
        label=_("Provider"), required=False, blank_label=_("— not listed —")
    )
    provider_name = forms.CharField(
        label=_("Provider, if not listed"), required=False, max_length=200
    )
    start = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    end = forms.DateField(label=_("End date"), required=False, widget=DATE)
    status = forms.ChoiceField(
        label=_("Status"), choices=ServiceStatus.choices, initial=ServiceStatus.PLANNED
    )
    directed_on = forms.DateField(
        label=_("Directed on"),
        required=False,
        widget=DATE,
        validators=[not_in_future],
        help_text=_(
            "The day the client was directed to the service; the start date is used when empty."
        ),
    )
    consent = ObjectChoiceField(
        label=_("Consent to disclose"),
        required=False,
        blank_label=_("— none —"),
        help_text=_("A referral to an NGO needs the client's valid consent to that NGO."),
    )
    # set when the service was chosen from the offering tray (shown above the form)
    catalog_service = forms.ModelChoiceField(
        label=_("Offering tray entry"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(
        self,
        *args: Any,
        providers: Iterable[Any],
        consents: Iterable[Any],
        linked: Any = None,
        **kwargs: Any,
    ) -> None:
        """`linked`: the id of the entry the service is already linked to (kept even when
        it is no longer published); otherwise only published entries can be carried."""
        super().__init__(*args, **kwargs)
        self.fields["provider"].set_objects(providers, organisation_label)  # type: ignore[attr-defined]
        self.fields["consent"].set_objects(consents, consent_label, sort=False)  # type: ignore[attr-defined]
        shown = (
            Q(status=Service.Status.PUBLISHED) | Q(pk=linked)
            if linked
            else Q(status=Service.Status.PUBLISHED)
        )
        self.fields["catalog_service"].queryset = Service.objects.filter(shown)  # type: ignore[attr-defined]

    def _target(self, name: str) -> str | None:
        # the entry is a hidden field: its refusal is shown above the form
        return None if name == "catalog_service" else super()._target(name)

    @property
    def tray_entry(self) -> dict[str, Any] | None:
        """The offering tray entry the form carries (bound or initial), for the page: its
        id, name in the user's language and whether it is still published."""
        value = self["catalog_service"].value()
        if isinstance(value, Service):
            value = value.pk
        if not value:
            return None
        try:  # only what the field accepts: a published entry, or the existing link
            entry = self.fields["catalog_service"].queryset.filter(pk=value).first()  # type: ignore[attr-defined]
        except (ValueError, ValidationError):
            return None
        if entry is None:
            return None
        return {
            "pk": entry.pk,
            "name": pick(entry.name).value,
            "published": entry.status == Service.Status.PUBLISHED,
        }

    @property
    def values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["name"] = values["name"].strip()
        values["provider_name"] = values["provider_name"].strip()
        return values


class ReviewForm(CaseworkForm):
    held_on = forms.DateField(
        label=_("Review held on"),
        widget=DATE,
        initial=timezone.localdate,
        validators=[not_in_future],
    )
    note = forms.CharField(label=_("Note"), required=False, widget=SHORT_TEXTAREA)
    levels_language = forms.ChoiceField(
        label=_("Language skills in"),
        required=False,
        choices=IntegrationLanguage.choices,
        help_text=_("Prefilled from the latest final language test of integration training."),
    )
    level_listening = forms.ChoiceField(label=_("Listening"), required=False)
    level_speaking = forms.ChoiceField(label=_("Speaking"), required=False)
    level_reading = forms.ChoiceField(label=_("Reading"), required=False)
    level_writing = forms.ChoiceField(label=_("Writing"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for skill in LEVEL_SKILLS:
            self.fields[f"level_{skill}"].choices = level_choices()  # type: ignore[attr-defined]

    @property
    def levels(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(name) or ""
            for name in ("levels_language", *(f"level_{s}" for s in LEVEL_SKILLS))
        }


class ExtensionForm(CaseworkForm):
    """A decision to lengthen the client's two-year maximum of plans (C5)."""

    decided_on = forms.DateField(
        label=_("Decided on"), widget=DATE, initial=timezone.localdate, validators=[not_in_future]
    )
    months = forms.IntegerField(
        label=_("Length of the extension (months)"),
        min_value=1,
        help_text=_("All extensions together at most the organisation's setting."),
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *ExtensionReason.choices])
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=SHORT_TEXTAREA,
        help_text=_("Required when the reason is another weighty reason."),
    )
    decided_by = ObjectChoiceField(label=_("Decided by"))

    def __init__(self, *args: Any, deciders: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].set_objects(deciders, person_label)  # type: ignore[attr-defined]
