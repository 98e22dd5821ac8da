"""The forms of the tray: an entry (texts in fi, sv, en and extra languages, classifications,
schedule and times, contact, places), a decision on a proposed change, a wish."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _

from kotopolku.catalog.actions.validate import PLAIN_FIELDS, SERVICE_FIELDS
from kotopolku.catalog.models import (
    TEXT_FIELDS,
    Place,
    ProgrammeElement,
    ScheduleKind,
    Service,
    TargetGroup,
    TrayCategory,
)
from kotopolku.core import languages
from kotopolku.core.forms import ActionForm, Form
from kotopolku.orgs.models import Municipality, Organisation

# The fixed texts of `catalog.actions`, marked here so that they are collected for
# translation; `ActionForm.localise` translates them when a form shows them.
ACTION_MESSAGES = (
    gettext_noop("An authority's role belongs to the authorities' column, and only it does."),
    gettext_noop("Another entry already has this external id."),
    gettext_noop("At most 200 characters."),
    gettext_noop("At most 500 characters."),
    gettext_noop("At most 254 characters."),
    gettext_noop(
        "The entry has changed since you opened this page. Check the change again and decide."
    ),
    gettext_noop("The entry was published by a coordinator of its region."),
    gettext_noop("Give a date as YYYY-MM-DD."),
    gettext_noop("Give a list of times."),
    gettext_noop("Give a list."),
    gettext_noop("Give a number."),
    gettext_noop("Give a telephone number: digits, spaces, + - ( )."),
    gettext_noop("Give a time as HH:MM."),
    gettext_noop("Give a valid e-mail address."),
    gettext_noop("Give a web address starting with https:// or http://."),
    gettext_noop("Give a weekday or a date."),
    gettext_noop("Give the name in at least one language."),
    gettext_noop("Give the price in euros, e.g. 12.50."),
    gettext_noop("Give the weekday as 0 (Monday) to 6 (Sunday)."),
    gettext_noop("Give weekday or date, starts_at and ends_at."),
    gettext_noop("Replaced by a later proposal."),
    gettext_noop("Say why the change is rejected."),
    gettext_noop("The change has already been decided."),
    gettext_noop("The end time must be after the start time."),
    gettext_noop("The entry is already archived."),
    gettext_noop("The entry is already published."),
    gettext_noop("The entry was archived."),
    gettext_noop("The organisation is not active."),
    gettext_noop("The price must be between 0 and 999999.99 euros."),
    gettext_noop("This date is before the start date."),
    gettext_noop("Unknown field."),
    gettext_noop("Write the wish or idea."),
)
MAIN_LANGUAGES = ("fi", "sv", "en")
# An authority's classification of an entry: shown and written only for the owners whose
# editor keeps it (`catalog.scopes.keeps_authority_fields`); an NGO's form has neither, and
# its tray category has no authorities' column. The one place that says which fields these are.
AUTHORITY_FIELDS = ("kind", "programme_element")
EXTRA_SLOTS = 2  # extra languages at a time (plain Finnish, client languages)
TIME_ROWS = 4
TEXT_LABELS = {
    "name": _("Name"),
    "summary": _("Short description"),
    "description": _("Description"),
    "how_to_join": _("How to take part"),
    "what_to_bring": _("What to bring"),
    "cost_text": _("Cost"),
    "schedule_text": _("Schedule"),
}
LANGUAGE_LABELS = {"fi": _("in Finnish"), "sv": _("in Swedish"), "en": _("in English")}
WEEKDAY_CHOICES = [
    ("", "—"),
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _ui() -> str:
    return (get_language() or "fi")[:2]


def language_choices() -> list[tuple[str, str]]:
    """Languages of service offered as boxes: the main ones, plain Finnish, client languages."""
    ui = _ui()
    codes = [*MAIN_LANGUAGES, "fi-x-plain", *languages.COMMON_CLIENT_LANGUAGES]
    return [(c, languages.name(c, ui)) for c in dict.fromkeys(codes)]


def extra_language_choices() -> list[tuple[str, str]]:
    ui = _ui()
    codes = ["fi-x-plain", *languages.COMMON_CLIENT_LANGUAGES]
    return [("", "—")] + [
        (c, f"{languages.name(c, ui)} ({languages.AUTONYMS.get(c, c)})")
        for c in dict.fromkeys(codes)
        if c not in MAIN_LANGUAGES
    ]


def _text_widget(name: str, lang: str | None) -> forms.Widget:
    attrs: dict[str, str] = {}
    if lang:
        attrs["lang"] = lang
        attrs["dir"] = languages.direction(lang)
    else:
        attrs["dir"] = "auto"
    if name == "name":
        return forms.TextInput(attrs={**attrs, "maxlength": "300"})
    return forms.Textarea(attrs={**attrs, "rows": 2 if name == "summary" else 3})


@dataclass(frozen=True)
class Section:
    """A section of the entry form: a legend over its fields."""

    legend: Any
    names: tuple[str, ...]
    kind: str = "plain"  # "texts": a row per text, a column per language; "collapsible"


class ServiceForm(ActionForm):
    """An entry of the tray. `values` is the `data` of `catalog.actions`."""

    mark_required = True  # `includes/field.html` marks the required fields in words

    owner = forms.ChoiceField(label=_("Organisation"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Service.Kind.choices)
    tray_category = forms.ChoiceField(
        label=_("Tray category"),
        choices=TrayCategory.choices,
        help_text=_("The column of the tray the entry belongs to."),
    )
    programme_element = forms.ChoiceField(
        label=_("Element of the municipal integration programme"),
        choices=ProgrammeElement.choices,
        help_text=_("Act 681/2023 s. 13."),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages in which the service is given"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_languages = forms.CharField(
        label=_("Other languages of service"),
        required=False,
        help_text=_("ISO 639 codes separated by commas, e.g. ln, sw."),
    )
    municipality_codes = forms.MultipleChoiceField(
        label=_("Municipalities served"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: every municipality the organisation serves."),
    )
    schedule_kind = forms.ChoiceField(label=_("Schedule"), choices=ScheduleKind.choices)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    price_eur = forms.DecimalField(
        label=_("Price (EUR)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("Empty when the price varies; 0 when free of charge."),
    )
    contact_role = forms.CharField(
        label=_("Contact (role title)"),
        required=False,
        max_length=200,
        help_text=_("A role, not a person's name, e.g. Volunteer coordinator."),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact telephone"), required=False, max_length=40)
    url = forms.URLField(label=_("Web page"), required=False, max_length=500, assume_scheme="https")
    places = forms.MultipleChoiceField(
        label=_("Places"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(
        self,
        *args: Any,
        owners: list[Organisation],
        service: Service | None = None,
        authority_owners: set[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        # the owners (their pks) whose authority-only fields this user keeps; None: every owner
        self.authority_owners = (
            {o.pk for o in owners} if authority_owners is None else set(authority_owners)
        )
        self.keeps_authority = bool(self.authority_owners)
        if not self.keeps_authority:
            for name in AUTHORITY_FIELDS:
                del self.fields[name]
            current = self.initial.get("tray_category") or (service and service.tray_category)
            self.fields["tray_category"].choices = [  # type: ignore[attr-defined]
                (value, label)
                for value, label in TrayCategory.choices
                if value != TrayCategory.AUTHORITY or value == current
            ]
        # translations in more extra languages than the form shows are kept as they are
        self.kept_languages = kept_languages(service) if service is not None else []
        self.owners = {str(o.pk): o for o in owners}
        self.fields["owner"].choices = [(k, str(o.display_name())) for k, o in self.owners.items()]  # type: ignore[attr-defined]
        if service is not None:
            del self.fields["owner"]
        self._add_text_fields()
        self._add_time_fields()
        self.fields["languages"].choices = language_choices()  # type: ignore[attr-defined]
        orgs = [service.owner] if service is not None else owners
        codes = set(
            Municipality.objects.filter(organisations__in=orgs).values_list("code", flat=True)
        )
        municipalities = {m.code: m for m in Municipality.objects.valid_on().filter(code__in=codes)}
        self.fields["municipality_codes"].choices = sorted(  # type: ignore[attr-defined]
            ((c, str(m.name())) for c, m in municipalities.items()), key=lambda p: p[1]
        )
        places = Place.objects.filter(owner__in=orgs)
        self.fields["places"].choices = [(str(p.pk), str(p)) for p in places]  # type: ignore[attr-defined]
        self.groups_spec = self._groups()
        for field in self.fields.values():
            if field.required:  # said in words by the label; a select has no `required` here
                field.widget.attrs["aria-required"] = "true"

    def _add_text_fields(self) -> None:
        for name in TEXT_FIELDS:
            for lang in MAIN_LANGUAGES:
                field = forms.CharField(
                    label=f"{TEXT_LABELS[name]} ({LANGUAGE_LABELS[lang]})",
                    required=False,
                    widget=_text_widget(name, lang),
                )
                if name == "name":
                    field.required_when = _("required in at least one language")  # type: ignore[attr-defined]
                self.fields[f"{name}_{lang}"] = field
        for slot in range(1, EXTRA_SLOTS + 1):
            self.fields[f"extra{slot}_lang"] = forms.ChoiceField(
                label=_("Language"),
                choices=extra_language_choices(),
                required=False,
                help_text=_("Plain Finnish or a client language; its texts below."),
            )
            extra = self._extra_lang(slot)
            for name in TEXT_FIELDS:
                self.fields[f"extra{slot}_{name}"] = forms.CharField(
                    label=_("%(field)s (extra language %(n)s)")
                    % {"field": TEXT_LABELS[name], "n": slot},
                    required=False,
                    widget=_text_widget(name, extra),
                )

    def _extra_lang(self, slot: int) -> str | None:
        key = f"extra{slot}_lang"
        value = self.data.get(key) if self.is_bound else self.initial.get(key)
        return str(value) if value else None

    def _add_time_fields(self) -> None:
        for row in range(TIME_ROWS):
            n = row + 1
            self.fields[f"time{row}_weekday"] = forms.ChoiceField(
                label=_("Time %(n)s: weekday") % {"n": n}, choices=WEEKDAY_CHOICES, required=False
            )
            self.fields[f"time{row}_date"] = forms.DateField(
                label=_("Time %(n)s: or a date") % {"n": n}, required=False, widget=DATE
            )
            self.fields[f"time{row}_starts_at"] = forms.TimeField(
                label=_("Time %(n)s: starts at") % {"n": n}, required=False, widget=TIME
            )
            self.fields[f"time{row}_ends_at"] = forms.TimeField(
                label=_("Time %(n)s: ends at") % {"n": n}, required=False, widget=TIME
            )

    def _groups(self) -> tuple[Section, ...]:
        # the three main languages side by side, one row per text: a change in one language
        # sits next to the translations it may leave behind
        texts = Section(
            _("Texts in Finnish, Swedish and English"),
            tuple(f"{n}_{lang}" for n in TEXT_FIELDS for lang in MAIN_LANGUAGES),
            kind="texts",
        )
        extras = tuple(
            Section(
                _("Extra language %(n)s") % {"n": slot},
                (f"extra{slot}_lang", *(f"extra{slot}_{n}" for n in TEXT_FIELDS)),
                kind="collapsible",
            )
            for slot in range(1, EXTRA_SLOTS + 1)
        )
        return (
            Section(_("Provider"), ("owner",)),
            texts,
            *extras,
            Section(_("Column of the tray and target groups"), ("tray_category", "target_groups")),
            Section(_("Classification of an authority"), AUTHORITY_FIELDS),
            Section(
                _("Languages and municipalities"),
                ("languages", "other_languages", "municipality_codes"),
            ),
            Section(_("When"), ("schedule_kind", "starts_on", "ends_on")),
            Section(_("Places and accessibility"), ("places",)),
            Section(
                _("Price and contact"),
                ("price_eur", "contact_role", "contact_email", "contact_phone", "url"),
            ),
        )

    def time_rows(self) -> list[dict[str, Any]]:
        """The rows of times (weekday or date, start, end): the filled ones and one more are
        shown, the other empty rows sit behind "more times"."""
        rows = []
        for r in range(TIME_ROWS):
            fields = [self[f"time{r}_{p}"] for p in ("weekday", "date", "starts_at", "ends_at")]
            filled = any(f.value() not in (None, "") for f in fields) or any(
                f.errors for f in fields
            )
            rows.append({"n": r + 1, "fields": fields, "filled": filled})
        last = max((i for i, row in enumerate(rows) if row["filled"]), default=-1)
        for i, row in enumerate(rows):
            row["hidden"] = i > last + 1
            row["opens_more"] = row["hidden"] and not rows[i - 1]["hidden"]
        return rows

    def groups(self) -> list[dict[str, Any]]:  # type: ignore[override]
        """The sections of the form: a legend, its fields; collapsible sections (other
        languages) are open when any of their fields has a value or an error."""
        out = []
        for section in self.groups_spec:
            fields = [
                self[name]
                for name in section.names
                if name in self.fields and (name != "places" or self.fields[name].choices)  # type: ignore[attr-defined]
            ]
            if not fields:
                continue
            has_content = any(f.value() not in (None, "", []) or f.errors for f in fields)
            out.append(
                {
                    "legend": section.legend,
                    "fields": fields,
                    "kind": section.kind,
                    "open": has_content or section.kind != "collapsible",
                    "times": section.names == ("schedule_kind", "starts_on", "ends_on"),
                    # short fields side by side
                    "grid": section.names[0] in ("schedule_kind", "price_eur"),
                    "rows": (
                        [
                            (TEXT_LABELS[n], [self[f"{n}_{lang}"] for lang in MAIN_LANGUAGES])
                            for n in TEXT_FIELDS
                        ]
                        if section.kind == "texts"
                        else []
                    ),
                }
            )
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        owner = self.chosen_owner
        if (
            owner is not None
            and owner.pk not in self.authority_owners
            and data.get("tray_category") == TrayCategory.AUTHORITY
            and (self.service is None or self.service.tray_category != TrayCategory.AUTHORITY)
        ):
            self.add_error(
                "tray_category", _("The authorities' column is for the entries of authorities.")
            )
        return data

    ALIASES: dict[str, str] = {
        **{
            f"times[{r}].{p}": f"time{r}_{p}"
            for r in range(TIME_ROWS)
            for p in ("weekday", "date", "starts_at", "ends_at")
        },
        **{f"times[{r}]": f"time{r}_weekday" for r in range(TIME_ROWS)},
    }

    def _target(self, name: str) -> str | None:
        if name in TEXT_FIELDS:
            return f"{name}_fi"
        if name == "times":
            return "time0_weekday"
        return super()._target(name)

    @property
    def chosen_owner(self) -> Organisation | None:
        if self.service is not None:
            return self.service.owner
        return self.owners.get(self.cleaned_data.get("owner", ""))

    @property
    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for name in TEXT_FIELDS:
            texts = {lang: data.get(f"{name}_{lang}") or "" for lang in MAIN_LANGUAGES}
            for slot in range(1, EXTRA_SLOTS + 1):
                lang = data.get(f"extra{slot}_lang")
                if lang:
                    texts[lang] = data.get(f"extra{slot}_{name}") or ""
            if self.service is not None:
                stored = getattr(self.service, name) or {}
                for lang in self.kept_languages:
                    if stored.get(lang) and lang not in texts:
                        texts[lang] = stored[lang]
            values[name] = texts
        for name in ("tray_category", "schedule_kind"):
            values[name] = data[name]
        owner = self.chosen_owner
        if owner is not None and owner.pk in self.authority_owners:
            for name in AUTHORITY_FIELDS:
                if name in data:
                    values[name] = data[name]
        values["target_groups"] = list(data.get("target_groups") or [])
        other = [c.strip() for c in (data.get("other_languages") or "").split(",") if c.strip()]
        values["languages"] = list(dict.fromkeys([*(data.get("languages") or []), *other]))
        values["municipality_codes"] = list(data.get("municipality_codes") or [])
        for name in ("starts_on", "ends_on", "price_eur", "contact_role", "contact_email"):
            values[name] = data.get(name)
        values["contact_phone"] = data.get("contact_phone") or ""
        values["url"] = data.get("url") or ""
        values["places"] = list(data.get("places") or [])
        values["times"] = [
            {
                "weekday": data.get(f"time{r}_weekday") or None,
                "date": data.get(f"time{r}_date"),
                "starts_at": data.get(f"time{r}_starts_at"),
                "ends_at": data.get(f"time{r}_ends_at"),
            }
            for r in range(TIME_ROWS)
            if any(data.get(f"time{r}_{p}") for p in ("weekday", "date", "starts_at", "ends_at"))
        ]
        return values


def extra_languages(values: dict[str, Any]) -> list[str]:
    """The languages of the texts beyond fi, sv and en, in order of appearance."""
    found: list[str] = []
    for name in TEXT_FIELDS:
        for lang in values.get(name) or {}:
            if lang not in MAIN_LANGUAGES and lang not in found:
                found.append(lang)
    return found


def kept_languages(service: Service) -> list[str]:
    """The entry's extra languages the form has no slot for."""
    return extra_languages({name: getattr(service, name) for name in TEXT_FIELDS})[EXTRA_SLOTS:]


