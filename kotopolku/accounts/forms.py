"""Forms of the login flow, the profile and user administration."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotopolku.accounts.models import User
from kotopolku.core.forms import AccessibleFormMixin, Form
from kotopolku.orgs.models import Membership, Role, Unit


class LoginForm(Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(Form):
    code = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        help_text=_("The code your authenticator app shows for Kotopolku."),
        error_messages={"invalid": _("Enter the six digits your authenticator app shows.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "code-input",
                "maxlength": "8",
            }
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()


class ReauthForm(Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Six-digit code"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "code-input"}
        ),
    )

    def __init__(self, *args: Any, needs_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs_code:
            self.fields["code"].required = True
            self.fields["code"].help_text = _(
                "The code your authenticator app shows for Kotopolku."
            )
        else:
            del self.fields["code"]


class TokenForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the system that uses it."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=settings.API_TOKEN_DEFAULT_DAYS,
    )
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        help_text=_("A read-only token can fetch data but not change it."),
    )


class PasswordChangeForm(Form):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_("At least 12 characters; not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        value = str(self.cleaned_data["old_password"])
        if not self.user.check_password(value):
            raise forms.ValidationError(_("The current password is not correct."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("new_password1"), data.get("new_password2")
        if one and two:
            if one != two:
                self.add_error("new_password2", _("The two new passwords differ."))
            else:
                try:
                    password_validation.validate_password(one, self.user)
                except forms.ValidationError as exc:
                    self.add_error("new_password1", exc)
        return data


class ResetRequestForm(AccessibleFormMixin, PasswordResetForm):
    """Password reset request; the e-mail goes out through the task queue after commit.

    Unlike Django's default, users without a usable password get the link too: that is how a
    user created by an administrator sets their first password.
    """

    def get_users(self, email: str) -> Any:
        return (
            user
            for user in User.objects.filter(email__iexact=email.strip(), is_active=True)
            if user.email.casefold() == email.strip().casefold()
        )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from kotopolku.accounts.tasks import send_templated_email

        send_templated_email.enqueue(
            subject_template=subject_template_name,
            text_template=email_template_name,
            html_template=html_email_template_name,
            context={
                "uid": context["uid"],
                "token": context["token"],
                "protocol": context["protocol"],
                "domain": context["domain"],
                "username": context["user"].get_username(),
            },
            to=[to_email],
        )


class ResetSetPasswordForm(AccessibleFormMixin, SetPasswordForm):  # type: ignore[type-arg]
    pass


PHONE_PATTERN = re.compile(r"\+?[0-9(][0-9 ()-]{4,39}")


def clean_phone(value: str) -> str:
    """A work telephone number as typed (digits, spaces, + - ( )), or blank."""
    value = " ".join(value.split())
    if value and (not PHONE_PATTERN.fullmatch(value) or sum(c.isdigit() for c in value) < 5):
        raise forms.ValidationError(
            _("Enter a phone number with digits, e.g. +358 40 123 4567."), code="invalid"
        )
    return value


def phone_field() -> forms.CharField:
    return forms.CharField(
        label=_("Work phone"),
        max_length=40,
        required=False,
        help_text=_(
            "Shown to your clients on their plan summary. Leave empty to show your e-mail."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class PhoneForm(Form):
    """The user's own work phone (on the profile page)."""

    work_phone = phone_field()

    def clean_work_phone(self) -> str:
        return clean_phone(str(self.cleaned_data.get("work_phone") or ""))


class UserForm(Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[a-z0-9][a-z0-9._-]*$",
        help_text=_("Lower-case letters, digits, dots and hyphens, e.g. firstname.lastname."),
        error_messages={"invalid": _("Use lower-case letters, digits, dots and hyphens only.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), help_text=_("Used for password reset."))
    work_phone = phone_field()
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")]
    )

    def __init__(self, *args: Any, instance: User | None = None, **kwargs: Any) -> None:
        self.instance = instance
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["username"].disabled = True
        self.fields["username"].widget.attrs["autocomplete"] = "off"

    def clean_work_phone(self) -> str:
        return clean_phone(str(self.cleaned_data.get("work_phone") or ""))

    def clean_email(self) -> str:
        value = str(self.cleaned_data["email"]).strip()
        others = User.objects.filter(email__iexact=value)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This e-mail address belongs to another account."))
        return value

    def clean_username(self) -> str:
        value = str(self.cleaned_data["username"]).strip().lower()
        others = User.objects.filter(username__iexact=value)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This username is taken."))
        return value


def _unit_label(unit: Unit) -> str:
    return f"{unit.organisation.display_name()} – {unit.display_name()}"


class MembershipForm(Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    is_public_official = forms.BooleanField(
        label=_("Public official"),
        required=False,
        help_text=_(
            "Holds a public office; may do the initial assessment interview (Act 681/2023)."
        ),
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(is_active=True).select_related("organisation")
        field.label_from_instance = _unit_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date is before the start date."))
        unit, role = data.get("unit"), data.get("role")
        if unit and role and start:
            overlapping = Membership.objects.filter(user=self.user, unit=unit, role=role).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=start)
            )
            if end:
                overlapping = overlapping.filter(valid_from__lte=end)
            if overlapping.exists():
                self.add_error(
                    "role", _("The user already has this role in this unit for these dates.")
                )
        return data
