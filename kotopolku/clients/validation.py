"""Validation of client facts, shared by the forms and the API.

`validate()` returns the cleaned values and, per field, every message; nothing is saved
by this module. The caller refuses the whole input when any field has an error.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from kotopolku.clients.models import (
    FirstPermitKind,
    ImmigrationBasis,
    NoMunicipalityReason,
    ResponsibleAuthority,
)
from kotopolku.core import henkilotunnus, languages, params
from kotopolku.core.text import text_error
from kotopolku.orgs.models import Municipality

TEXT_FIELDS = {
    "first_name": 150,
    "last_name": 150,
    "foreign_id": 64,
    "unhcr_number": 64,
    "internal_number": 64,
    "phone": 40,
    "street_address": 200,
    "postal_code": 10,
    "post_office": 100,
    "authority_override_reason": 300,
}
DATE_FIELDS = ("birth_date", "municipality_since", "first_permit_date", "assessment_requested_on")
BOOL_FIELDS = (
    "interpreter_needed",
    "unaccompanied_minor",
    "protection_family_member",
    "social_assistance",
    "home_care_allowance",
    "assessment_need_noted",
)
# Every free-text field (the forms' and the API's): checked by `core.text.text_error`.
CHECKED_TEXT = (*TEXT_FIELDS, "email", "henkilotunnus")

HETU_MESSAGES = {
    "length": lambda: _("A personal identity code has 11 characters, e.g. 131052-308T."),
    "century": lambda: _("The seventh character is not a century sign (+, -, U–Y or A–F)."),
    "format": lambda: _(
        "Write the code as DDMMYY, a century sign, three digits and a check character."
    ),
    "date": lambda: _("The first six digits of the code are not a real date."),
    "individual": lambda: _("The individual number (digits 8–10) must be 002–999."),
    "check": lambda: _("The check character does not match: check the code for typos."),
}


@dataclass
class Result:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def choice_list(choices: Any) -> str:
    """The choices as a reader sees them: each label in the active language, with its code
    for the API's callers ("Quota refugee (quota_refugee), ...")."""
    return ", ".join(f"{label} ({value})" for value, label in choices.choices)


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def validate(
    data: dict[str, Any], *, partial: bool = False, current: dict[str, Any] | None = None
) -> Result:
    """Check `data`; with `partial`, only the given fields (merged over `current`) are checked."""
    result = Result()
    today = timezone.localdate()
    merged = {**(current or {}), **data}

    def given(name: str) -> bool:
        return not partial or name in data

    refused_text: set[str] = set()
    for name in CHECKED_TEXT:
        value = merged.get(name) if given(name) else None
        message = text_error(value) if isinstance(value, str) else None
        if message:
            result.add(name, message)
            refused_text.add(name)
    merged = {k: v for k, v in merged.items() if k not in refused_text}

    for name, limit in TEXT_FIELDS.items():
        if given(name) and name in merged:
            text = str(merged.get(name) or "").strip()
            if len(text) > limit:
                result.add(name, _("At most %(limit)d characters.") % {"limit": limit})
            result.values[name] = text
    for name in ("first_name", "last_name"):
        if (
            given(name)
            and name not in refused_text
            and not result.values.get(name, str(merged.get(name) or "").strip())
        ):
            result.add(name, _("Required."))

    for name in DATE_FIELDS:
        if given(name) and name in merged:
            try:
                day = _date(merged.get(name))
            except ValueError:
                result.add(name, _("Enter a date as YYYY-MM-DD."))
                continue
            if day is not None and not params.date_in_range(day):
                result.add(
                    name,
                    _("Give a date from %(first)s to %(last)s.")
                    % {"first": params.MIN_DATE.isoformat(), "last": params.MAX_DATE.isoformat()},
                )
                continue
            result.values[name] = day
    for name in BOOL_FIELDS:
        if given(name) and name in merged:
            result.values[name] = bool(merged.get(name))

    # henkilötunnus, and the date of birth it contains
    if given("henkilotunnus") or given("birth_date"):
        raw = str(merged.get("henkilotunnus") or "").strip()
        birth = result.values.get("birth_date", _safe_date(merged.get("birth_date")))
        if raw:
            try:
                hetu = henkilotunnus.parse(raw)
            except henkilotunnus.HetuError as exc:
                result.add("henkilotunnus", HETU_MESSAGES[exc.code]())
            else:
                result.values["henkilotunnus"] = hetu.value
                if birth is None:
                    result.values["birth_date"] = hetu.birth_date
                elif birth != hetu.birth_date:
                    result.add(
                        "birth_date",
                        _(
                            "The date of birth differs from the one in the personal identity code (%(date)s)."
                        )
                        % {"date": hetu.birth_date.isoformat()},
                    )
        elif given("henkilotunnus"):
            result.values["henkilotunnus"] = None
        if result.values.get("birth_date", birth) is None and "birth_date" not in result.errors:
            result.add("birth_date", _("Required (or give the personal identity code)."))
    birth_date = result.values.get("birth_date") or _safe_date(merged.get("birth_date"))
    if birth_date and birth_date > today and "birth_date" not in result.errors:
        result.add("birth_date", _("The date of birth is in the future."))

    # contact
    if given("email"):
        email = str(merged.get("email") or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                result.add("email", _("Enter a valid e-mail address."))
        result.values["email"] = email
    if (
        given("phone")
        and result.values.get("phone")
        and not re.fullmatch(r"\+?[0-9 ()-]{5,40}", result.values["phone"])
    ):
        result.add("phone", _("Enter a phone number with digits, e.g. +358 40 123 4567."))

    # languages
    if given("mother_tongue"):
        code = str(merged.get("mother_tongue") or "").strip()
        if not code:
            result.add("mother_tongue", _("Required."))
        elif not languages.is_valid_code(code):
            result.add(
                "mother_tongue",
                _("“%(code)s” is not a known ISO 639 language code.") % {"code": code},
            )
        result.values["mother_tongue"] = code
    if given("service_languages"):
        codes = merged.get("service_languages") or []
        if isinstance(codes, str):
            codes = [c.strip() for c in codes.split(",") if c.strip()]
        bad = [c for c in codes if not languages.is_valid_code(c)]
        if bad:
            result.add(
                "service_languages",
                _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(bad)},
            )
        result.values["service_languages"] = list(dict.fromkeys(codes))
    if given("interpreter_language") or given("interpreter_needed"):
        code = str(merged.get("interpreter_language") or "").strip()
        if code and not languages.is_valid_code(code):
            result.add(
                "interpreter_language",
                _("“%(code)s” is not a known ISO 639 language code.") % {"code": code},
            )
        if bool(merged.get("interpreter_needed")) and not code:
            result.add(
                "interpreter_language",
                _("Give the interpreter language when an interpreter is needed."),
            )
        result.values["interpreter_language"] = code

    # residence
    if given("municipality") or given("no_municipality_reason"):
        code = str(merged.get("municipality") or "").strip()
        reason = str(merged.get("no_municipality_reason") or "").strip()
        if code:
            municipality = (
                Municipality.objects.valid_on(today).filter(code=code).first()
                if re.fullmatch(r"\d{3}", code)
                else None
            )
            if municipality is None:
                result.add(
                    "municipality",
                    _("“%(code)s” is not a municipality code valid today (three digits, e.g. 167).")
                    % {"code": code},
                )
            result.values["municipality"] = municipality
            result.values["no_municipality_reason"] = ""
        else:
            if reason not in NoMunicipalityReason.values:
                result.add(
                    "municipality",
                    _("Give the municipality of residence, or the reason there is none."),
                )
            result.values["municipality"] = None
            result.values["no_municipality_reason"] = reason
    since = result.values.get("municipality_since")
    if since and since > today:
        result.add("municipality_since", _("The date is in the future."))

    # the integration window's start and the basis
    if given("immigration_basis"):
        basis = str(merged.get("immigration_basis") or "")
        if basis not in ImmigrationBasis.values:
            result.add(
                "immigration_basis",
                _("Choose one of: %(choices)s.") % {"choices": choice_list(ImmigrationBasis)},
            )
        result.values["immigration_basis"] = basis
    if given("first_permit_kind") and "first_permit_kind" in merged:
        kind = str(merged.get("first_permit_kind") or FirstPermitKind.RESIDENCE_PERMIT)
        if kind not in FirstPermitKind.values:
            result.add(
                "first_permit_kind",
                _("Choose one of: %(choices)s.") % {"choices": choice_list(FirstPermitKind)},
            )
        result.values["first_permit_kind"] = kind
    permit = result.values.get("first_permit_date")
    if permit:
        if permit > today:
            result.add("first_permit_date", _("The date is in the future."))
        elif birth_date and permit < birth_date:
            result.add("first_permit_date", _("The date is before the date of birth."))

    requested = result.values.get("assessment_requested_on")
    if requested:
        if requested > today:
            result.add("assessment_requested_on", _("The date is in the future."))
        elif birth_date and requested < birth_date:
            result.add("assessment_requested_on", _("The date is before the date of birth."))

    # responsible authority by agreement
    if given("authority_override") or given("authority_override_reason"):
        override = str(merged.get("authority_override") or "")
        if override and override not in ResponsibleAuthority.values:
            result.add("authority_override", _("Choose municipality or employment_area."))
        if override and not str(merged.get("authority_override_reason") or "").strip():
            result.add(
                "authority_override_reason", _("Give the reason (the agreement) for the override.")
            )
        result.values["authority_override"] = override
    return result


def _safe_date(value: Any) -> datetime.date | None:
    try:
        return _date(value)
    except ValueError:
        return None
