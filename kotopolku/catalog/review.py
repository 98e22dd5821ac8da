"""Keeping the tray current: the review flag and the weekly reminder to owners.

When an entry is *due for review* is the rule of `catalog.rules` (`reviewed_on` is set on
creation, on an approved change and by "still current").

`kotopolku send_tray_review_reminders` (weekly, by cron: docs/deploy.md) queues one e-mail
per owner organisation with due entries to the organisation's tray editors (its NGO
partners and coordinators; when it has none of those, its other editors). The e-mail carries counts and
a link only. A change-log row `tray_review_reminder` per (organisation, day) makes a second
run of the same day send nothing (the log is append-only, so the mark cannot be lost).
"""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation

from kotopolku.access import scopes
from kotopolku.accounts.models import User
from kotopolku.accounts.tasks import send_templated_email
from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import record_change
from kotopolku.catalog.models import Service
from kotopolku.catalog.rules import latest_unreviewed_day, review_months
from kotopolku.core.site import default_base_url, language_of
from kotopolku.orgs.models import Organisation

TEMPLATES = "catalog/email"
SUBJECT_TYPE = "tray_review_reminder"


def due_services(today: datetime.date | None = None) -> Any:
    """The entries due for review on `today` (drafts and published ones)."""
    day = latest_unreviewed_day(today or timezone.localdate())
    return Service.objects.exclude(status=Service.Status.ARCHIVED).filter(
        Q(reviewed_on__isnull=True) | Q(reviewed_on__lte=day)
    )


@dataclass(frozen=True)
class OwnerDue:
    owner_id: Any
    due: int


def due_by_owner(today: datetime.date | None = None) -> list[OwnerDue]:
    counts = Counter(due_services(today).values_list("owner_id", flat=True))
    return [OwnerDue(owner, n) for owner, n in sorted(counts.items(), key=lambda p: str(p[0]))]


def recipients(owner: Organisation) -> list[User]:
    """The owner's tray editors with an e-mail address (see the module's note)."""
    memberships = list(
        scopes.catalog_editor_memberships([owner])
        .filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    first = [m.user for m in memberships if scopes.is_first_reminded(m)]
    chosen = first or [m.user for m in memberships]
    return list({u.pk: u for u in chosen}.values())


def _mark(owner: Organisation, day: datetime.date) -> str:
    return f"{owner.pk}:{day.isoformat()}"


def send_review_reminders(day: datetime.date | None = None, *, base_url: str | None = None) -> int:
    """Queue the day's reminders not yet sent; return how many e-mails were queued."""
    day = day or timezone.localdate()
    link = (base_url or default_base_url()).rstrip("/") + reverse("catalog:my_services")
    found = due_by_owner(day)
    owners = Organisation.objects.filter(is_active=True).in_bulk([d.owner_id for d in found])
    queued = 0
    for item in found:
        owner = owners.get(item.owner_id)
        if owner is None:
            continue
        people = recipients(owner)
        if not people:
            continue
        with transaction.atomic():
            # one run at a time per organisation: the check below then sees a parallel run's mark
            Organisation.objects.select_for_update().filter(pk=owner.pk).first()
            mark = _mark(owner, day)
            already = ChangeEvent.objects.filter(
                subject_type=SUBJECT_TYPE, subject_id=mark
            ).exists()
            if already:
                continue
            record_change(
                SUBJECT_TYPE,
                mark,
                ChangeEvent.Action.CREATE,
                {"due": [None, item.due], "recipients": [None, len(people)]},
            )
            for user in people:
                language = language_of(user)
                transaction.on_commit(
                    functools.partial(
                        send_templated_email.enqueue,
                        subject_template=f"{TEMPLATES}/review_subject_{language}.txt",
                        text_template=f"{TEMPLATES}/review_{language}.txt",
                        html_template=None,
                        context=_context(item.due, day, language, link),
                        to=[user.email],
                    )
                )
                queued += 1
    return queued


def _context(due: int, day: datetime.date, language: str, link: str) -> dict[str, Any]:
    with translation.override(language):
        day_text = formats.date_format(day, "SHORT_DATE_FORMAT")
    return {"due": due, "months": review_months(), "day": day_text, "link": link}
