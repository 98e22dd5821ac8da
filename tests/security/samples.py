"""A small world with one of everything a route can name, for the walks of the security
review: every page route and API operation, filled with real ids, as every persona.

Joensuu (Toivo, unit "ohjaus"):
- `own`: counsellor.joensuu's own client with an assessment, a plan (a goal, a planned
  service), a contact, an offer of civic orientation, a referral to integration training, a consent, an open wellbeing request and
  a referral to the Red Cross;
- `jobseeker`: a client of the unit kept by the employment area (an open jobseeker period):
  the counsellor reads it but may not write its casework (the read-only 403 page);
- `handed`: a client of the unit registered by the manager, handed back to the municipality
  (an open hand-over: the "clients handed over to you" box of the unit's counsellors).
"""

from __future__ import annotations

import datetime
import itertools
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from kotopolku.accounts.models import ApiToken, RoleGrant, User
from kotopolku.audit.context import acting
from kotopolku.casework import actions as casework
from kotopolku.casework.models import HandOver, WellbeingRequest
from kotopolku.catalog.models import Service
from kotopolku.clients import actions as client_actions
from kotopolku.clients import validation
from kotopolku.clients.models import Client, Consent
from kotopolku.orgs.models import Membership, Organisation
from kotopolku.referrals import actions as referral_actions
from kotopolku.referrals import rules as referral_rules

_n = itertools.count(1)
DAY = datetime.timedelta(days=1)


@dataclass
class Samples:
    clients: dict[str, Client]
    ids: dict[str, str] = field(default_factory=dict)  # URL keyword -> a real id
    per_route: dict[str, dict[str, str]] = field(default_factory=dict)

    def names(self) -> dict[str, Client]:
        """Each client's distinctive last name -> the client."""
        return {c.last_name: c for c in self.clients.values()}


def _ctx(user: User) -> dict[str, Any]:
    m = user.active_memberships[0]
    return {"user": user, "role": m.role, "unit": m.unit}


def _client(
    user: User, *, jobseeker_since: datetime.date | None = None, counsellor: bool
) -> Client:
    n = next(_n)
    today = timezone.localdate()
    result = validation.validate(
        {
            "first_name": f"Walk{n}",
            "last_name": f"Kavelija{n}x",
            "birth_date": "1990-03-14",
            "mother_tongue": "ar",
            "municipality": "167",
            "first_permit_date": (today - 100 * DAY).isoformat(),
            "first_permit_kind": "residence_permit",
            "immigration_basis": "quota_refugee",
            "phone": "+358 40 000 0001",
        }
    )
    assert result.ok, result.errors
    with acting(view="test:samples", **_ctx(user)):
        return client_actions.do_create_client(
            result.values,
            responsible_unit=user.active_memberships[0].unit,
            counsellor=user if counsellor else None,
            jobseeker_since=jobseeker_since,
            acting_user=user,
        )


