"""A word-level diff between two versions of the same programme (one series), field by field:
the opening fields, the partners, each part's answers by template question (an answer
without a question by its place among such answers), each part's linked tray entries, the
responsibility table and the approval."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kotopolku.core.textdiff import Chunk, words
from kotopolku.core.translated import pick
from kotopolku.programme import render
from kotopolku.programme.template import template


class NotSameSeries(ValueError):  # noqa: N818 (reads as a sentence)
    """The two programmes are not versions of one programme."""


@dataclass
class FieldDiff:
    key: str  # the editor's anchor of the field ("opening-coordinator", "s3-a_languages", ...)
    label: str
    section: int | None
    part: str
    chunks: list[Chunk]

    @property
    def changed(self) -> bool:
        return any(c.op != "equal" for c in self.chunks)

    def as_json(self) -> dict[str, Any]:
        return {
            "field": self.key,
            "label": self.label,
            "section": self.section,
            "part": self.part,
            "changed": self.changed,
            "chunks": [{"op": c.op, "text": c.text} for c in self.chunks],
        }


def _fields(programme: Any) -> dict[str, tuple[str, int | None, str, str]]:
    """key -> (label, section, part, text) of every field of a version."""
    render.load(programme)
    tmpl = template()
    lang = programme.language if programme.language in ("fi", "sv") else "fi"
    out: dict[str, tuple[str, int | None, str, str]] = {}
    out["title"] = (_("Title"), None, "", programme.title)
    for name in ("coordinator", "contact", "updated_text", "preparation", "approval_process"):
        out[f"opening-{name}"] = (
            tmpl.label("opening", name, lang),
            None,
            "",
            getattr(programme, name),
        )
    out["opening-follow_up"] = (_("Follow-up of the programme"), None, "", programme.follow_up)
    out["partners"] = (
        tmpl.label("opening", "partners", lang),
        None,
        "",
        "\n".join(p.name for p in programme.partners.all()),
    )
    for section in programme.sections.all():
        try:
            st: Any = tmpl.section(section.number)
        except KeyError:
            st = None
        seen: dict[tuple[str, str], int] = defaultdict(int)
        for answer in section.answers.all():
            n = seen[(answer.part, answer.question)]
            seen[(answer.part, answer.question)] += 1
            name = answer.question or f"other_{answer.part}"
            key = f"s{section.number}-{name}" + (f"-{n + 1}" if n else "")
            q = st.question(answer.question) if st is not None and answer.question else None
            label = (
                q.in_language(lang)
                if q is not None
                else (answer.question_text or answer.part.upper())
            )
            out[key] = (
                f"{section.number}{answer.part.upper()}. {label}",
                section.number,
                answer.part,
                answer.text,
            )
        services = sorted(str(pick(s.name, lang)) for s in section.services.all())
        out[f"s{section.number}-services"] = (
            f"{section.number}. {_('Linked services')}",
            section.number,
            "",
            "\n".join(services),
        )
    out["responsibility"] = (
        tmpl.label("responsibility_table", "heading", lang),
        None,
        "",
        "\n".join(
            f"{r.service}: {r.jobseekers} | {r.others}" for r in programme.responsibility_rows.all()
        ),
    )
    out["approval"] = (
        _("Approval"),
        None,
        "",
        " ".join(
            str(v)
            for v in (
                programme.approved_by_body,
                programme.approved_on or "",
                programme.decision_reference,
            )
            if v
        ),
    )
    return out


def diff(old: Any, new: Any) -> list[FieldDiff]:
    """Every field of either version, in the order of the newer one (then fields only the
    older one has), with its word-level difference."""
    if old.series != new.series:
        raise NotSameSeries(_("The two programmes are not versions of the same programme."))
    a, b = _fields(old), _fields(new)
    keys = list(b) + [k for k in a if k not in b]
    result = []
    for key in keys:
        label, section, part, _text = b[key] if key in b else a[key]
        old_text = a[key][3] if key in a else ""
        new_text = b[key][3] if key in b else ""
        result.append(FieldDiff(key, label, section, part, words(old_text, new_text)))
    return result


def as_json(old: Any, new: Any, diffs: list[FieldDiff]) -> dict[str, Any]:
    return {
        "old": {"id": str(old.pk), "version": old.version},
        "new": {"id": str(new.pk), "version": new.version},
        "changed": sum(1 for d in diffs if d.changed),
        "fields": [d.as_json() for d in diffs],
    }
