"""Who sees which course, enrols whom and marks attendance (registered in `CoursesConfig`).

The quarter's courses are read by the staff of the organiser and of the organisations
serving the municipalities it serves. Counsellors enrol the clients they may see
(`clients.scopes.visible_clients`); the facilitator of a session and the coordinators of
the organising organisation mark its attendance. Everything else answers 404.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from kotopolku.access import scopes
from kotopolku.access.policy import COURSE_ENROLLERS, COURSE_STAFF
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.courses.models import Course, Enrolment, Session, TimetableRun
from kotopolku.orgs.models import Role

if TYPE_CHECKING:
    from kotopolku.accounts.models import User


def visible_courses(user: User) -> QuerySet[Course]:
    """Courses of the user's organisations and of the organisations serving the municipalities
    the user's organisations serve; a facilitator also sees the courses of their sessions."""
    condition = Q(sessions__facilitator_id=user.pk)
    if user.has_role(*COURSE_STAFF):
        orgs = scopes.organisation_ids(user)
        served = scopes.served_municipalities(user)
        condition |= Q(organiser_id__in=orgs) | Q(organiser__serves__in=served)
    ids = Course.objects.filter(condition).values("pk")
    return Course.objects.filter(pk__in=ids)


def get_course_for_user(user: User, course_id: uuid.UUID | str) -> Course:
    course = visible_courses(user).select_related("theme", "organiser").filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def coordinates(user: User, course: Course) -> bool:
    """A coordinator of the organising organisation."""
    return course.organiser_id in scopes.organisation_ids(user, role=Role.COORDINATOR)


def may_mark(user: User, session: Session) -> bool:
    """The session's facilitator and the organiser's coordinators mark attendance."""
    return session.facilitator_id == user.pk or coordinates(user, session.course)


def get_session_to_mark(user: User, session_id: uuid.UUID | str) -> Session:
    """A session whose attendance the user marks, else 404."""
    session = (
        Session.objects.select_related("course__theme", "course__organiser", "facilitator")
        .filter(pk=session_id)
        .first()
    )
    if session is None or not may_mark(user, session):
        raise Http404
    return session


def manages(user: User, course: Course) -> bool:
    """Sees every enrolment of the course: its coordinators and facilitators."""
    return coordinates(user, course) or course.sessions.filter(facilitator_id=user.pk).exists()


def enrollable_clients(user: User) -> QuerySet[Client]:
    """The active clients the user may enrol: the enrolling roles' visible clients."""
    if not user.has_role(*COURSE_ENROLLERS):
        return Client.objects.none()
    return client_scopes.visible_clients(user).filter(status=ClientStatus.ACTIVE)


def may_enrol(user: User, client: Client) -> bool:
    return enrollable_clients(user).filter(pk=client.pk).exists()


def visible_enrolments(user: User, course: Course) -> QuerySet[Enrolment]:
    """The course's enrolments the user may read: all for those who manage the course, the
    clients the user may see for the others."""
    qs = course.enrolments.all()
    if manages(user, course):
        return qs
    return qs.filter(client_id__in=client_scopes.visible_clients(user).values("pk"))


def may_cancel(user: User, enrolment: Enrolment) -> bool:
    """Who enrols the client, and the course's coordinators, may cancel an enrolment."""
    return coordinates(user, enrolment.course) or may_enrol(user, enrolment.client)


# --- Timetable runs --------------------------------------------------------------------------


def run_organisations(user: User) -> set[uuid.UUID]:
    """The organisations whose timetable runs the user starts, stops, publishes and sees: those
    where the user is a coordinator (the organising regional centre)."""
    return scopes.organisation_ids(user, role=Role.COORDINATOR)


def may_run(user: User, organisation_id: uuid.UUID) -> bool:
    return organisation_id in run_organisations(user)


def visible_runs(user: User) -> QuerySet[TimetableRun]:
    return TimetableRun.objects.filter(organisation_id__in=run_organisations(user))


def get_run_for_user(user: User, run_id: uuid.UUID | str) -> TimetableRun:
    """A run of an organisation the user coordinates, else 404."""
    run = visible_runs(user).select_related("organisation", "started_by").filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run
