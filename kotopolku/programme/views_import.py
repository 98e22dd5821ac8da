"""The upload page of an existing programme document (`programme:import`, coordinators only).

A coordinator chooses the coordinating organisation (theirs), the municipality and a text or
DOCX file written in the official template's structure. The file is read by
`programme.importing` and written into a new draft, all or nothing. After the import the page
shows what was placed (parts, answers under their questions, partners, the responsibility
table) and the texts it could not place, with a link to the draft's read view. The result is
shown after a redirect (refreshing the page does not import twice); the unplaced texts, which
the draft does not keep, travel in the session.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotopolku.access import programmes as permissions
from kotopolku.core.errors import InvalidError
from kotopolku.core.forms import ActionForm
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme import actions
from kotopolku.programme.document import from_programme
from kotopolku.programme.importing.common import MAX_BYTES, NotAProgrammeDocument
from kotopolku.programme.importing.drafts import import_draft, names_the_municipality
from kotopolku.programme.importing.text import read_bytes
from kotopolku.programme.models import Programme
from kotopolku.programme.template import template

SESSION_KEY = "programme_import"
MAX_SHOWN = 200  # unplaced texts kept in the session to be shown; the rest are counted
# A text file that was not UTF-8: the page says how it was read (check the letters).
ENCODINGS = {"cp1252": "Windows-1252", "latin-1": "Latin-1"}
ACCEPT = (
    ".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


class ImportForm(ActionForm):
    organisation = forms.ChoiceField(label=gettext_lazy("Coordinating organisation"))
    municipality = forms.ChoiceField(
        label=gettext_lazy("Municipality of the programme"),
        help_text=gettext_lazy(
            "A joint programme: choose one municipality here and add the others in the editor."
        ),
    )
    document = forms.FileField(
        label=gettext_lazy("Programme document"),
        help_text=gettext_lazy(
            "Plain text (.txt) or Word (.docx), written in the official template's structure: "
            "the opening, parts 1-7 with A, B and C, and the responsibility table."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    ALIASES = {"municipalities": "municipality", "sections": "document", "partners": "document"}

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            (str(o.pk), str(o.display_name())) for o in organisations
        ]
        if len(organisations) == 1:
            self.fields["organisation"].initial = str(organisations[0].pk)
        served = (
            Municipality.objects.valid_on()
            .filter(organisations__in=organisations)
            .distinct()
            .order_by("name_fi")
        )
        self.municipalities = {m.code: m for m in served}
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((m.code, f"{m.name_fi} ({m.code})") for m in served),
        ]

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // 2**20}
            )
        return upload

    def refuse(self, exc: InvalidError) -> None:
        """An action's refusal; what it says about the document's content (a part's answer,
        a row of the responsibility table) goes on the file field, saying where."""
        for name, messages in exc.errors.items():
            target = self._target(name)
            for message in messages:
                text = self.localise(message)
                if target is None:
                    target, text = "document", f"{_where(name)}: {text}"
                self.add_error(target, text)
        self._describe_errors()


def _where(name: str) -> str:
    """Where in the document an action's field name ("s3-a_languages", "responsibility.2.
    service") points, for the person who wrote it."""
    row = re.match(r"responsibility\.(\d+)", name)
    if row:
        return _("Responsibility table, row %(row)s") % {"row": int(row.group(1)) + 1}
    part = re.match(r"s(\d+)\b", name)
    if part:
        return _("Part %(number)s") % {"number": part.group(1)}
    return name


def _organisations(request: AuthenticatedRequest) -> list[Organisation]:
    ids = permissions.coordinating_organisation_ids(request.user)
    organisations = list(Organisation.objects.filter(id__in=ids, is_active=True).order_by("slug"))
    if not organisations:
        raise Http404
    return organisations


@require_http_methods(["GET", "POST"])
def programme_import(request: AuthenticatedRequest) -> HttpResponse:
    organisations = _organisations(request)
    result = _result(request) if request.method == "GET" else None
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.organisations.get(form.cleaned_data["organisation"])
        municipality = form.municipalities.get(form.cleaned_data["municipality"])
        if organisation is None or municipality is None:
            raise Http404
        upload = form.cleaned_data["document"]
        name = str(upload.name or "")[:300]
        try:
            imported = read_bytes(upload.read(), name)
        except NotAProgrammeDocument as exc:
            reason = gettext(exc.message) % exc.params if exc.params else gettext(exc.message)
            message = _("This is not a programme document: %(reason)s.") % {"reason": reason}
            form.refuse(InvalidError({"document": [message]}))
        else:
            try:
                programme = import_draft(
                    imported,
                    organisation=organisation,
                    municipality=municipality,
                    acting_user=request.user,
                    source_name=name,
                )
            except InvalidError as exc:
                form.refuse(exc)
            except actions.NotAllowedError:
                raise Http404 from None
            else:
                request.session[SESSION_KEY] = {
                    "id": str(programme.pk),
                    "parts": len(imported.document.sections),
                    "unplaced": imported.unplaced[:MAX_SHOWN],
                    "more": max(0, len(imported.unplaced) - MAX_SHOWN),
                    "encoding": imported.encoding,
                    "mismatch": ""
                    if names_the_municipality(imported.document, municipality)
                    else ", ".join(imported.document.municipalities),
                }
                url = reverse("programme:import")
                return HttpResponseRedirect(f"{url}?done={programme.pk}#result")
    return render(request, "programme/import.html", {"form": form, "result": result})


def _result(request: AuthenticatedRequest) -> dict[str, Any] | None:
    """What the last import of this session placed, when the page is asked for it (?done=id)
    and the user still writes that draft."""
    done = request.GET.get("done", "")
    stored = request.session.get(SESSION_KEY) or {}
    if not done or stored.get("id") != done:
        return None
    try:
        programme = Programme.objects.prefetch_related("municipalities").get(pk=uuid.UUID(done))
    except (ValueError, Programme.DoesNotExist):
        return None
    if not permissions.may_write(request.user, organisation_id=programme.organisation_id):
        return None
    doc = from_programme(programme)
    tpl = template()
    lang = programme.language if programme.language in ("fi", "sv") else "fi"
    sections = []
    for s in doc.sections:
        if not s.answers:
            continue
        questions = tpl.section(s.number)
        answers = []
        for a in s.answers:
            q = questions.question(a.question) if a.question else None
            answers.append(
                {
                    "part": a.part.upper(),
                    "key": a.question,
                    "question": q.in_language(lang) if q else a.question_text,
                    "text": a.text,
                    "anchor": f"s{s.number}-{a.question}" if a.question else "",
                }
            )
        sections.append({"number": s.number, "title": s.title, "answers": answers})
    return {
        "programme": programme,
        "document": doc,
        "parts": stored.get("parts", len(sections)),
        "sections": sections,
        "unplaced": stored.get("unplaced", []),
        "more": stored.get("more", 0),
        "encoding": ENCODINGS.get(stored.get("encoding", ""), ""),
        "mismatch": stored.get("mismatch", ""),
        "municipality": ", ".join(m.name_fi for m in programme.municipalities.all()),
    }
