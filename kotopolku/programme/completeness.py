"""The completeness check of a programme document against Act 681/2023 s. 13 as amended.

The check is a dated rule version (`core.rulebook`), so that a version of 2027 (DOMAIN.md
0.1 C11: a reform bill is planned for 1.1.2027) can sit beside the one of 2025: add a
`RuleVersion` to `S13` (ending the 2025 one the day before) and its function to `CHECKS`.
Before 1.1.2025 the previous act 1386/2010 applied, and Kotopolku does not judge by it
(DOMAIN.md 0.1 C8): the check answers "not judged", without warnings.

The version of 2025 warns when (each warning has a code, a message in the UI language and
the editor anchor of the field that fixes it):

- a mandatory part (1-6) is missing, or its A (description), B (responsible parties) or C
  (cooperation) has no answer, or it links no tray entry (`part_missing`, `answer_missing`,
  `no_services`);
- part 5 neither describes literacy training nor justifies its absence (`literacy_missing`);
- part 3 does not name the languages of civic orientation (`civic_languages_missing`), or
  does not name a language the register has demand for (`civic_language_not_named`);
- the approval (body, date, reference) is not recorded: it must be before publishing
  (`approval_missing`);
- a text cites the repealed ss. 15 or 17 (the multi-professional assessment and plan,
  repealed by Act 1100/2024, DOMAIN.md 0.1 C1) or answers a repealed question of the old
  template (`repealed_section`, `repealed_question`), with the correction.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kotopolku.clients.rules import LAW_2025, previous_act_version
from kotopolku.core.rulebook import NoRuleInForce, RuleVersion, in_force
from kotopolku.programme import derived as derived_content
from kotopolku.programme.template import template

S13_2025 = RuleVersion(
    id="programme-s13-681-2023",
    title="The minimum content of the integration programme document",
    legal_reference=gettext_noop("Act 681/2023 s. 13 as amended by Act 1100/2024"),
    valid_from=LAW_2025,
    source="https://kotoutuminen.fi/koto24-kotoutumisohjelma-tarkistuslista",
)
S13: tuple[RuleVersion, ...] = (
    previous_act_version("programme-s13", "The content of the municipal integration programme"),
    S13_2025,
)

OPENING_FIELDS = ("coordinator", "contact", "updated_text", "preparation", "follow_up")
OPENING_FIELDS_ALL = (*OPENING_FIELDS, "approval_process", "title")


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    anchor: str  # the editor's anchor, e.g. "s5-a_literacy", "approval"
    url: str  # the page and the anchor
    section: int | None = None
    part: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "section": self.section,
            "part": self.part,
            "field": self.anchor,
            "url": self.url,
        }


@dataclass
class Completeness:
    rule: RuleVersion
    day: datetime.date
    warnings: list[Warning] = field(default_factory=list)

    @property
    def judged(self) -> bool:
        return self.rule.judged

    @property
    def complete(self) -> bool:
        """Nothing the law requires is missing (approval included)."""
        return self.judged and not self.warnings

    @property
    def content_complete(self) -> bool:
        """The text is complete: only the approval may still be missing."""
        return self.judged and all(w.code == "approval_missing" for w in self.warnings)

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": {
                "id": self.rule.id,
                "title": self.rule.title,
                "legal_reference": _(self.rule.legal_reference),
                "valid_from": self.rule.valid_from.isoformat(),
                "valid_to": self.rule.valid_to.isoformat() if self.rule.valid_to else None,
            },
            "day": self.day.isoformat(),
            "judged": self.judged,
            "complete": self.complete,
            "content_complete": self.content_complete,
            "warnings": [w.as_json() for w in self.warnings],
        }


def editor_url(programme_id: Any, anchor: str) -> str:
    """The editor page (programme:edit, 17a) with the anchor; the approval page for
    `approval`."""
    name = "programme:approve" if anchor == "approval" else "programme:edit"
    try:
        base = reverse(name, args=[programme_id])
    except NoReverseMatch:  # the pages are 17a's: the paths of the contract
        base = f"/programme/{programme_id}/{'approve' if anchor == 'approval' else 'edit'}/"
    return f"{base}#{anchor}"


# --- Repealed sections ---------------------------------------------------------------------

REPEALED = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b14\s*(?:ja|och|and|–|-)\s*15\s*§",
        r"\b16\s*(?:ja|och|and|–|-)\s*17\s*§",
        r"(?:KotoL|IntegrationsL|kotoutumislain|lain kotoutumisen edistämisestä|681/2023)"
        r"[^.\n§]{0,15}?\b1[57]\s*§",
        r"§§?\s*1[57]\b(?!\s*mom)",
        r"\bmonialai\w*\s+(?:[\w-]+\s+){0,4}?(?:arvi\w*|kotoutumissuunnitelm\w*|suunnitelm\w*)",
        r"\bsektorsövergripande\s+(?:\w+\s+){0,3}?(?:bedömning\w*|integrationsplan\w*|plan\w*)",
        r"\bmulti-?professional\s+(?:\w+\s+){0,3}?(?:assessment|integration plan|plan)\b",
    )
]


def repealed_citations(text: str) -> list[str]:
    """The fragments of `text` that cite the repealed ss. 15 or 17 of Act 681/2023 (or the
    multi-professional assessment or plan they provided), in order, each once."""
    found: list[tuple[int, str]] = []
    for pattern in REPEALED:
        found.extend((m.start(), m.group(0)) for m in pattern.finditer(text or ""))
    seen: list[str] = []
    for _start, fragment in sorted(found):
        if fragment not in seen:
            seen.append(fragment)
    return seen


def correction() -> str:
    return _(
        "The multi-professional assessment and plan (the former sections 15 and 17 of the act) "
        "were repealed by Act 1100/2024 before the act came into force. The wellbeing county "
        "takes part in the assessment and the "
        "plan at the request of the municipality or the employment authority, which keep the "
        "responsibility: cite section 14 (assessment) and section 16 (plan)."
    )


# --- The check of 2025 -----------------------------------------------------------------------


def _check_2025(programme: Any, add: Callable[..., None], derived: Any) -> None:
    tmpl = template()
    sections = {s.number: s for s in programme.sections.all()}
    answers: dict[int, list[Any]] = {n: list(s.answers.all()) for n, s in sections.items()}
    linked = {n: len(s.services.all()) for n, s in sections.items()}

    def answered(number: int, key: str) -> bool:
        return any(a.question == key and a.text.strip() for a in answers.get(number, []))

    for st in tmpl.sections:
        if st.optional:
            continue
        title = st.title_in(_lang())
        first = st.questions[0].key if st.questions else "a_how"
        if st.number not in sections:
            add(
                "part_missing",
                _("Part %(number)s (%(title)s) is missing.")
                % {"number": st.number, "title": title},
                f"s{st.number}-{first}",
                section=st.number,
            )
            continue
        for part, label in (
            ("a", _("the description of the service (A)")),
            ("b", _("the responsible parties (B)")),
            ("c", _("the cooperation (C)")),
        ):
            in_force_keys = {q.key for q in st.questions_of(part) if not q.repealed}
            has = any(
                a.part == part
                and a.text.strip()
                and (a.question in in_force_keys or not a.question)
                for a in answers[st.number]
            )
            if not has:
                questions = [q for q in st.questions_of(part) if not q.repealed]
                key = questions[0].key if questions else f"{part}"
                add(
                    "answer_missing",
                    _("Part %(number)s (%(title)s) does not describe %(what)s.")
                    % {"number": st.number, "title": title, "what": label},
                    f"s{st.number}-{key}",
                    section=st.number,
                    part=part,
                )
        if not linked[st.number]:
            add(
                "no_services",
                _("Part %(number)s (%(title)s) links no service of the tray.")
                % {"number": st.number, "title": title},
                f"s{st.number}-services",
                section=st.number,
            )

    if 5 in sections and not (answered(5, "a_literacy") or answered(5, "a_literacy_none")):
        add(
            "literacy_missing",
            _(
                "Part 5 neither describes the literacy training nor justifies why there is "
                "no need for it."
            ),
            "s5-a_literacy",
            section=5,
            part="a",
        )

    if 3 in sections:
        texts = " ".join(a.text for a in answers[3] if a.question == "a_languages")
        if not texts.strip():
            add(
                "civic_languages_missing",
                _("Part 3 does not name the languages of civic orientation."),
                "s3-a_languages",
                section=3,
                part="a",
            )
        else:
            for demand in derived.civic_demand:
                if demand.clients.shown == 0 or names_language(texts, demand.language):
                    continue
                add(
                    "civic_language_not_named",
                    _(
                        "Clients of the municipalities wait for civic orientation in %(language)s "
                        "(%(count)s), but part 3 does not name the language."
                    )
                    % {
                        "language": _ui_language_name(demand.language),
                        "count": demand.clients.label,
                    },
                    "s3-a_languages",
                    section=3,
                    part="a",
                )

    missing = [
        label
        for value, label in (
            (programme.approved_by_body, _("the approving body")),
            (programme.approved_on, _("the date")),
            (programme.decision_reference, _("the decision reference")),
        )
        if not value
    ]
    if missing:
        add(
            "approval_missing",
            _("The approval must be recorded before publishing; missing: %(fields)s.")
            % {"fields": ", ".join(str(m) for m in missing)},
            "approval",
        )

    # repealed sections cited in the text, and answers to repealed template questions
    for name in OPENING_FIELDS_ALL:
        found = repealed_citations(getattr(programme, name, "") or "")
        if found:
            add(
                "repealed_section",
                _("The text cites a repealed provision (%(found)s). %(correction)s")
                % {"found": "; ".join(found), "correction": correction()},
                f"opening-{name}",
            )
    for number, section in sorted(sections.items()):
        st_or_none = _template_section(tmpl, number)
        found = repealed_citations(section.title)
        if found:
            add(
                "repealed_section",
                _(
                    "The title of part %(number)s cites a repealed provision (%(found)s). "
                    "%(correction)s"
                )
                % {"number": number, "found": "; ".join(found), "correction": correction()},
                f"s{number}",  # the part in the editor (its heading shows the title)
                section=number,
            )
        for answer in answers[number]:
            question = st_or_none.question(answer.question) if st_or_none else None
            # an answer without a template question is the editor's "other text" of its part
            anchor = f"s{number}-{answer.question or 'other_' + answer.part}"
            if question is not None and question.repealed and answer.text.strip():
                add(
                    "repealed_question",
                    _(
                        "Part %(number)s answers a question of the old template on a repealed "
                        "provision (%(repealed)s). %(correction)s"
                    )
                    % {"number": number, "repealed": question.repealed, "correction": correction()},
                    anchor,
                    section=number,
                    part=answer.part,
                )
                continue
            found = repealed_citations(f"{answer.question_text}\n{answer.text}")
            if found:
                add(
                    "repealed_section",
                    _("Part %(number)s cites a repealed provision (%(found)s). %(correction)s")
                    % {"number": number, "found": "; ".join(found), "correction": correction()},
                    anchor,
                    section=number,
                    part=answer.part,
                )

    for row in programme.responsibility_rows.all():
        found = repealed_citations(f"{row.service}\n{row.jobseekers}\n{row.others}")
        if found:
            add(
                "repealed_section",
                _(
                    "A row of the responsibility table cites a repealed provision (%(found)s). "
                    "%(correction)s"
                )
                % {"found": "; ".join(found), "correction": correction()},
                "responsibility",
            )


CHECKS: dict[str, Callable[[Any, Callable[..., None], Any], None]] = {
    S13_2025.id: _check_2025,
}


def _template_section(tmpl: Any, number: int) -> Any:
    try:
        return tmpl.section(number)
    except KeyError:
        return None


def _lang() -> str:
    from django.utils.translation import get_language

    lang = (get_language() or "fi").split("-")[0]
    return lang if lang in ("fi", "sv") else "fi"


def _ui_language_name(code: str) -> str:
    from django.utils.translation import get_language

    from kotopolku.core import languages

    return languages.name(code, (get_language() or "en").split("-")[0])


def _stem(name: str) -> str:
    name = name.casefold()
    return name[: max(5, len(name) - 2)] if len(name) > 5 else name


def names_language(text: str, code: str) -> bool:
    """Does `text` name the language `code` (in Finnish, Swedish or English, inflected)?"""
    from kotopolku.core import languages

    folded = text.casefold()
    for lang in ("fi", "sv", "en"):
        name = languages.name(code, lang)
        if not name or name == code:
            continue
        if re.search(r"\b" + re.escape(_stem(name)), folded):
            return True
    return False


def prefetched(programme: Any) -> Any:
    """The programme with what the check reads, in a fixed number of queries."""
    from django.db.models import prefetch_related_objects

    programme._prefetched_objects_cache = {}  # read afresh: the check follows edits
    prefetch_related_objects(
        [programme], "sections__answers", "sections__services", "responsibility_rows"
    )
    return programme


def check(programme: Any, *, on: datetime.date | None = None, derived: Any = None) -> Completeness:
    """The completeness of `programme` by the version of s. 13 in force `on` (default today:
    the programme must meet the law in force while it is the municipality's programme)."""
    day = on or timezone.localdate()
    try:
        rule = in_force(S13, day)
    except NoRuleInForce:
        rule = S13[0]
    result = Completeness(rule=rule, day=day)
    if not rule.judged:
        return result
    prefetched(programme)
    derived = derived if derived is not None else derived_content.derive(programme)

    def add(
        code: str, message: str, anchor: str, *, section: int | None = None, part: str = ""
    ) -> None:
        result.warnings.append(
            Warning(
                code=code,
                message=message,
                anchor=anchor,
                url=editor_url(programme.pk, anchor),
                section=section,
                part=part,
            )
        )

    CHECKS[rule.id](programme, add, derived)
    return result
