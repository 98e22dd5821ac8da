"""A deterministic, national-scale synthetic data set for benchmarks (`kotopolku synth`).

Every municipality of the code list gets clients in proportion to a synthetic weight;
each wellbeing-county area gets an integration centre with counsellor units, and each
region an employment area. Clients have histories: counsellor assignments, jobseeker
periods, a creation entry in the change log and earlier reads in the access log.
Rows are written with bulk inserts (the data is synthetic; one change-log entry records
the import). Henkilötunnus individual numbers are 900-999 only.

Clients have casework too (`_Casework`, from its own random stream so the register rows do
not depend on it): about 70 % an assessment, about half a plan with goals, services (most
plans have some directed), reviews, guidance contacts, and the `Deadline` rows and
`Client.next_due` that `casework.actions.refresh_all_deadlines` would write, computed by the
same rules from the same facts while the rows are still in memory.
"""

from __future__ import annotations

import datetime
import functools
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.audit.recorder import record_change
from kotopolku.casework import rules as casework_rules
from kotopolku.casework.demo import TOPIC_CODES
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
from kotopolku.clients import rules
from kotopolku.clients.models import (
    Client,
    ClientStatus,
    CounsellorAssignment,
    ImmigrationBasis,
    JobseekerPeriod,
)
from kotopolku.clients.names import POOLS, pick_name
from kotopolku.core import henkilotunnus
from kotopolku.core.dates import add_months
from kotopolku.orgs.models import Membership, Municipality, Organisation, Role, Unit

SYNTH_MARK = "SYNTH-"
BENCH_COUNSELLOR = "synth.counsellor"
# A unit manager over the first BENCH_MANAGER_UNITS teams of the largest integration centre
# (the unit view of `bench/deadlines.py`: thousands of clients at national scale).
BENCH_MANAGER = "synth.manager"
BENCH_MANAGER_UNITS = 3
EXEMPT_BASES = ("trafficking_victim",)
# The synthetic staff have held their public office this long: longer than any client's
# history, so every synthetic assessment was done by a public official (Act 681/2023 s. 14).
STAFF_YEARS = 6
CLIENTS_PER_COUNSELLOR = 150
BATCH = 5000

LANGUAGES = {
    "ru": 20,
    "uk": 14,
    "ar": 12,
    "et": 9,
    "fa": 6,
    "so": 6,
    "en": 6,
    "zh": 4,
    "th": 4,
    "bn": 3,
    "vi": 3,
    "ckb": 3,
    "prs": 3,
    "ti": 2,
    "sw": 2,
}
BASES = {
    b: w
    for b, w in zip(ImmigrationBasis.values, (8, 12, 14, 1, 18, 22, 8, 8, 3, 3, 3), strict=True)
}


@dataclass
class SynthReport:
    clients: int
    counsellors: int
    organisations: int
    bench_counsellor: str
    bench_caseload: int
    bench_manager: str = BENCH_MANAGER
    bench_unit_clients: int = 0
    casework: dict[str, int] | None = None


def _weighted(rng: random.Random, table: dict[str, int], k: int) -> list[str]:
    keys = list(table)
    return rng.choices(keys, weights=[table[key] for key in keys], k=k)


