"""A programme's versions and their steps: a new version, review, approval and publication."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from kotopolku.audit.recorder import diff, record_change
from kotopolku.core.errors import Errors, InvalidError
from kotopolku.programme.actions.common import (
    SUBJECT,
    A,
    S,
    check_writer,
    locked,
    log_change,
    state,
)
from kotopolku.programme.actions.content import write_answers, write_partners, write_rows
from kotopolku.programme.document import OPENING_FIELDS, from_programme
from kotopolku.programme.models import Programme, ProgrammeSection

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

# --- Versions, review, approval, publication ---------------------------------------------------


@transaction.atomic
def do_new_version(programme: Programme, *, acting_user: User | None) -> Programme:
    """Copy the latest version of a series into a new draft (`version + 1`, `previous`)."""
    check_writer(acting_user, programme)
    programme = locked(programme)
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
    write_partners(new, doc.partners)
    write_rows(new, doc.responsibility)
    for s in programme.sections.prefetch_related("services").order_by("number"):
        copy = ProgrammeSection.objects.create(
            programme=new, number=s.number, element=s.element, title=s.title
        )
        section_doc = doc.section(s.number)
        write_answers(copy, section_doc.answers if section_doc else [])
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
    check_writer(acting_user, programme)
    programme = locked(programme)
    if programme.status not in allowed:
        raise InvalidError({"status": [message]})
    before = state(programme)
    programme.status = target
    programme.save(update_fields=["status", "updated_at"])
    log_change(programme, A.UPDATE, before, user=acting_user)
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
    check_writer(acting_user, programme)
    programme = locked(programme)
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
    log_change(programme, A.UPDATE, before, user=acting_user)
    return programme


@transaction.atomic
def do_publish(programme: Programme, *, acting_user: User | None) -> Programme:
    """Publish an approved version; the version of the same series published before it
    becomes superseded."""
    check_writer(acting_user, programme)
    programme = locked(programme)
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
        log_change(
            old, A.UPDATE, old_before, user=acting_user, reason=f"superseded by {programme.pk}"
        )
    before = state(programme)
    programme.status = S.PUBLISHED
    programme.published_at = timezone.now()
    programme.save(update_fields=["status", "published_at", "updated_at"])
    log_change(programme, A.UPDATE, before, user=acting_user)
    return programme
