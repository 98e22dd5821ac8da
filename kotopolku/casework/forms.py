"""Forms of casework pages. They parse and offer choices; `casework.actions` checks the rules
of law and writes. A refusal from an action is attached to the form's fields by `refuse`."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from kotopolku.casework import rules
from kotopolku.casework.actions import InvalidError, RuleViolationError
from kotopolku.casework.models import (
    CEFR_LEVELS,
    FINNISH_SUBLEVELS,
    Agreement,
    CaseKind,
    Channel,
    ContactTopic,
    DigitalSkills,
    GoalStatus,
    LanguageSkill,
    LevelSource,
    Literacy,
    PlanStatus,
    RecordedIn,
    ServiceStatus,
    WellbeingRequest,
)
from kotopolku.clients.forms import DATE, language_choices
from kotopolku.clients.models import Consent
from kotopolku.core.forms import Form
from kotopolku.core.translated import pick

TEXTAREA = forms.Textarea(attrs={"rows": 4})
SHORT_TEXTAREA = forms.Textarea(attrs={"rows": 2})


# The fixed texts of `casework.actions` and `casework.rules`, marked here so that they are
# collected for translation; `localise` translates them when they are shown.
ACTION_MESSAGES = (
    gettext_noop("Name a public official of your organisation."),
    gettext_noop("This date is before the start date."),
    gettext_noop("Choose a wellbeing services county."),
    gettext_noop("Choose the legal basis of the request."),
    gettext_noop("Say why the county's participation is needed."),
    gettext_noop("The invited worker does not work for this county."),
    gettext_noop("The multi-professional process is closed."),
    gettext_noop("Write the contribution."),
    gettext_noop("Give the reference of the plan in the employment services' system."),
    gettext_noop("This rule allows no exception."),
    gettext_noop("Give the reason for the exception."),
    gettext_noop("A goal needs a text."),
    gettext_noop("Unknown status."),
    gettext_noop("Name the service."),
    gettext_noop("A referral to an NGO needs the client's consent: record it first."),
    gettext_noop("The consent is not the client's consent to this provider."),
    gettext_noop("The consent is not valid on this day (withdrawn or not yet given)."),
    gettext_noop("The review is before the plan starts."),
    gettext_noop("A contact with a client is one visit."),
    gettext_noop("An anonymous visit has no note (it would identify the visitor)."),
    gettext_noop("Only a missed appointment can have been cancelled."),
    gettext_noop("A walk-in visit cannot be missed."),
    gettext_noop("Choose what the consent covers."),
    gettext_noop("A consent cannot be given in the future."),
    gettext_noop("The withdrawal is before the consent was given."),
    gettext_noop(
        "The client's first permit or registration date is not recorded, so the "
        "integration window cannot be checked."
    ),
    gettext_noop(
        "The assessment starts outside the client's integration window "
        "(three years from the first permit or registration)."
    ),
    gettext_noop("The initial interview must be done by a public official."),
    gettext_noop(
        "The first plan starts outside the client's integration window "
        "(three years from the first permit or registration)."
    ),
    gettext_noop("The first integration plan may last at most one year."),
    gettext_noop(
        "The client's integration plans would last over two years in total; "
        "a longer total needs a recorded reason."
    ),
)
_OVERLAP = re.compile(
    r"^The plan overlaps the client's plan (\d{4}-\d\d-\d\d) – (\d{4}-\d\d-\d\d)\.$"
)


def localise(message: str) -> str:
    """Translate a message of `casework.actions` or `casework.rules` for the page."""
    match = _OVERLAP.match(message)
    if match:
        start, end = (
            date_format(datetime.date.fromisoformat(d), "SHORT_DATE_FORMAT") for d in match.groups()
        )
        return gettext("The plan overlaps the client's plan %(start)s – %(end)s.") % {
            "start": start,
            "end": end,
        }
    return gettext(message)


def violation_message(violation: rules.Violation) -> str:
    """The rule's message with its id and legal reference, as a form error shows it."""
    return gettext("%(message)s (rule %(rule)s; %(reference)s)") % {
        "message": localise(violation.message),
        "rule": violation.rule.id,
        "reference": gettext(violation.rule.legal_reference),
    }


def not_in_future(value: Any) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("The date is in the future."))


