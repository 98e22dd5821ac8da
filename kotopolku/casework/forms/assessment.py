"""The assessment forms and the request for the wellbeing county's participation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kotopolku.casework.forms.common import (
    TEXTAREA,
    CaseworkForm,
    ObjectChoiceField,
    not_in_future,
    organisation_label,
    person_label,
)
from kotopolku.casework.models import (
    CEFR_LEVELS,
    LEVELS_IN_ORDER,
    CaseKind,
    DigitalSkills,
    IntegrationLanguage,
    LanguageSkill,
    LevelSource,
    Literacy,
    Need,
    WellbeingRequest,
)
from kotopolku.clients.forms import DATE, use_language_picker

# --- Assessment --------------------------------------------------------------------------------


class AssessmentForm(CaseworkForm):
    GROUPS = (
        (
            _("The initial interview"),
            (
                "kind",
                "started",
                "completed",
                "interviewer",
                "interview_language",
                "interpreter_used",
                "interpreter_language",
                "other_participants",
            ),
        ),
        (
            _("Competences"),
            (
                "education",
                "work_history",
                "literacy_mother_tongue",
                "literacy_latin",
                "digital_skills",
                "learning_skills",
                "special_skills",
                "integration_language",
            ),
        ),
        (
            _("Life situation"),
            ("family_situation", "childcare_needed", "health_social_needs", "county_needs"),
        ),
        (
            _("Goals and recommended services"),
            ("goals", "needs", "recommended_services", "plan_needed"),
        ),
    )

    kind = forms.ChoiceField(
        label=_("The wellbeing county's participation"),
        choices=CaseKind.choices,
        initial=CaseKind.BASIC,
        widget=forms.RadioSelect,
    )
    started = forms.DateField(
        label=_("Started"), widget=DATE, initial=timezone.localdate, validators=[not_in_future]
    )
    completed = forms.DateField(
        label=_("Completed"),
        required=False,
        widget=DATE,
        validators=[not_in_future],
        help_text=_("Leave empty while the assessment is still in progress."),
    )
    interviewer = ObjectChoiceField(
        label=_("Initial interview by"),
        help_text=_("The initial interview is done by a public official (Act 681/2023 s. 14)."),
    )
    interview_language = forms.ChoiceField(label=_("Language of the interview"))
    interpreter_used = forms.BooleanField(label=_("An interpreter took part"), required=False)
    interpreter_language = forms.ChoiceField(label=_("Interpreter language"), required=False)
    other_participants = forms.CharField(
        label=_("Others who took part"), required=False, max_length=300
    )
    education = forms.CharField(label=_("Education"), required=False, widget=TEXTAREA)
    work_history = forms.CharField(label=_("Work history"), required=False, widget=TEXTAREA)
    literacy_mother_tongue = forms.ChoiceField(
        label=_("Literacy in the mother tongue"), required=False, choices=Literacy.choices
    )
    literacy_latin = forms.ChoiceField(
        label=_("Literacy in the Latin alphabet"), required=False, choices=Literacy.choices
    )
    digital_skills = forms.ChoiceField(
        label=_("Digital skills"), required=False, choices=DigitalSkills.choices
    )
    learning_skills = forms.CharField(
        label=_("Learning and study skills"), required=False, widget=TEXTAREA
    )
    special_skills = forms.CharField(
        label=_("Special skills and strengths"), required=False, widget=TEXTAREA
    )
    integration_language = forms.ChoiceField(
        label=_("Integration language (Finnish or Swedish)"),
        required=False,
        choices=IntegrationLanguage.choices,
        help_text=_("The national language the client chooses to integrate and study in."),
    )
    family_situation = forms.CharField(label=_("Family situation"), required=False, widget=TEXTAREA)
    childcare_needed = forms.BooleanField(label=_("Needs childcare to take part"), required=False)
    health_social_needs = forms.BooleanField(
        label=_("Has social or health needs"),
        required=False,
        help_text=_(
            "The wellbeing county can be asked to take part: request its participation "
            "from the assessment page."
        ),
    )
    county_needs = forms.CharField(
        label=_("Preliminary social and health needs noted for the wellbeing county"),
        required=False,
        widget=TEXTAREA,
        help_text=_(
            "What the wellbeing county should know if it is asked to take part; only what "
            "the work needs."
        ),
    )
    goals = forms.CharField(label=_("The client's goals"), required=False, widget=TEXTAREA)
    needs = forms.MultipleChoiceField(
        label=_("Service needs"),
        required=False,
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each need can be matched to the offering tray from the assessment page. "
            "Write the details in the recommended services below."
        ),
        error_messages={
            "invalid_choice": _("Service needs: %(value)s is not one of the needs listed.")
        },
    )
    recommended_services = forms.CharField(
        label=_("Recommended services"), required=False, widget=TEXTAREA
    )
    plan_needed = forms.BooleanField(
        label=_("An integration plan is needed"), required=False, initial=True
    )

    def __init__(self, *args: Any, interviewers: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].set_objects(interviewers, person_label)  # type: ignore[attr-defined]
        use_language_picker(self, "interview_language")
        use_language_picker(self, "interpreter_language", plain_finnish=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("interpreter_used") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Choose the language interpreted."))
        return data

    @property
    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


def level_choices() -> list[Any]:
    """A level per skill, lowest first: none yet, 0, then A1, A1.1, A1.2, A1.3, A2, ... C2
    (a CEFR level before the Finnish national scale's sub-levels of it; issue 15)."""
    whole = _("%(level)s (CEFR, whole level)")
    return [
        ("", "—"),
        ("0", _("0 (below A1: no skill yet)")),
        *[
            (lv, whole % {"level": lv} if lv in CEFR_LEVELS else lv)
            for lv in LEVELS_IN_ORDER
            if lv != "0"
        ],
    ]


class LanguageLevelForm(CaseworkForm):
    language = forms.ChoiceField(label=_("Language"))
    skill = forms.ChoiceField(label=_("Skill"), choices=[("", "—"), *LanguageSkill.choices])
    level = forms.ChoiceField(label=_("Level"), choices=level_choices)
    source = forms.ChoiceField(
        label=_("Source"), choices=LevelSource.choices, initial=LevelSource.ASSESSMENT
    )
    measured_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DATE,
        initial=timezone.localdate,
        validators=[not_in_future],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_language_picker(self, "language")


# --- The wellbeing county's participation on request ------------------------------------------------------------


class WellbeingRequestForm(CaseworkForm):
    county = ObjectChoiceField(label=_("Wellbeing services county"))
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=WellbeingRequest.LegalBasis.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why the county's participation is needed"),
        widget=TEXTAREA,
        help_text=_("The county's workers read this with the assessment and the plan."),
    )
    invited = ObjectChoiceField(
        label=_("Invited worker"),
        required=False,
        blank_label=_("— the county chooses —"),
        help_text=_("Optional: a worker of the county you have agreed with."),
    )
    assessment = ObjectChoiceField(
        label=_("Assessment"), required=False, blank_label=_("— not linked —")
    )

    def __init__(
        self,
        *args: Any,
        counties: Iterable[Any],
        workers: Iterable[tuple[Any, Any]],
        assessments: Iterable[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        counties = list(counties)
        self.fields["county"].set_objects(counties, organisation_label)  # type: ignore[attr-defined]
        several = len(counties) > 1
        pairs = list(workers)
        county_of = {str(user.pk): county for user, county in pairs}

        def worker_label(user: Any) -> str:
            name = person_label(user)
            return f"{name} ({organisation_label(county_of[str(user.pk)])})" if several else name

        self.fields["invited"].set_objects([user for user, _c in pairs], worker_label)  # type: ignore[attr-defined]
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


class ContributionForm(CaseworkForm):
    text = forms.CharField(
        label=_("Your contribution"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The wellbeing county's part of the assessment or the plan, written on request. "
            "The responsible counsellor reads it."
        ),
    )
