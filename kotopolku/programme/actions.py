"""Every change of a programme: one `do_*` action each, in one transaction with its change-log
row (old and new values).

The document of a version is edited only while it is a draft. The states:

    draft --submit--> in_review --approve--> approved --publish--> published --(a later version
    published)--> superseded

`do_return_to_draft` sends a version in review back to editing; approval may also be recorded
for a draft (the body's decision is what counts). `do_new_version` copies a version (its
document, partners, parts, answers, linked services and responsibility rows) into a new draft
of the same series.

Permission: the coordinators of the coordinating organisation (`access.programmes`); the
system (`acting_user=None`: the import command, demo data) may do everything. A refused user
gets `NotAllowedError` (pages and the API answer 404). Bad input raises `InvalidError` with
messages by field name; nothing is written then.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from kotopolku.access import programmes as permissions
from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import diff, jsonable, record_change
from kotopolku.catalog import scopes as catalog_access
from kotopolku.catalog.models import ProgrammeElement, Service
from kotopolku.core.errors import Errors, InvalidError
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme.document import (
    OPENING_FIELDS,
    AnswerDoc,
    Document,
    RowDoc,
    SectionDoc,
    from_programme,
)
from kotopolku.programme.models import (
    Programme,
    ProgrammeAnswer,
    ProgrammePartner,
    ProgrammeSection,
    ResponsibilityRow,
)
from kotopolku.programme.template import template

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

__all__ = [
    "InvalidError",
    "NotAllowedError",
    "do_approve",
    "do_create_programme",
    "do_new_version",
    "do_publish",
    "do_return_to_draft",
    "do_save_document",
    "do_set_partners",
    "do_set_responsibility",
    "do_set_section_title",
    "do_submit_for_review",
    "do_update_opening",
    "do_update_section",
    "template_title",
]

A = ChangeEvent.Action
S = Programme.Status
SUBJECT = "programme"
LANGUAGES = ("fi", "sv")
# The fields of the opening part a page or the API may change (besides partners).
OPENING_EDITABLE = ("title", "document_date", *OPENING_FIELDS)
MAX_TEXT = 20000


class NotAllowedError(PermissionError):
    """The user may not change this programme (pages and the API answer 404). Nothing written."""


# --- Helpers ----------------------------------------------------------------------------------


def _check_writer(user: User | None, programme: Programme) -> None:
    if not permissions.may_write(user, organisation_id=programme.organisation_id):
        raise NotAllowedError


def _check_draft(programme: Programme) -> None:
    if programme.status != S.DRAFT:
        raise InvalidError(
            {
                "status": [
                    gettext_noop(
                        "Only a draft can be edited. Make a new version to change this programme."
                    )
                ]
            }
        )


def codes_of(programme: Programme) -> set[str]:
    return set(programme.municipalities.values_list("code", flat=True))


def state(programme: Programme) -> dict[str, Any]:
    """The version's whole content as JSON-ready values, flattened by part, for the log."""
    doc = from_programme(programme)
    values: dict[str, Any] = {
        "status": programme.status,
        "version": programme.version,
        "language": programme.language,
        "title": doc.title,
        "document_date": doc.document_date,
        "municipalities": sorted(codes_of(programme)),
        "approved_by_body": programme.approved_by_body,
        "approved_on": programme.approved_on,
        "decision_reference": programme.decision_reference,
        "published_at": programme.published_at,
        "source_name": programme.source_name,
        "partners": list(doc.partners),
        "responsibility": [
            [r.service, r.jobseekers, r.others, r.element] for r in doc.responsibility
        ],
    }
    for name in OPENING_FIELDS:
        values[name] = getattr(doc, name)
    for s in doc.sections:
        values[f"s{s.number}.title"] = s.title
        values[f"s{s.number}.services"] = sorted(str(i) for i in s.service_ids)
        for part in ("a", "b", "c"):
            values[f"s{s.number}.{part}"] = [
                [a.question, a.text] for a in s.answers if a.part == part
            ]
    return jsonable(values)  # type: ignore[no-any-return]


