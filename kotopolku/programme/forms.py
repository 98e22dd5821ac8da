"""The forms of the programme pages. Each group of the editor is its own form, with ids that
are the editor's anchors (`#opening-<field>`, `#partners`, `#s<number>-<question key>`,
`#s<number>-services`, `#responsibility`): the completeness warnings link to them.

The forms only parse; the actions (`programme.actions`) check and write, and their refusals
are shown on the named fields (`ActionForm.refuse`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kotopolku.catalog.models import ProgrammeElement, Service
from kotopolku.core.forms import ActionForm
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme.document import OPENING_FIELDS, AnswerDoc, RowDoc
from kotopolku.programme.models import Programme, ProgrammeSection
from kotopolku.programme.template import SectionTemplate, template

TEXTAREA = {"rows": 4}
# Opening fields the template has no label for.
FALLBACK_LABELS = {"follow_up": _("Follow-up of the programme")}
# Blank rows offered under the responsibility table for adding.
BLANK_ROWS = 3


class PrefixedActionForm(ActionForm):
    """An `ActionForm` whose fields' ids are `<prefix>-<name>` (the editor's anchors); an
    action's error named `<prefix>-<name>` lands on the field `<name>`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    def _target(self, name: str) -> str | None:
        if self.prefix and name.startswith(f"{self.prefix}-"):
            name = name[len(self.prefix) + 1 :]
        return super()._target(name)


class CreateForm(ActionForm):
    organisation = forms.ChoiceField(label=_("Coordinating organisation"))
    municipalities = forms.MultipleChoiceField(
        label=_("Municipalities of the programme"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One municipality, or several for a joint programme."),
    )
    language = forms.ChoiceField(
        label=_("Language of the document"),
        choices=(("fi", _("Finnish")), ("sv", _("Swedish"))),
    )
    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            (str(o.pk), str(o.display_name())) for o in organisations
        ]
        served = (
            Municipality.objects.valid_on()
            .filter(organisations__in=organisations)
            .distinct()
            .order_by("name_fi")
        )
        self.fields["municipalities"].choices = [  # type: ignore[attr-defined]
            (m.code, f"{m.name_fi} ({m.code})") for m in served
        ]
        if len(organisations) == 1:
            self.fields["organisation"].initial = str(organisations[0].pk)


class OpeningForm(PrefixedActionForm):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    document_date = forms.DateField(
        label=_("Date of the document"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "opening")
        super().__init__(*args, **kwargs)
        lang = programme.language
        labels = template().opening
        for name in OPENING_FIELDS:
            texts = labels.get(name)
            label = (texts.get(lang) or texts["fi"]) if texts else FALLBACK_LABELS[name]
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs=TEXTAREA)
            )


