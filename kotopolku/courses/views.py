"""The course pages: the quarter's courses, a course with its sessions and enrolments,
enrolling a client (from the course or from the client's page), cancelling, the phone-sized
attendance page of a session, and the client page's "Courses" section.

Objects the user may not see answer 404 (`courses.scopes`); every client listed is logged as
read (`audit.recorder.record_read`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotopolku.access import scopes as access_scopes
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.core import languages
from kotopolku.core.errors import InvalidError
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.courses import actions
from kotopolku.courses import scopes as course_scopes
from kotopolku.courses.forms import AttendanceForm, CourseChoiceForm, EnrolForm
from kotopolku.courses.models import Attendance, Course, Enrolment, Theme

ACTIVE = (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)


def _language(code: str) -> str:
    return languages.name(code, (get_language() or "fi")[:2])


def _quarter(request: AuthenticatedRequest) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        quarter = int(request.GET.get("quarter", (today.month - 1) // 3 + 1))
    except ValueError:
        return today.year, (today.month - 1) // 3 + 1
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        return today.year, (today.month - 1) // 3 + 1
    return year, quarter


def _course_label(course: Course) -> str:
    return f"{course.theme.display_name()} – {_language(course.language)} ({course.quarter_label})"


# --- The quarter's courses -----------------------------------------------------------------


@require_GET
def course_list(request: AuthenticatedRequest) -> HttpResponse:
    year, quarter = _quarter(request)
    courses = (
        course_scopes.visible_courses(request.user)
        .filter(year=year, quarter=quarter)
        .select_related("theme", "organiser")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status="enrolled"), distinct=True),
            waiting=Count("enrolments", filter=Q(enrolments__status="waitlisted"), distinct=True),
            session_count=Count("sessions", distinct=True),
        )
    )
    groups = []
    for kind, label in Theme.Kind.choices:
        rows = [
            {"course": c, "language": _language(c.language)}
            for c in courses
            if c.theme.kind == kind
        ]
        groups.append({"kind": kind, "label": label, "rows": rows})
    prev_q = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    next_q = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return render(
        request,
        "courses/course_list.html",
        {"groups": groups, "year": year, "quarter": quarter, "prev": prev_q, "next": next_q},
    )


# --- One course ----------------------------------------------------------------------------


def _own_client_choices(request: AuthenticatedRequest, course: Course) -> list[tuple[str, str]]:
    """The counsellor's own clients not yet on the course, logged as listed."""
    user = request.user
    on_course = course.enrolments.filter(status__in=ACTIVE).values("client_id")
    clients = list(
        course_scopes.enrollable_clients(user)
        .filter(pk__in=client_scopes.own_clients(user).values("pk"))
        .exclude(pk__in=on_course)
        .order_by("last_name", "first_name", "id")[:300]
    )
    record_read(
        "client", [c.pk for c in clients], kind=AccessEvent.Kind.LIST, purpose="enrol on a course"
    )
    return [(str(c.pk), c.full_name) for c in clients]


def _detail(
    request: AuthenticatedRequest, course: Course, form: EnrolForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    enrolments = list(
        course_scopes.visible_enrolments(user, course)
        .select_related("client")
        .order_by("status", "position", "created_at")
    )
    record_read(
        "course_enrolment",
        [e.pk for e in enrolments],
        kind=AccessEvent.Kind.LIST,
        client_ids=[e.client_id for e in enrolments],
    )
    can_enrol = course_scopes.enrollable_clients(user).exists()
    if form is None and can_enrol:
        form = EnrolForm(clients=_own_client_choices(request, course))
    sessions = list(course.sessions.select_related("facilitator", "place"))
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "language": _language(course.language),
            "sessions": [
                {
                    "session": s,
                    "interpreter": _language(s.interpreter_language)
                    if s.interpreter_language
                    else "",
                    "may_mark": course_scopes.may_mark(user, s),
                }
                for s in sessions
            ],
            "enrolled": [e for e in enrolments if e.status == Enrolment.Status.ENROLLED],
            "waiting": [e for e in enrolments if e.status == Enrolment.Status.WAITLISTED],
            "closed": [e for e in enrolments if e.status not in ACTIVE],
            "enrolled_count": course.enrolments.filter(status=Enrolment.Status.ENROLLED).count(),
            "form": form,
            "may_cancel": {e.pk for e in enrolments if course_scopes.may_cancel(user, e)},
        },
        status=status,
    )


