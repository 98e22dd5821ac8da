"""The casework of the synthetic national-scale clients (`kotopolku synth`): rows built in
memory by the same rules the actions check, written in bulk by `ops.synth`."""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Sequence

from django.db import models

from kotopolku.casework import rules as casework_rules
from kotopolku.casework.demo_stories import TOPIC_CODES
from kotopolku.casework.models import (
    DIRECTED_STATUSES,
    Agreement,
    Assessment,
    CaseKind,
    Channel,
    Contact,
    Deadline,
    DigitalSkills,
    Goal,
    GoalStatus,
    LanguageLevel,
    LanguageSkill,
    Literacy,
    Plan,
    PlannedService,
    PlanStatus,
    Review,
    ServiceStatus,
)
from kotopolku.clients import actions as client_actions
from kotopolku.clients import rules as client_rules
from kotopolku.clients.models import (
    Client,
    ClientStatus,
)
from kotopolku.core.bulk import Row, insert_rows
from kotopolku.core.dates import add_months

GOALS = (
    "Suomen kielen taito vähintään tasolle A2.2",
    "Työpaikan löytäminen omalta alalta",
    "Ammatillisen koulutuksen aloittaminen",
    "Ulkomailla suoritetun tutkinnon tunnustaminen",
    "Ajokortin suorittaminen",
    "Lasten varhaiskasvatus- ja koulupaikkojen järjestäminen",
    "Raha-asioiden ja Kela-asioinnin hoitaminen itsenäisesti",
    "Sähköisten palvelujen käyttö itsenäisesti",
    "Harrastus tai vapaaehtoistoiminta omalla paikkakunnalla",
)
SERVICES = (
    "Kotoutumiskoulutus",
    "Lukutaitokoulutus",
    "Omaehtoinen opiskelu",
    "Yhteiskuntaorientaatio",
    "Työkokeilu",
    "Tutkintokoulutukseen valmentava koulutus (TUVA)",
    "Palkkatuettu työ",
    "Perhetyö",
    "Digituki",
    "Kielikahvila",
)
LEVELS = ("0", "A1.1", "A1.2", "A1.3", "A2.1", "A2.2", "B1.1", "B1.2")
CHANNELS = (Channel.APPOINTMENT, Channel.PHONE, Channel.WALK_IN, Channel.REMOTE)
AGREEMENTS = (Agreement.SIGNED, Agreement.E_SIGNED, Agreement.AGREED)
LITERACY = tuple(Literacy.values[1:])
DIGITAL = tuple(DigitalSkills.values[1:])
CONTACT_COUNTS = (0, 0, 1, 1, 1, 2, 3)
MINUTES = (15, 30, 45, 60)
ACTIVE_GOAL_STATES = (GoalStatus.OPEN, GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED)
CLOSED_GOAL_STATES = (GoalStatus.ACHIEVED, GoalStatus.DROPPED, GoalStatus.IN_PROGRESS)
DAY = datetime.timedelta(days=1)


