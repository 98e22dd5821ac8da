"""The programme document for the city board: HTML with a print stylesheet, PDF (WeasyPrint)
and DOCX (python-docx), in the official template's numbering and headings.

The headings (the template's parts, questions and labels) are in the language asked for
(`fi` or `sv`, default the document's language); the answers are as written, in the
document's language. The order: title and municipalities, the opening questions, the
partners, parts 1-7 (each with A, B and C: the template's questions and their answers, then
the linked tray entries), the responsibility table, and the approval.

The PDF is made by WeasyPrint from the same HTML as the page, its stylesheet read from the
static files on disk and every other fetch refused (`core.pdf`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kotopolku.catalog.models import Service
from kotopolku.core.pdf import local_fetcher, static_path
from kotopolku.core.translated import pick
from kotopolku.programme.template import PARTS, template

LANGUAGES = ("fi", "sv")
STYLESHEET = "kotopolku/css/programme_document.css"
TEMPLATE = "programme/document.html"


@dataclass
class AnswerView:
    key: str
    question: str
    text: str


@dataclass
class PartView:
    part: str
    heading: str
    answers: list[AnswerView]


@dataclass
class SectionView:
    number: int
    title: str
    guidance: str
    parts: list[PartView]
    services: list[str]  # "name (provider)"


@dataclass
class RowView:
    service: str
    jobseekers: str
    others: str


@dataclass
class DocumentView:
    lang: str  # the headings' language
    doc_lang: str  # the answers' language
    title: str
    subtitle: str
    municipalities: list[str]
    opening: list[tuple[str, str, str]]  # (key, label, text)
    partners_label: str
    partners: list[str]
    sections: list[SectionView]
    table_heading: str
    table_columns: tuple[str, str, str]
    rows: list[RowView]
    approval_heading: str
    approval: list[tuple[str, str]]  # (label, value)
    labels: dict[str, str] = field(default_factory=dict)


def language(requested: str | None, programme: Any) -> str:
    """The headings' language: `requested` if fi or sv, else the document's."""
    if requested in LANGUAGES:
        return str(requested)
    return programme.language if programme.language in LANGUAGES else "fi"


def load(programme: Any) -> Any:
    """Fetch what the document shows in a fixed number of queries."""
    programme._prefetched_objects_cache = {}  # read afresh: the check follows edits
    prefetch_related_objects(
        [programme],
        "municipalities",
        "partners",
        "responsibility_rows",
        "sections__answers",
        Prefetch("sections__services", queryset=Service.objects.select_related("owner")),
    )
    return programme


def build(programme: Any, lang: str) -> DocumentView:
    """The document as plain values (the HTML, the PDF and the DOCX all read this)."""
    load(programme)
    tmpl = template()
    doc_lang = programme.language or "fi"
    with translation.override(lang):
        opening = [
            ("coordinator", tmpl.label("opening", "coordinator", lang), programme.coordinator),
            ("contact", tmpl.label("opening", "contact", lang), programme.contact),
            ("updated_text", tmpl.label("opening", "updated_text", lang), programme.updated_text),
            ("preparation", tmpl.label("opening", "preparation", lang), programme.preparation),
            ("follow_up", _("Follow-up of the programme"), programme.follow_up),
            (
                "approval_process",
                tmpl.label("opening", "approval_process", lang),
                programme.approval_process,
            ),
        ]
        sections = []
        for section in programme.sections.all():
            try:
                st: Any = tmpl.section(section.number)
            except KeyError:
                st = None
            parts = []
            for part in PARTS:
                answers = []
                for a in section.answers.all():
                    if a.part != part:
                        continue
                    q = st.question(a.question) if st is not None and a.question else None
                    question = q.in_language(lang) if q is not None else a.question_text
                    answers.append(AnswerView(a.question, question, a.text))
                parts.append(PartView(part, tmpl.label("parts", part, lang), answers))
            services = [
                f"{pick(s.name, doc_lang)} ({pick(s.owner.name, doc_lang)})"
                for s in sorted(section.services.all(), key=lambda s: str(pick(s.name, doc_lang)))
            ]
            sections.append(
                SectionView(
                    number=section.number,
                    title=st.title_in(lang) if st is not None else section.title,
                    guidance=(st.guidance.get(lang) or st.guidance.get("fi", "")) if st else "",
                    parts=parts,
                    services=services,
                )
            )
        rows = [
            RowView(r.service, r.jobseekers, r.others) for r in programme.responsibility_rows.all()
        ]
        approved_on = (
            date_format(programme.approved_on, "SHORT_DATE_FORMAT") if programme.approved_on else ""
        )
        return DocumentView(
            lang=lang,
            doc_lang=doc_lang,
            title=programme.title or _("Municipal integration programme"),
            subtitle=_("Document describing the services of early integration"),
            municipalities=sorted(
                {
                    str(m.name_sv if lang == "sv" and m.name_sv else m.name_fi)
                    for m in programme.municipalities.all()
                }
            ),
            opening=opening,
            partners_label=tmpl.label("opening", "partners", lang),
            partners=[p.name for p in programme.partners.all()],
            sections=sections,
            table_heading=tmpl.label("responsibility_table", "heading", lang),
            table_columns=(
                tmpl.label("responsibility_table", "service", lang),
                tmpl.label("responsibility_table", "jobseekers", lang),
                tmpl.label("responsibility_table", "others", lang),
            ),
            rows=rows,
            approval_heading=_("Approval"),
            approval=[
                (_("Approved by"), programme.approved_by_body),
                (_("Approved on"), approved_on),
                (_("Decision reference"), programme.decision_reference),
            ],
            labels={
                "municipalities": _("Municipality or municipalities"),
                "services": _("Services of the tray that implement this part"),
                "no_answer": _("Not answered."),
                "no_services": _("No service linked."),
                "version": _("Version %(version)s") % {"version": programme.version},
                "status": str(programme.get_status_display()),
                "print": _("Print"),
                "language": _("Language of the headings"),
                "document_date": _("Date of the document"),
                "date": date_format(programme.document_date, "SHORT_DATE_FORMAT")
                if programme.document_date
                else "",
            },
        )


# --- HTML and PDF ------------------------------------------------------------------------------


def render_html(
    request: Any, programme: Any, lang: str, *, pdf: bool = False, toolbar: Any = None
) -> str:
    view = build(programme, lang)
    with translation.override(lang):
        context = {
            "doc": view,
            "pdf": pdf,
            "toolbar": toolbar,
            "stylesheet": static_path(STYLESHEET).name if pdf else static(STYLESHEET),
        }
        return render_to_string(TEMPLATE, context, request=None if pdf else request)


def render_pdf(programme: Any, lang: str) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    css = static_path(STYLESHEET)
    html = render_html(None, programme, lang, pdf=True)
    pdf: bytes = HTML(
        string=html, base_url=css.parent.as_uri() + "/", url_fetcher=local_fetcher(css.parent)
    ).write_pdf()
    return pdf


# --- DOCX --------------------------------------------------------------------------------------


def render_docx(programme: Any, lang: str) -> bytes:
    """The document as a Word file (python-docx): headings as Word headings, the
    responsibility table as a table."""
    import docx

    view = build(programme, lang)
    document = docx.Document()
    core = document.core_properties
    core.title = view.title
    core.language = view.doc_lang
    document.add_heading(view.title, level=0)
    document.add_paragraph(view.subtitle)
    meta = [view.labels["version"], view.labels["status"]]
    if view.labels["date"]:
        meta.append(f"{view.labels['document_date']}: {view.labels['date']}")
    document.add_paragraph(" · ".join(meta))

    def label_and_text(label: str, text: str) -> None:
        document.add_heading(label, level=2)
        for paragraph in (text or view.labels["no_answer"]).split("\n\n"):
            document.add_paragraph(paragraph.strip())

    label_and_text(view.labels["municipalities"], ", ".join(view.municipalities))
    for _key, label, text in view.opening[:3]:
        label_and_text(label, text)
    document.add_heading(view.partners_label, level=2)
    for partner in view.partners:
        document.add_paragraph(partner, style="List Bullet")
    for _key, label, text in view.opening[3:]:
        label_and_text(label, text)

    for section in view.sections:
        document.add_heading(f"{section.number}. {section.title}", level=1)
        for part in section.parts:
            document.add_heading(part.heading, level=2)
            if not part.answers:
                document.add_paragraph(view.labels["no_answer"])
            for answer in part.answers:
                if answer.question:
                    p = document.add_paragraph()
                    p.add_run(answer.question).bold = True
                for paragraph in (answer.text or view.labels["no_answer"]).split("\n\n"):
                    document.add_paragraph(paragraph.strip())
        document.add_heading(view.labels["services"], level=3)
        if not section.services:
            document.add_paragraph(view.labels["no_services"])
        for service in section.services:
            document.add_paragraph(service, style="List Bullet")

    document.add_heading(view.table_heading, level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, view.table_columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in view.rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = row.service, row.jobseekers, row.others

    document.add_heading(view.approval_heading, level=1)
    for label, value in view.approval:
        p = document.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value or "–")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def file_name(programme: Any, lang: str, extension: str) -> str:
    """A file name without personal data: the version, the language."""
    return f"integration-programme-v{programme.version}-{lang}.{extension}"
