"""What every programme action shares: the refusals (`NotAllowedError`, a version that is
not a draft), locking the programme's row, the version's state for the change log and writing
the log row, and `edit_draft`, the shape of every edit of a draft."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils.translation import gettext_noop

from kotopolku.access import programmes as permissions
from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import diff, jsonable, record_change
from kotopolku.core.errors import Errors, InvalidError
from kotopolku.programme.document import OPENING_FIELDS, from_programme
from kotopolku.programme.models import Programme

if TYPE_CHECKING:
    from kotopolku.accounts.models import User


A = ChangeEvent.Action
S = Programme.Status
SUBJECT = "programme"
LANGUAGES = ("fi", "sv")
# The fields of the opening part a page or the API may change (besides partners).
OPENING_EDITABLE = ("title", "document_date", *OPENING_FIELDS)
MAX_TEXT = 20000


class NotAllowedError(PermissionError):
    """The user may not change this programme (pages and the API answer 404). Nothing written."""


# --- Checks, the log, locking ----------------------------------------------------------------


def check_writer(user: User | None, programme: Programme) -> None:
    if not permissions.may_write(user, organisation_id=programme.organisation_id):
        raise NotAllowedError


def check_draft(programme: Programme) -> None:
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


def log_change(
    programme: Programme,
    action: str,
    before: dict[str, Any],
    *,
    user: User | None,
    reason: str = "",
) -> None:
    after = state(programme)
    record_change(SUBJECT, programme.pk, action, diff(before, after), reason=reason, actor=user)


def locked(programme: Programme) -> Programme:
    """The programme's row, locked for this transaction (two clicks do not both pass), read
    afresh into the caller's instance."""
    list(Programme.objects.select_for_update().filter(pk=programme.pk).values_list("pk"))
    programme.refresh_from_db()
    return programme


Cleaned = TypeVar("Cleaned")


def edit_draft(
    programme: Programme,
    check: Callable[[Programme, Errors], Cleaned],
    write: Callable[[Programme, Cleaned], None],
    *,
    acting_user: User | None,
    save_fields: Sequence[str] | None = ("updated_at",),
    reason: str = "",
) -> Programme:
    """The shape of every edit of a draft's document, for the caller's transaction: refuse a
    user who may not write, lock the row, refuse a version that is not a draft, `check` the
    input (its messages added to the `Errors` are raised together, before anything is
    written), then `write` the cleaned values, save the programme (`save_fields`; None: every
    field) and log the change with the state before and after."""
    check_writer(acting_user, programme)
    programme = locked(programme)
    check_draft(programme)
    errors = Errors()
    cleaned = check(programme, errors)
    errors.raise_if_any()
    before = state(programme)
    write(programme, cleaned)
    if save_fields is None:
        programme.save()
    else:
        programme.save(update_fields=list(save_fields))
    log_change(programme, A.UPDATE, before, user=acting_user, reason=reason)
    return programme
