"""The service needs of an assessment and what each looks for in the offering tray: the one
table `NEED_TRAY` (docs/catalog.md, "Needs and the tray"). The tray has no theme field, so a
need looks for target groups, programme elements, tray columns, the kind of provider, and
word beginnings in the entry's texts (Finnish, Swedish, English). `Need.OTHER` looks for
nothing: the free text beside the needs says what is meant.

Registered into the tray's hooks in `CaseworkConfig.ready` (`catalog.hooks.need_table`,
`catalog.hooks.client_needs`)."""

from __future__ import annotations

import uuid

from kotopolku.casework.models import Assessment, Need
from kotopolku.catalog.matching import TrayNeed
from kotopolku.catalog.models import ProgrammeElement as E
from kotopolku.catalog.models import TargetGroup as G
from kotopolku.catalog.models import TrayCategory as C
from kotopolku.orgs.models import Organisation

K = Organisation.Kind


def _need(
    need: Need,
    *,
    groups: tuple[str, ...] = (),
    elements: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    owner_kinds: tuple[str, ...] = (),
    words: tuple[str, ...] = (),
) -> TrayNeed:
    return TrayNeed(
        code=need.value,
        label=need.label,
        target_groups=frozenset(groups),
        elements=frozenset(elements),
        categories=frozenset(categories),
        owner_kinds=frozenset(owner_kinds),
        words=words,
    )


NEED_TRAY: dict[str, TrayNeed] = {
    need.code: need
    for need in (
        _need(
            Need.LANGUAGE,
            elements=(E.INTEGRATION_TRAINING, E.LANGUAGE_WORK),
            words=(
                "suomen kiel",
                "ruotsin kiel",
                "kielikahvil",
                "kielikurssi",
                "finnish",
                "swedish",
                "language caf",
                "finska",
                "svenska",
                "språkcaf",
            ),
        ),
        _need(
            Need.LITERACY,
            groups=(G.LITERACY,),
            words=(
                "lukutaito",
                "luku- ja kirjoitus",
                "literacy",
                "läs- och skriv",
                "lukupiiri",
                "reading circle",
            ),
        ),
        _need(
            Need.WORK_STUDIES,
            groups=(G.JOBSEEKERS, G.STUDENTS, G.ENTREPRENEURS),
            words=(
                "työ",
                "opiskel",
                "koulutu",
                "yrittä",
                "job",
                "work",
                "stud",
                "educat",
                "entrepreneur",
                "arbet",
                "jobb",
                "studi",
                "utbildn",
                "företag",
            ),
        ),
        _need(
            Need.HEALTH,
            owner_kinds=(K.WELLBEING_COUNTY,),
            words=(
                "terve",
                "hyvinvoin",
                "liikun",
                "health",
                "wellbeing",
                "exercise",
                "hälsa",
                "välmående",
                "motion",
                "ensiapu",
                "first-aid",
                "first aid",
            ),
        ),
        _need(
            Need.FAMILY,
            groups=(G.FAMILIES, G.CHILDREN, G.PARENTS_AT_HOME),
            words=(
                "perhe",
                "lapsi",
                "lasten",
                "vanhem",
                "family",
                "famili",
                "child",
                "parent",
                "barn",
                "föräld",
            ),
        ),
        _need(
            Need.HOUSING,
            words=("asumi", "asunto", "asunno", "housing", "boende", "bostad"),
        ),
        _need(
            Need.EVERYDAY,
            elements=(E.CIVIC_ORIENTATION, E.GUIDANCE),
            words=(
                "arjen",
                "arki",
                "yhteiskunta",
                "everyday",
                "civic",
                "vardag",
                "samhälls",
                "digi",
            ),
        ),
        _need(
            Need.SOCIAL,
            categories=(C.DOERS, C.OPEN),
            words=(
                "ystävä",
                "vapaaehto",
                "kerho",
                "friend",
                "volunteer",
                "club",
                "vän",
                "frivillig",
                "klubb",
            ),
        ),
        _need(Need.OTHER),
    )
}


def need_table() -> list[TrayNeed]:
    """Every need in the list's order (`catalog.hooks.need_table`)."""
    return [NEED_TRAY[code] for code in Need.values]


def client_needs(client_id: uuid.UUID) -> list[str]:
    """The needs the client's latest assessment found (`catalog.hooks.client_needs`)."""
    latest = (
        Assessment.objects.filter(client_id=client_id)
        .order_by("-started", "-created_at")
        .values_list("needs", flat=True)
        .first()
    )
    return [code for code in latest or [] if code in NEED_TRAY]