def build(users: dict[str, User]) -> Samples:
    counsellor, manager = users["counsellor.joensuu"], users["manager.joensuu"]
    today = timezone.localdate()
    own = _client(counsellor, counsellor=True)
    jobseeker = _client(manager, counsellor=False, jobseeker_since=today - 30 * DAY)
    handed = _client(manager, counsellor=False, jobseeker_since=today - 20 * DAY)
    unit = counsellor.active_memberships[0].unit
    spr = Organisation.objects.get(slug="spr-joensuu")
    service = Service.objects.create(
        owner=spr,
        name={"fi": "Kielikahvila", "en": "Language café"},
        status=Service.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    with acting(view="test:samples", **_ctx(manager)):
        period = handed.jobseeker_periods.get()
        client_actions.do_end_jobseeker_period(period, end=today - DAY, acting_user=manager)
    with acting(view="test:samples", **_ctx(counsellor)):
        assessment = casework.do_create_assessment(
            own,
            {"kind": "basic", "started": today, "interview_language": "ar"},
            unit=unit,
            acting_user=counsellor,
        )
        plan = casework.do_create_plan(
            own,
            {"kind": "basic", "start": today, "end": today + 200 * DAY},
            unit=unit,
            acting_user=counsellor,
            goals=["Learn Finnish"],
        )
        planned = casework.do_add_service(
            plan, {"name": "Finnish course", "status": "planned"}, acting_user=counsellor
        )
        casework.do_record_contact(
            own,
            {"day": today, "channel": "appointment", "language": "ar", "note": "Walk note"},
            unit=unit,
            acting_user=counsellor,
        )
        civic = casework.do_record_civic_orientation(
            own, {"offered_on": today, "language": "ar"}, acting_user=counsellor
        )
        training = casework.do_record_training(
            own, {"referred_on": today, "language": "fi"}, acting_user=counsellor
        )
        consent = casework.do_record_consent(
            own,
            scope=Consent.Scope.REFERRAL,
            recipient=spr,
            given_on=today,
            acting_user=counsellor,
        )
        request = casework.do_request_wellbeing(
            own,
            county=Organisation.objects.get(slug="siun-sote"),
            legal_basis=WellbeingRequest.LegalBasis.ASSESSMENT,
            reason="Health",
            acting_user=counsellor,
            assessment=assessment,
        )
        referral = referral_actions.do_create_referral(
            own,
            service,
            reason="Would like to practise Finnish.",
            acting_user=counsellor,
            consent=consent,
        )
        assert referral_rules.needs_consent(spr)
    hand_over = HandOver.objects.filter(client=handed).latest("on")
    token = ApiToken.objects.create(
        user=counsellor,
        name="walk",
        prefix=uuid.uuid4().hex[:8],
        token_hash="0" * 64,
        expires_at=timezone.now() + 30 * DAY,
    )
    grant = RoleGrant.objects.create(
        user=users["coordinator.joensuu"],
        unit=unit,
        role="counsellor",
        valid_from=today,
        requested_by=users["admin"],
    )
    from kotopolku.programme.actions import do_create_programme

    with acting(view="test:samples"):
        programme = do_create_programme(
            organisation=Organisation.objects.get(slug="toivo"),
            municipalities=["167"],
            language="fi",
            title="Walk programme",
            acting_user=None,
        )
    from kotopolku.courses import actions as course_actions
    from kotopolku.courses.models import Course, Session, Theme

    theme, _ = Theme.objects.get_or_create(
        code="walk-theme",
        defaults={"kind": "group_guidance", "integration_year": 1, "name": {"fi": "Walk"}},
    )
    course = Course.objects.create(
        theme=theme,
        language="ar",
        year=today.year,
        quarter=(today.month - 1) // 3 + 1,
        organiser=Organisation.objects.get(slug="toivo"),
        capacity=5,
    )
    start = timezone.now()
    session = Session.objects.create(
        course=course,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place_text="Walk room",
        facilitator=counsellor,
        interpreter_language="ar",
    )
    with acting(view="test:samples", **_ctx(counsellor)):
        enrolment = course_actions.do_enrol_client(own, course, acting_user=counsellor)
    from kotopolku.courses.models import TimetableRun

    # a finished timetable run of Toivo, as a row: the walk checks the pages, not the solve
    run = TimetableRun.objects.create(
        quarter="2027Q1",
        organisation=Organisation.objects.get(slug="toivo"),
        status=TimetableRun.Status.FINISHED,
        started_by=counsellor,
    )
    samples = Samples({"own": own, "jobseeker": jobseeker, "handed": handed})
    samples.ids = {
        "client_id": str(own.pk),
        "assessment_id": str(assessment.pk),
        "plan_id": str(plan.pk),
        "goal_id": str(plan.goals.first().pk),  # type: ignore[union-attr]
        "service_id": str(planned.pk),
        "request_id": str(request.pk),
        "hand_over_id": str(hand_over.pk),
        "consent_id": str(consent.pk),
        "offer_id": str(civic.pk),
        "training_id": str(training.pk),
        "period_id": str(jobseeker.jobseeker_periods.get().pk),
        "referral_id": str(referral.pk),
        "token_id": str(token.pk),
        "grant_id": str(grant.pk),
        "programme_id": str(programme.pk),
        "course_id": str(course.pk),
        "session_id": str(session.pk),
        "enrolment_id": str(enrolment.pk),
        "run_id": str(run.pk),
        "other_id": str(programme.pk),
        "user_id": str(counsellor.pk),
        "membership_id": str(Membership.objects.filter(user=counsellor).first().pk),  # type: ignore[union-attr]
        "slug": "toivo",
        "username": "counsellor.joensuu",
        "revision_id": str(uuid.uuid4()),
        "uidb64": "x",
        "token": "x-x",
    }
    samples.per_route = {
        "clients:jobseeker_end": {"client_id": str(jobseeker.pk)},
        "casework:hand_over_accept": {"client_id": str(handed.pk)},
        "referrals:create": {"service_id": str(service.pk)},
        "referrals:consent_print": {"service_id": str(service.pk)},
        "catalog:service_detail": {"service_id": str(service.pk)},
        "catalog:service_edit": {"service_id": str(service.pk)},
        "catalog:service_status": {"service_id": str(service.pk)},
        "catalog:service_history": {"service_id": str(service.pk)},
        "public:path": {"code": "167", "lang": "fi"},
        "public:leaflet": {"code": "167", "lang": "ar"},
    }
    samples.ids["catalog_service_id"] = str(service.pk)
    return samples


_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def fill(route: str, name: str, samples: Samples) -> str | None:
    """The path of `route` (a Django route string, possibly with the prefixes of its
    includes) with real ids; None when a keyword has no sample."""
    values = {**samples.ids, **samples.per_route.get(name, {})}
    missing = [m.group("name") for m in _PARAM.finditer(route) if m.group("name") not in values]
    if missing:
        return None
    return "/" + _PARAM.sub(lambda m: values[m.group("name")], route)


def api_path(path: str, op_id: str, samples: Samples) -> str:
    values = {**samples.ids, **samples.per_route.get(op_id, {})}
    if op_id.startswith("catalog."):
        values["service_id"] = samples.ids["catalog_service_id"]
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), str(uuid.uuid4())), path)


def all_routes() -> list[tuple[str, str]]:
    """(view name, full route with the prefixes of its includes) for every page route."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[tuple[str, str]] = []

    def walk(resolver: URLResolver, namespace: str, prefix: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or ""
                walk(entry, f"{namespace}{ns}:" if ns else namespace, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((f"{namespace}{entry.name}", prefix + str(entry.pattern)))

    walk(get_resolver(), "", "")
    return [(n, r) for n, r in found if not n.startswith("api:")]