class ObjectChoiceField(forms.ChoiceField):
    """A choice among given objects (by primary key), labelled and sorted for people;
    cleans to the object, or None when left empty."""

    def __init__(self, *args: Any, blank_label: Any = "—", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.blank_label = blank_label
        self.objects: dict[str, Any] = {}

    def set_objects(
        self, objects: Iterable[Any], label: Callable[[Any], str], *, sort: bool = True
    ) -> None:
        items = list(objects)
        self.objects = {str(o.pk): o for o in items}
        pairs = [(str(o.pk), label(o)) for o in items]
        if sort:
            pairs.sort(key=lambda pair: pair[1].lower())
        self.choices = [("", self.blank_label), *pairs]

    def clean(self, value: Any) -> Any:
        key = super().clean(value)
        return self.objects.get(key) if key else None


def person_label(user: Any) -> str:
    return str(user.get_full_name() or user.username)


def organisation_label(org: Any) -> str:
    return str(org.display_name())


def consent_label(consent: Consent) -> str:
    return gettext("%(scope)s → %(recipient)s (given on %(date)s)") % {
        "scope": consent.get_scope_display(),
        "recipient": consent.recipient.display_name(),
        "date": date_format(consent.given_on, "SHORT_DATE_FORMAT"),
    }


class CaseworkForm(Form):
    """A form that can show a refusal of `casework.actions` on its fields."""

    # action field name -> form field name, where they differ
    ALIASES: dict[str, str] = {}
    GROUPS: tuple[tuple[Any, tuple[str, ...]], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.violations: list[rules.Violation] = []

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
            if any(name in self.fields for name in names)
        ]

    def _target(self, name: str) -> str | None:
        name = self.ALIASES.get(name, name)
        return name if name in self.fields else None

    def refuse(self, exc: InvalidError | RuleViolationError) -> None:
        """Attach an action's refusal to the named fields (the rest above the form)."""
        if isinstance(exc, RuleViolationError):
            self.violations = exc.violations
            for violation in exc.violations:
                targets = {self._target(name) for name in violation.fields} or {None}
                for target in sorted(targets, key=lambda t: t or ""):
                    self.add_error(target, violation_message(violation))
        else:
            for name, messages in exc.errors.items():
                for message in messages:
                    self.add_error(self._target(name), localise(message))
        self._describe_errors()

    def _describe_errors(self) -> None:
        """Point invalid widgets at their errors (as AccessibleFormMixin does on cleaning)."""
        for name, field in self.fields.items():
            bound = self[name]
            described = [f"{bound.auto_id}_helptext"] if field.help_text else []
            if name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"
                described.insert(0, f"{bound.auto_id}_error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    @property
    def offers_exception(self) -> bool:
        return any(v.exception_allowed for v in self.violations)


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
            ),
        ),
        (
            _("Life situation"),
            ("family_situation", "childcare_needed", "health_social_needs"),
        ),
        (_("Goals and recommended services"), ("goals", "recommended_services", "plan_needed")),
    )

    kind = forms.ChoiceField(
        label=_("Kind of assessment"),
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
    family_situation = forms.CharField(label=_("Family situation"), required=False, widget=TEXTAREA)
    childcare_needed = forms.BooleanField(label=_("Needs childcare to take part"), required=False)
    health_social_needs = forms.BooleanField(
        label=_("Has social or health needs"),
        required=False,
        help_text=_(
            "Calls for the multi-professional route: request the wellbeing county's "
            "participation from the assessment page."
        ),
    )
    goals = forms.CharField(label=_("The client's goals"), required=False, widget=TEXTAREA)
    recommended_services = forms.CharField(
        label=_("Recommended services"), required=False, widget=TEXTAREA
    )
    plan_needed = forms.BooleanField(
        label=_("An integration plan is needed"), required=False, initial=True
    )

    def __init__(self, *args: Any, interviewers: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].set_objects(interviewers, person_label)  # type: ignore[attr-defined]
        self.fields["interview_language"].choices = language_choices(blank="—")  # type: ignore[attr-defined]
        self.fields["interpreter_language"].choices = language_choices(blank="—")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("interpreter_used") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Choose the language interpreted."))
        return data

    @property
    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class LanguageLevelForm(CaseworkForm):
    language = forms.ChoiceField(label=_("Language"))
    skill = forms.ChoiceField(label=_("Skill"), choices=[("", "—"), *LanguageSkill.choices])
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[
            ("", "—"),
            ("0", _("0 (below A1: no skill yet)")),
            (_("Common European Framework (CEFR)"), [(lv, lv) for lv in CEFR_LEVELS]),
            (_("Finnish national scale"), [(lv, lv) for lv in FINNISH_SUBLEVELS]),
        ],
    )
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
        self.fields["language"].choices = language_choices(blank="—")  # type: ignore[attr-defined]


# --- The multi-professional route ------------------------------------------------------------


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
            "The wellbeing county's part of the multi-professional assessment or plan. "
            "The responsible counsellor reads it."
        ),
    )


# --- Plan --------------------------------------------------------------------------------------


class PlanForm(CaseworkForm):
    ALIASES = {"exception.rule": "exception_rule", "exception.reason": "exception_reason"}
    GROUPS = (
        (_("The plan"), ("kind", "assessment", "start", "end", "status", "goals")),
        (
            _("Agreement"),
            (
                "client_responsibilities",
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
        label=_("Kind of plan"),
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
        self.fields["explained_in"].choices = language_choices(blank="—")  # type: ignore[attr-defined]
        self.fields["exception_rule"].choices = [  # type: ignore[attr-defined]
            ("", _("— no exception —")),
            *((r, f"{rules.rule(r).title} ({r})") for r in sorted(rules.EXCEPTION_ALLOWED)),
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
        values["client_responsibilities"] = values.get("client_responsibilities", "").strip()
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

    def __init__(
        self, *args: Any, providers: Iterable[Any], consents: Iterable[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].set_objects(providers, organisation_label)  # type: ignore[attr-defined]
        self.fields["consent"].set_objects(consents, consent_label, sort=False)  # type: ignore[attr-defined]

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
            ("day", "channel", "language", "interpreter_used", "topics", "minutes", "note"),
        ),
        (_("Missed appointment"), ("interpreter_booked", "missed", "cancelled")),
    )

    day = forms.DateField(
        label=_("Date"), widget=DATE, initial=timezone.localdate, validators=[not_in_future]
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices])
    language = forms.ChoiceField(label=_("Language"))
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(blank="—")  # type: ignore[attr-defined]
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
        self.fields["language"].choices = language_choices(blank="—")  # type: ignore[attr-defined]
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