def _log(
    programme: Programme,
    action: str,
    before: dict[str, Any],
    *,
    user: User | None,
    reason: str = "",
) -> None:
    after = state(programme)
    record_change(SUBJECT, programme.pk, action, diff(before, after), reason=reason, actor=user)


def _clean_text(errors: Errors, name: str, value: Any, *, limit: int = MAX_TEXT) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").strip()
    if len(text) > limit:
        errors.add(name, f"At most {limit} characters.")
    return text


def _municipalities(errors: Errors, items: Iterable[Municipality | str]) -> list[Municipality]:
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


def _services(
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


def _template_sections(programme: Programme) -> list[tuple[int, str, str]]:
    lang = programme.language if programme.language in LANGUAGES else "fi"
    return [(s.number, s.element, s.title_in(lang)) for s in template().sections]


def _write_answers(section: ProgrammeSection, answers: Sequence[AnswerDoc]) -> None:
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


def _check_answers(errors: Errors, prefix: str, answers: Sequence[AnswerDoc]) -> list[AnswerDoc]:
    cleaned = []
    for a in answers:
        if a.part not in ("a", "b", "c"):
            errors.add(f"{prefix}.answers", f"Unknown part {a.part!r}: a, b or c.")
            continue
        if len(a.question) > 60:
            errors.add(f"{prefix}.answers", "A question key has at most 60 characters.")
            continue
        name = f"{prefix}-{a.question}" if a.question else f"{prefix}-other_{a.part}"
        text = _clean_text(errors, name, a.text)
        if text:
            cleaned.append(AnswerDoc(a.part, a.question, a.question_text.strip(), text))
    return cleaned


def _write_partners(programme: Programme, names: Sequence[str]) -> None:
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


def _check_partners(errors: Errors, names: Sequence[str]) -> list[str]:
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


def _check_rows(errors: Errors, rows: Sequence[RowDoc]) -> list[RowDoc]:
    cleaned = []
    elements = set(ProgrammeElement.values)
    for i, r in enumerate(rows):
        service = " ".join(str(r.service).split())
        jobseekers = _clean_text(errors, f"responsibility.{i}.jobseekers", r.jobseekers)
        others = _clean_text(errors, f"responsibility.{i}.others", r.others)
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


def _write_rows(programme: Programme, rows: Sequence[RowDoc]) -> None:
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


def _locked(programme: Programme) -> Programme:
    """The programme's row, locked for this transaction (two clicks do not both pass), read
    afresh into the caller's instance."""
    list(Programme.objects.select_for_update().filter(pk=programme.pk).values_list("pk"))
    programme.refresh_from_db()
    return programme


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
    found = _municipalities(errors, municipalities)
    if language not in LANGUAGES:
        errors.add("language", gettext_noop("Choose Finnish (fi) or Swedish (sv)."))
    title = _clean_text(errors, "title", title, limit=300)
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
    for number, element, section_title in _template_sections(programme):
        ProgrammeSection.objects.create(
            programme=programme, number=number, element=element, title=section_title
        )
    record_change(SUBJECT, programme.pk, A.CREATE, diff({}, state(programme)), actor=acting_user)
    return programme


@transaction.atomic
def do_save_document(
    programme: Programme, document: Document, *, acting_user: User | None, source_name: str = ""
) -> Programme:
    """Write a whole document into a draft: the opening fields, partners, parts with their
    answers and linked services, and the responsibility table. Parts the document does not
    have keep the template's title and are emptied; the municipalities stay as they are."""
    _check_writer(acting_user, programme)
    programme = _locked(programme)
    _check_draft(programme)
    errors = Errors()
    codes = codes_of(programme)
    language = document.language or programme.language
    if language not in LANGUAGES:
        errors.add("language", gettext_noop("Choose Finnish (fi) or Swedish (sv)."))
    opening = {name: _clean_text(errors, name, getattr(document, name)) for name in OPENING_FIELDS}
    title = _clean_text(errors, "title", document.title, limit=300)
    partners = _check_partners(errors, document.partners)
    rows = _check_rows(errors, document.responsibility)
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
        answers = _check_answers(errors, prefix, s.answers)
        services = _services(errors, f"{prefix}-services", s.service_ids, codes)
        if len(s.title) > 400:
            errors.add(f"{prefix}-title", "At most 400 characters.")
        sections[s.number] = (s, answers, services)
    errors.raise_if_any()

    before = state(programme)
    programme.language = language
    programme.title = title
    programme.document_date = document.document_date
    for name, value in opening.items():
        setattr(programme, name, value)
    if source_name:
        programme.source_name = source_name[:300]
    programme.save()
    _write_partners(programme, partners)
    _write_rows(programme, rows)
    existing = {s.number: s for s in programme.sections.all()}
    for number, element, default_title in _template_sections(programme):
        section = existing.get(number)
        given = sections.get(number)
        title_of = (given[0].title.strip() if given else "") or default_title
        if section is None:
            section = ProgrammeSection.objects.create(
                programme=programme, number=number, element=element, title=title_of
            )
        else:
            section.element, section.title = element, title_of
            section.save(update_fields=["element", "title"])
        _write_answers(section, given[1] if given else [])
        section.services.set(given[2] if given else [])
    _log(programme, A.UPDATE, before, user=acting_user, reason=source_name and "import")
    return programme


@transaction.atomic
def do_update_opening(
    programme: Programme, values: dict[str, Any], *, acting_user: User | None
) -> Programme:
    """Change the title, the date of the document and the opening answers (keys of
    `OPENING_EDITABLE`; keys not given stay as they are)."""
    _check_writer(acting_user, programme)
    programme = _locked(programme)
    _check_draft(programme)
    errors = Errors()
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
            cleaned[name] = _clean_text(
                errors, name, value, limit=300 if name == "title" else MAX_TEXT
            )
    errors.raise_if_any()
    before = state(programme)
    for name, value in cleaned.items():
        setattr(programme, name, value)
    programme.save()
    _log(programme, A.UPDATE, before, user=acting_user)
    return programme


@transaction.atomic
def do_set_partners(
    programme: Programme, names: Sequence[str], *, acting_user: User | None
) -> Programme:
    """Replace the list of partners (in the order given; blank names are dropped)."""
    _check_writer(acting_user, programme)
    programme = _locked(programme)
    _check_draft(programme)
    errors = Errors()
    cleaned = _check_partners(errors, names)
    errors.raise_if_any()
    before = state(programme)
    _write_partners(programme, cleaned)
    programme.save(update_fields=["updated_at"])
    _log(programme, A.UPDATE, before, user=acting_user)
    return programme


@transaction.atomic
def do_set_responsibility(
    programme: Programme, rows: Sequence[RowDoc], *, acting_user: User | None
) -> Programme:
    """Replace the rows of the responsibility table (rows without any text are dropped)."""
    _check_writer(acting_user, programme)
    programme = _locked(programme)
    _check_draft(programme)
    errors = Errors()
    cleaned = _check_rows(errors, rows)
    errors.raise_if_any()
    before = state(programme)
    _write_rows(programme, cleaned)
    programme.save(update_fields=["updated_at"])
    _log(programme, A.UPDATE, before, user=acting_user)
    return programme


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
    _check_writer(acting_user, programme)
    programme = _locked(programme)
    _check_draft(programme)
    section = programme.sections.filter(number=number).first()
    if section is None:
        raise InvalidError({"sections": [f"The programme has no part {number}."]})
    errors = Errors()
    prefix = f"s{number}"
    new_title = _check_section_title(errors, prefix, title)
    cleaned = _check_answers(errors, prefix, answers)
    services = _services(errors, f"{prefix}-services", service_ids, codes_of(programme))
    errors.raise_if_any()
    before = state(programme)
    if new_title is not None and new_title != section.title:
        section.title = new_title
        section.save(update_fields=["title"])
    _write_answers(section, cleaned)
    section.services.set(services)
    programme.save(update_fields=["updated_at"])
    _log(programme, A.UPDATE, before, user=acting_user)
    return programme


def template_title(programme: Programme, number: int) -> str:
    """The official template's title of part `number` in the document's language."""
    lang = programme.language if programme.language in LANGUAGES else "fi"
    return template().section(number).title_in(lang)


def _check_section_title(errors: Errors, prefix: str, title: str | None) -> str | None:
    if title is None:
        return None
    text = " ".join(str(title).split())
    if not text:
        errors.add(f"{prefix}-title", gettext_noop("Give the part a title."))
    elif len(text) > 400:
        errors.add(f"{prefix}-title", "At most 400 characters.")
    return text


@transaction.atomic
def do_set_section_title(
    programme: Programme, number: int, title: str, *, acting_user: User | None
) -> Programme:
    """Change only the title of part `number` (e.g. to the template's title, `template_title`);
    the change is logged with the old and the new title."""
    _check_writer(acting_user, programme)
    programme = _locked(programme)
    _check_draft(programme)
    section = programme.sections.filter(number=number).first()
    if section is None:
        raise InvalidError({"sections": [f"The programme has no part {number}."]})
    errors = Errors()
    new_title = _check_section_title(errors, f"s{number}", title)
    errors.raise_if_any()
    before = state(programme)
    if new_title is not None and new_title != section.title:
        section.title = new_title
        section.save(update_fields=["title"])
    programme.save(update_fields=["updated_at"])
    _log(programme, A.UPDATE, before, user=acting_user)
    return programme


# --- Versions, review, approval, publication ---------------------------------------------------


@transaction.atomic
def do_new_version(programme: Programme, *, acting_user: User | None) -> Programme:
    """Copy the latest version of a series into a new draft (`version + 1`, `previous`)."""
    _check_writer(acting_user, programme)
    programme = _locked(programme)
    latest = Programme.objects.filter(series=programme.series).order_by("-version").first()
    if latest is not None and latest.pk != programme.pk:
        raise InvalidError(
            {
                "version": [
                    gettext_noop(
                        "A newer version exists: make the new version from the latest one."
                    )
                ]
            }
        )
    if programme.status in (S.DRAFT, S.IN_REVIEW):
        raise InvalidError(
            {
                "status": [
                    gettext_noop(
                        "This version is still a draft or in review: edit it (or return it "
                        "to draft) instead of making a new version."
                    )
                ]
            }
        )
    doc = from_programme(programme)
    new = Programme.objects.create(
        organisation=programme.organisation,
        series=programme.series,
        version=programme.version + 1,
        previous=programme,
        status=S.DRAFT,
        language=programme.language,
        title=programme.title,
        document_date=programme.document_date,
        source_name="",
        created_by=acting_user,
        **{name: getattr(programme, name) for name in OPENING_FIELDS},
    )
    new.municipalities.set(programme.municipalities.all())
    _write_partners(new, doc.partners)
    _write_rows(new, doc.responsibility)
    for s in programme.sections.prefetch_related("services").order_by("number"):
        copy = ProgrammeSection.objects.create(
            programme=new, number=s.number, element=s.element, title=s.title
        )
        section_doc = doc.section(s.number)
        _write_answers(copy, section_doc.answers if section_doc else [])
        copy.services.set(s.services.all())
    changes = diff({}, state(new))
    changes["previous"] = [None, str(programme.pk)]
    record_change(SUBJECT, new.pk, A.CREATE, changes, actor=acting_user)
    return new


def _transition(
    programme: Programme,
    allowed: Sequence[str],
    target: str,
    message: str,
    *,
    acting_user: User | None,
) -> Programme:
    _check_writer(acting_user, programme)
    programme = _locked(programme)
    if programme.status not in allowed:
        raise InvalidError({"status": [message]})
    before = state(programme)
    programme.status = target
    programme.save(update_fields=["status", "updated_at"])
    _log(programme, A.UPDATE, before, user=acting_user)
    return programme


@transaction.atomic
def do_submit_for_review(programme: Programme, *, acting_user: User | None) -> Programme:
    """A draft goes to review (its text can no longer be edited)."""
    return _transition(
        programme,
        (S.DRAFT,),
        S.IN_REVIEW,
        gettext_noop("Only a draft can be sent to review."),
        acting_user=acting_user,
    )


@transaction.atomic
def do_return_to_draft(programme: Programme, *, acting_user: User | None) -> Programme:
    """A version in review goes back to editing."""
    return _transition(
        programme,
        (S.IN_REVIEW,),
        S.DRAFT,
        gettext_noop("Only a version in review can return to draft."),
        acting_user=acting_user,
    )


@transaction.atomic
def do_approve(
    programme: Programme,
    *,
    body: str,
    date: datetime.date | str | None,
    reference: str = "",
    acting_user: User | None,
) -> Programme:
    """Record the approval: the body that approved the document, the date of its decision and
    the decision's reference. For a draft or a version in review."""
    _check_writer(acting_user, programme)
    programme = _locked(programme)
    errors = Errors()
    if programme.status not in (S.DRAFT, S.IN_REVIEW):
        errors.add("status", gettext_noop("Only a draft or a version in review can be approved."))
    body = " ".join(str(body or "").split())
    if not body:
        errors.add(
            "body", gettext_noop("Name the body that approved the programme (e.g. the city board).")
        )
    elif len(body) > 200:
        errors.add("body", "At most 200 characters.")
    reference = " ".join(str(reference or "").split())
    if len(reference) > 200:
        errors.add("reference", "At most 200 characters.")
    day: datetime.date | None = None
    if date in (None, ""):
        errors.add("date", gettext_noop("Give the date of the approval decision."))
    elif isinstance(date, datetime.date):
        day = date
    else:
        try:
            day = datetime.date.fromisoformat(str(date))
        except ValueError:
            errors.add("date", gettext_noop("Give the date as YYYY-MM-DD."))
    if day is not None and day > timezone.localdate():
        errors.add("date", gettext_noop("The date of the decision cannot be in the future."))
    errors.raise_if_any()
    before = state(programme)
    programme.status = S.APPROVED
    programme.approved_by_body = body
    programme.approved_on = day
    programme.decision_reference = reference
    programme.save()
    _log(programme, A.UPDATE, before, user=acting_user)
    return programme


@transaction.atomic
def do_publish(programme: Programme, *, acting_user: User | None) -> Programme:
    """Publish an approved version; the version of the same series published before it
    becomes superseded."""
    _check_writer(acting_user, programme)
    programme = _locked(programme)
    if programme.status != S.APPROVED:
        raise InvalidError(
            {
                "status": [
                    gettext_noop(
                        "Only an approved version can be published. Record the approval first."
                    )
                ]
            }
        )
    newer = Programme.objects.filter(
        series=programme.series, version__gt=programme.version, status=S.PUBLISHED
    ).first()
    if newer is not None:
        raise InvalidError(
            {"status": [f"Version {newer.version} is published already and is newer."]}
        )
    for old in Programme.objects.select_for_update().filter(
        series=programme.series, status=S.PUBLISHED
    ):
        old_before = state(old)
        old.status = S.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        _log(old, A.UPDATE, old_before, user=acting_user, reason=f"superseded by {programme.pk}")
    before = state(programme)
    programme.status = S.PUBLISHED
    programme.published_at = timezone.now()
    programme.save(update_fields=["status", "published_at", "updated_at"])
    _log(programme, A.UPDATE, before, user=acting_user)
    return programme


def document_as_dict(document: Document) -> dict[str, Any]:
    """A document as JSON-ready values (for tests and the import command's output)."""
    return jsonable(asdict(document))  # type: ignore[no-any-return]