@require_GET
def course_detail(request: AuthenticatedRequest, course_id: Any) -> HttpResponse:
    course = course_scopes.get_course_for_user(request.user, course_id)
    return _detail(request, course)


@require_http_methods(["GET", "POST"])
def enrol(request: AuthenticatedRequest, course_id: Any) -> HttpResponse:
    """Enrol one of the counsellor's clients (a POST from the course page)."""
    course = course_scopes.get_course_for_user(request.user, course_id)
    if request.method == "GET":
        return HttpResponseRedirect(reverse("courses:detail", args=[course.pk]))
    form = EnrolForm(request.POST, clients=_own_client_choices(request, course))
    if form.is_valid():
        client = (
            course_scopes.enrollable_clients(request.user)
            .filter(pk=form.cleaned_data["client"])
            .first()
        )
        if client is None:
            raise Http404
        try:
            enrolment = actions.do_enrol_client(client, course, acting_user=request.user)
        except InvalidError as exc:
            form.refuse(exc)
        else:
            _enrolled_message(request, enrolment)
            return HttpResponseRedirect(reverse("courses:detail", args=[course.pk]))
    return _detail(request, course, form, status=422)


def _enrolled_message(request: AuthenticatedRequest, enrolment: Enrolment) -> None:
    if enrolment.status == Enrolment.Status.WAITLISTED:
        messages.success(
            request,
            _("The course is full: the client is number %(position)s on the waiting list.")
            % {"position": enrolment.position},
        )
    else:
        messages.success(request, _("The client is enrolled on the course."))


