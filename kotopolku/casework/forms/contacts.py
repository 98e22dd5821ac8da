"""Guidance contacts, walk-ins and consents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotopolku.casework.forms.assessment import level_choices
from kotopolku.casework.forms.common import (
    SHORT_TEXTAREA,
    CaseworkForm,
    ObjectChoiceField,
    not_in_future,
    organisation_label,
)
from kotopolku.casework.models import (
    LEVEL_SKILLS,
    Channel,
    CivicOrientationTaken,
    ContactTopic,
    IntegrationLanguage,
)
from kotopolku.clients.forms import DATE, use_language_picker
from kotopolku.clients.models import Consent
from kotopolku.core.translated import pick

# --- Contacts ----------------------------------------------------------------------------------


def topic_choices() -> list[tuple[str, str]]:
    return [
        (topic.code, str(pick(topic.name)) or topic.code)
        for topic in ContactTopic.objects.filter(is_active=True)
    ]


class ContactForm(CaseworkForm):
    GROUPS = (
        (
            _("The contact"),
            ("day", "channel", "language", "topics", "minutes", "note"),
        ),
        (_("Interpreting"), ("interpreter_needed", "interpreter_booked", "interpreter_used")),
        (_("Missed appointment"), ("missed", "cancelled", "fee_charged")),
    )

    day = forms.DateField(
        label=_("Date"), widget=DATE, initial=timezone.localdate, validators=[not_in_future]
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices])
    language = forms.ChoiceField(label=_("Language"))
    interpreter_needed = forms.BooleanField(label=_("An interpreter was needed"), required=False)
    interpreter_used = forms.BooleanField(label=_("An interpreter took part"), required=False)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=1, max_value=600
    )
    note = forms.CharField(
        label=_("Short note"),
        required=False,
        widget=SHORT_TEXTAREA,
        help_text=_("Only what the work needs; the client may read it."),
    )
    interpreter_booked = forms.BooleanField(label=_("An interpreter was booked"), required=False)
    missed = forms.BooleanField(
        label=_("The client did not come"),
        required=False,
        help_text=_(
            "Act 681/2023 s. 32 a: a fee may be charged when the client neither came nor "
            "cancelled in time an appointment for which an interpreter was booked."
        ),
    )
    cancelled = forms.BooleanField(label=_("The client cancelled in time"), required=False)
    fee_charged = forms.BooleanField(
        label=_("A missed-appointment fee is charged"),
        required=False,
        help_text=_(
            "Act 681/2023 s. 32 a: only for an appointment from 1.1.2025 with a booked "
            "interpreter that the client neither attended nor cancelled in time."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_language_picker(self, "language")
        self.fields["topics"].choices = topic_choices()  # type: ignore[attr-defined]

    @property
    def values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["note"] = values.get("note", "").strip()
        return values


class WalkInForm(CaseworkForm):
    day = forms.DateField(
        label=_("Date"), widget=DATE, initial=timezone.localdate, validators=[not_in_future]
    )
    language = forms.ChoiceField(label=_("Language"))
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    visitors = forms.IntegerField(
        label=_("Number of visitors"), min_value=1, max_value=500, initial=1
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_language_picker(self, "language")
        self.fields["topics"].choices = topic_choices()  # type: ignore[attr-defined]

    @property
    def values(self) -> dict[str, Any]:
        return {**self.cleaned_data, "channel": Channel.WALK_IN}


# --- Consent -----------------------------------------------------------------------------------


class ConsentForm(CaseworkForm):
    scope = forms.ChoiceField(
        label=_("What the consent covers"), choices=Consent.Scope.choices, widget=forms.RadioSelect
    )
    recipient = ObjectChoiceField(label=_("Recipient organisation"))
    given_on = forms.DateField(
        label=_("Given on"), widget=DATE, initial=timezone.localdate, validators=[not_in_future]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, recipients: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].set_objects(recipients, organisation_label)  # type: ignore[attr-defined]


class WithdrawConsentForm(CaseworkForm):
    ALIASES = {"withdrawn_on": "day"}

    day = forms.DateField(
        label=_("Withdrawn on"), widget=DATE, initial=timezone.localdate, validators=[not_in_future]
    )


# --- Civic orientation offered (s. 25) ----------------------------------------------------------


class CivicOrientationForm(CaseworkForm):
    offered_on = forms.DateField(
        label=_("Offered on"), widget=DATE, initial=timezone.localdate, validators=[not_in_future]
    )
    language = forms.ChoiceField(
        label=_("Language of the orientation"),
        help_text=_("The client's native language or another language they know well."),
    )
    taken = forms.ChoiceField(
        label=_("Did the client take part"),
        required=False,
        choices=CivicOrientationTaken.choices,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_language_picker(self, "language")

    @property
    def values(self) -> dict[str, Any]:
        return {**self.cleaned_data, "note": self.cleaned_data.get("note", "").strip()}


# --- Integration training ---------------------------------------------------------------------


class TrainingForm(CaseworkForm):
    GROUPS = (
        (_("The training"), ("language", "provider_name", "referred_on", "start", "end")),
        (_("Interruption"), ("interrupted_on", "interruption_reason")),
        (
            _("Final language test (kielitaidon päättötestaus)"),
            ("test_on", "level_listening", "level_speaking", "level_reading", "level_writing"),
        ),
    )

    language = forms.ChoiceField(
        label=_("Language of the training"), required=False, choices=IntegrationLanguage.choices
    )
    provider_name = forms.CharField(label=_("Provider"), required=False, max_length=200)
    referred_on = forms.DateField(
        label=_("Referred on"), widget=DATE, initial=timezone.localdate, validators=[not_in_future]
    )
    start = forms.DateField(
        label=_("Started"), required=False, widget=DATE, validators=[not_in_future]
    )
    end = forms.DateField(label=_("Ended"), required=False, widget=DATE, validators=[not_in_future])
    interrupted_on = forms.DateField(
        label=_("Interrupted on"), required=False, widget=DATE, validators=[not_in_future]
    )
    interruption_reason = forms.CharField(
        label=_("Reason for the interruption"), required=False, max_length=300
    )
    test_on = forms.DateField(
        label=_("Final language test on"), required=False, widget=DATE, validators=[not_in_future]
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
    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.fields} | {
            name: self.cleaned_data.get(name) or ""
            for name in (
                "language",
                "provider_name",
                "interruption_reason",
                *(f"level_{s}" for s in LEVEL_SKILLS),
            )
        }
