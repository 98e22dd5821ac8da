"""The referral form (consent or legal basis), the provider's answer and the cancel form."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from kotopolku.clients.forms import DATE
from kotopolku.clients.models import Consent
from kotopolku.core.errors import InvalidError
from kotopolku.core.forms import Form
from kotopolku.referrals.actions import transition_error as transition_error
from kotopolku.referrals.models import Referral
from kotopolku.referrals.rules import LEGAL_BASES, PROVIDER_STATUSES, answers_from

NEW_CONSENT = "new"

# The fixed texts of `referrals.actions`, marked for translation; shown through gettext.
ACTION_MESSAGES = (
    gettext_noop("Only a published service can receive referrals."),
    gettext_noop("The provider of this service is no longer active."),
    gettext_noop("Write the reason for the provider."),
    gettext_noop("The reason may be at most 2,000 characters."),
    gettext_noop(
        "The provider is not an authority: the client's consent is needed, "
        "a legal basis is not enough."
    ),
    gettext_noop("Choose an existing consent or record a new one, not both."),
    gettext_noop("The consent is not the client's consent to a referral to this provider."),
    gettext_noop("The consent is not valid today (withdrawn or not yet given)."),
    gettext_noop(
        "The provider is not an authority: record the client's consent to the referral first."
    ),
    gettext_noop("A consent cannot be given in the future."),
    gettext_noop("Between authorities the legal basis is recorded instead of a consent."),
    gettext_noop("Between authorities, record the legal basis."),
    gettext_noop("The legal basis may be at most 300 characters."),
    gettext_noop("Give the reason for declining."),
    gettext_noop("The note may be at most 1,000 characters."),
    gettext_noop("The referral is closed: only an open referral can be cancelled."),
    gettext_noop("The client has no consent with this id."),
    gettext_noop("The plan's service is not this client's service from this tray entry."),
    gettext_noop("Only a service from the offering tray is referred."),
    gettext_noop(
        "The client has withdrawn the consent to this referral: it can no longer be answered."
    ),
)

# action field name -> form field name
ALIASES = {"consent_id": "consent", "consent_given_on": "consent_given_on", "service_id": None}


def refuse(form: forms.Form, exc: InvalidError) -> None:
    """Show an action's refusal on the form's fields (the rest above the form)."""
    for name, messages in exc.errors.items():
        target = ALIASES.get(name, name)
        if target is not None and target not in form.fields:
            target = None
        for message in messages:
            form.add_error(target, gettext(message))


def consent_label(consent: Consent) -> str:
    return gettext("The consent given on %(date)s") % {
        "date": date_format(consent.given_on, "SHORT_DATE_FORMAT")
    }


class ReferralForm(Form):
    """A referral: the reason for the provider, and the consent (outside the authorities)
    or the legal basis (between authorities)."""

    reason = forms.CharField(
        label=_("Reason, written for the provider"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The provider sees this text. Write only what the provider needs to know "
            "to serve the client."
        ),
    )

    def __init__(
        self, *args: Any, consent_needed: bool, consents: list[Consent], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.consent_needed = consent_needed
        self.consents = {str(c.pk): c for c in consents}
        if consent_needed:
            choices = [(pk, consent_label(c)) for pk, c in self.consents.items()]
            choices.append((NEW_CONSENT, gettext("Record the client's consent now")))
            self.fields["consent"] = forms.ChoiceField(
                label=_("The client's consent"),
                choices=choices,
                widget=forms.RadioSelect,
                # no choice made for the counsellor: the client's consent is asked, not assumed
                error_messages={
                    "required": _(
                        "The client's consent: choose the consent the client has given, or "
                        "record it now."
                    )
                },
            )
            self.fields["consent_given_on"] = forms.DateField(
                label=_("The new consent was given on"),
                widget=DATE,
                required=False,
                initial=timezone.localdate,
                help_text=_("Only when you record the consent now."),
            )
        else:
            self.fields["legal_basis"] = forms.ChoiceField(
                label=_("Legal basis of the disclosure"),
                choices=[(b.code, b.label) for b in LEGAL_BASES],
                widget=forms.RadioSelect,
            )
            self.fields["legal_basis_text"] = forms.CharField(
                label=_("Details of the legal basis"),
                required=False,
                max_length=200,
                help_text=_("Required for another provision: name the act and section."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.consent_needed:
            choice = data.get("consent")
            if choice == NEW_CONSENT:
                given: datetime.date | None = data.get("consent_given_on")
                if given is None and "consent_given_on" not in self.errors:
                    self.add_error("consent_given_on", _("Give the day the consent was given."))
                elif given is not None and given > timezone.localdate():
                    self.add_error("consent_given_on", _("The date is in the future."))
        else:
            if data.get("legal_basis") == "other" and not data.get("legal_basis_text", "").strip():
                self.add_error("legal_basis_text", _("Name the provision."))
        return data

    def action_values(self) -> dict[str, Any]:
        """The keyword arguments of `do_create_referral` (besides client and service)."""
        from kotopolku.referrals.rules import legal_basis_text

        data = self.cleaned_data
        values: dict[str, Any] = {"reason": data["reason"]}
        if self.consent_needed:
            if data["consent"] == NEW_CONSENT:
                values["consent_given_on"] = data["consent_given_on"]
            else:
                values["consent"] = self.consents[data["consent"]]
        else:
            values["legal_basis"] = legal_basis_text(
                data["legal_basis"], data.get("legal_basis_text", "")
            )
        return values


class ReferNowForm(Form):
    """The choice of "refer now" when a tray entry is added to the plan (never pre-ticked)."""

    refer_now = forms.BooleanField(
        label=_("Refer the client to this service now"),
        required=False,
        help_text=_(
            "The service is added to the plan in any case. When you refer now, the referral "
            "is sent with it, or neither is saved."
        ),
    )


class AnswerForm(Form):
    """The provider's answer; the choices are the answers allowed from the current status."""

    status = forms.CharField(label=_("Answer"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline: say why. The referring counsellor sees the note."),
    )

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referral = referral
        labels = dict(Referral.Status.choices)
        self.fields["status"].widget = forms.RadioSelect(
            choices=[(s, labels[s]) for s in answers_from(referral.status)]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if status:
            if status not in PROVIDER_STATUSES:
                self.add_error("status", _("Choose one of the answers."))
            elif status not in answers_from(self.referral.status):
                self.add_error("status", transition_error(self.referral.status, status))
            elif status == Referral.Status.DECLINED and not data.get("note", "").strip():
                self.add_error("note", _("Give the reason for declining."))
        return data


class CancelForm(Form):
    note = forms.CharField(
        label=_("Why is the referral cancelled?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