@require_http_methods(["GET", "POST"])
def client_courses(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    """Enrol the client on a course of this or the next quarter (from the client's page)."""
    client = client_scopes.get_client_for_user(request.user, client_id)
    if client.status != ClientStatus.ACTIVE or not course_scopes.may_enrol(request.user, client):
        raise Http404
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    following = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    taken = Enrolment.objects.filter(client=client, status__in=ACTIVE).values("course_id")
    open_courses = list(
        course_scopes.visible_courses(request.user)
        .filter(Q(year=year, quarter=quarter) | Q(year=following[0], quarter=following[1]))
        .exclude(pk__in=taken)
        .select_related("theme")
        .order_by("year", "quarter", "theme__kind", "theme__integration_year", "theme__order")
    )
    courses = {str(c.pk): c for c in open_courses}
    form = CourseChoiceForm(
        request.POST or None, courses=[(k, _course_label(c)) for k, c in courses.items()]
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            course = courses[form.cleaned_data["course"]]
            try:
                enrolment = actions.do_enrol_client(client, course, acting_user=request.user)
            except InvalidError as exc:
                form.refuse(exc)
            else:
                _enrolled_message(request, enrolment)
                return HttpResponseRedirect(
                    reverse("clients:detail", args=[client.pk]) + "#courses"
                )
        status = 422
    record_read("client", [client.pk], purpose="enrol on a course")
    return render(
        request, "courses/client_enrol.html", {"client": client, "form": form}, status=status
    )


@require_POST
def cancel_enrolment(request: AuthenticatedRequest, enrolment_id: Any) -> HttpResponse:
    enrolment = Enrolment.objects.select_related("course", "client").filter(pk=enrolment_id).first()
    if enrolment is None or not course_scopes.may_cancel(request.user, enrolment):
        raise Http404
    course_scopes.get_course_for_user(request.user, enrolment.course_id)
    try:
        moved = actions.do_cancel_enrolment(enrolment, acting_user=request.user)
    except InvalidError as exc:
        for refusals in exc.errors.values():
            for message in refusals:
                messages.error(request, _(message))
    else:
        messages.success(request, _("The enrolment is cancelled."))
        if moved is not None:
            messages.info(request, _("The first on the waiting list got the place."))
    record_read("course_enrolment", [enrolment.pk], client_ids=[enrolment.client_id])
    return HttpResponseRedirect(reverse("courses:detail", args=[enrolment.course_id]))


# --- Attendance ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def attendance(request: AuthenticatedRequest, session_id: Any) -> HttpResponse:
    """The facilitator's phone page: one radio group per participant, one form post."""
    session = course_scopes.get_session_to_mark(request.user, session_id)
    enrolments = list(
        session.course.enrolments.filter(
            status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)
        )
        .select_related("client")
        .order_by("client__last_name", "client__first_name", "id")
    )
    marked = {a.enrolment_id: a.status for a in session.attendances.all()}
    participants = [(str(e.pk), e.client.full_name) for e in enrolments]
    form = AttendanceForm(
        request.POST or None,
        participants=participants,
        initial={f"mark-{e.pk}": marked.get(e.pk) for e in enrolments},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.do_mark_attendance(session, form.marks(), acting_user=request.user)
            except InvalidError as exc:
                form.refuse(exc)
            else:
                messages.success(request, _("The attendance is saved."))
                return HttpResponseRedirect(reverse("courses:attendance", args=[session.pk]))
        status = 422
    record_read(
        "course_enrolment",
        [e.pk for e in enrolments],
        kind=AccessEvent.Kind.LIST,
        client_ids=[e.client_id for e in enrolments],
        purpose="attendance",
    )
    return render(
        request,
        "courses/attendance.html",
        {
            "session": session,
            "course": session.course,
            "language": _language(session.course.language),
            "form": form,
            "rows": [form[f"mark-{e.pk}"] for e in enrolments],
        },
        status=status,
    )


# --- The client page's section ---------------------------------------------------------------


def client_courses_context(request: AuthenticatedRequest, client: Client) -> dict[str, Any]:
    """The client's enrolments, attended sessions and civic-orientation hours attended
    (`courses/_client_courses.html`), logged as read; for those who work the whole case."""
    if not access_scopes.reads_whole_case(request.user):
        return {"courses": None}
    enrolments = list(
        Enrolment.objects.filter(client=client)
        .select_related("course__theme")
        .order_by("-course__year", "-course__quarter", "created_at")
    )
    present = list(
        Attendance.objects.filter(
            enrolment__client=client, status=Attendance.Status.PRESENT
        ).select_related("session__course__theme")
    )
    civic = sum(
        (
            Decimal(str(round(a.session.hours, 2)))
            for a in present
            if a.session.course.theme.kind == Theme.Kind.CIVIC_ORIENTATION
        ),
        Decimal(0),
    )
    attended: dict[Any, int] = {}
    for a in present:
        attended[a.enrolment_id] = attended.get(a.enrolment_id, 0) + 1
    missed = Attendance.objects.filter(enrolment__client=client).missed_without_cancelling().count()
    record_read(
        "course_enrolment",
        [e.pk for e in enrolments],
        kind=AccessEvent.Kind.LIST,
        client_ids=[client.pk] * len(enrolments),
        purpose="client page",
    )
    return {
        "courses": {
            "rows": [
                {
                    "enrolment": e,
                    "name": e.course.theme.display_name(),
                    "language": _language(e.course.language),
                    "attended": attended.get(e.pk, 0),
                }
                for e in enrolments
            ],
            "sessions_attended": len(present),
            "civic_hours": civic.normalize() if civic else Decimal(0),
            "missed": missed,
            "can_enrol": client.status == ClientStatus.ACTIVE
            and course_scopes.may_enrol(request.user, client),
        }
    }


# --- Timetable runs (the organising organisation's coordinators) -----------------------------


def _run_quarter(request: AuthenticatedRequest) -> str:
    import re

    from kotopolku.courses.models import QUARTER_CODE

    code = request.GET.get("quarter", "")
    if re.fullmatch(QUARTER_CODE, code):
        return code
    today = timezone.localdate()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def _run_organisation(request: AuthenticatedRequest) -> Any:
    from kotopolku.orgs.models import Organisation

    orgs = Organisation.objects.filter(pk__in=course_scopes.run_organisations(request.user))
    chosen = orgs.filter(slug=request.GET.get("organisation") or request.POST.get("organisation"))
    organisation = chosen.first() or orgs.order_by("slug").first()
    if organisation is None:
        raise Http404
    return organisation


@require_GET
def runs(request: AuthenticatedRequest) -> HttpResponse:
    """The quarter's timetable runs of the organisation, and "Solve"."""
    from kotopolku.orgs.models import Organisation

    organisation = _run_organisation(request)
    quarter = _run_quarter(request)
    rows = course_scopes.visible_runs(request.user).filter(
        organisation=organisation, quarter=quarter
    )
    return render(
        request,
        "courses/runs.html",
        {
            "organisation": organisation,
            "organisations": Organisation.objects.filter(
                pk__in=course_scopes.run_organisations(request.user)
            ).order_by("slug"),
            "quarter": quarter,
            "runs": rows.select_related("started_by"),
            "active": rows.filter(status__in=("queued", "running")).exists(),
        },
    )


def _refuse(request: AuthenticatedRequest, exc: InvalidError) -> None:
    for key, refusals in exc.errors.items():
        for message in refusals:
            messages.error(request, f"{key}: {_(message)}")


@require_POST
def run_start(request: AuthenticatedRequest) -> HttpResponse:
    """Solve (or re-solve with the ticked sessions pinned)."""
    organisation = _run_organisation(request)
    quarter = request.POST.get("quarter", "")
    source = None
    if request.POST.get("from_run"):
        source = course_scopes.get_run_for_user(request.user, request.POST["from_run"])
    try:
        run = actions.do_start_timetable_run(
            organisation,
            quarter,
            pins=request.POST.getlist("pins"),
            from_run=source,
            acting_user=request.user,
        )
    except InvalidError as exc:
        _refuse(request, exc)
        back = reverse("courses:runs") + f"?quarter={quarter}&organisation={organisation.slug}"
        return HttpResponseRedirect(back)
    messages.success(request, _("The solve is started."))
    return HttpResponseRedirect(reverse("courses:run_detail", args=[run.pk]))


def _language_name(code: str) -> str:
    return _language(code) if code else ""


@require_GET
def run_detail(request: AuthenticatedRequest, run_id: Any) -> HttpResponse:
    """A run: the status region (polled while it runs), the result with pin boxes, the
    unplaced demands with their reasons, Stop and Publish."""
    run = course_scopes.get_run_for_user(request.user, run_id)
    progress = run.progress or {}
    elapsed = progress.get("elapsed") or 0
    context = {
        "run": run,
        "progress": progress,
        "elapsed": min(float(elapsed), float(run.time_limit)),
    }
    if request.GET.get("part") == "status":
        response = render(request, "courses/_run_status.html", context)
        if not run.is_active:
            response["HX-Refresh"] = "true"
        return response
    result = run.result or {}
    sessions = [
        {**s, "language_name": _language_name(s["language"])} for s in result.get("sessions", [])
    ]
    unplaced = [
        {**u, "language_name": _language_name(u["language"])} for u in result.get("unplaced", [])
    ]
    pinned = set((run.pins or {}).get("keys", []))
    terms = [
        {"name": k, "cost": v, "weight": (result.get("weights") or {}).get(k)}
        for k, v in (result.get("breakdown") or {}).items()
    ]
    context.update(
        {
            "result": result,
            "sessions": sessions,
            "unplaced": unplaced,
            "pinned": pinned,
            "terms": terms,
            "may_publish": run.status in ("finished", "stopped") and bool(sessions),
        }
    )
    return render(request, "courses/run_detail.html", context)


@require_POST
def run_stop(request: AuthenticatedRequest, run_id: Any) -> HttpResponse:
    run = course_scopes.get_run_for_user(request.user, run_id)
    try:
        actions.do_stop_timetable_run(run, acting_user=request.user)
    except InvalidError as exc:
        _refuse(request, exc)
    else:
        messages.success(request, _("The run is asked to stop; it keeps the best timetable found."))
    return HttpResponseRedirect(reverse("courses:run_detail", args=[run.pk]))


@require_POST
def run_publish(request: AuthenticatedRequest, run_id: Any) -> HttpResponse:
    run = course_scopes.get_run_for_user(request.user, run_id)
    try:
        made = actions.do_publish_timetable_run(run, acting_user=request.user)
    except InvalidError as exc:
        _refuse(request, exc)
    else:
        messages.success(
            request,
            _("The timetable is published: %(count)s courses.") % {"count": len(made)},
        )
    return HttpResponseRedirect(reverse("courses:run_detail", args=[run.pk]))
