"""referrals/rules.py without the database: legal basis texts, answers, consent, staleness."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from kotopolku.referrals import rules
from kotopolku.referrals.models import Referral

S = Referral.Status
D = datetime.date


def test_legal_basis_text_names_the_provision_in_english() -> None:
    text = rules.legal_basis_text("681-2023-s13", "  plan of\n3 March ")
    assert text.startswith("Act 681/2023 s. 13: a service of the municipal integration programme")
    assert text.endswith(" — plan of 3 March")
    assert rules.legal_basis_text("681-2023-s13") == (
        "Act 681/2023 s. 13: a service of the municipal integration programme"
    )


def test_legal_basis_text_of_another_provision_is_the_workers_own_words() -> None:
    assert rules.legal_basis_text("other", " Act 1326/2010  s. 4 ") == "Act 1326/2010 s. 4"
    assert rules.legal_basis_text("other", "x" * 400) == "x" * 300


def test_the_stored_text_is_at_most_300_characters() -> None:
    assert len(rules.legal_basis_text("681-2023-s3", "y" * 400)) == 300


@pytest.mark.parametrize(
    ("status", "answers"),
    [
        (S.SENT, (S.ACCEPTED, S.STARTED, S.DECLINED, S.NO_SHOW)),
        (S.ACCEPTED, (S.STARTED, S.DECLINED, S.NO_SHOW)),
        (S.STARTED, (S.COMPLETED,)),
        (S.COMPLETED, ()),
        (S.DECLINED, ()),
    ],
)
def test_answers_from(status: str, answers: tuple[str, ...]) -> None:
    assert rules.answers_from(status) == answers


def _referral(**kw: Any) -> Any:
    return SimpleNamespace(**kw)


def test_consent_withdrawn_from_its_day_on() -> None:
    consent = SimpleNamespace(withdrawn_on=D(2026, 3, 2))
    referral = _referral(consent_id=1, consent=consent)
    assert not rules.consent_withdrawn(referral, D(2026, 3, 1))
    assert rules.consent_withdrawn(referral, D(2026, 3, 2))
    never = _referral(consent_id=1, consent=SimpleNamespace(withdrawn_on=None))
    assert not rules.consent_withdrawn(never, D(2030, 1, 1))
    # a referral between authorities rests on a legal basis, not a consent
    assert not rules.consent_withdrawn(_referral(consent_id=None, consent=None))


def test_consent_withdrawn_today_by_default() -> None:
    today = timezone.localdate()
    referral = _referral(consent_id=1, consent=SimpleNamespace(withdrawn_on=today))
    assert rules.consent_withdrawn(referral)
    tomorrow = _referral(
        consent_id=1, consent=SimpleNamespace(withdrawn_on=today + datetime.timedelta(1))
    )
    assert not rules.consent_withdrawn(tomorrow)


def test_consent_is_needed_outside_the_authorities() -> None:
    assert rules.needs_consent(SimpleNamespace(is_authority=False))  # type: ignore[arg-type]
    assert not rules.needs_consent(SimpleNamespace(is_authority=True))  # type: ignore[arg-type]


def test_stale_after_the_set_days(settings: Any) -> None:
    settings.REFERRAL_STALE_DAYS = 14
    now = timezone.now()
    cutoff = now - datetime.timedelta(days=14)
    assert rules.stale_cutoff(now) == cutoff
    assert abs(rules.stale_cutoff() - cutoff) < datetime.timedelta(minutes=5)
    assert rules.is_stale(_referral(is_open=True, status_changed_at=cutoff), now)
    later = cutoff + datetime.timedelta(seconds=1)
    assert not rules.is_stale(_referral(is_open=True, status_changed_at=later), now)
    assert not rules.is_stale(_referral(is_open=False, status_changed_at=cutoff), now)
