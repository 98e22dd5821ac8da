"""The forms of the course pages: enrolling a client, marking a session's attendance."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotopolku.core.forms import ActionForm
from kotopolku.courses.models import Attendance


class EnrolForm(ActionForm):
    """Enrol one of the listed clients (the counsellor's own) on the course."""

    client = forms.ChoiceField(label=_("Client"))

    def __init__(self, *args: Any, clients: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["client"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a client")), *clients]


class CourseChoiceForm(ActionForm):
    """Enrol the client (from the client's page) on one of the listed courses."""

    course = forms.ChoiceField(label=_("Course"))

    def __init__(self, *args: Any, courses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["course"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a course")), *courses]


class AttendanceForm(ActionForm):
    """One radio group per participant (`mark-<enrolment id>`), one tap each; no script."""

    ALIASES = {"session": "__all__", "marks": "__all__"}

    def __init__(self, *args: Any, participants: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for enrolment_id, name in participants:
            self.fields[f"mark-{enrolment_id}"] = forms.ChoiceField(
                label=name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
            )

    def _target(self, name: str) -> str | None:
        if name.startswith("marks."):
            field = f"mark-{name.removeprefix('marks.')}"
            return field if field in self.fields else None
        return None

    def marks(self) -> dict[str, str]:
        return {
            name.removeprefix("mark-"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("mark-") and value
        }
