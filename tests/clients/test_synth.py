"""`kotopolku synth`: deterministic, national, with histories; refuses a database with clients."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.clients.models import Client, CounsellorAssignment, JobseekerPeriod
from kotopolku.core import henkilotunnus
from kotopolku.ops.synth import BENCH_COUNSELLOR, synthesise


def _fingerprint() -> list[tuple[Any, ...]]:
    return list(
        Client.objects.order_by("internal_number").values_list(
            "id",
            "first_name",
            "last_name",
            "henkilotunnus",
            "municipality__code",
            "integration_window_end",
        )[:50]
    )


@pytest.mark.django_db
def test_synth_builds_a_national_data_set_with_histories() -> None:
    out = io.StringIO()
    call_command("synth", clients=1500, stdout=out)
    report = json.loads(out.getvalue())
    assert report["clients"] == Client.objects.count() == 1500
    assert report["bench_caseload"] >= 100
    assert Client.objects.filter(current_counsellor__username=BENCH_COUNSELLOR).count() >= 100
    assert Client.objects.values("municipality").distinct().count() > 50
    assert CounsellorAssignment.objects.count() > 1500  # some clients had an earlier counsellor
    assert JobseekerPeriod.objects.exists()
    assert AccessEvent.objects.filter(subject_type="client").count() == 3000
    assert ChangeEvent.objects.filter(action="create", subject_type="client").count() == 1500
    for code in Client.objects.exclude(henkilotunnus=None).values_list("henkilotunnus", flat=True)[
        :200
    ]:
        assert henkilotunnus.parse(code).is_temporary


def _synth_and_roll_back(seed: int) -> list[tuple[Any, ...]]:
    with transaction.atomic():
        synthesise(400, seed=seed)
        found = _fingerprint()
        transaction.set_rollback(True)
    return found


@pytest.mark.django_db
def test_synth_is_deterministic() -> None:
    first = _synth_and_roll_back(7)
    assert Client.objects.count() == 0
    assert _synth_and_roll_back(7) == first
    assert len(first) == 50
    assert _synth_and_roll_back(8) != first


@pytest.mark.django_db
def test_synth_refuses_a_database_with_clients() -> None:
    synthesise(50, seed=1)
    with pytest.raises(CommandError):
        call_command("synth", clients=10, stdout=io.StringIO())
