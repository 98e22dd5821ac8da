"""What the casework forms share: widgets, refusals shown on fields, object choices."""

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
from kotopolku.clients.models import Consent
from kotopolku.core.forms import ActionForm

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
    gettext_noop("The request for the county's participation is closed."),
    gettext_noop("Write the contribution."),
    gettext_noop("Give the reference of the plan in the employment services' system."),
    gettext_noop("This rule allows no exception."),
    gettext_noop("Give the reason for the exception."),
    gettext_noop("A goal needs a text."),
    gettext_noop("Unknown status."),
    gettext_noop("Name the service."),
    gettext_noop("This offering tray entry is not published."),
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
    gettext_noop("An interpreter is not booked for a walk-in visit."),
    gettext_noop("Give the day the orientation was offered."),
    gettext_noop("Give the day of the referral."),
    gettext_noop("The training cannot start before the referral."),
    gettext_noop("Record the start first."),
    gettext_noop("Give the day of the interruption."),
    gettext_noop("Give the day of the final language test."),
    gettext_noop("Give the level of at least one skill."),
    gettext_noop("Use a CEFR level (A1-C2), a Finnish sub-level (A1.1-C1.1) or 0."),
    gettext_noop("Unknown language code."),
    gettext_noop("Unknown value."),
    gettext_noop("At most 300 characters."),
    gettext_noop(
        "A missed-appointment fee can only be charged for an appointment on or after "
        "1.1.2025 (Act 681/2023 s. 32 a)."
    ),
    gettext_noop("A missed-appointment fee can only be charged when an interpreter was booked."),
    gettext_noop(
        "A missed-appointment fee can only be charged when the client neither came nor "
        "cancelled in time."
    ),
    gettext_noop(
        "Only a registered jobseeker's plan includes a job-search obligation: the client "
        "is not registered as a jobseeker during the plan."
    ),
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


class CaseworkForm(ActionForm):
    """A form that can show a refusal of `casework.actions` on its fields, a rule of law's
    refusal with its id and legal reference."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.violations: list[rules.Violation] = []

    def localise(self, message: str) -> str:
        return localise(message)

    def refuse(self, exc: InvalidError | RuleViolationError) -> None:
        """Attach an action's refusal to the named fields (the rest above the form)."""
        if not isinstance(exc, RuleViolationError):
            super().refuse(exc)
            return
        self.violations = exc.violations
        for violation in exc.violations:
            targets = {self._target(name) for name in violation.fields} or {None}
            for target in sorted(targets, key=lambda t: t or ""):
                self.add_error(target, violation_message(violation))
        self._describe_errors()

    @property
    def offers_exception(self) -> bool:
        return any(v.exception_allowed for v in self.violations)
