"""The rules of a referral, in one place: which legal bases stand between authorities, when the
client's consent is needed instead, which answers may follow which status, when a consent no
longer covers the referral, and when an open referral is stale.

The legal references come from DOMAIN.md (Act 681/2023); numbers it marks unverified say so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kotopolku.orgs.models import Organisation
from kotopolku.referrals.models import Referral

S = Referral.Status


# --- Legal bases between authorities ---------------------------------------------------------


@dataclass(frozen=True)
class LegalBasis:
    code: str
    label: Any  # lazy translation
    verified: bool  # DOMAIN.md marks the section [V]; False: check against Finlex first
    source: str  # the DOMAIN.md section it comes from


# The provisions of Act 681/2023 that DOMAIN.md names for the work between authorities.
# Section numbers marked unverified follow the official programme form's numbering
# (DOMAIN.md 1.11) and must be checked against the consolidated text on Finlex.
LEGAL_BASES: tuple[LegalBasis, ...] = (
    LegalBasis(
        "681-2023-s13",
        _("Act 681/2023 s. 13: a service of the municipal integration programme"),
        True,
        "DOMAIN.md 1.5, 1.7 (directing to services within 6 months of the plan)",
    ),
    LegalBasis(
        "681-2023-s3",
        _("Act 681/2023 s. 3: the employment authority's tasks for a jobseeker"),
        True,
        "DOMAIN.md 1.2",
    ),
    LegalBasis(
        "681-2023-s9",
        _("Act 681/2023 s. 9: another authority's contact for an assessment"),
        True,
        "DOMAIN.md 1.6",
    ),
    LegalBasis(
        "681-2023-s14-17",
        _(
            "Act 681/2023 ss. 14 and 16: the wellbeing county takes part in the assessment "
            "or the plan on request (the paragraph is unverified)"
        ),
        False,
        "DOMAIN.md 0.1 C1: ss. 15 and 17 were repealed by Act 1100/2024 (code kept for "
        "stored referrals)",
    ),
    LegalBasis(
        "681-2023-s25",
        _("Act 681/2023 s. 25: multilingual civic orientation"),
        True,
        "DOMAIN.md 1.8",
    ),
    LegalBasis(
        "681-2023-s26-27",
        _("Act 681/2023 ss. 26–27: integration training (section numbers unverified)"),
        False,
        "DOMAIN.md 1.9, 1.11 [U]",
    ),
    LegalBasis("other", _("Another provision (name it below)"), False, ""),
)
LEGAL_BASIS_CODES = tuple(b.code for b in LEGAL_BASES)
_LEGAL_BASIS_LABELS = {b.code: b.label for b in LEGAL_BASES}


def legal_basis_text(code: str, text: str = "") -> str:
    """The stored legal basis: the provision (in English, as the law's reference) and the
    worker's own words, e.g. "Act 681/2023 s. 13: ... — plan of 3 March"."""
    text = " ".join(text.split())
    if code == "other":
        return text[:300]
    with translation.override("en"):
        label = str(_LEGAL_BASIS_LABELS[code])
    return (f"{label} — {text}" if text else label)[:300]


# --- Transitions ---------------------------------------------------------------------------

# The provider's answers, from each status.
ANSWERS: dict[str, tuple[str, ...]] = {
    S.SENT: (S.ACCEPTED, S.STARTED, S.DECLINED, S.NO_SHOW),
    S.ACCEPTED: (S.STARTED, S.DECLINED, S.NO_SHOW),
    S.STARTED: (S.COMPLETED,),
}
PROVIDER_STATUSES = (S.ACCEPTED, S.STARTED, S.COMPLETED, S.DECLINED, S.NO_SHOW)


def answers_from(status: str) -> tuple[str, ...]:
    return ANSWERS.get(status, ())


# --- Consent ---------------------------------------------------------------------------------


def consent_withdrawn(referral: Referral, day: datetime.date | None = None) -> bool:
    """Has the client withdrawn the consent the referral rests on (on or before `day`)?
    From then on the provider no longer sees the client's data nor answers the referral."""
    consent = referral.consent if referral.consent_id is not None else None
    if consent is None:
        return False
    withdrawn_on = consent.withdrawn_on
    return withdrawn_on is not None and withdrawn_on <= (day or timezone.localdate())


def needs_consent(receiver: Organisation) -> bool:
    """Outside the authorities the client's consent is needed; between them a legal basis."""
    return not receiver.is_authority


# --- Stale referrals ----------------------------------------------------------------------------


def stale_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """An open referral whose status has not changed since this instant is stale."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.REFERRAL_STALE_DAYS)


def is_stale(referral: Referral, now: datetime.datetime | None = None) -> bool:
    return referral.is_open and referral.status_changed_at <= stale_cutoff(now)
