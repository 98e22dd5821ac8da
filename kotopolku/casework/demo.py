"""Casework of the synthetic demo clients (demo mode only): assessments, plans with goals,
services and reviews, guidance contacts, the wellbeing county taking part on request, consents and
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
from typing import Any

from django.db import transaction
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import record_change
from kotopolku.casework import actions
from kotopolku.casework.demo_stories import (
    COUNSELLORS,
    INTERVIEWERS,
    NGO_SERVICES,
    SEED,
    Demo,
    ServiceStory,
    Story,
)
from kotopolku.casework.models import (
    Assessment,
    Contact,
    Plan,
    PlanStatus,
    ServiceStatus,
)
from kotopolku.clients import actions as client_actions
from kotopolku.clients.demo import DEMO_MARK
from kotopolku.clients.models import Client, ClientStatus, ResponsibleAuthority
from kotopolku.clients.rules import LAW_2025, NoDuty
from kotopolku.core.languages import is_valid_code
from kotopolku.orgs.models import Membership, Unit


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
    demo = Demo(random.Random(seed), today)  # noqa: S311 (synthetic data, not security)
    interviewers = [demo.users[name] for name in INTERVIEWERS if name in demo.users]
    earliest = min(c.first_permit_date or today for c in clients)
    _backdate_memberships(interviewers, min(earliest, today - datetime.timedelta(days=5 * 365)))

    stories: dict[Any, Story] = {}
    used: set[Any] = set()

    def age(client: Client) -> int:
        return (today - (client.first_permit_date or today)).days

    # the forced stories need a client the municipality must assess (C7): an adult in a
    # group of the act, not registered as a jobseeker (the jobseeker stories register one)
    # group of the act, or one who will ask for an assessment; children are not assessed
    # in their own right and get no casework story (their needs are the household's)
    duties = {c.pk: client_actions.assessment_duty_of(c, day=today) for c in clients}
    municipal = {
        pk for pk, duty in duties.items() if duty.by_municipality or duty.no_duty == NoDuty.NO_GROUP
    }

    def eligible(client: Client, least: int, most: int, *, window: bool = False) -> bool:
        if window and client.integration_window_end is None:
            return False
        return client.pk in municipal and least <= age(client) <= most

    by_counsellor = {
        name: [c for c in clients if c.current_counsellor and c.current_counsellor.username == name]
        for name in COUNSELLORS
    }
    for name in COUNSELLORS:
        own = by_counsellor[name]
        for label, least, most, make in demo.forced():
            window = label.startswith("window")
            found = [c for c in own if c.pk not in used and eligible(c, least, most, window=window)]
            if label.startswith("initial_interview"):  # registers: never registered before
                found = [c for c in found if not c.jobseeker_periods.exists()]
            if label == "window_ending due":  # the window that ends soonest
                found.sort(key=lambda c: (c.integration_window_end or today, c.internal_number))
            client = found[0] if label == "window_ending due" and found else None
            if client is None and found:
                client = found[demo.rng.randrange(len(found))]
            if client is None:
                continue
            stories[client.pk] = make()
            # outside the groups of the act: the client asked for an assessment
            stories[client.pk].requested = duties[client.pk].no_duty == NoDuty.NO_GROUP
            used.add(client.pk)
        passed = _pick(
            (
                c
                for c in own
                if c.integration_window_end
                and LAW_2025 <= c.integration_window_end < today
                and duties[c.pk].no_duty != NoDuty.CHILD
            ),
            used,
        )
        if passed is not None:
            stories[passed.pk] = demo.window_passed(passed)
            used.add(passed.pk)
    for client in clients:
        if client.pk not in stories:
            child = duties[client.pk].no_duty == NoDuty.CHILD
            stories[client.pk] = demo.child_story(client) if child else demo.random_story(client)

    # the wellbeing county takes part on request for some Kokkola clients with an assessment
    kokkola = [
        c
        for c in by_counsellor["counsellor.kokkola"]
        if stories[c.pk].started is not None and stories[c.pk].plan_needed
    ]
    for client in kokkola[:: max(1, len(kokkola) // 4)][:4]:
        stories[client.pk].county_takes_part = True
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
    # after the refresh: it sets who is a kotoutuja-asiakas without an offer
    _civic_orientation(demo, by_counsellor)
    _trainings(demo, by_counsellor, stories)
    return len(clients)


def _missed_appointments(demo: Demo, clients: list[Client], stories: dict[Any, Story]) -> None:
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
    demo: Demo, by_counsellor: dict[str, list[Client]], stories: dict[Any, Story], used: set[Any]
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
                and not stories[c.pk].county_takes_part
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


def _civic_orientation(demo: Demo, by_counsellor: dict[str, list[Client]]) -> None:
    """Civic orientation offered (s. 25) to every other pending client of each counsellor, at
    most three each, so that the caseload shows clients both offered and not offered yet: one
    who took part, one whose answer is not known yet, one who did not take part."""
    answers = ("taken", "", "declined")
    for name in COUNSELLORS:
        pending = [
            c
            for c in map(_refreshed, by_counsellor[name])
            if c.civic_orientation_pending
            and c.responsible_authority == ResponsibleAuthority.MUNICIPALITY
        ]
        for index, client in enumerate(pending[::2][: len(answers)]):
            user, unit, role = demo.worker(client)
            # in the client's own language where it is taught, as the act asks
            language = client.mother_tongue if is_valid_code(client.mother_tongue) else "fi"
            with acting(user=user, role=role, unit=unit, view="command:demo"):
                actions.do_record_civic_orientation(
                    client,
                    {
                        "offered_on": demo.days_ago(demo.rng.randint(15, 90)),
                        "language": language,
                        "taken": answers[index],
                    },
                    acting_user=user,
                )


def _refreshed(client: Client) -> Client:
    client.refresh_from_db(fields=["civic_orientation_pending", "responsible_authority"])
    return client


# The final language test of the demo trainings, per skill (synthetic levels).
TRAINING_RESULTS = (
    {
        "level_listening": "A2.2",
        "level_speaking": "A2.1",
        "level_reading": "B1.1",
        "level_writing": "A2.1",
    },
    {
        "level_listening": "B1.1",
        "level_speaking": "A2.2",
        "level_reading": "B1.1",
        "level_writing": "A2.2",
    },
)


def _trainings(
    demo: Demo, by_counsellor: dict[str, list[Client]], stories: dict[Any, Story]
) -> None:
    """Integration training ended with the final language test for one client of each
    counsellor with a plan in force (the result prefills the next plan review)."""
    # the hand-over in Kokkola gave one client a new counsellor: work on the fresh rows
    for own in by_counsellor.values():
        for row in own:
            row.refresh_from_db(fields=["responsible_authority", "current_counsellor"])
    for name, levels in zip(COUNSELLORS, TRAINING_RESULTS, strict=False):
        client = next(
            (
                c
                for c in by_counsellor[name]
                if c.responsible_authority == ResponsibleAuthority.MUNICIPALITY
                and any(p.status == PlanStatus.ACTIVE for p in stories[c.pk].plans)
                and c.first_permit_date is not None
                and c.first_permit_date <= demo.days_ago(330)
            ),
            None,
        )
        if client is None:
            continue
        user, unit, role = demo.worker(client)
        with acting(user=user, role=role, unit=unit, view="command:demo"):
            actions.do_record_training(
                client,
                {
                    "language": "fi",
                    "provider_name": "Kansalaisopisto (demo)",
                    "referred_on": demo.days_ago(320),
                    "start": demo.days_ago(300),
                    "end": demo.days_ago(20),
                    "test_on": demo.days_ago(30),
                    **levels,
                },
                acting_user=user,
            )


def _walk_ins(demo: Demo) -> None:
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
