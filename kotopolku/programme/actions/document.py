"""Creating a programme and editing a draft's document: the whole document at once (the
import), the opening part, partners, the responsibility table and the parts."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_noop

from kotopolku.access import programmes as permissions
from kotopolku.audit.recorder import diff, record_change
from kotopolku.catalog.models import Service
from kotopolku.core.errors import Errors, InvalidError
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme.actions.common import (
    LANGUAGES,
    MAX_TEXT,
    OPENING_EDITABLE,
    SUBJECT,
    A,
    NotAllowedError,
    codes_of,
    edit_draft,
    state,
)
from kotopolku.programme.actions.content import (
    check_answers,
    check_municipalities,
    check_partners,
    check_rows,
    check_section_title,
    check_services,
    clean_text,
    template_sections,
    write_answers,
    write_partners,
    write_rows,
)
from kotopolku.programme.document import OPENING_FIELDS, AnswerDoc, Document, RowDoc, SectionDoc
from kotopolku.programme.models import Programme, ProgrammeSection
from kotopolku.programme.template import template

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

# --- Creating and writing the document ---------------------------------------------------------


@transaction.atomic
def do_create_programme(
    *,
    organisation: Organisation,
    municipalities: Iterable[Municipality | str],
    language: str,
    title: str,
    acting_user: User | None,
) -> Programme:
    """Start a programme (version 1, a draft) with the template's seven parts, empty."""
    if not permissions.may_create(acting_user, organisation_id=organisation.pk):
        raise NotAllowedError
    errors = Errors()
    found = check_municipalities(errors, municipalities)
    if language not in LANGUAGES:
        errors.add("language", gettext_noop("Choose Finnish (fi) or Swedish (sv)."))
    title = clean_text(errors, "title", title, limit=300)
    served = set(organisation.serves.values_list("code", flat=True))
    outside = sorted(m.code for m in found if m.code not in served)
    if outside:
        errors.add(
            "municipalities",
            "The coordinating organisation does not serve these municipalities: "
            + ", ".join(outside)
            + ".",
        )
    errors.raise_if_any()
    programme = Programme.objects.create(
        organisation=organisation, language=language, title=title, created_by=acting_user
    )
    programme.municipalities.set(found)
    for number, element, section_title in template_sections(programme):
        ProgrammeSection.objects.create(
            programme=programme, number=number, element=element, title=section_title
        )
    record_change(SUBJECT, programme.pk, A.CREATE, diff({}, state(programme)), actor=acting_user)
    return programme


@dataclass
class _Checked:
    """A whole document, checked (`do_save_document`)."""

    language: str
    title: str
    opening: dict[str, str]
    partners: list[str]
    rows: list[RowDoc]
    sections: dict[int, tuple[SectionDoc, list[AnswerDoc], list[Service]]]


@transaction.atomic
def do_save_document(
    programme: Programme, document: Document, *, acting_user: User | None, source_name: str = ""
) -> Programme:
    """Write a whole document into a draft: the opening fields, partners, parts with their
    answers and linked services, and the responsibility table. Parts the document does not
    have keep the template's title and are emptied; the municipalities stay as they are."""

    def check(programme: Programme, errors: Errors) -> _Checked:
        codes = codes_of(programme)
        language = document.language or programme.language
        if language not in LANGUAGES:
            errors.add("language", gettext_noop("Choose Finnish (fi) or Swedish (sv)."))
        opening = {
            name: clean_text(errors, name, getattr(document, name)) for name in OPENING_FIELDS
        }
        title = clean_text(errors, "title", document.title, limit=300)
        partners = check_partners(errors, document.partners)
        rows = check_rows(errors, document.responsibility)
        numbers = {s.number for s in template().sections}
        sections: dict[int, tuple[SectionDoc, list[AnswerDoc], list[Service]]] = {}
        for s in document.sections:
            prefix = f"s{s.number}"
            if s.number not in numbers:
                errors.add("sections", f"The template has no part {s.number}.")
                continue
            if s.number in sections:
                errors.add("sections", f"Part {s.number} appears twice.")
                continue
            answers = check_answers(errors, prefix, s.answers)
            services = check_services(errors, f"{prefix}-services", s.service_ids, codes)
            if len(s.title) > 400:
                errors.add(f"{prefix}-title", "At most 400 characters.")
            sections[s.number] = (s, answers, services)
        return _Checked(language, title, opening, partners, rows, sections)

    def write(programme: Programme, checked: _Checked) -> None:
        programme.language = checked.language
        programme.title = checked.title
        programme.document_date = document.document_date
        for name, value in checked.opening.items():
            setattr(programme, name, value)
        if source_name:
            programme.source_name = source_name[:300]
        write_partners(programme, checked.partners)
        write_rows(programme, checked.rows)
        existing = {s.number: s for s in programme.sections.all()}
        for number, element, default_title in template_sections(programme):
            section = existing.get(number)
            given = checked.sections.get(number)
            title_of = (given[0].title.strip() if given else "") or default_title
            if section is None:
                section = ProgrammeSection.objects.create(
                    programme=programme, number=number, element=element, title=title_of
                )
            else:
                section.element, section.title = element, title_of
                section.save(update_fields=["element", "title"])
            write_answers(section, given[1] if given else [])
            section.services.set(given[2] if given else [])

    return edit_draft(
        programme,
        check,
        write,
        acting_user=acting_user,
        save_fields=None,
        reason=source_name and "import",
    )