@transaction.atomic
def synthesise(
    n_clients: int, *, seed: int = 2026, today: datetime.date | None = None
) -> SynthReport:
    """Build the data set; refuses to run when clients already exist."""
    if Client.objects.exists():
        raise RuntimeError("synth needs a database without clients")
    today = today or datetime.date(2026, 11, 1)
    rng = random.Random(seed)  # noqa: S311 (synthetic data)
    municipalities = list(
        Municipality.objects.valid_on(today)
        .select_related("region", "wellbeing_county")
        .order_by("code")
    )
    # organisations: one integration centre per wellbeing-county area, one employment area per region
    centres: dict[str, Organisation] = {}
    employment: dict[str, Organisation] = {}
    by_county: dict[str, list[Municipality]] = defaultdict(list)
    by_region: dict[str, list[Municipality]] = defaultdict(list)
    for m in municipalities:
        by_county[m.wellbeing_county.code].append(m)
        by_region[m.region.code].append(m)
    for code, members in sorted(by_county.items()):
        centres[code] = _organisation(
            f"synth-centre-{code}",
            Organisation.Kind.REGIONAL_CENTRE,
            f"Kotoutumiskeskus {members[0].wellbeing_county.name_fi}",
            f"Integration centre {code}",
            members,
        )
    for code, members in sorted(by_region.items()):
        employment[code] = _organisation(
            f"synth-employment-{code}",
            Organisation.Kind.EMPLOYMENT_AREA,
            f"Työllisyysalue {members[0].region.name_fi}",
            f"Employment area {code}",
            members,
        )

    # clients per municipality: a heavy-tailed synthetic weight (large towns get more)
    weights = {m.code: rng.paretovariate(1.2) for m in municipalities}
    codes = [m.code for m in municipalities]
    municipality_of = {m.code: m for m in municipalities}
    assigned = rng.choices(codes, weights=[weights[c] for c in codes], k=n_clients)
    per_county: dict[str, int] = defaultdict(int)
    for code in assigned:
        per_county[municipality_of[code].wellbeing_county.code] += 1

    # units and counsellors: one unit per 10 counsellors, one counsellor per ~150 clients
    counsellors: dict[str, list[tuple[User, Unit]]] = {}
    password = User().password  # unusable password for synthetic staff
    users: list[User] = []
    memberships: list[Membership] = []
    units_by_county: dict[str, list[Unit]] = {}
    for code, org in centres.items():
        n_counsellors = max(1, round(per_county.get(code, 0) / CLIENTS_PER_COUNSELLOR))
        units = [
            Unit.objects.create(
                organisation=org,
                slug=f"team-{i + 1}",
                name={"fi": f"Tiimi {i + 1}", "en": f"Team {i + 1}"},
            )
            for i in range((n_counsellors + 9) // 10)
        ]
        units_by_county[code] = units
        counsellors[code] = []
        for i in range(n_counsellors):
            username = BENCH_COUNSELLOR if not users else f"synth.c{code}.{i + 1}"
            first, last = pick_name(rng, "en", female=rng.random() < 0.7)
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                password=password,
                email=f"{username}@synth.invalid",
            )
            users.append(user)
            unit = units[i // 10]
            memberships.append(
                Membership(
                    user=user,
                    unit=unit,
                    role=Role.COUNSELLOR,
                    is_public_official=True,
                    valid_from=today - datetime.timedelta(days=STAFF_YEARS * 365),
                )
            )
            counsellors[code].append((user, unit))
    # the bench unit manager: the first teams of the centre with the most clients
    largest = max(sorted(centres), key=lambda code: per_county.get(code, 0))
    manager_units = units_by_county[largest][:BENCH_MANAGER_UNITS]
    manager = User(
        username=BENCH_MANAGER,
        first_name="Synth",
        last_name="Manager",
        password=password,
        email=f"{BENCH_MANAGER}@synth.invalid",
    )
    memberships.extend(
        Membership(
            user=manager,
            unit=unit,
            role=Role.UNIT_MANAGER,
            is_public_official=True,
            valid_from=today - datetime.timedelta(days=STAFF_YEARS * 365),
        )
        for unit in manager_units
    )
    User.objects.bulk_create([*users, manager], batch_size=BATCH)
    Membership.objects.bulk_create(memberships, batch_size=BATCH)

    bench_user = users[0]
    bench_county = next(
        code for code, pairs in counsellors.items() if pairs and pairs[0][0] is bench_user
    )
    bench_quota = min(n_clients, max(120, CLIENTS_PER_COUNSELLOR))

    languages = _weighted(rng, LANGUAGES, n_clients)
    bases = _weighted(rng, BASES, n_clients)
    used_hetu: set[str] = set()
    clients: list[Client] = []
    assignments: list[CounsellorAssignment] = []
    periods: list[JobseekerPeriod] = []
    bench_count = 0
    for i in range(n_clients):
        code = assigned[i]
        municipality = municipality_of[code]
        county = municipality.wellbeing_county.code
        language, basis = languages[i], bases[i]
        if bench_count < bench_quota and county != bench_county and rng.random() < 0.5:
            county = bench_county  # the bench counsellor's caseload comes from their own area
            municipality = by_county[county][rng.randrange(len(by_county[county]))]
        permit = today - datetime.timedelta(days=rng.randint(10, 5 * 365))
        birth = today - datetime.timedelta(days=rng.randint(18 * 365, 65 * 365))
        hetu = None
        if rng.random() < 0.8:
            for _attempt in range(20):
                candidate = henkilotunnus.make(birth, rng.randint(900, 999))
                if candidate not in used_hetu:
                    used_hetu.add(candidate)
                    hetu = candidate
                    break
        first, last = pick_name(
            rng, language if language in POOLS else "en", female=rng.random() < 0.5
        )
        client_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        pairs = counsellors[county]
        if county == bench_county and bench_count < bench_quota:
            counsellor, unit = pairs[0]
            bench_count += 1
        else:
            counsellor, unit = pairs[rng.randrange(len(pairs))]
        client_periods: list[rules.Period] = []
        if rng.random() < 0.35:
            start = permit + datetime.timedelta(days=rng.randint(10, 400))
            if start < today:
                end = (
                    start + datetime.timedelta(days=rng.randint(30, 700))
                    if rng.random() < 0.5
                    else None
                )
                if end is not None and end >= today:
                    end = None
                client_periods.append(rules.Period(start, end))
                periods.append(JobseekerPeriod(client_id=client_id, start=start, end=end))
        status = ClientStatus.CLOSED if rng.random() < 0.08 else ClientStatus.ACTIVE
        clients.append(
            Client(
                id=client_id,
                status=status,
                first_name=first,
                last_name=last,
                birth_date=birth,
                henkilotunnus=hetu,
                internal_number=f"{SYNTH_MARK}{i + 1:07d}",
                mother_tongue=language,
                service_languages=["fi", language],
                interpreter_needed=rng.random() < 0.4,
                interpreter_language=language,
                municipality=municipality,
                municipality_since=min(
                    today, permit + datetime.timedelta(days=rng.randint(0, 200))
                ),
                first_permit_date=permit,
                immigration_basis=basis,
                unaccompanied_minor=False,
                responsible_unit=unit,
                current_counsellor=counsellor,
                responsible_authority=rules.responsible_authority(client_periods, None, today),
                integration_window_end=rules.integration_window_end(
                    permit, basis, exempt_bases=EXEMPT_BASES, today=today
                ),
            )
        )
        # an earlier counsellor for some clients
        start = permit + datetime.timedelta(days=rng.randint(0, 60))
        if rng.random() < 0.3:
            previous, previous_unit = pairs[rng.randrange(len(pairs))]
            middle = start + datetime.timedelta(days=rng.randint(30, 300))
            middle = min(middle, today)
            assignments.append(
                CounsellorAssignment(
                    client_id=client_id,
                    counsellor=previous,
                    unit=previous_unit,
                    start=start,
                    end=middle,
                )
            )
            start = middle
        assignments.append(
            CounsellorAssignment(
                client_id=client_id, counsellor=counsellor, unit=unit, start=min(start, today)
            )
        )
    # casework from its own random stream: the register rows above do not depend on it
    casework = _Casework(random.Random(seed + 1_000_003), today)  # noqa: S311 (synthetic data)
    for client in clients:
        casework.add(client)
    _insert_objects(Client, clients)
    _insert_objects(CounsellorAssignment, assignments)
    _insert_objects(JobseekerPeriod, periods)
    counts = casework.write()
    _history(rng, clients, today)
    record_change(
        "synth",
        "dataset",
        ChangeEvent.Action.CREATE,
        {"clients": [None, n_clients], "seed": [None, seed], "casework": [None, counts]},
        reason="synthetic benchmark data",
    )
    manager_unit_ids = {unit.pk for unit in manager_units}
    return SynthReport(
        clients=n_clients,
        counsellors=len(users),
        organisations=len(centres) + len(employment),
        bench_counsellor=BENCH_COUNSELLOR,
        bench_caseload=bench_count,
        bench_unit_clients=sum(
            1
            for c in clients
            if c.responsible_unit_id in manager_unit_ids and c.status == ClientStatus.ACTIVE
        ),
        casework=counts,
    )


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


Row = dict[str, Any]


class _Casework:
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

    def add(self, client: Client) -> None:
        """Give the client its casework and set its `client_since` and `next_due` columns."""
        rng, today = self.rng, self.today
        permit = client.first_permit_date or today
        window_end = client.integration_window_end
        exempt = client.immigration_basis in EXEMPT_BASES

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
                "kind": CaseKind.MULTIPROFESSIONAL if multi else CaseKind.BASIC,
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

        found = casework_rules.deadlines(
            casework_rules.CaseFacts(
                client_since=since,
                window_end=window_end,
                active=client.status == ClientStatus.ACTIVE,
                assessments=tuple(assessment_facts),
                plans=tuple(plan_facts),
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
        review_day = add_months(start, self.limits.plan_review_months)
        while review_day <= last and rng.random() < 0.65:
            held = min(last, max(start, review_day + datetime.timedelta(days=rng.randint(-20, 10))))
            reviews.append(held)
            self.reviews.append(
                {"id": self._id(), "plan_id": plan_id, "held_on": held, "by_id": counsellor_id}
            )
            review_day = add_months(held, self.limits.plan_review_months)
        if status == PlanStatus.CANCELLED:
            return None  # a cancelled plan counts for no rule
        return casework_rules.PlanFacts(
            start=start,
            end=end,
            active=status == PlanStatus.ACTIVE,
            first_directed=first_directed,
            reviews=tuple(reviews),
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
            _insert(model, rows)
        return {name: len(rows) for name, _model, rows in tables}


def _insert_objects(model: type[models.Model], objects: list[Any]) -> None:
    """Insert unsaved model instances as `_insert` does (their field values by attname)."""
    if connection.vendor not in FAST_INSERT:
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return
    _insert(model, [o.__dict__ for o in objects])


# Where `_insert` writes without `bulk_create`: PostgreSQL by COPY, SQLite by one prepared
# statement (executemany). Values are those `bulk_create` would write.
FAST_INSERT = ("postgresql", "sqlite")
# Fields whose Python value the database driver takes as it is.
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
)


def _insert(model: type[models.Model], rows: list[Row]) -> None:
    """Insert rows given as dicts by field attribute name; fields left out get their
    defaults and auto_now(_add) fields the time of the insert. PostgreSQL: one COPY per
    table; SQLite: one prepared INSERT run for every row, with the values prepared by the
    fields as `bulk_create` prepares them; other databases: `bulk_create`."""
    if connection.vendor not in FAST_INSERT:
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    if not rows:
        return
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]
    now = timezone.now()
    names = [f.attname for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}  # "" for text, None when nullable
    stamped = {
        f.attname
        for f in fields
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
    }

    def values(row: Row) -> list[Any]:
        found = [row.get(name, defaults[name]) for name in names]
        if stamped:
            found = [
                now if v is None and name in stamped else v
                for name, v in zip(names, found, strict=True)
            ]
        return found

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        json_names = {f.attname for f in fields if isinstance(f, models.JSONField)}
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                found = values(row)
                if json_names:
                    found = [
                        Jsonb(v) if name in json_names else v
                        for name, v in zip(names, found, strict=True)
                    ]
                copy.write_row(found)
        return
    prepare = [
        None
        if isinstance(f, PLAIN_FIELDS) and not isinstance(f, models.JSONField)
        else functools.partial(f.get_db_prep_save, connection=connection)
        for f in fields
    ]
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608 (names from the model)
    with connection.cursor() as cursor:
        for first in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    [
                        v if convert is None or v is None else convert(v)
                        for convert, v in zip(prepare, values(row), strict=True)
                    ]
                    for row in rows[first : first + BATCH]
                ],
            )