class PartnersForm(PrefixedActionForm):
    partners = forms.CharField(
        label=_("Partners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One partner per line, in the order the document lists them."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super(PrefixedActionForm, self).__init__(*args, **kwargs)

    def names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["partners"].splitlines()]


class SectionForm(PrefixedActionForm):
    """One part: a text field per template question (the question is the label), one for text
    the template has no question for, per part A/B/C, and the linked tray entries."""

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        section: ProgrammeSection,
        services: list[Service],
        linked: set[Any],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", f"s{section.number}")
        super().__init__(*args, **kwargs)
        self.section = section
        self.spec: SectionTemplate = template().section(section.number)
        lang = programme.language
        # the part's title: an imported title may cite repealed sections (`#s<number>`)
        self.template_title = self.spec.title_in(lang)
        self.fields["title"] = forms.CharField(
            label=_("Title of the part"),
            max_length=400,
            required=False,
            help_text=_("The template's title:"),
            widget=forms.TextInput(attrs={"lang": lang}),
        )
        self.initial.setdefault("title", section.title)
        answered = {a.question for a in section.answers.all() if a.text}
        self.questions: list[tuple[str, str, str]] = []  # (field name, part, question text)
        for q in self.spec.questions:
            if q.repealed and q.key not in answered:
                continue
            help_text = (
                _("This question is about a repealed section (%(section)s): move the text.")
                % {"section": q.repealed}
                if q.repealed
                else ""
            )
            self.fields[q.key] = forms.CharField(
                label=q.in_language(lang),
                required=False,
                help_text=help_text,
                widget=forms.Textarea(attrs=TEXTAREA),
            )
            self.questions.append((q.key, q.part, q.in_language(lang)))
        keys = {q.key for q in self.spec.questions}
        for part in ("a", "b", "c"):
            name = f"other_{part}"
            self.fields[name] = forms.CharField(
                label=_("Other text of part %(part)s") % {"part": part.upper()},
                required=False,
                help_text=_("Text the template has no question for."),
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.questions.append((name, part, ""))
        # Answers to keys the template does not know are kept as "other" text of their part.
        self.unknown = [a for a in section.answers.all() if a.question and a.question not in keys]
        # Entries marked with this part's element (and those linked already) come first; the
        # other entries of the region follow, shown folded.
        primary = [x for x in services if x.programme_element == section.element or x.pk in linked]
        rest = [x for x in services if x not in primary]
        self.primary_count = len(primary)
        labels = dict(ProgrammeElement.choices)
        self.fields["services"] = forms.MultipleChoiceField(
            label=_("Services of the offering tray"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(str(x.pk), str(x.display_name())) for x in primary]
            + [
                (str(x.pk), f"{x.display_name()} ({labels.get(x.programme_element, '')})")
                for x in rest
            ],
            help_text=_(
                "Tray entries serving the programme's municipalities that implement this part."
            ),
        )

    @property
    def title_differs(self) -> bool:
        """The part's saved title is not the template's (offer "use the template's title")."""
        return self.section.title != self.template_title

    def title_value(self) -> str | None:
        """The title as typed; None when the form did not send the field (the title stays)."""
        if self.add_prefix("title") not in self.data:
            return None
        return str(self.cleaned_data.get("title", ""))

    def service_choices(self) -> tuple[list[Any], list[Any]]:
        """The checkboxes of the entries marked for this part, and those of the others."""
        boxes = list(self["services"])
        return boxes[: self.primary_count], boxes[self.primary_count :]

    @staticmethod
    def initial_for(section: ProgrammeSection) -> dict[str, Any]:
        texts: dict[str, list[str]] = {}
        keys = {q.key for q in template().section(section.number).questions}
        for a in section.answers.all():
            name = a.question if a.question in keys else f"other_{a.part}"
            texts.setdefault(name, []).append(a.text)
        initial: dict[str, Any] = {name: "\n\n".join(parts) for name, parts in texts.items()}
        initial["services"] = [str(s.pk) for s in section.services.all()]
        return initial

    def part_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        heads = template().parts
        lang = self.section.programme.language
        groups = []
        for part in ("a", "b", "c"):
            label = heads[part].get(lang) or heads[part]["fi"]
            groups.append((label, [self[n] for n, p, _q in self.questions if p == part]))
        return groups

    def answers(self) -> list[AnswerDoc]:
        found = []
        for name, part, question_text in self.questions:
            text = self.cleaned_data.get(name, "")
            key = "" if name.startswith("other_") else name
            found.append(AnswerDoc(part, key, question_text, text))
        return found

    def service_ids(self) -> list[str]:
        return list(self.cleaned_data.get("services", []))


class ResponsibilityForm(PrefixedActionForm):
    """The rows of the responsibility table, each with a remove box, and blank rows to add."""

    def __init__(self, *args: Any, rows: list[RowDoc], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "responsibility")
        super().__init__(*args, **kwargs)
        self.count = len(rows) + BLANK_ROWS
        if self.is_bound:
            try:
                self.count = max(0, min(int(self.data.get(f"{self.prefix}-count", 0)), 200))
            except ValueError:
                self.count = len(rows) + BLANK_ROWS
        self.elements = [r.element for r in rows] + [""] * (self.count - len(rows))
        for i in range(self.count):
            n = i + 1
            self.fields[f"{i}-service"] = forms.CharField(
                label=_("Service or measure, row %(n)s") % {"n": n}, required=False, max_length=400
            )
            self.fields[f"{i}-jobseekers"] = forms.CharField(
                label=_("Provider for jobseekers, row %(n)s") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{i}-others"] = forms.CharField(
                label=_("Provider for other integration clients, row %(n)s") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{i}-remove"] = forms.BooleanField(
                label=_("Remove row %(n)s") % {"n": n}, required=False
            )
            if not self.is_bound and i < len(rows):
                r = rows[i]
                self.initial.update(
                    {
                        f"{i}-service": r.service,
                        f"{i}-jobseekers": r.jobseekers,
                        f"{i}-others": r.others,
                    }
                )

    def row_fields(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"{i}-{name}"] for name in ("service", "jobseekers", "others", "remove")]
            for i in range(self.count)
        ]

    def _target(self, name: str) -> str | None:
        # the action names `responsibility.<i>.<field>`
        if name.startswith("responsibility."):
            name = name[len("responsibility.") :].replace(".", "-")
        return super()._target(name)

    def rows(self) -> list[RowDoc]:
        found = []
        for i in range(self.count):
            if self.cleaned_data.get(f"{i}-remove"):
                continue
            found.append(
                RowDoc(
                    self.cleaned_data.get(f"{i}-service", ""),
                    self.cleaned_data.get(f"{i}-jobseekers", ""),
                    self.cleaned_data.get(f"{i}-others", ""),
                    self.elements[i] if i < len(self.elements) else "",
                )
            )
        return found


class ApprovalForm(ActionForm):
    ALIASES = {"date": "approved_on", "body": "approved_by_body", "reference": "decision_reference"}

    # Required (not marked "optional"), refused with the actions' own messages.
    approved_by_body = forms.CharField(
        label=_("Approved by"),
        max_length=200,
        help_text=_("The body that approved the document, e.g. the city board."),
        error_messages={
            "required": _("Name the body that approved the programme (e.g. the city board).")
        },
    )
    approved_on = forms.DateField(
        label=_("Date of the decision"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give the date of the approval decision.")},
    )
    decision_reference = forms.CharField(
        label=_("Decision reference"),
        max_length=200,
        required=False,
        help_text=_("For example the minutes' section: KH 12.5.2025 § 123."),
    )