@transaction.atomic
def do_update_opening(
    programme: Programme, values: dict[str, Any], *, acting_user: User | None
) -> Programme:
    """Change the title, the date of the document and the opening answers (keys of
    `OPENING_EDITABLE`; keys not given stay as they are)."""

    def check(_programme: Programme, errors: Errors) -> dict[str, Any]:
        cleaned: dict[str, Any] = {}
        for name, value in values.items():
            if name not in OPENING_EDITABLE:
                errors.add(name, "Not a field of the opening part.")
            elif name == "document_date":
                if value in (None, ""):
                    cleaned[name] = None
                elif isinstance(value, datetime.date):
                    cleaned[name] = value
                else:
                    try:
                        cleaned[name] = datetime.date.fromisoformat(str(value))
                    except ValueError:
                        errors.add(name, gettext_noop("Give the date as YYYY-MM-DD."))
            else:
                cleaned[name] = clean_text(
                    errors, name, value, limit=300 if name == "title" else MAX_TEXT
                )
        return cleaned

    def write(programme: Programme, cleaned: dict[str, Any]) -> None:
        for name, value in cleaned.items():
            setattr(programme, name, value)

    return edit_draft(programme, check, write, acting_user=acting_user, save_fields=None)


@transaction.atomic
def do_set_partners(
    programme: Programme, names: Sequence[str], *, acting_user: User | None
) -> Programme:
    """Replace the list of partners (in the order given; blank names are dropped)."""
    return edit_draft(
        programme,
        lambda _programme, errors: check_partners(errors, names),
        write_partners,
        acting_user=acting_user,
    )


@transaction.atomic
def do_set_responsibility(
    programme: Programme, rows: Sequence[RowDoc], *, acting_user: User | None
) -> Programme:
    """Replace the rows of the responsibility table (rows without any text are dropped)."""
    return edit_draft(
        programme,
        lambda _programme, errors: check_rows(errors, rows),
        write_rows,
        acting_user=acting_user,
    )


# A part checked by `do_update_section`: the section, its new title (None: unchanged),
# answers and linked services.
_SectionEdit = tuple[ProgrammeSection, str | None, list[AnswerDoc], list[Service]]


def _section(programme: Programme, number: int) -> ProgrammeSection:
    section = programme.sections.filter(number=number).first()
    if section is None:
        raise InvalidError({"sections": [f"The programme has no part {number}."]})
    return section


def _retitle(section: ProgrammeSection, title: str | None) -> None:
    if title is not None and title != section.title:
        section.title = title
        section.save(update_fields=["title"])


@transaction.atomic
def do_update_section(
    programme: Programme,
    number: int,
    *,
    answers: Sequence[AnswerDoc],
    service_ids: Sequence[uuid.UUID | str],
    title: str | None = None,
    acting_user: User | None,
) -> Programme:
    """Replace one part's answers (empty answers are dropped), its linked services (tray
    entries serving one of the programme's municipalities) and, when `title` is given, its
    title (an imported title may cite repealed sections: the completeness check flags it)."""

    def check(programme: Programme, errors: Errors) -> _SectionEdit:
        section = _section(programme, number)
        prefix = f"s{number}"
        new_title = check_section_title(errors, prefix, title)
        cleaned = check_answers(errors, prefix, answers)
        services = check_services(errors, f"{prefix}-services", service_ids, codes_of(programme))
        return section, new_title, cleaned, services

    def write(_programme: Programme, checked: _SectionEdit) -> None:
        section, new_title, cleaned, services = checked
        _retitle(section, new_title)
        write_answers(section, cleaned)
        section.services.set(services)

    return edit_draft(programme, check, write, acting_user=acting_user)


def template_title(programme: Programme, number: int) -> str:
    """The official template's title of part `number` in the document's language."""
    lang = programme.language if programme.language in LANGUAGES else "fi"
    return template().section(number).title_in(lang)


@transaction.atomic
def do_set_section_title(
    programme: Programme, number: int, title: str, *, acting_user: User | None
) -> Programme:
    """Change only the title of part `number` (e.g. to the template's title, `template_title`);
    the change is logged with the old and the new title."""

    def check(programme: Programme, errors: Errors) -> tuple[ProgrammeSection, str | None]:
        section = _section(programme, number)
        return section, check_section_title(errors, f"s{number}", title)

    def write(_programme: Programme, checked: tuple[ProgrammeSection, str | None]) -> None:
        _retitle(*checked)

    return edit_draft(programme, check, write, acting_user=acting_user)
