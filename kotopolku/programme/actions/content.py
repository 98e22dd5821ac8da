"""Checking and writing the pieces of a document: texts, municipalities, linked services,
answers, partners, the responsibility table and part titles. The checks add their messages
to an `Errors` and return the cleaned values; the writers replace what a version has."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext_noop

from kotopolku.catalog import scopes as catalog_access
from kotopolku.catalog.models import ProgrammeElement, Service
from kotopolku.core.errors import Errors
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme.actions.common import LANGUAGES, MAX_TEXT
from kotopolku.programme.document import AnswerDoc, RowDoc
from kotopolku.programme.models import (
    Programme,
    ProgrammeAnswer,
    ProgrammePartner,
    ProgrammeSection,
    ResponsibilityRow,
)
from kotopolku.programme.template import template


def clean_text(errors: Errors, name: str, value: Any, *, limit: int = MAX_TEXT) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").strip()
    if len(text) > limit:
        errors.add(name, f"At most {limit} characters.")
    return text


def check_municipalities(errors: Errors, items: Iterable[Municipality | str]) -> list[Municipality]:
    found: list[Municipality] = []
    for item in items:
        if isinstance(item, Municipality):
            found.append(item)
            continue
        m = Municipality.objects.valid_on().filter(code=str(item).strip()).first()
        if m is None:
            errors.add("municipalities", f"Unknown municipality code {item!r}.")
        else:
            found.append(m)
    if not found and "municipalities" not in errors.errors:
        errors.add("municipalities", gettext_noop("Choose at least one municipality."))
    return found


def check_services(
    errors: Errors, name: str, ids: Sequence[uuid.UUID | str], codes: set[str]
) -> list[Service]:
    """The tray entries of `ids`, each serving one of the programme's municipalities."""
    wanted: list[uuid.UUID] = []
    for raw in ids:
        try:
            wanted.append(uuid.UUID(str(raw)))
        except ValueError:
            errors.add(name, f"Not a service id: {raw!r}.")
    found = {
        s.pk: s
        for s in Service.objects.select_related("owner").filter(pk__in=wanted)
        if s.status != Service.Status.ARCHIVED
    }
    services = []
    for sid in dict.fromkeys(wanted):
        service = found.get(sid)
        if service is None:
            errors.add(name, f"No such service in the offering tray: {sid}.")
        elif not (catalog_access.entry_codes(service) & codes):
            errors.add(name, f"The service {sid} does not serve the programme's municipalities.")
        else:
            services.append(service)
    return services


def template_sections(programme: Programme) -> list[tuple[int, str, str]]:
    lang = programme.language if programme.language in LANGUAGES else "fi"
    return [(s.number, s.element, s.title_in(lang)) for s in template().sections]


def write_answers(section: ProgrammeSection, answers: Sequence[AnswerDoc]) -> None:
    section.answers.all().delete()
    positions: dict[str, int] = {}
    rows = []
    for a in answers:
        pos = positions.get(a.part, 0)
        positions[a.part] = pos + 1
        rows.append(
            ProgrammeAnswer(
                section=section,
                part=a.part,
                position=pos,
                question=a.question,
                question_text=a.question_text,
                text=a.text,
            )
        )
    ProgrammeAnswer.objects.bulk_create(rows)


def check_answers(errors: Errors, prefix: str, answers: Sequence[AnswerDoc]) -> list[AnswerDoc]:
    cleaned = []
    for a in answers:
        if a.part not in ("a", "b", "c"):
            errors.add(f"{prefix}.answers", f"Unknown part {a.part!r}: a, b or c.")
            continue
        if len(a.question) > 60:
            errors.add(f"{prefix}.answers", "A question key has at most 60 characters.")
            continue
        name = f"{prefix}-{a.question}" if a.question else f"{prefix}-other_{a.part}"
        text = clean_text(errors, name, a.text)
        if text:
            cleaned.append(AnswerDoc(a.part, a.question, a.question_text.strip(), text))
    return cleaned


def write_partners(programme: Programme, names: Sequence[str]) -> None:
    programme.partners.all().delete()
    orgs = {
        str(name).casefold(): o
        for o in Organisation.objects.filter(is_active=True)
        for name in o.name.values()
        if name
    }
    ProgrammePartner.objects.bulk_create(
        ProgrammePartner(
            programme=programme,
            position=i,
            name=name,
            organisation=orgs.get(name.casefold()),
        )
        for i, name in enumerate(names)
    )


def check_partners(errors: Errors, names: Sequence[str]) -> list[str]:
    cleaned = []
    for name in names:
        text = " ".join(str(name).split())
        if not text:
            continue
        if len(text) > 300:
            errors.add("partners", f"A partner's name has at most 300 characters: {text[:40]}…")
        elif text not in cleaned:
            cleaned.append(text)
    return cleaned


def check_rows(errors: Errors, rows: Sequence[RowDoc]) -> list[RowDoc]:
    cleaned = []
    elements = set(ProgrammeElement.values)
    for i, r in enumerate(rows):
        service = " ".join(str(r.service).split())
        jobseekers = clean_text(errors, f"responsibility.{i}.jobseekers", r.jobseekers)
        others = clean_text(errors, f"responsibility.{i}.others", r.others)
        if not service:
            if jobseekers or others:
                errors.add(
                    f"responsibility.{i}.service", gettext_noop("Name the service or measure.")
                )
            continue
        if len(service) > 400:
            errors.add(f"responsibility.{i}.service", "At most 400 characters.")
        if r.element and r.element not in elements:
            errors.add(f"responsibility.{i}.element", f"Unknown element {r.element!r}.")
        cleaned.append(RowDoc(service, jobseekers, others, r.element or ""))
    return cleaned


def write_rows(programme: Programme, rows: Sequence[RowDoc]) -> None:
    programme.responsibility_rows.all().delete()
    ResponsibilityRow.objects.bulk_create(
        ResponsibilityRow(
            programme=programme,
            position=i,
            element=r.element,
            service=r.service,
            jobseekers=r.jobseekers,
            others=r.others,
        )
        for i, r in enumerate(rows)
    )


def check_section_title(errors: Errors, prefix: str, title: str | None) -> str | None:
    if title is None:
        return None
    text = " ".join(str(title).split())
    if not text:
        errors.add(f"{prefix}-title", gettext_noop("Give the part a title."))
    elif len(text) > 400:
        errors.add(f"{prefix}-title", "At most 400 characters.")
    return text