def initial_for(service: Service, overlay: dict[str, Any] | None = None) -> dict[str, Any]:
    """The form's initial values for an entry (with a pending proposal's values on top)."""
    values: dict[str, Any] = {name: getattr(service, name) for name in SERVICE_FIELDS}
    values["places"] = [str(p) for p in service.places.values_list("pk", flat=True)]
    values["times"] = [
        {"weekday": t.weekday, "date": t.date, "starts_at": t.starts_at, "ends_at": t.ends_at}
        for t in service.times.all()
    ]
    values.update(overlay or {})
    return form_initial(values)


def form_initial(values: dict[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    extra_langs = extra_languages(values)
    for name in TEXT_FIELDS:
        for lang, text in (values.get(name) or {}).items():
            if lang in MAIN_LANGUAGES:
                initial[f"{name}_{lang}"] = text
    for slot, lang in enumerate(extra_langs[:EXTRA_SLOTS], start=1):
        initial[f"extra{slot}_lang"] = lang
        for name in TEXT_FIELDS:
            initial[f"extra{slot}_{name}"] = (values.get(name) or {}).get(lang, "")
    choice_codes = {c for c, _label in language_choices()}
    chosen = list(values.get("languages") or [])
    initial["languages"] = [c for c in chosen if c in choice_codes]
    initial["other_languages"] = ", ".join(c for c in chosen if c not in choice_codes)
    for name in (*(f for f in PLAIN_FIELDS if f != "languages"), "places"):
        if name in values:
            initial[name] = values[name]
    for row, time in enumerate((values.get("times") or [])[:TIME_ROWS]):
        weekday = time.get("weekday")
        initial[f"time{row}_weekday"] = "" if weekday is None else str(weekday)
        initial[f"time{row}_date"] = time.get("date")
        initial[f"time{row}_starts_at"] = time.get("starts_at")
        initial[f"time{row}_ends_at"] = time.get("ends_at")
    return initial


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the change")), ("reject", _("Reject the change"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you reject: the organisation sees it."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the change is rejected."))
        return data


class WishForm(Form):
    organisation = forms.ChoiceField(label=_("In the name of"))
    text = forms.CharField(
        label=_("Wish or idea"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    region = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            (k, str(o.display_name())) for k, o in self.organisations.items()
        ]


def parse_time(value: Any) -> datetime.time | None:
    if isinstance(value, datetime.time):
        return value
    try:
        return datetime.time.fromisoformat(str(value))
    except ValueError:
        return None