def _organisation(
    slug: str, kind: str, name_fi: str, name_en: str, serves: list[Municipality]
) -> Organisation:
    org = Organisation.objects.create(slug=slug, kind=kind, name={"fi": name_fi, "en": name_en})
    org.serves.set(serves)
    return org


def _history(rng: random.Random, clients: list[Client], today: datetime.date) -> None:
    """Two earlier reads and the creation entry of each client, so the log tables are not empty."""
    base = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9)))
    reads: list[Row] = []
    changes: list[Row] = []
    for client in clients:
        created = base - datetime.timedelta(
            days=(today - (client.first_permit_date or today)).days, minutes=rng.randint(0, 600)
        )
        counsellor = client.current_counsellor
        who = {
            "actor_id": client.current_counsellor_id,
            "actor_username": counsellor.username if counsellor else "",
            "role": Role.COUNSELLOR,
            "unit_id": client.responsible_unit_id,
            "organisation_id": client.responsible_unit.organisation_id,
            "subject_type": "client",
            "subject_id": str(client.pk),
            "client_id": client.pk,
        }
        changes.append(
            {
                **who,
                "event_time": created,
                "view": "synth",
                "action": ChangeEvent.Action.CREATE,
                "changes": {"synthetic": [None, True]},
            }
        )
        reads.extend(
            {
                **who,
                "event_time": created + datetime.timedelta(days=rng.randint(0, 300)),
                "view": "clients:detail",
                "kind": AccessEvent.Kind.VIEW,
            }
            for _ in range(2)
        )
        if len(reads) >= BATCH * 2:
            _insert(AccessEvent, reads)
            _insert(ChangeEvent, changes)
            reads, changes = [], []
    _insert(AccessEvent, reads)
    _insert(ChangeEvent, changes)


def analyse() -> None:
    """Refresh the planner's statistics after the bulk load, as an operator does after an
    import (PostgreSQL's autovacuum would do it within minutes). On PostgreSQL the client
    table is also vacuumed, which marks its pages all-visible so that the caseload's covering
    indexes answer with index-only scans (autovacuum does this too, later)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.get_autocommit():
            cursor.execute("VACUUM (ANALYZE) clients_client")
        cursor.execute("ANALYZE")


def describe(report: SynthReport) -> dict[str, Any]:
    return {
        "clients": report.clients,
        "counsellors": report.counsellors,
        "organisations": report.organisations,
        "bench_counsellor": report.bench_counsellor,
        "bench_caseload": report.bench_caseload,
        "bench_manager": report.bench_manager,
        "bench_unit_clients": report.bench_unit_clients,
        "casework": report.casework or {},
    }
