"""The names of the state authorities of integration, by date (DOMAIN.md 0.1 C9).

On 1.1.2026 the integration tasks of the ELY centres (placement in a municipality, decisions
on special costs, regional coordination) passed to the ten regional vitality centres
(*elinvoimakeskus*, Act 531/2025; Act 721/2025 amended Act 681/2023 accordingly), and the
KEHA-keskus became the *Työllisyys-, kehittämis- ja hallintokeskus* (the short name kept).

This is the one place that names them: the UI and the documents call `name(key, day)` with the
day the text is about, so a record of 2025 names the ELY centre and one of 2026 the vitality
centre. A new name adds a dated row; history is never edited. The Finnish names are those of
the acts; the Swedish and English renderings of the 2026 names are Kotopolku's (unverified).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kotopolku.core.rulebook import RuleVersion, check_sequence

# The authority that places refugees in municipalities, decides on the special costs and
# coordinates integration in the region.
REGIONAL = "regional"
# The state's development and administrative centre (builds the Koto-AJ client system).
KEHA = "keha"

C9_CHANGE = datetime.date(2026, 1, 1)


@dataclass(frozen=True)
class AuthorityName:
    """A name of an authority valid from `valid_from` to `valid_to` (inclusive)."""

    rule: RuleVersion
    name: str | Promise  # the full name (translated through gettext)
    short: str | Promise  # the short name
    # lower-case words that recognise the authority in an organisation's name (fi, sv)
    keywords: tuple[str, ...] = ()

    @property
    def valid_from(self) -> datetime.date:
        return self.rule.valid_from

    @property
    def valid_to(self) -> datetime.date | None:
        return self.rule.valid_to


NAMES: dict[str, tuple[AuthorityName, ...]] = {
    REGIONAL: (
        AuthorityName(
            RuleVersion(
                id="authority-regional-ely",
                title="The ELY centre carries out the state's regional integration tasks",
                legal_reference="Act 897/2009 on the ELY centres; Act 681/2023",
                valid_from=datetime.date(2010, 1, 1),
                valid_to=datetime.date(2025, 12, 31),
                source="https://www.finlex.fi/fi/lainsaadanto/2025/531",
            ),
            _("Centre for Economic Development, Transport and the Environment (ELY Centre)"),
            _("ELY Centre"),
            ("ely-keskus", "ntm-central"),
        ),
        AuthorityName(
            RuleVersion(
                id="authority-regional-elinvoimakeskus",
                title="The regional vitality centre (elinvoimakeskus) carries out the state's "
                "regional integration tasks",
                legal_reference="Act 531/2025 on the vitality centres; Act 721/2025 amending "
                "Act 681/2023",
                valid_from=C9_CHANGE,
                source="https://www.finlex.fi/fi/lainsaadanto/2025/531",
            ),
            _("Regional vitality centre (elinvoimakeskus)"),
            _("vitality centre"),
            ("elinvoimakeskus", "livskraftscentral"),
        ),
    ),
    KEHA: (
        AuthorityName(
            RuleVersion(
                id="authority-keha-2015",
                title="The development and administrative centre of the ELY centres and the "
                "TE offices",
                legal_reference="Act 897/2009",
                valid_from=datetime.date(2015, 1, 1),
                valid_to=datetime.date(2025, 12, 31),
                source="https://www.keha-keskus.fi",
            ),
            _(
                "Development and Administrative Services Centre for ELY Centres and TE Offices "
                "(KEHA Centre)"
            ),
            _("KEHA Centre"),
            ("keha-keskus",),
        ),
        AuthorityName(
            RuleVersion(
                id="authority-keha-2026",
                title="The employment, development and administrative centre (KEHA-keskus)",
                legal_reference="Act 531/2025",
                valid_from=C9_CHANGE,
                source="https://www.finlex.fi/fi/lainsaadanto/2025/531",
            ),
            _("Employment, Development and Administrative Centre (KEHA Centre)"),
            _("KEHA Centre"),
            ("keha-keskus",),
        ),
    ),
}

for _versions in NAMES.values():
    check_sequence(tuple(n.rule for n in _versions))


class NoNameError(LookupError):
    """The authority had no name of this table on the day (before its first row)."""


def entry(key: str, day: datetime.date) -> AuthorityName:
    """The authority's name row valid on `day`."""
    for row in NAMES[key]:
        if row.valid_from <= day and (row.valid_to is None or day <= row.valid_to):
            return row
    raise NoNameError(f"{key} on {day.isoformat()}")


def name(key: str, day: datetime.date, *, short: bool = False) -> str:
    """The authority's name on `day`, in the active language."""
    row = entry(key, day)
    return str(row.short if short else row.name)


def name_or_none(key: str, day: datetime.date | None) -> str | None:
    """The name on `day`, or None without a day or before the table's first row."""
    if day is None:
        return None
    try:
        return name(key, day)
    except NoNameError:
        return None


def keywords() -> tuple[str, ...]:
    """The words that recognise any of these authorities, under any of their names."""
    return tuple(dict.fromkeys(w for rows in NAMES.values() for row in rows for w in row.keywords))
