"""The demo curriculum and a demo quarter of the Joensuu regional integration centre (demo
mode only).

Themes come from `demo_data/curriculum.toml` (updated in place by code, so a changed text
reaches an existing demo database); the courses of `demo_data/joensuu_quarter.toml` are made
for the current quarter with weekly sessions from two weeks back (so that attendance can be
marked) to the quarter's end. Some demo clients of the Joensuu counsellor are enrolled through
the actions, one course over its capacity (a waiting list), and the past sessions' attendance
is marked by the facilitator. Idempotent: an existing course is left as it is.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.courses import actions, curriculum
from kotopolku.courses import scopes as course_scopes
from kotopolku.courses.models import Attendance, Course, Session, Theme
from kotopolku.orgs.models import Organisation

COUNSELLOR = "counsellor.joensuu"


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    ) - datetime.timedelta(days=1)
    return start, end


def load_themes() -> dict[str, Theme]:
    """Create or update the curriculum's themes (by code)."""
    themes: dict[str, Theme] = {}
    for data in curriculum.read_curriculum():
        theme, _created = Theme.objects.update_or_create(
            code=data.code,
            defaults={
                "kind": data.kind,
                "integration_year": data.year,
                "hours": data.hours,
                "order": data.order,
                "name": data.name,
                "description": data.description,
            },
        )
        themes[data.code] = theme
    return themes


def _session_days(
    weekday: int, count: int, today: datetime.date, year: int, quarter: int
) -> list[datetime.date]:
    first, last = quarter_bounds(year, quarter)
    day = max(first, today - datetime.timedelta(days=14))
    day += datetime.timedelta(days=(weekday - 1 - day.weekday()) % 7)
    days: list[datetime.date] = []
    while len(days) < count and day <= last:
        days.append(day)
        day += datetime.timedelta(days=7)
    return days


def load(today: datetime.date | None = None) -> list[Course]:
    """Load the curriculum and the demo quarter; returns the courses made now."""
    today = today or timezone.localdate()
    themes = load_themes()
    quarter_data = curriculum.read_quarter(theme_codes=set(themes))
    organiser = Organisation.objects.filter(slug=quarter_data.organiser).first()
    if organiser is None:
        return []
    year, quarter = quarter_of(today)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    users = {u.username: u for u in User.objects.filter(username__startswith="counsellor.")}
    made: list[Course] = []
    for spec in quarter_data.courses:
        theme = themes[spec.theme]
        if Course.objects.filter(
            theme=theme, language=spec.language, year=year, quarter=quarter, organiser=organiser
        ).exists():
            continue
        course = Course.objects.create(
            theme=theme,
            language=spec.language,
            year=year,
            quarter=quarter,
            organiser=organiser,
            capacity=spec.capacity,
        )
        for day in _session_days(spec.weekday, spec.sessions, today, year, quarter):
            starts = datetime.datetime.combine(day, spec.start, tzinfo=zone)
            Session.objects.create(
                course=course,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=spec.minutes),
                place_text=spec.place,
                facilitator=users.get(spec.facilitator),
                interpreter_language=spec.interpreter,
                interpreter="Tulkkipalvelu" if spec.interpreter else "",
            )
        made.append(course)
    _enrol(made, users.get(COUNSELLOR), today)
    return made


def _enrol(courses: list[Course], counsellor: User | None, today: datetime.date) -> None:
    """Enrol the counsellor's demo clients: the Arabic course one over its capacity; mark
    the past sessions (one absence without cancelling, for the s. 32 a flag)."""
    if counsellor is None or not courses:
        return
    clients = list(
        course_scopes.enrollable_clients(counsellor)
        .filter(current_counsellor=counsellor, status=ClientStatus.ACTIVE)
        .order_by("last_name", "first_name", "id")[:12]
    )
    if not clients:
        return
    for course in courses:
        wanted = [c for c in clients if _speaks(c, course.language)] or clients[:3]
        wanted = wanted[: course.capacity + 1] if course.capacity < 6 else wanted[:5]
        for client in wanted:
            actions.do_enrol_client(client, course, acting_user=counsellor)
        enrolled = list(course.enrolments.filter(status="enrolled").order_by("created_at"))
        for session in course.sessions.filter(starts_at__date__lt=today):
            marker = session.facilitator or counsellor
            if not course_scopes.may_mark(marker, session) or not enrolled:
                continue
            marks = {e.pk: Attendance.Status.PRESENT.value for e in enrolled}
            marks[enrolled[-1].pk] = Attendance.Status.ABSENT.value
            actions.do_mark_attendance(session, marks, acting_user=marker)


def _speaks(client: Client, language: str) -> bool:
    return client.mother_tongue == language or language in (client.service_languages or [])
