"""Daily reminder e-mails of casework deadlines (`kotopolku send_deadline_reminders`, by cron).

Each active user who is the current counsellor of active clients with an overdue step, or a
step due within `settings.REMINDER_HORIZON_DAYS`, gets one e-mail a day: how many steps are
overdue, how many are due soon, of how many clients, and a link to the caseload. An e-mail
leaves the system, so it names no client and carries no other personal data; the counsellor
logs in to see who. A `ReminderSent` row per (user, day) makes a second run of the same day
send nothing. The e-mail goes through the task queue after the row is committed.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone, translation

from kotopolku.accounts.models import User
from kotopolku.accounts.tasks import send_templated_email
from kotopolku.casework.models import Deadline, ReminderSent
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import ClientStatus
from kotopolku.clients.rules import step_lapses_q
from kotopolku.core.site import default_base_url, language_of

TEMPLATES = "casework/email"


@dataclass(frozen=True)
class Due:
    """One counsellor's open steps on a day (counts only)."""

    user_id: Any
    overdue: int
    due_soon: int
    clients: int


def due_by_counsellor(day: datetime.date, *, horizon_days: int | None = None) -> list[Due]:
    """The counsellors with overdue steps or steps due within the horizon, with the counts;
    the steps of active clients only, for active users only. One grouped query."""
    horizon = day + datetime.timedelta(
        days=settings.REMINDER_HORIZON_DAYS if horizon_days is None else horizon_days
    )
    # only the clients the counsellor still sees as their own
    current = client_scopes.held_own_assignments(day).filter(client_id=OuterRef("client_id"))
    rows = (
        Deadline.objects.filter(
            Exists(current),
            due__lte=horizon,
            client__status=ClientStatus.ACTIVE,
            client__current_counsellor__isnull=False,
            client__current_counsellor__is_active=True,
        )
        # a lapsed right (the window ended before the step was taken) is no task to remind of
        .exclude(
            step_lapses_q(kind="kind", due="due", window_end="client__integration_window_end"),
            due__lt=day,
        )
        .values("client__current_counsellor")
        .annotate(
            overdue=Count("id", filter=Q(due__lt=day)),
            due_soon=Count("id", filter=Q(due__gte=day)),
            clients=Count("client", distinct=True),
        )
        .order_by("client__current_counsellor")
    )
    return [
        Due(row["client__current_counsellor"], row["overdue"], row["due_soon"], row["clients"])
        for row in rows
    ]


def _context(due: Due, day: datetime.date, language: str, link: str) -> dict[str, Any]:
    """What the e-mail may say: counts, the day, the horizon and the link; nothing else."""
    with translation.override(language):
        day_text = formats.date_format(day, "SHORT_DATE_FORMAT")
    return {
        "overdue": due.overdue,
        "due_soon": due.due_soon,
        "clients": due.clients,
        "horizon_days": settings.REMINDER_HORIZON_DAYS,
        "day": day_text,
        "link": link,
    }


def send_reminders(day: datetime.date | None = None, *, base_url: str | None = None) -> int:
    """Queue the day's reminder e-mails that have not been sent; return how many were queued."""
    day = day or timezone.localdate()
    link = (base_url or default_base_url()).rstrip("/") + reverse("clients:caseload") + "?sort=due"
    found = due_by_counsellor(day)
    users = User.objects.filter(is_active=True).in_bulk([d.user_id for d in found])
    queued = 0
    for due in found:
        user = users.get(due.user_id)
        if user is None or not user.email:
            continue
        with transaction.atomic():
            _row, created = ReminderSent.objects.get_or_create(
                user=user, day=day, defaults={"overdue": due.overdue, "due_soon": due.due_soon}
            )
            if not created:
                continue
            language = language_of(user)
            transaction.on_commit(
                functools.partial(
                    send_templated_email.enqueue,
                    subject_template=f"{TEMPLATES}/reminder_subject_{language}.txt",
                    text_template=f"{TEMPLATES}/reminder_{language}.txt",
                    html_template=None,
                    context=_context(due, day, language, link),
                    to=[user.email],
                )
            )
        queued += 1
    return queued
