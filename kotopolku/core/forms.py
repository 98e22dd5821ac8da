"""Form helpers: accessible error wiring shared by every form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from kotopolku.core import params
from kotopolku.core.errors import InvalidError


def date_bounds(value: Any) -> None:
    """Refuse a date outside `core.params` (the year 1 would give a 500 further on)."""
    if value is not None and not params.date_in_range(value):
        raise ValidationError(
            _("Give a date from %(first)s to %(last)s.")
            % {
                "first": date_format(params.MIN_DATE, "SHORT_DATE_FORMAT"),
                "last": date_format(params.MAX_DATE, "SHORT_DATE_FORMAT"),
            },
            code="date_range",
        )


class AccessibleFormMixin:
    """Mark invalid widgets with aria-invalid and point them at their error and help texts."""

    template_name = "includes/form_fields.html"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        form: forms.BaseForm = self  # type: ignore[assignment]
        for name, field in form.fields.items():
            bound = form[name]
            described: list[str] = []
            if field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            if name in form.errors:
                field.widget.attrs["aria-invalid"] = "true"
                described.insert(0, f"{bound.auto_id}_error")
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def error_list(self) -> list[dict[str, Any]]:
        """Errors for the summary at the top of the page: (field id or None, message)."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        items: list[dict[str, Any]] = []
        for error in form.non_field_errors():
            items.append({"anchor": None, "message": error})
        for name in form.errors:
            if name == NON_FIELD_ERRORS or name not in form.fields:
                continue
            bound = form[name]
            for error in bound.errors:
                items.append({"anchor": bound.auto_id, "label": bound.label, "message": error})
        return items


class Form(AccessibleFormMixin, forms.Form):
    """Every form of Kotopolku: accessible errors, and dates within `core.params`' bounds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and date_bounds not in field.validators:
                field.validators = [*field.validators, date_bounds]


class ActionForm(Form):
    """A form whose action may refuse it (`core.errors.InvalidError`): the refusal is shown on
    the named fields, the rest above the form. Fields may be shown in groups with a legend."""

    # action field name -> form field name, where they differ
    ALIASES: dict[str, str] = {}
    GROUPS: tuple[tuple[Any, tuple[str, ...]], ...] = ()

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
            if any(name in self.fields for name in names)
        ]

    def _target(self, name: str) -> str | None:
        name = self.ALIASES.get(name, name)
        return name if name in self.fields else None

    def localise(self, message: str) -> str:
        """Translate an action's fixed message (marked with gettext_noop where it is written)."""
        return gettext(message)

    def refuse(self, exc: InvalidError) -> None:
        """Attach an action's refusal to the named fields (the rest above the form)."""
        for name, messages in exc.errors.items():
            for message in messages:
                self.add_error(self._target(name), self.localise(message))
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
