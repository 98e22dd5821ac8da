"""Casework of the demo and of the national synthetic data set.

The demo: every kind of deadline is some client's earliest step both overdue and not yet
overdue, in the worklists of both demo counsellors; every row was made through the actions
(logged, rules respected); loading again adds nothing. Synth: deterministic, a realistic
mix, rows that obey the rules, and `Deadline` rows equal to what `refresh_all_deadlines`
computes from them.

The demo is loaded once for its test class inside a transaction rolled back at its end.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.casework import actions, rule_versions, rules
from kotopolku.casework import demo as casework_demo
from kotopolku.casework.models import (
    DIRECTED_STATUSES,
    Assessment,
    CaseKind,
    CivicOrientationOffer,
    Contact,
    ContactTopic,
    Contribution,
    Deadline,
    Goal,
    GoalStatus,
    HandOver,
    IntegrationTraining,
    LanguageLevel,
    Plan,
    PlannedService,
    PlanStatus,
    Review,
    ServiceStatus,
    WellbeingRequest,
)
from kotopolku.clients.actions import exempt_bases
from kotopolku.clients.models import Client, ClientStatus, Consent
from kotopolku.ops.demo import load_all
from kotopolku.ops.synth import synthesise
from kotopolku.orgs.models import Membership, Organisation

KINDS = set(rules.Kind.ALL)
CASEWORK = (
    Assessment,
    LanguageLevel,
    WellbeingRequest,
    Contribution,
    Plan,
    Goal,
    PlannedService,
    Review,
    Contact,
    HandOver,
    Consent,
    Deadline,
    CivicOrientationOffer,
    IntegrationTraining,
    ChangeEvent,
)


@pytest.fixture(scope="class")
def _demo_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        with acting(view="test:casework_demo"):
            load_all()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_db: None, db: Any) -> datetime.date:
    return timezone.localdate()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CASEWORK}


def _deadline_rows() -> list[tuple[str, str, datetime.date, str]]:
    return sorted(
        (str(c), k, d, r)
        for c, k, d, r in Deadline.objects.values_list("client", "kind", "due", "rule")
    )


def _next_due() -> list[tuple[str, datetime.date | None, str]]:
    return sorted(
        (str(i), d, k) for i, d, k in Client.objects.values_list("id", "next_due", "next_due_kind")
    )


# --- Topics (the data migration) ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_guidance_topics_are_seeded_in_three_languages() -> None:
    topics = list(ContactTopic.objects.all())
    assert len(topics) >= 11
    codes = [t.code for t in topics]
    assert {"residence", "housing", "work", "education", "health", "money", "other"} <= set(codes)
    assert codes[-1] == "other"  # ordered by position, "other" last
    for topic in topics:
        assert set(topic.name) == {"fi", "sv", "en"}
        assert all(text.strip() for text in topic.name.values())
    assert ContactTopic.objects.get(code="money").name["fi"] == "Raha-asiat ja Kelan etuudet"


# --- The demo -------------------------------------------------------------------------------


@pytest.mark.xdist_group("casework_demo")
class TestTheDemo:
    """The demo is loaded once for the class (its transaction is rolled back before the
    synth tests below, which need a database without clients)."""

    @pytest.mark.parametrize("counsellor", ["counsellor.joensuu", "counsellor.kokkola"])
    def test_the_demo_worklist_shows_every_deadline_kind_overdue_and_due(
        self, demo: datetime.date, counsellor: str
    ) -> None:
        rows = Client.objects.filter(
            current_counsellor__username=counsellor,
            status=ClientStatus.ACTIVE,
            next_due__isnull=False,
        ).values_list("next_due_kind", "next_due")
        overdue = {kind for kind, due in rows if due < demo}
        not_overdue = {kind for kind, due in rows if due >= demo}
        # the two-year maximum is later than the plan's end unless extended: it is never
        # the earliest step
        assert overdue == KINDS - {rules.Kind.PLAN_MAXIMUM}
        assert not_overdue == KINDS - {rules.Kind.PLAN_MAXIMUM}

    def test_every_deadline_kind_is_in_the_deadline_rows_overdue_and_due(
        self, demo: datetime.date
    ) -> None:
        rows = Deadline.objects.values_list("kind", "due")
        # a plan cannot pass its two-year maximum (the rules refuse it), and no plan under
        # Act 681/2023 can reach it yet in 2026: it is shown, not overdue or due soon
        assert {k for k, d in rows if d < demo} == KINDS - {rules.Kind.PLAN_MAXIMUM}
        assert {k for k, d in rows if d >= demo} == KINDS
        soon = demo + datetime.timedelta(days=14)
        due_soon = {k for k, d in rows if demo <= d <= soon}
        assert due_soon >= KINDS - {rules.Kind.WINDOW_ENDING, rules.Kind.PLAN_MAXIMUM}

    def test_the_demo_shows_no_deadline_for_records_under_the_previous_act(
        self, demo: datetime.date
    ) -> None:
        """C8: pre-2025 assessments and plans are shown "under the previous act", without
        deadlines or overdue flags; the demo has such records."""
        from kotopolku.clients.rules import LAW_2025

        old_plans = Plan.objects.filter(start__lt=LAW_2025)
        assert old_plans.exists() and Assessment.objects.filter(started__lt=LAW_2025).exists()
        # every stored step is judged by a version of Act 681/2023 ...
        assert all(
            rule_versions.rule(r).judged for r in Deadline.objects.values_list("rule", flat=True)
        )
        # ... and a client whose plans all started before 2025 has no plan step of them
        only_old = Client.objects.filter(plans__in=old_plans).exclude(plans__start__gte=LAW_2025)
        assert only_old.exists()
        kinds = ("review", "plan_ending", "plan_maximum", "services_directed")
        assert not Deadline.objects.filter(client__in=only_old, kind__in=kinds).exists()
        # nor an assessment step when they became clients before 2025 with no later record
        early = Client.objects.filter(client_since__lt=LAW_2025)
        assert not Deadline.objects.filter(client__in=early, kind="assessment_start").exists()

    def test_the_demo_shows_no_assessment_deadline_for_children(self, demo: datetime.date) -> None:
        """C7: children are not assessed as clients in their own right (unless they arrived
        alone): no assessment, interview or window step."""
        from kotopolku.clients.actions import assessment_duty_of

        adult_from = demo.replace(year=demo.year - 18)
        minors = list(Client.objects.filter(birth_date__gt=adult_from))
        # a child who arrived alone or is a victim of trafficking is a client of their own
        children = [c for c in minors if assessment_duty_of(c, day=demo).no_duty == "child"]
        assert len(children) >= 5
        assert len(children) < len(minors) or not any(c.unaccompanied_minor for c in minors)
        kinds = ("assessment_start", "initial_interview", "window_ending", "plan_after_assessment")
        assert not Deadline.objects.filter(client__in=children, kind__in=kinds).exists()
        assert not Assessment.objects.filter(client__in=children).exists()

    def test_the_demo_deadlines_are_what_the_rules_compute(self, demo: datetime.date) -> None:
        rows, columns = _deadline_rows(), _next_due()
        actions.refresh_all_deadlines()
        assert _deadline_rows() == rows
        assert _next_due() == columns

    def test_loading_the_demo_again_adds_nothing(self, demo: datetime.date) -> None:
        before = _counts()
        assert before["Assessment"] > 100
        with acting(view="test:casework_demo_again"):
            assert casework_demo.load() == 0
            load_all()
        assert _counts() == before

    def test_the_demo_has_every_status_and_the_special_cases(self, demo: datetime.date) -> None:
        assert set(Goal.objects.values_list("status", flat=True)) == set(GoalStatus.values)
        assert set(PlannedService.objects.values_list("status", flat=True)) == set(
            ServiceStatus.values
        )
        assert {PlanStatus.ACTIVE, PlanStatus.ENDED} <= set(
            Plan.objects.values_list("status", flat=True)
        )
        assert Review.objects.exists()
        assert LanguageLevel.objects.filter(language="fi").count() >= 4 * 100
        # NGO services, each with the client's valid consent to that provider
        ngo = PlannedService.objects.filter(provider__kind=Organisation.Kind.NGO).select_related(
            "consent", "plan"
        )
        assert ngo.count() >= 2
        for service in ngo:
            assert service.consent is not None
            assert service.consent.client_id == service.plan.client_id
            assert service.consent.recipient_id == service.provider_id
            assert service.consent.valid_on(service.directed_on)
        # the multi-professional route with the wellbeing county, in Kokkola
        multi = Assessment.objects.filter(kind=CaseKind.COUNTY_ON_REQUEST)
        assert multi.exists()
        request = WellbeingRequest.objects.select_related("county", "invited").first()
        assert request is not None
        assert request.county.slug == "soite"
        assert request.invited is not None and request.invited.username == "wellbeing.kokkola"
        assert Contribution.objects.filter(request__county__slug="soite").exists()
        assert all(
            c.responsible_unit.organisation.slug == "kokkola-kotoutumispalvelut"
            for c in Client.objects.filter(assessments__kind=CaseKind.COUNTY_ON_REQUEST)
        )

    def test_the_demo_has_walk_ins_and_a_chargeable_missed_appointment(
        self, demo: datetime.date
    ) -> None:
        walk_ins = Contact.objects.filter(client__isnull=True)
        assert walk_ins.count() >= 10
        assert all(c.channel == "walk_in" and c.note == "" for c in walk_ins)
        assert walk_ins.values("unit").distinct().count() == 2
        missed = Contact.objects.filter(missed=True, interpreter_booked=True, client__isnull=False)
        assert any(actions.fee_chargeable(c) for c in missed)
        assert any(c.cancelled and not actions.fee_chargeable(c) for c in missed)
        topics = set(ContactTopic.objects.values_list("code", flat=True))
        assert all(set(t) <= topics and t for t in Contact.objects.values_list("topics", flat=True))
        assert not Contact.objects.filter(day__gt=demo).exists()

    def test_civic_orientation_is_offered_to_some_and_not_yet_to_others(
        self, demo: datetime.date
    ) -> None:
        offers = CivicOrientationOffer.objects.select_related("client__current_counsellor")
        assert 2 <= offers.count() <= 6
        # both sites, each with an offer taken and one whose answer is not known yet
        for name in ("counsellor.joensuu", "counsellor.kokkola"):
            own = offers.filter(client__current_counsellor__username=name)
            assert {"taken", ""} <= set(own.values_list("taken", flat=True)), name
            # the caseload's marker shows both: some still not offered
            assert Client.objects.filter(
                current_counsellor__username=name, civic_orientation_pending=True
            ).exists(), name
        for offer in offers:
            assert not offer.client.civic_orientation_pending
            assert offer.offered_on <= demo
            assert ChangeEvent.objects.filter(
                subject_type="civic_orientation", subject_id=str(offer.pk), action="create"
            ).exists()

    def test_integration_training_ended_with_a_final_test_result(self, demo: datetime.date) -> None:
        trainings = list(IntegrationTraining.objects.all())
        assert 1 <= len(trainings) <= 2
        for training in trainings:
            assert training.has_result and training.status == "ended"
            assert training.test_on is not None and training.test_on <= demo
            assert ChangeEvent.objects.filter(
                subject_type="integration_training", subject_id=str(training.pk)
            ).exists()
            # the result prefills the client's next plan review
            initial = actions.review_initial(training.client)
            assert initial["level_reading"] == training.level_reading

    def test_a_demo_client_became_a_jobseeker_and_was_handed_over(
        self, demo: datetime.date
    ) -> None:
        accepted = HandOver.objects.filter(
            status="accepted", accepted_by__isnull=False
        ).select_related("client__current_counsellor", "accepted_by")
        assert accepted.count() == 1
        hand_over = accepted.get()
        assert hand_over.to_authority == "employment_area"
        assert hand_over.client.current_counsellor == hand_over.accepted_by
        assert hand_over.accepted_by.username == "employment.kokkola"
        assert hand_over.client.plans.filter(status=PlanStatus.ACTIVE).exists()
        waiting = HandOver.objects.filter(
            status="open",
            client__plans__status=PlanStatus.ACTIVE,
            client__jobseeker_periods__start__gte=demo - datetime.timedelta(days=10),
        )
        assert waiting.exists()

    def test_every_demo_row_was_made_by_an_action_and_respects_the_rules(
        self, demo: datetime.date
    ) -> None:
        logged = {
            subject: set(
                ChangeEvent.objects.filter(subject_type=subject, action="create").values_list(
                    "subject_id", flat=True
                )
            )
            for subject in ("assessment", "plan", "contact", "review", "planned_service", "goal")
        }
        for subject, model in (
            ("assessment", Assessment),
            ("plan", Plan),
            ("contact", Contact),
            ("review", Review),
            ("planned_service", PlannedService),
            ("goal", Goal),
        ):
            ids = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
            assert ids and ids <= logged[subject], subject
        exempt = actions.exempt_bases()
        for assessment in Assessment.objects.select_related("client", "interviewer"):
            assert actions.is_public_official(assessment.interviewer, assessment.started)
            assert not rules.check_assessment(
                started=assessment.started,
                first_permit_date=assessment.client.first_permit_date,
                basis=assessment.client.immigration_basis,
                exempt_bases=exempt,
                interviewer_is_public_official=True,
            )
            assert assessment.client.client_since <= assessment.started


# --- Synth ------------------------------------------------------------------------------------


def _synth_fingerprint() -> dict[str, Any]:
    return {
        "clients": list(
            Client.objects.order_by("internal_number").values_list(
                "internal_number", "client_since", "next_due", "next_due_kind"
            )
        ),
        "assessments": sorted(
            Assessment.objects.values_list("id", "client__internal_number", "started", "completed")
        ),
        "plans": sorted(Plan.objects.values_list("id", "start", "end", "status")),
        "services": sorted(PlannedService.objects.values_list("id", "status", "directed_on")),
        "contacts": sorted(Contact.objects.values_list("id", "day", "channel")),
        "deadlines": sorted(
            Deadline.objects.values_list("client__internal_number", "kind", "due", "rule")
        ),
    }


def _synth_and_roll_back(n: int, seed: int) -> dict[str, Any]:
    with transaction.atomic():
        synthesise(n, seed=seed)
        found = _synth_fingerprint()
        transaction.set_rollback(True)
    return found


@pytest.mark.django_db
def test_synth_casework_is_deterministic() -> None:
    first = _synth_and_roll_back(300, 11)
    assert first["assessments"] and first["plans"] and first["deadlines"]
    assert _synth_and_roll_back(300, 11) == first
    assert _synth_and_roll_back(300, 12)["assessments"] != first["assessments"]


@pytest.mark.django_db
def test_synth_deadlines_equal_what_refresh_all_deadlines_computes() -> None:
    report = synthesise(800, seed=3)
    assert report.casework and report.casework["deadlines"] == Deadline.objects.count() > 0
    rows, columns = _deadline_rows(), _next_due()
    # the synthetic data is made as of 1.11.2026; the duty to assess depends on the day
    assert actions.refresh_all_deadlines(today=datetime.date(2026, 11, 1)) == 800
    assert _deadline_rows() == rows
    assert _next_due() == columns


@pytest.mark.django_db
def test_synth_casework_is_a_realistic_mix() -> None:
    n = 1500
    synthesise(n, seed=5)
    assessed = Assessment.objects.values("client").distinct().count() / n
    planned = Plan.objects.values("client").distinct().count() / n
    assert 0.6 <= assessed <= 0.8, assessed
    assert 0.4 <= planned <= 0.6, planned
    directed = PlannedService.objects.filter(status__in=DIRECTED_STATUSES)
    assert 0.3 <= directed.values("plan").distinct().count() / Plan.objects.count() <= 0.9
    assert set(Plan.objects.values_list("status", flat=True)) == set(PlanStatus.values)
    assert set(PlannedService.objects.values_list("status", flat=True)) == set(ServiceStatus.values)
    assert set(Goal.objects.values_list("status", flat=True)) == set(GoalStatus.values)
    assert Review.objects.exists() and LanguageLevel.objects.exists() and Contact.objects.exists()
    topics = set(ContactTopic.objects.values_list("code", flat=True))
    assert all(set(t) <= topics for t in Contact.objects.values_list("topics", flat=True))
    kinds = Counter(Deadline.objects.values_list("kind", flat=True))
    assert set(kinds) == set(rules.Kind.ALL)
    # closed clients have no open steps
    assert not Deadline.objects.filter(client__status=ClientStatus.CLOSED).exists()


@pytest.mark.django_db
def test_synth_casework_obeys_the_rules() -> None:
    synthesise(1000, seed=9)
    clients = {c.pk: c for c in Client.objects.all()}
    since = {
        m.user_id: m.valid_from
        for m in Membership.objects.filter(
            is_public_official=True, user__username__startswith="synth."
        )
    }
    for a in Assessment.objects.all():
        client = clients[a.client_id]
        assert a.interviewer_id in since and since[a.interviewer_id] <= a.started
        assert client.client_since <= a.started
        assert not rules.check_assessment(
            started=a.started,
            first_permit_date=client.first_permit_date,
            basis=client.immigration_basis,
            exempt_bases=exempt_bases(),
            interviewer_is_public_official=True,
        )
        assert a.completed is None or a.started <= a.completed
    plans: dict[Any, list[Plan]] = defaultdict(list)
    for plan in Plan.objects.exclude(status=PlanStatus.CANCELLED).order_by("start"):
        plans[plan.client_id].append(plan)
    for client_id, spans in plans.items():
        client = clients[client_id]
        for i, plan in enumerate(spans):
            span = rules.PlanSpan(plan.start, plan.end)
            others = [rules.PlanSpan(p.start, p.end) for p in spans[:i]]
            assert rules.overlapping_plan(span, others) is None
            assert not rules.check_plan(
                span,
                others=others,
                first_permit_date=client.first_permit_date,
                basis=client.immigration_basis,
                exempt_bases=exempt_bases(),
            ), (client.internal_number, plan.start, plan.end)
    for review in Review.objects.select_related("plan"):
        assert review.plan.start <= review.held_on <= review.plan.end
