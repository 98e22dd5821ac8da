"""Helpers for the accounts tests: TOTP devices and codes, audit look-ups, time."""

from __future__ import annotations

import datetime
import html
import time
from typing import Any

from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent

PASSWORD = "kotopolku-demo"

# A timezone-aware moment for tests that travel in time: tomorrow 09:00:05 UTC, so that
# memberships the demo world starts today are valid, and early in a 30-second TOTP step.
START = datetime.datetime.combine(
    datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=1),
    datetime.time(9, 0, 5),
    tzinfo=datetime.UTC,
)


def totp_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code the device shows now (or `offset_steps` steps away), as six digits."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A six-digit code that the device does not accept now (outside its tolerance window)."""
    accepted = {totp_code(device, offset_steps=n) for n in range(-2, 3)}
    candidate = 0
    while f"{candidate:06d}" in accepted:
        candidate += 1
    return f"{candidate:06d}"


def add_confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)


def user_events(user: User, action: str | None = None) -> list[ChangeEvent]:
    """The change events about `user`, oldest first (optionally of one action)."""
    events = ChangeEvent.objects.filter(subject_type="user", subject_id=str(user.pk))
    if action is not None:
        events = events.filter(action=action)
    return list(events.order_by("event_time", "id"))


def fresh(user: User) -> User:
    """A new instance from the database (cached properties like `roles` recomputed)."""
    return User.objects.get(pk=user.pk)


# --- Messages, in the language the response was made in ---------------------------------------
#
# The product is translated (fi/sv/en) and a logged-in user gets their own language, so
# tests compare against the English source string translated into the response's language.


def language_of(response: Any) -> str:
    return str(response.wsgi_request.LANGUAGE_CODE)


def tr(response: Any, message: str) -> str:
    """`message` (the English source string) in the language of `response`."""
    with translation.override(language_of(response)):
        return str(translation.gettext(message))


def form_errors(response: Any, field: str | None = None, form: str = "form") -> list[str]:
    """The errors of one field (or the non-field errors) as shown in `response`."""
    bound = response.context[form]
    with translation.override(language_of(response)):
        errors = bound.non_field_errors() if field is None else bound.errors.get(field, [])
        return [str(e) for e in errors]


def page_text(response: Any) -> str:
    """The response body with HTML entities decoded."""
    return html.unescape(response.content.decode())