class Casework:
    """Casework rows of synthetic clients, built in memory and written in bulk.

    Every row obeys the rules the actions check: the assessment and the first plan start
    inside the integration window, the interviewer is a public official (every synthetic
    counsellor is), the first plan lasts at most a year, the plans at most two years in
    total and never overlap, reviews fall inside their plan. Rows are plain dicts by field
    attribute name (`_insert` writes them), which keeps 100,000 clients fast.
    """

    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.limits = casework_rules.Limits.from_settings()
        # the bases outside the integration window, as the actions check them
        self.exempt_bases = frozenset(client_actions.exempt_bases())
        self.assessments: list[Row] = []
        self.levels: list[Row] = []
        self.plans: list[Row] = []
        self.goals: list[Row] = []
        self.services: list[Row] = []
        self.reviews: list[Row] = []
        self.contacts: list[Row] = []
        self.deadlines: list[Row] = []

    def _id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _day(self, low: datetime.date, high: datetime.date) -> datetime.date:
        return low + datetime.timedelta(days=self.rng.randint(0, max(0, (high - low).days)))

    def add(self, client: Client, periods: Sequence[client_rules.Period] = ()) -> None:
        """Give the client its casework and set its `client_since` and `next_due` columns
        (`periods`: the client's jobseeker registrations)."""
        rng, today = self.rng, self.today
        permit = client.first_permit_date or today
        window_end = client.integration_window_end
        exempt = client.immigration_basis in self.exempt_bases

        def in_window(day: datetime.date) -> bool:
            return exempt or (window_end is not None and permit <= day <= window_end)

        since = min(today, permit + datetime.timedelta(days=rng.randint(0, 90)))
        client.client_since = since
        counsellor_id = client.current_counsellor_id
        assert counsellor_id is not None
        assessment_facts: list[casework_rules.AssessmentFacts] = []
        plan_facts: list[casework_rules.PlanFacts] = []

        started = since + datetime.timedelta(days=rng.randint(5, 75))
        if started <= today and in_window(started) and rng.random() < 0.76:
            completed: datetime.date | None = started + datetime.timedelta(days=rng.randint(0, 45))
            if completed is not None and completed > today:
                completed = None
            multi = rng.random() < 0.12
            plan_needed = rng.random() < 0.9
            interpreter = client.interpreter_needed
            assessment: Row = {
                "id": self._id(),
                "client_id": client.pk,
                "kind": CaseKind.COUNTY_ON_REQUEST if multi else CaseKind.BASIC,
                "started": started,
                "completed": completed,
                "interviewer_id": counsellor_id,
                "unit_id": client.responsible_unit_id,
                "interview_language": "fi" if not interpreter else client.mother_tongue,
                "interpreter_used": interpreter,
                "interpreter_language": client.interpreter_language if interpreter else "",
                "literacy_mother_tongue": LITERACY[rng.randrange(len(LITERACY))],
                "literacy_latin": LITERACY[rng.randrange(len(LITERACY))],
                "digital_skills": DIGITAL[rng.randrange(len(DIGITAL))],
                "childcare_needed": rng.random() < 0.2,
                "health_social_needs": multi,
                "plan_needed": plan_needed,
                "created_by_id": counsellor_id,
            }
            self.assessments.append(assessment)
            assessment_facts.append(casework_rules.AssessmentFacts(started, completed, plan_needed))
            for skill in (LanguageSkill.SPEAKING, LanguageSkill.READING):
                self.levels.append(
                    {
                        "id": self._id(),
                        "assessment_id": assessment["id"],
                        "language": "fi",
                        "skill": skill,
                        "level": LEVELS[rng.randrange(len(LEVELS))],
                        "measured_on": started,
                    }
                )
            if completed is not None and plan_needed and rng.random() < 0.82:
                start = completed + datetime.timedelta(days=rng.randint(0, 40))
                if start <= today and in_window(start):
                    plan_facts.extend(self._plans(client, assessment, start))
        self._contacts(client, since)

        current = next((p for p in periods if p.covers(today)), None)
        duty = client_rules.assessment_duty(
            client_actions.duty_facts(client, jobseeker=current is not None), today
        )
        found = casework_rules.deadlines(
            casework_rules.CaseFacts(
                client_since=since,
                window_end=window_end,
                active=client.status == ClientStatus.ACTIVE,
                assessments=tuple(assessment_facts),
                plans=tuple(plan_facts),
                duty=duty.assessor if duty.owed else "",
                jobseeker_since=current.start if current is not None else None,
            ),
            self.limits,
        )
        client.next_due = found[0].due if found else None
        client.next_due_kind = found[0].kind if found else ""
        self.deadlines.extend(
            {"client_id": client.pk, "kind": d.kind, "due": d.due, "rule": d.rule.id} for d in found
        )

    def _plans(
        self, client: Client, assessment: Row, start: datetime.date
    ) -> list[casework_rules.PlanFacts]:
        """The first plan from `start` and, for some whose first plan ended, a second one."""
        rng, today = self.rng, self.today
        first_end = min(
            add_months(start, rng.randint(5, 12)) - DAY, casework_rules.first_plan_last_day(start)
        )
        first = self._plan(client, assessment, start, first_end)
        facts = [first] if first is not None else []
        if first is not None and not first.active and rng.random() < 0.35:
            second_start = first_end + datetime.timedelta(days=rng.randint(1, 30))
            allowed = casework_rules.total_plan_days_allowed(start) - (first_end - start).days - 1
            length = min(rng.randint(120, 365), allowed)
            if second_start <= today and length >= 60:
                second_end = second_start + datetime.timedelta(days=length - 1)
                second = self._plan(client, assessment, second_start, second_end)
                if second is not None:
                    facts.append(second)
        return facts

    def _plan(
        self, client: Client, assessment: Row, start: datetime.date, end: datetime.date
    ) -> casework_rules.PlanFacts | None:
        """One plan with its goals, services and reviews; its facts (None when cancelled)."""
        rng, today = self.rng, self.today
        if end < today:
            status = PlanStatus.ENDED if rng.random() < 0.85 else PlanStatus.ACTIVE
        else:
            status = PlanStatus.CANCELLED if rng.random() < 0.03 else PlanStatus.ACTIVE
        counsellor_id = client.current_counsellor_id
        plan_id = self._id()
        self.plans.append(
            {
                "id": plan_id,
                "client_id": client.pk,
                "assessment_id": assessment["id"],
                "kind": assessment["kind"],
                "start": start,
                "end": end,
                "status": status,
                "authority": client.responsible_authority,
                "unit_id": client.responsible_unit_id,
                "explained_in": assessment["interview_language"],
                "interpreter_used": assessment["interpreter_used"],
                "agreement": AGREEMENTS[rng.randrange(len(AGREEMENTS))],
                "agreed_on": start,
                "created_by_id": counsellor_id,
            }
        )
        last = min(end, today)
        goal_states = ACTIVE_GOAL_STATES if status == PlanStatus.ACTIVE else CLOSED_GOAL_STATES
        for position, text in enumerate(rng.sample(GOALS, rng.randint(2, 4))):
            self.goals.append(
                {
                    "id": self._id(),
                    "plan_id": plan_id,
                    "text": text,
                    "status": goal_states[rng.randrange(len(goal_states))],
                    "position": position,
                }
            )
        directed_on: datetime.date | None = None
        if rng.random() < 0.72:
            candidate = start + datetime.timedelta(days=rng.randint(7, 200))
            directed_on = candidate if candidate <= last else None
        first_directed: datetime.date | None = None
        for name in rng.sample(SERVICES, rng.randint(1, 3)):
            service = self._service(plan_id, name, directed_on, last)
            self.services.append(service)
            on = service["directed_on"]
            if on is not None:
                first_directed = on if first_directed is None else min(first_directed, on)
        reviews: list[datetime.date] = []
        review_day = add_months(start, self.limits.number("plan_review_months", start))
        while review_day <= last and rng.random() < 0.65:
            held = min(last, max(start, review_day + datetime.timedelta(days=rng.randint(-20, 10))))
            reviews.append(held)
            self.reviews.append(
                {"id": self._id(), "plan_id": plan_id, "held_on": held, "by_id": counsellor_id}
            )
            review_day = add_months(held, self.limits.number("plan_review_months", start))
        if status == PlanStatus.CANCELLED:
            return None  # a cancelled plan counts for no rule
        return casework_rules.PlanFacts(
            start=start,
            end=end,
            active=status == PlanStatus.ACTIVE,
            first_directed=first_directed,
            reviews=tuple(reviews),
            agreed_on=start,
        )

    def _service(
        self, plan_id: uuid.UUID, name: str, directed_on: datetime.date | None, last: datetime.date
    ) -> Row:
        """A planned service; directed (or started, or completed) when the plan's services
        were directed: `directed_on` is set exactly for those statuses."""
        rng, today = self.rng, self.today
        if directed_on is None:
            status = ServiceStatus.CANCELLED if rng.random() < 0.1 else ServiceStatus.PLANNED
            return {
                "id": self._id(),
                "plan_id": plan_id,
                "name": name,
                "status": status,
                "start": None,
                "end": None,
                "directed_on": None,
            }
        on = min(last, directed_on + datetime.timedelta(days=rng.randint(0, 60)))
        status = DIRECTED_STATUSES[rng.randrange(len(DIRECTED_STATUSES))]
        if status == ServiceStatus.DIRECTED:
            start = on + datetime.timedelta(days=rng.randint(7, 45))
            end = add_months(start, rng.randint(3, 10))
        else:
            start = min(today, on + datetime.timedelta(days=rng.randint(0, 30)))
            end = add_months(start, rng.randint(2, 10))
            if status == ServiceStatus.COMPLETED:
                end = max(start, min(end, today))
        return {
            "id": self._id(),
            "plan_id": plan_id,
            "name": name,
            "start": start,
            "end": end,
            "status": status,
            "directed_on": on,
        }

    def _contacts(self, client: Client, since: datetime.date) -> None:
        rng, today = self.rng, self.today
        for _ in range(CONTACT_COUNTS[rng.randrange(len(CONTACT_COUNTS))]):
            channel = CHANNELS[rng.randrange(len(CHANNELS))]
            interpreter = client.interpreter_needed and rng.random() < 0.7
            missed = channel == Channel.APPOINTMENT and rng.random() < 0.06
            self.contacts.append(
                {
                    "id": self._id(),
                    "client_id": client.pk,
                    "unit_id": client.responsible_unit_id,
                    "day": self._day(since, today),
                    "channel": channel,
                    "language": client.mother_tongue if interpreter else "fi",
                    "interpreter_used": interpreter and not missed,
                    "interpreter_booked": interpreter,
                    "missed": missed,
                    "topics": rng.sample(TOPIC_CODES, rng.randint(1, 2)),
                    "minutes": None if missed else MINUTES[rng.randrange(len(MINUTES))],
                    "recorded_by_id": client.current_counsellor_id,
                }
            )

    def write(self) -> dict[str, int]:
        """Insert the rows (after the clients); return how many of each."""
        tables: tuple[tuple[str, type[models.Model], list[Row]], ...] = (
            ("assessments", Assessment, self.assessments),
            ("language_levels", LanguageLevel, self.levels),
            ("plans", Plan, self.plans),
            ("goals", Goal, self.goals),
            ("services", PlannedService, self.services),
            ("reviews", Review, self.reviews),
            ("contacts", Contact, self.contacts),
            ("deadlines", Deadline, self.deadlines),
        )
        for _name, model, rows in tables:
            insert_rows(model, rows)
        return {name: len(rows) for name, _model, rows in tables}
