"""A deterministic, national-scale synthetic data set for benchmarks (`kotopolku synth`).

Every municipality of the code list gets clients in proportion to a synthetic weight;
each wellbeing-county area gets an integration centre with counsellor units, and each
region an employment area. Clients have histories: counsellor assignments, jobseeker
periods, a creation entry in the change log and earlier reads in the access log.
Rows are written with bulk inserts (the data is synthetic; one change-log entry records
the import). Henkilötunnus individual numbers are 900-999 only.

Clients have casework too (`Casework`, from its own random stream so the register rows do
not depend on it): about 70 % an assessment, about half a plan with goals, services (most
plans have some directed), reviews, guidance contacts, and the `Deadline` rows and
`Client.next_due` that `casework.actions.refresh_all_deadlines` would write, computed by the
same rules from the same facts while the rows are still in memory.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.audit.recorder import record_change
from kotopolku.casework.synth import Casework
from kotopolku.clients import rules
from kotopolku.clients.actions import exempt_bases
from kotopolku.clients.models import (
    Client,
    ClientStatus,
    CounsellorAssignment,
    ImmigrationBasis,
    JobseekerPeriod,
)
from kotopolku.clients.names import pick_name, pools
from kotopolku.core import henkilotunnus
from kotopolku.core.bulk import BATCH, Row, insert_objects, insert_rows
from kotopolku.orgs.models import Membership, Municipality, Organisation, Role, Unit

SYNTH_MARK = "SYNTH-"
BENCH_COUNSELLOR = "synth.counsellor"
# A unit manager over the first BENCH_MANAGER_UNITS teams of the largest integration centre
# (the unit view of `bench/deadlines.py`: thousands of clients at national scale).
BENCH_MANAGER = "synth.manager"
BENCH_MANAGER_UNITS = 3
# The synthetic staff have held their public office this long: longer than any client's
# history, so every synthetic assessment was done by a public official (Act 681/2023 s. 14).
STAFF_YEARS = 6
CLIENTS_PER_COUNSELLOR = 150

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
    periods_of: dict[uuid.UUID, list[rules.Period]] = {}
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
            rng, language if language in pools() else "en", female=rng.random() < 0.5
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
        periods_of[client_id] = client_periods
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
                    permit, basis, exempt_bases=exempt_bases(), today=today
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
    casework = Casework(random.Random(seed + 1_000_003), today)  # noqa: S311 (synthetic data)
    for client in clients:
        casework.add(client, periods_of[client.pk])
    insert_objects(Client, clients)
    insert_objects(CounsellorAssignment, assignments)
    insert_objects(JobseekerPeriod, periods)
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
            insert_rows(AccessEvent, reads)
            insert_rows(ChangeEvent, changes)
            reads, changes = [], []
    insert_rows(AccessEvent, reads)
    insert_rows(ChangeEvent, changes)


def analyse() -> None:
    """Refresh the planner's statistics after the bulk load, as an operator does after an
    import (PostgreSQL's autovacuum would do it within minutes). On PostgreSQL the client
    table and the counsellor assignments are also vacuumed, which marks their pages
    all-visible so that the caseload's covering indexes and the own-counsellor rule's partial
    index answer with index-only scans (autovacuum does this too, later)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.get_autocommit():
            cursor.execute("VACUUM (ANALYZE) clients_client, clients_counsellorassignment")
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
