"""Casework of the synthetic demo clients (demo mode only): assessments, plans with goals,
services and reviews, guidance contacts, the multi-professional route, consents and
hand-overs, so that the demo worklist shows every kind of deadline both overdue and due.

Built through the real actions (`casework.actions`, `clients.actions`): the rules of law are
checked and every change is in the change log. Dates are relative to the load day; the
clients' `client_since` is set back in time first (demo data, a plain update), and so is
the start of the demo counsellors' public-office memberships, so that interviews held
months ago were held by public officials. Deterministic for a given load day; idempotent
(nothing is added while any demo client has casework).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import record_change
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
from kotopolku.clients.demo import DEMO_MARK
from kotopolku.clients.models import Client, ClientStatus, Consent, ResponsibleAuthority
from kotopolku.core.dates import add_months, add_years
from kotopolku.orgs.models import Membership, Organisation, Unit

SEED = 20252
DAY = datetime.timedelta(days=1)
COUNSELLORS = ("counsellor.joensuu", "counsellor.kokkola")
INTERVIEWERS = ("counsellor.joensuu", "counsellor.kokkola", "employment.kokkola")

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
    multiprofessional: bool = False


class _Demo:
    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
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
        ]

    def window_passed(self, client: Client) -> Story:
        """The window has ended without a plan: the assessment was started in time but never
        completed, so no plan was made (the overdue window step stays as the record)."""
        permit = client.first_permit_date
        assert permit is not None
        since = permit + datetime.timedelta(days=20)
        return Story(since=since, started=since + datetime.timedelta(days=14))

    # --- every other client: a random history ----------------------------------------------

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
            if story.started is not None:
                interpreter = client.interpreter_needed
                assessment = actions.do_create_assessment(
                    client,
                    {
                        "kind": CaseKind.MULTIPROFESSIONAL
                        if story.multiprofessional
                        else CaseKind.BASIC,
                        "started": story.started,
                        "completed": story.completed,
                        "interview_language": (client.interpreter_language or "fi")
                        if interpreter
                        else "fi",
                        "interpreter_used": interpreter,
                        "interpreter_language": client.interpreter_language if interpreter else "",
                        "other_participants": "Sosiaalityöntekijä (hyvinvointialue)"
                        if story.multiprofessional
                        else "",
                        "literacy_mother_tongue": rng.choice(Literacy.values[1:]),
                        "literacy_latin": rng.choice(Literacy.values[1:]),
                        "digital_skills": rng.choice(DigitalSkills.values[1:]),
                        "childcare_needed": rng.random() < 0.25,
                        "health_social_needs": story.multiprofessional,
                        "goals": "Oppia suomea ja löytää työtä.",
                        "plan_needed": story.plan_needed,
                    },
                    unit=unit,
                    acting_user=user,
                    levels=self.levels(client, story.started),
                )
                self.assessments[client.pk] = assessment
                contacts.append(story.started)
                if story.multiprofessional:
                    self.wellbeing(client, assessment, story)
            for plan_story in story.plans:
                self.plan(client, plan_story, user, unit)
                contacts.append(plan_story.start)
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


def _usernames() -> tuple[str, ...]:
    return (*INTERVIEWERS, "wellbeing.kokkola")


def has_casework() -> bool:
    demo = Client.objects.filter(internal_number__startswith=DEMO_MARK)
    return (
        Assessment.objects.filter(client__in=demo).exists()
        or Plan.objects.filter(client__in=demo).exists()
        or Contact.objects.filter(client__in=demo).exists()
    )


def _backdate_memberships(users: list[User], day: datetime.date) -> None:
    """The demo interviewers have held their public office since `day` (demo data)."""
    for membership in Membership.objects.active().filter(
        user__in=users, is_public_official=True, valid_from__gt=day
    ):
        old = membership.valid_from
        Membership.objects.filter(pk=membership.pk).update(valid_from=day)
        record_change(
            "membership",
            membership.pk,
            ChangeEvent.Action.UPDATE,
            {"valid_from": [old.isoformat(), day.isoformat()]},
            reason="demo data: the demo counsellors have worked here for years",
        )


def _pick(candidates: Iterator[Client] | list[Client], used: set[Any]) -> Client | None:
    for client in candidates:
        if client.pk not in used:
            return client
    return None


@transaction.atomic
def load(*, seed: int = SEED, today: datetime.date | None = None) -> int:
    """Give the demo clients their casework unless some exists; return how many clients got
    a story (every active demo client; those without casework get their `client_since`)."""
    clients = list(
        Client.objects.filter(internal_number__startswith=DEMO_MARK, status=ClientStatus.ACTIVE)
        .select_related("municipality", "current_counsellor", "responsible_unit")
        .order_by("internal_number")
    )
    if not clients or has_casework():
        return 0
    today = today or timezone.localdate()
    demo = _Demo(random.Random(seed), today)  # noqa: S311 (synthetic data, not security)
    interviewers = [demo.users[name] for name in INTERVIEWERS if name in demo.users]
    earliest = min(c.first_permit_date or today for c in clients)
    _backdate_memberships(interviewers, min(earliest, today - datetime.timedelta(days=5 * 365)))

    stories: dict[Any, Story] = {}
    used: set[Any] = set()

    def age(client: Client) -> int:
        return (today - (client.first_permit_date or today)).days

    def eligible(client: Client, least: int, most: int, *, window: bool = False) -> bool:
        if window and client.integration_window_end is None:
            return False
        return least <= age(client) <= most

    by_counsellor = {
        name: [c for c in clients if c.current_counsellor and c.current_counsellor.username == name]
        for name in COUNSELLORS
    }
    for name in COUNSELLORS:
        own = by_counsellor[name]
        for label, least, most, make in demo.forced():
            window = label.startswith("window")
            found = [c for c in own if c.pk not in used and eligible(c, least, most, window=window)]
            if label == "window_ending due":  # the window that ends soonest
                found.sort(key=lambda c: (c.integration_window_end or today, c.internal_number))
            client = found[0] if label == "window_ending due" and found else None
            if client is None and found:
                client = found[demo.rng.randrange(len(found))]
            if client is None:
                continue
            stories[client.pk] = make()
            used.add(client.pk)
        passed = _pick(
            (c for c in own if c.integration_window_end and c.integration_window_end < today),
            used,
        )
        if passed is not None:
            stories[passed.pk] = demo.window_passed(passed)
            used.add(passed.pk)
    for client in clients:
        if client.pk not in stories:
            stories[client.pk] = demo.random_story(client)

    # the multi-professional route for some Kokkola clients with an assessment
    kokkola = [
        c
        for c in by_counsellor["counsellor.kokkola"]
        if stories[c.pk].started is not None and stories[c.pk].plan_needed
    ]
    for client in kokkola[:: max(1, len(kokkola) // 4)][:4]:
        stories[client.pk].multiprofessional = True
    # services of NGOs, with the client's consent, for some Joensuu clients
    joensuu_directed = [
        (c, p)
        for c in by_counsellor["counsellor.joensuu"]
        for p in stories[c.pk].plans[:1]
        if any(s.directed_on for s in p.services)
    ]
    for index, (_client, plan_story) in enumerate(joensuu_directed[::5][:4]):
        slug = sorted(NGO_SERVICES)[index % len(NGO_SERVICES)]
        if slug in demo.orgs:
            directed_on = next(s.directed_on for s in plan_story.services if s.directed_on)
            plan_story.services.append(
                ServiceStory(NGO_SERVICES[slug], ServiceStatus.DIRECTED, directed_on, slug)
            )

    for client in clients:
        story = stories[client.pk]
        client.client_since = story.since
        Client.objects.filter(pk=client.pk).update(client_since=story.since)
    for client in clients:
        demo.build(client, stories[client.pk])

    _missed_appointments(demo, clients, stories)
    _hand_overs(demo, by_counsellor, stories, used)
    _walk_ins(demo)
    actions.refresh_all_deadlines(client_ids=[c.pk for c in clients])
    return len(clients)


def _missed_appointments(demo: _Demo, clients: list[Client], stories: dict[Any, Story]) -> None:
    """A missed appointment with a booked interpreter (a fee may be charged, s. 32 a) in both
    sites, and one cancelled in time."""
    for name, cancelled in (
        ("counsellor.joensuu", False),
        ("counsellor.kokkola", False),
        ("counsellor.joensuu", True),
    ):
        client = next(
            (
                c
                for c in clients
                if c.current_counsellor
                and c.current_counsellor.username == name
                and c.interpreter_needed
                and stories[c.pk].started is not None
                and not Contact.objects.filter(client=c, missed=True).exists()
            ),
            None,
        )
        if client is None:
            continue
        user, unit, role = demo.worker(client)
        with acting(user=user, role=role, unit=unit, view="command:demo"):
            demo.contact(
                client,
                demo.days_ago(demo.rng.randint(2, 20)),
                unit,
                user,
                missed=True,
                cancelled=cancelled,
            )


def _hand_overs(
    demo: _Demo, by_counsellor: dict[str, list[Client]], stories: dict[Any, Story], used: set[Any]
) -> None:
    """Two clients with a plan in force became jobseekers: in Joensuu the hand-over waits for
    the employment area; in Kokkola the employment worker took it over and became the
    client's counsellor."""
    for name, accept in (("counsellor.joensuu", False), ("counsellor.kokkola", True)):
        client = next(
            (
                c
                for c in reversed(by_counsellor[name])
                if c.pk not in used
                and c.responsible_authority == ResponsibleAuthority.MUNICIPALITY
                and any(p.status == PlanStatus.ACTIVE for p in stories[c.pk].plans)
                and not stories[c.pk].multiprofessional
                and not c.jobseeker_periods.exists()
            ),
            None,
        )
        if client is None:
            continue
        user, unit, role = demo.worker(client)
        start = demo.days_ago(20 if accept else 4)
        with acting(user=user, role=role, unit=unit, view="command:demo"):
            client_actions.do_start_jobseeker_period(client, start=start, acting_user=user)
        receiver = demo.users.get("employment.kokkola")
        hand_over = client.hand_overs.filter(status="open").first()
        if not accept or receiver is None or hand_over is None:
            continue
        membership = receiver.active_memberships[0]
        with acting(user=receiver, role=membership.role, unit=membership.unit, view="command:demo"):
            actions.do_accept_hand_over(hand_over, acting_user=receiver)
            client_actions.do_assign_counsellor(client, receiver, acting_user=receiver)


def _walk_ins(demo: _Demo) -> None:
    """Anonymous walk-in visits: counted, never identified."""
    sites = (
        ("counsellor.joensuu", "toivo", "ohjaus", 18, ["ru", "ar", "uk", "bn", "fa", "en"]),
        (
            "counsellor.kokkola",
            "kokkola-kotoutumispalvelut",
            "welcome-office",
            12,
            ["uk", "ru", "fa", "en", "sv", "th"],
        ),
    )
    for username, org, slug, count, languages in sites:
        user = demo.users.get(username)
        unit = Unit.objects.filter(organisation__slug=org, slug=slug).first()
        if user is None or unit is None:
            continue
        demo.walk_ins(unit, user, user.active_memberships[0].role, count, languages)
