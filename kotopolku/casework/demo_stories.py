"""The stories the demo clients' casework is made from: data and the story builder (dates
relative to the demo's day; the actions in `casework.demo.load` write them)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.casework import actions
from kotopolku.casework.models import (
    Assessment,
    CaseKind,
    Channel,
    Contact,
    DigitalSkills,
    GoalStatus,
    LanguageSkill,
    LevelSource,
    Literacy,
    Plan,
    PlanStatus,
    ServiceStatus,
    WellbeingRequest,
)
from kotopolku.clients import actions as client_actions
from kotopolku.clients.models import Client, Consent
from kotopolku.core.dates import add_months, add_years
from kotopolku.orgs.models import Organisation, Unit

SEED = 20252
DAY = datetime.timedelta(days=1)
COUNSELLORS = ("counsellor.joensuu", "counsellor.kokkola")
INTERVIEWERS = ("counsellor.joensuu", "counsellor.kokkola", "employment.kokkola")
USERNAMES = (*INTERVIEWERS, "wellbeing.kokkola")  # the demo staff the stories name


GOALS = (
    "Suomen kielen taito tasolle A2.2 kotoutumiskoulutuksessa",
    "Työpaikan löytäminen omalta alalta",
    "Ammatillisen koulutuksen aloittaminen",
    "Ulkomailla suoritetun tutkinnon tunnustaminen (Opetushallitus)",
    "Ajokortin suorittaminen",
    "Lasten varhaiskasvatus- ja koulupaikkojen järjestäminen",
    "Raha-asioiden ja Kela-asioinnin hoitaminen itsenäisesti",
    "Sähköisten palvelujen ja pankkitunnusten käyttö itsenäisesti",
    "Harrastus tai vapaaehtoistoiminta omalla asuinpaikkakunnalla",
)
SERVICES = (
    "Kotoutumiskoulutus",
    "Lukutaitokoulutus",
    "Omaehtoinen opiskelu",
    "Yhteiskuntaorientaatio omalla kielellä",
    "Työkokeilu",
    "Tutkintokoulutukseen valmentava koulutus (TUVA)",
    "Perhetyö",
    "Digituki",
)
NGO_SERVICES = {
    "spr-joensuu": "Ystävätoiminta ja kielikahvila",
    "joensuun-setlementti": "Perheiden kotoutumista tukeva ryhmä",
}
CONTACT_NOTES = (
    "Käytiin läpi Kelan hakemus ja liitteet.",
    "Sovittiin seuraavasta tapaamisesta.",
    "Neuvottiin asunnon vuokrasopimukseen liittyvissä kysymyksissä.",
    "Ohjattiin Omakanta-palveluun ja terveysaseman ajanvaraukseen.",
    "Keskusteltiin kielikurssin aloituksesta.",
    "Autettiin TE-palvelujen verkkoasioinnissa.",
)
REVIEW_NOTES = (
    "Suunnitelma etenee; kielikoulutus jatkuu.",
    "Tavoitteita tarkennettiin, työkokeilu haetaan seuraavaksi.",
    "Asiakas on aloittanut palvelun; seuraava tarkistus puolen vuoden päästä.",
)
LEVELS = ("0", "A1.1", "A1.2", "A1.3", "A2.1", "A2.2", "B1.1")
D, S, C = ServiceStatus.DIRECTED, ServiceStatus.STARTED, ServiceStatus.COMPLETED
P, X = ServiceStatus.PLANNED, ServiceStatus.CANCELLED


@dataclass
class ServiceStory:
    name: str
    status: str = ServiceStatus.PLANNED
    directed_on: datetime.date | None = None
    provider: str = ""  # an NGO's slug: the client's consent is recorded first


@dataclass
class PlanStory:
    start: datetime.date
    end: datetime.date
    status: str = PlanStatus.ACTIVE
    services: list[ServiceStory] = field(default_factory=list)
    reviews: list[datetime.date] = field(default_factory=list)
    goal_states: tuple[str, ...] = (GoalStatus.OPEN, GoalStatus.IN_PROGRESS)


@dataclass
class Story:
    """What happens to one client, in dates; `build` turns it into actions."""

    since: datetime.date
    started: datetime.date | None = None
    completed: datetime.date | None = None
    plan_needed: bool = True
    plans: list[PlanStory] = field(default_factory=list)
    county_takes_part: bool = False
    jobseeker_since: datetime.date | None = None  # registers as a jobseeker on this day
    requested: bool = False  # the client asked for an assessment on `since`


class Demo:
    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
        self.orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=NGO_SERVICES)}
        self.assessments: dict[Any, Assessment] = {}
        self.plans: dict[Any, list[Plan]] = {}

    # --- helpers ---------------------------------------------------------------------------

    def months_ago(self, months: int, days: int = 0) -> datetime.date:
        return add_months(self.today, -months) + datetime.timedelta(days=days)

    def days_ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def worker(self, client: Client) -> tuple[User, Unit, str]:
        user = client.current_counsellor
        assert user is not None
        membership = user.active_memberships[0]
        return user, membership.unit, membership.role

    def services(self, statuses: tuple[str, ...], directed_on: datetime.date | None) -> list[Any]:
        names = self.rng.sample(SERVICES, len(statuses))
        return [
            ServiceStory(
                name,
                status,
                directed_on if status not in (P, X) else None,
            )
            for name, status in zip(names, statuses, strict=True)
        ]

    # --- the stories that make every deadline kind appear, overdue and due ------------------

    def forced(self) -> list[tuple[str, int, int, Any]]:
        """(name, least permit age in days, greatest permit age, story maker) in the order
        they are handed out (the most demanding first). Ages keep every date inside the
        client's integration window."""
        t = self.today
        d = self.days_ago
        m = self.months_ago

        def ending(end: datetime.date) -> Story:
            start = add_years(end + DAY, -1)
            return Story(
                since=start - datetime.timedelta(days=50),
                started=start - datetime.timedelta(days=35),
                completed=start - datetime.timedelta(days=12),
                plans=[
                    PlanStory(
                        start,
                        end,
                        services=self.services((C, S), start + datetime.timedelta(days=30)),
                        # reviewed once, so no further review falls before the end
                        reviews=[add_months(start, 6) + datetime.timedelta(days=5)],
                        goal_states=(GoalStatus.ACHIEVED, GoalStatus.IN_PROGRESS),
                    )
                ],
            )

        def reviewing(start: datetime.date) -> Story:
            return Story(
                since=start - datetime.timedelta(days=45),
                started=start - datetime.timedelta(days=30),
                completed=start - datetime.timedelta(days=10),
                plans=[
                    PlanStory(
                        start,
                        add_years(start, 1) - DAY,
                        services=self.services((D, S, X), start + datetime.timedelta(days=21)),
                        goal_states=(GoalStatus.IN_PROGRESS, GoalStatus.OPEN, GoalStatus.DROPPED),
                    )
                ],
            )

        def undirected(start: datetime.date) -> Story:
            return Story(
                since=start - datetime.timedelta(days=40),
                started=start - datetime.timedelta(days=28),
                completed=start - datetime.timedelta(days=7),
                plans=[
                    PlanStory(
                        start,
                        add_years(start, 1) - DAY,
                        services=self.services((P, P), None),
                        goal_states=(GoalStatus.OPEN, GoalStatus.OPEN),
                    )
                ],
            )

        return [
            ("plan_ending overdue", 450, 1000, lambda: ending(d(10))),
            ("plan_ending due", 420, 1000, lambda: ending(t + datetime.timedelta(days=9))),
            ("review overdue", 330, 1000, lambda: reviewing(m(8))),
            ("review due", 260, 1000, lambda: reviewing(m(6, 10))),
            ("services_directed overdue", 300, 1000, lambda: undirected(m(7))),
            ("services_directed due", 260, 1000, lambda: undirected(m(6, 12))),
            (
                "plan_after_assessment overdue",
                70,
                1000,
                lambda: Story(since=d(60), started=d(45), completed=d(30)),
            ),
            (
                "plan_after_assessment due",
                40,
                1000,
                lambda: Story(since=d(35), started=d(20), completed=d(5)),
            ),
            ("assessment_start overdue", 90, 1000, lambda: Story(since=d(75))),
            ("assessment_start due", 52, 1000, lambda: Story(since=d(50))),
            ("window_ending due", 40, 1090, lambda: Story(since=d(30), started=d(12))),
            # a registered jobseeker's initial interview with the employment authority
            (
                "initial_interview overdue",
                60,
                1000,
                lambda: Story(since=d(50), jobseeker_since=d(30)),
            ),
            ("initial_interview due", 30, 1000, lambda: Story(since=d(20), jobseeker_since=d(1))),
        ]

    def window_passed(self, client: Client) -> Story:
        """The window has ended without a plan: the assessment was started in time but never
        completed, so no plan was made (the overdue window step stays as the record)."""
        permit = client.first_permit_date
        assert permit is not None
        since = permit + datetime.timedelta(days=20)
        return Story(since=since, started=since + datetime.timedelta(days=14))

    # --- every other client: a random history ----------------------------------------------

    def child_story(self, client: Client) -> Story:
        """A child of a family: a client of the service with the household, no assessment."""
        permit = client.first_permit_date or self.today
        return Story(since=min(self.today, permit + datetime.timedelta(days=7)))

    def random_story(self, client: Client) -> Story:
        rng, today = self.rng, self.today
        permit = client.first_permit_date
        assert permit is not None
        age = (today - permit).days
        since = permit + datetime.timedelta(days=rng.randint(3, max(3, min(45, age - 1))))
        story = Story(since=since)
        if (today - since).days < 20 or rng.random() < 0.2:
            return story
        started = since + datetime.timedelta(days=rng.randint(7, 40))
        if started > self.days_ago(3):
            return story
        story.started = started
        completed = started + datetime.timedelta(days=rng.randint(5, 30))
        if completed > today:
            return story
        story.completed = completed
        story.plan_needed = rng.random() < 0.9
        if not story.plan_needed or rng.random() < 0.15:
            return story
        start = completed + datetime.timedelta(days=rng.randint(3, 21))
        if start >= today:
            return story
        end = add_months(start, rng.randint(6, 12)) - DAY
        end = min(end, add_years(start, 1) - DAY)
        story.plans.append(self.random_plan(start, end))
        allowed = (add_years(start, 2) - start).days - (end - start).days - 1
        second = end + datetime.timedelta(days=rng.randint(1, 20))
        if (
            story.plans[0].status == PlanStatus.ENDED
            and second < today
            and allowed >= 90
            and rng.random() < 0.5
        ):
            length = min(allowed, rng.randint(180, 365))
            story.plans.append(
                self.random_plan(second, second + datetime.timedelta(days=length - 1))
            )
        return story

    def random_plan(self, start: datetime.date, end: datetime.date) -> PlanStory:
        rng, today = self.rng, self.today
        last = min(end, today)
        ended = end < today and rng.random() < 0.9
        plan = PlanStory(start, end, PlanStatus.ENDED if ended else PlanStatus.ACTIVE)
        directed = start + datetime.timedelta(days=rng.randint(14, 90))
        if directed <= last and rng.random() < 0.85:
            states: tuple[str, ...] = (
                (ServiceStatus.COMPLETED, ServiceStatus.COMPLETED, ServiceStatus.CANCELLED)
                if ended
                else (ServiceStatus.STARTED, ServiceStatus.DIRECTED, ServiceStatus.PLANNED)
            )
            plan.services = self.services(states[: rng.randint(1, 3)], directed)
        else:
            plan.services = self.services((ServiceStatus.PLANNED,), None)
        review = add_months(start, 6) - datetime.timedelta(days=rng.randint(0, 20))
        while review <= last and rng.random() < 0.8:
            plan.reviews.append(review)
            review = add_months(review, 6)
        plan.goal_states = (
            (GoalStatus.ACHIEVED, GoalStatus.ACHIEVED, GoalStatus.DROPPED)
            if ended
            else (GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED, GoalStatus.OPEN)
        )[: rng.randint(2, 3)]
        return plan

    # --- building through the actions ------------------------------------------------------

    def build(self, client: Client, story: Story) -> None:
        rng = self.rng
        user, unit, role = self.worker(client)
        with acting(user=user, role=role, unit=unit, view="command:demo"):
            contacts: list[datetime.date] = [story.since]
            if story.requested:
                client_actions.do_update_client(
                    client, {"assessment_requested_on": story.since}, acting_user=user
                )
            if story.started is not None:
                interpreter = client.interpreter_needed
                assessment = actions.do_create_assessment(
                    client,
                    {
                        "kind": CaseKind.COUNTY_ON_REQUEST
                        if story.county_takes_part
                        else CaseKind.BASIC,
                        "started": story.started,
                        "completed": story.completed,
                        "interview_language": (client.interpreter_language or "fi")
                        if interpreter
                        else "fi",
                        "interpreter_used": interpreter,
                        "interpreter_language": client.interpreter_language if interpreter else "",
                        "other_participants": "Sosiaalityöntekijä (hyvinvointialue)"
                        if story.county_takes_part
                        else "",
                        "literacy_mother_tongue": rng.choice(Literacy.values[1:]),
                        "literacy_latin": rng.choice(Literacy.values[1:]),
                        "digital_skills": rng.choice(DigitalSkills.values[1:]),
                        "childcare_needed": rng.random() < 0.25,
                        "health_social_needs": story.county_takes_part,
                        "goals": "Oppia suomea ja löytää työtä.",
                        # the goals as needs (no draw of the generator: the rest stays as it was)
                        "needs": ["language", "work_studies"]
                        + (["health"] if story.county_takes_part else []),
                        "plan_needed": story.plan_needed,
                    },
                    unit=unit,
                    acting_user=user,
                    levels=self.levels(client, story.started),
                )
                self.assessments[client.pk] = assessment
                contacts.append(story.started)
                if story.county_takes_part:
                    self.wellbeing(client, assessment, story)
            for plan_story in story.plans:
                self.plan(client, plan_story, user, unit)
                contacts.append(plan_story.start)
            if story.jobseeker_since is not None:
                client_actions.do_start_jobseeker_period(
                    client, start=story.jobseeker_since, acting_user=user
                )
            for day in contacts[: rng.randint(1, len(contacts))]:
                self.contact(client, day, unit, user)

    def levels(self, client: Client, day: datetime.date) -> list[dict[str, Any]]:
        level = self.rng.randrange(len(LEVELS))
        found = [
            {
                "language": "fi",
                "skill": skill,
                "level": LEVELS[max(0, min(len(LEVELS) - 1, level + self.rng.randint(-1, 1)))],
                "source": LevelSource.ASSESSMENT,
                "measured_on": day,
            }
            for skill in LanguageSkill.values
        ]
        kokkola = client.municipality is not None and client.municipality.code == "272"
        if kokkola and self.rng.random() < 0.25:  # Kokkola is bilingual: some study Swedish
            found.append(
                {
                    "language": "sv",
                    "skill": LanguageSkill.SPEAKING,
                    "level": "A1.1",
                    "source": LevelSource.SELF_REPORT,
                    "measured_on": day,
                }
            )
        return found

    def wellbeing(self, client: Client, assessment: Assessment, story: Story) -> None:
        county = actions.county_for(client)
        worker = self.users.get("wellbeing.kokkola")
        if county is None or worker is None or story.started is None:
            return
        user, _unit, _role = self.worker(client)
        request = actions.do_request_wellbeing(
            client,
            county=county,
            legal_basis=WellbeingRequest.LegalBasis.ASSESSMENT,
            reason="Asiakkaalla on terveydentilaan ja toimintakykyyn liittyviä tarpeita, "
            "jotka vaikuttavat kotoutumispalvelujen suunnitteluun.",
            acting_user=user,
            assessment=assessment,
            invited=worker,
            day=story.started,
        )
        membership = worker.active_memberships[0]
        with acting(user=worker, role=membership.role, unit=membership.unit, view="command:demo"):
            actions.do_add_contribution(
                request,
                text="Sosiaalityön arvio: asiakas tarvitsee tukea asumisessa ja "
                "terveyspalvelujen käytössä; ohjataan terveysasemalle.",
                acting_user=worker,
                day=min(self.today, story.started + datetime.timedelta(days=7)),
            )
        if story.plans and story.plans[0].status == PlanStatus.ENDED:
            actions.do_close_wellbeing_request(request, acting_user=user, day=story.plans[0].end)

    def plan(self, client: Client, story: PlanStory, user: User, unit: Unit) -> None:
        rng = self.rng
        assessment = self.assessments.get(client.pk)
        values: dict[str, Any] = {
            "kind": assessment.kind if assessment else CaseKind.BASIC,
            "assessment": assessment,
            "start": story.start,
            "end": story.end,
            "interpreter_used": client.interpreter_needed,
            "explained_in": client.interpreter_language or "fi",
            "agreement": rng.choice(("signed", "e_signed", "agreed")),
            "agreed_on": story.start,
            "client_responsibilities": "Osallistuu kotoutumiskoulutukseen ja pitää yhteyttä "
            "ohjaajaan.",
        }
        if actions.plan_record_mode(client) == "reference":
            values["official_reference"] = f"TE-{rng.randint(100000, 999999)}"
        goals = rng.sample(GOALS, len(story.goal_states))
        plan = actions.do_create_plan(
            client,
            values,
            unit=unit,
            acting_user=user,
            goals=goals,
            services=[
                {"name": s.name, "status": ServiceStatus.PLANNED}
                for s in story.services
                if not s.provider
            ],
        )
        self.plans.setdefault(client.pk, []).append(plan)
        for goal, state in zip(plan.goals.order_by("position"), story.goal_states, strict=True):
            actions.do_set_goal_status(goal, state, acting_user=user)
        by_name = {s.name: s for s in plan.services.all()}
        for service in story.services:
            if service.provider:
                self.ngo_service(client, plan, service, user)
            elif service.status != ServiceStatus.PLANNED:
                values = {"status": service.status}
                if service.directed_on is not None:
                    values["directed_on"] = service.directed_on
                    values["start"] = service.directed_on + datetime.timedelta(days=14)
                actions.do_update_service(by_name[service.name], values, acting_user=user)
        for held in story.reviews:
            actions.do_add_review(
                plan, held_on=held, note=rng.choice(REVIEW_NOTES), acting_user=user
            )
        if story.status != PlanStatus.ACTIVE:
            actions.do_update_plan(plan, {"status": story.status}, acting_user=user)

    def ngo_service(self, client: Client, plan: Plan, service: ServiceStory, user: User) -> None:
        provider = self.orgs[service.provider]
        day = service.directed_on or plan.start
        consent = actions.do_record_consent(
            client,
            scope=Consent.Scope.REFERRAL,
            recipient=provider,
            given_on=day,
            acting_user=user,
            note="Suostumus annettu tapaamisessa tulkin välityksellä."
            if client.interpreter_needed
            else "Suostumus annettu tapaamisessa.",
        )
        actions.do_add_service(
            plan,
            {
                "name": service.name,
                "provider": provider,
                "status": service.status,
                "directed_on": day,
                "start": day + datetime.timedelta(days=7),
                "consent": consent,
            },
            acting_user=user,
        )

    def contact(
        self,
        client: Client,
        day: datetime.date,
        unit: Unit,
        user: User,
        *,
        missed: bool = False,
        cancelled: bool = False,
    ) -> Contact:
        rng = self.rng
        interpreter = client.interpreter_needed
        channel = (
            Channel.APPOINTMENT
            if missed
            else rng.choice(
                (Channel.APPOINTMENT, Channel.APPOINTMENT, Channel.PHONE, Channel.REMOTE)
            )
        )
        return actions.do_record_contact(
            client,
            {
                "day": min(day, self.today),
                "channel": channel,
                "language": client.interpreter_language if interpreter else "fi",
                "interpreter_used": interpreter and not missed,
                "interpreter_booked": interpreter or missed,
                "topics": rng.sample(TOPIC_CODES, rng.randint(1, 3)),
                "minutes": None if missed else rng.choice((20, 30, 45, 60, 90)),
                "note": "" if missed else rng.choice(CONTACT_NOTES),
                "missed": missed,
                "cancelled": cancelled,
            },
            unit=unit,
            acting_user=user,
        )

    def walk_ins(self, unit: Unit, user: User, role: str, count: int, languages: list[str]) -> None:
        rng = self.rng
        with acting(user=user, role=role, unit=unit, view="command:demo"):
            for _ in range(count):
                actions.do_record_contact(
                    None,
                    {
                        "day": self.days_ago(rng.randint(0, 60)),
                        "channel": Channel.WALK_IN,
                        "language": rng.choice(languages),
                        "interpreter_used": rng.random() < 0.2,
                        "topics": rng.sample(TOPIC_CODES, rng.randint(1, 2)),
                        "minutes": rng.choice((10, 15, 20, 30)),
                        "visitors": rng.choice((1, 1, 1, 2, 3)),
                    },
                    unit=unit,
                    acting_user=user,
                )


TOPIC_CODES = (
    "residence",
    "housing",
    "work",
    "education",
    "health",
    "family",
    "money",
    "digital",
    "everyday",
    "documents",
    "other",
)
