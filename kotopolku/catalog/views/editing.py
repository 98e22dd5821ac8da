"""Keeping the tray current: our entries, the entry form, status, history and approvals.

Every entry is fetched through `catalog.scopes` (an entry outside the user's rights
answers 404). The actions do the writing; this module parses, calls and renders.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kotopolku.audit.models import ChangeEvent
from kotopolku.catalog import actions, hooks, rules
from kotopolku.catalog import scopes as permissions
from kotopolku.catalog.actions.common import snapshot
from kotopolku.catalog.actions.revisions import fingerprint
from kotopolku.catalog.forms import DecisionForm, ServiceForm, form_initial, initial_for
from kotopolku.catalog.models import TEXT_FIELDS, Service, ServiceRevision
from kotopolku.catalog.textdiff import stale_translations, texts_of
from kotopolku.core import languages
from kotopolku.core.languages import direction
from kotopolku.core.textdiff import words
from kotopolku.core.types import AuthenticatedRequest

REFUSALS = (actions.InvalidError,)
STATUS_ACTIONS = ("publish", "archive", "restore", "reviewed")
FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "summary": gettext_lazy("Short description"),
    "description": gettext_lazy("Description"),
    "how_to_join": gettext_lazy("How to take part"),
    "what_to_bring": gettext_lazy("What to bring"),
    "cost_text": gettext_lazy("Cost"),
    "schedule_text": gettext_lazy("Schedule"),
    "status": gettext_lazy("Status"),
    "times": gettext_lazy("Times"),
    "places": gettext_lazy("Places"),
    "reviewed_on": gettext_lazy("Reviewed on"),
}


def _redirect(name: str, *args: Any) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(name, args=args))


def _owners_or_404(request: AuthenticatedRequest) -> list[Any]:
    owners = permissions.editable_organisations(request.user)
    if not owners:
        raise Http404
    return owners


def _authority_owners(request: AuthenticatedRequest, owners: list[Any]) -> set[Any]:
    return {o.pk for o in owners if permissions.keeps_authority_fields(request.user, o)}


def _pending(service: Service) -> ServiceRevision | None:
    return next((r for r in service.revisions.all() if r.status == "pending"), None)


# --- Our services --------------------------------------------------------------------------------


@require_http_methods(["GET"])
def my_services(request: AuthenticatedRequest) -> HttpResponse:
    """The NGO partner's start page: the entries of the user's organisations."""
    owners = _owners_or_404(request)
    today = timezone.localdate()
    months = rules.review_months()
    pending = ServiceRevision.objects.filter(status=ServiceRevision.Status.PENDING)
    services = list(
        Service.objects.filter(owner__in=owners)
        .select_related("owner")
        .prefetch_related(Prefetch("revisions", queryset=pending))
        .order_by("status", "name")
    )
    by_owner: list[dict[str, Any]] = []
    for owner in owners:
        rows = []
        for s in services:
            if s.owner_id != owner.pk:
                continue
            rows.append(
                {
                    "service": s,
                    "name": s.display_name(),
                    "pending": _pending(s),
                    "needs_review": rules.needs_review(s, today, months),
                    "due_on": rules.due_on(s, months),
                }
            )
        rows.sort(key=lambda r: (r["service"].status == "archived", str(r["name"]).lower()))  # type: ignore[attr-defined]
        by_owner.append({"owner": owner, "rows": rows})
    due = sum(1 for group in by_owner for r in group["rows"] if r["needs_review"])
    archived_now = next(
        (
            r
            for group in by_owner
            for r in group["rows"]
            if str(r["service"].pk) == request.GET.get("archived", "")
            and r["service"].status == Service.Status.ARCHIVED
        ),
        None,
    )
    return render(
        request,
        "catalog/my_services.html",
        {"groups": by_owner, "due": due, "months": months, "archived_now": archived_now},
    )


def open_referrals(service: Service) -> list[tuple[str, int]]:
    """The open referrals to the entry by status, from the apps that keep referrals."""
    return [row for answer in hooks.open_referrals(service) for row in answer]


# --- The entry form -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def service_create(request: AuthenticatedRequest) -> HttpResponse:
    owners = _owners_or_404(request)
    initial: dict[str, Any] = {}
    wanted = request.GET.get("owner", "")
    chosen = next((o for o in owners if wanted in (o.slug, str(o.pk))), None)
    if chosen is not None:
        initial["owner"] = str(chosen.pk)
        initial["municipality_codes"] = []
    category = request.GET.get("category", "")
    if category:
        initial["tray_category"] = category
        if category == "authority":
            initial["kind"] = Service.Kind.AUTHORITY_ROLE
    form = ServiceForm(
        request.POST or None,
        initial=initial,
        owners=owners,
        authority_owners=_authority_owners(request, owners),
    )
    if request.method == "POST" and form.is_valid():
        owner = form.chosen_owner
        if owner is None:
            raise Http404
        try:
            service = actions.do_create_service(
                owner, form.values, publish="publish" in request.POST, acting_user=request.user
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            _message_after_create(request, service)
            return _redirect("catalog:my_services")
    return render(
        request, "catalog/service_form.html", {"form": form, "service": None, "waits": False}
    )


def _message_after_create(request: AuthenticatedRequest, service: Service) -> None:
    if service.status == Service.Status.PUBLISHED:
        messages.success(request, _("The entry is saved and published."))
    elif "publish" in request.POST:
        messages.success(
            request,
            _("The entry is saved. It is published when the coordinator approves it."),
        )
    else:
        messages.success(request, _("The entry is saved as a draft."))


@require_http_methods(["GET", "POST"])
def service_edit(request: AuthenticatedRequest, service_id: Any) -> HttpResponse:
    service = permissions.get_editable_service(request.user, service_id)
    waits = service.status == Service.Status.PUBLISHED and not permissions.coordinates(
        request.user, service
    )
    pending = service.revisions.filter(status=ServiceRevision.Status.PENDING).first()
    overlay = {k: v for k, v in (pending.data if pending else {}).items() if k != "status"}
    form = ServiceForm(
        request.POST or None,
        initial=initial_for(service, overlay),
        owners=[service.owner],
        service=service,
        authority_owners=_authority_owners(request, [service.owner]),
    )
    if request.method == "POST" and form.is_valid():
        # the texts as the form showed them (the entry, or the pending proposal on top)
        before = {name: overlay.get(name, getattr(service, name)) for name in TEXT_FIELDS}
        values = form.values
        try:
            result = actions.do_update_service(service, values, acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            _warn_stale_translations(request, before, values)
            if isinstance(result, ServiceRevision):
                messages.success(
                    request,
                    _("Your change is saved and waits for the coordinator's approval."),
                )
            else:
                messages.success(request, _("The entry is updated."))
            return _redirect("catalog:my_services")
    return render(
        request,
        "catalog/service_form.html",
        {"form": form, "service": service, "waits": waits, "pending": pending},
    )


def _warn_stale_translations(
    request: AuthenticatedRequest, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """A reminder (the change is saved) for each text changed in one language only."""
    for stale in stale_translations(before, after, TEXT_FIELDS):
        messages.warning(
            request,
            _(
                "%(field)s: you changed the text in %(changed)s but not in %(unchanged)s. "
                "Check that the translations still say the same."
            )
            % {
                "field": label(stale.field),
                "changed": ", ".join(language_name(c) for c in stale.changed),
                "unchanged": ", ".join(language_name(c) for c in stale.unchanged),
            },
        )


@require_POST
def service_status(request: AuthenticatedRequest, service_id: Any) -> HttpResponse:
    """Publish, archive, or confirm the entry is still current (`action`)."""
    service = permissions.get_editable_service(request.user, service_id)
    action = request.POST.get("action", "")
    if action not in STATUS_ACTIONS:
        raise Http404
    try:
        if action == "publish":
            actions.do_publish_service(service, acting_user=request.user)
            service.refresh_from_db()
            if service.status == Service.Status.PUBLISHED:
                messages.success(request, _("The entry is published."))
            else:
                messages.success(
                    request, _("The publication waits for the coordinator's approval.")
                )
        elif action == "archive":
            if request.POST.get("confirm") != "yes":
                return _confirm_archive(request, service)
            actions.do_archive_service(service, acting_user=request.user)
            messages.success(request, _("The entry is archived."))
            return HttpResponseRedirect(
                reverse("catalog:my_services") + f"?archived={service.pk}#undo"
            )
        elif action == "restore":
            actions.do_restore_service(service, acting_user=request.user)
            service.refresh_from_db()
            messages.success(
                request,
                _("The entry is restored: its status is %(status)s.")
                % {"status": service.get_status_display()},
            )
        else:
            actions.do_mark_reviewed(service, acting_user=request.user)
            messages.success(request, _("Thank you: the entry is marked current."))
    except REFUSALS as exc:
        for problems in exc.errors.values():
            for problem in problems:
                messages.error(request, _(problem))
    return _redirect("catalog:my_services")


def _confirm_archive(request: AuthenticatedRequest, service: Service) -> HttpResponse:
    """The question before archiving, naming the open referrals to the entry (their count by
    status: the owner may not see every client's name)."""
    referrals = open_referrals(service)
    return render(
        request,
        "catalog/archive_confirm.html",
        {
            "service": service,
            "name": service.display_name(),
            "referrals": referrals,
            "open_count": sum(n for _label, n in referrals),
        },
    )


# --- History ------------------------------------------------------------------------------------


def language_name(code: str) -> str:
    """A language's name in the user's language (the code where it has none)."""
    return languages.name(code, (get_language() or "fi")[:2]) or code


def label(field: str) -> str:
    if field in FIELD_LABELS:
        return str(FIELD_LABELS[field])
    try:
        return str(getattr(Service._meta.get_field(field), "verbose_name", field)).capitalize()
    except Exception:  # times, places and other keys of the log
        return field.replace("_", " ").capitalize()


def shown(value: Any) -> list[dict[str, Any]]:
    """A logged value as lines for a page: texts per language (with `lang`, `dir`)."""
    if value in (None, "", [], {}):
        return [{"text": "–", "lang": None, "dir": None}]
    if isinstance(value, dict):
        return [
            {"text": str(text), "lang": code, "dir": direction(str(code))}
            for code, text in value.items()
        ]
    if isinstance(value, list | tuple):
        return [{"text": ", ".join(str(v) for v in value), "lang": None, "dir": None}]
    return [{"text": str(value), "lang": None, "dir": None}]


def row(field: str, old: Any, new: Any) -> dict[str, Any]:
    return {"field": field, "label": label(field), "old": shown(old), "new": shown(new)}


def change_rows(changes: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        row(field, pair[0], pair[1])
        for field, pair in sorted(changes.items())
        if isinstance(pair, list | tuple) and len(pair) == 2
    ]


@require_http_methods(["GET"])
def service_history(request: AuthenticatedRequest, service_id: Any) -> HttpResponse:
    service = permissions.get_history_service(request.user, service_id)
    revisions = list(service.revisions.select_related("proposed_by", "decided_by"))
    subjects = [("service", str(service.pk))] + [("service_revision", str(r.pk)) for r in revisions]
    events: list[ChangeEvent] = []
    for subject_type, subject_id in subjects:
        events.extend(ChangeEvent.objects.filter(subject_type=subject_type, subject_id=subject_id))
    events.sort(key=lambda e: (e.event_time, e.pk), reverse=True)
    rows = [
        {
            "event": e,
            "what": _("Proposed change") if e.subject_type == "service_revision" else _("Entry"),
            "changes": change_rows(e.changes),
        }
        for e in events
    ]
    return render(
        request,
        "catalog/service_history.html",
        {
            "service": service,
            "name": service.display_name(),
            "rows": rows,
            "revisions": revisions,
        },
    )


# --- Approvals ------------------------------------------------------------------------------------


def revision_diff(revision: ServiceRevision) -> list[dict[str, Any]]:
    """Field by field: the entry now and as proposed."""
    current = snapshot(revision.service)
    data = revision.data
    proposed: dict[str, Any] = {}
    try:
        from kotopolku.catalog.actions.common import comparable

        clean = actions.clean_service_data(
            revision.service.owner,
            {k: v for k, v in data.items() if k != "status"},
            current=revision.service,
        )
        proposed = comparable(clean)
    except actions.InvalidError:
        proposed = {k: v for k, v in data.items() if k != "status"}
    if "status" in data:
        proposed["status"] = data["status"]
    rows = []
    for k, v in sorted(proposed.items()):
        r = row(k, current.get(k), v)
        if k in TEXT_FIELDS:
            r["new"] = text_changes(current.get(k), v)
        rows.append(r)
    return rows


def text_changes(old: Any, new: Any) -> list[dict[str, Any]]:
    """A proposed translated text as lines per language; a language whose text differs from
    the entry's carries `segments`, its words kept, deleted and inserted (`textdiff`)."""
    a, b = texts_of(old), texts_of(new)
    if not a and not b:
        return shown(new)
    return [
        {
            "text": b.get(lang, ""),
            "lang": lang,
            "dir": direction(lang),
            "segments": (
                words(a.get(lang, ""), b.get(lang, ""))
                if a.get(lang, "") != b.get(lang, "")
                else []
            ),
        }
        for lang in dict.fromkeys([*b, *a])
    ]


@require_http_methods(["GET"])
def approvals(request: AuthenticatedRequest) -> HttpResponse:
    pending = permissions.pending_for_coordinator(request.user)
    rows = [
        {
            "revision": r,
            "name": r.service.display_name(),
            "diff": revision_diff(r),
            "publication": r.data.get("status") == Service.Status.PUBLISHED,
        }
        for r in pending
    ]
    return render(request, "catalog/approvals.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def revision_decide(request: AuthenticatedRequest, revision_id: Any) -> HttpResponse:
    revision = permissions.get_decidable_revision(request.user, revision_id)
    if revision.status != ServiceRevision.Status.PENDING:
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            actions.do_decide_revision(
                revision,
                approve=approve,
                reason=form.cleaned_data["reason"],
                seen=request.POST.get("seen", ""),
                acting_user=request.user,
            )
        except REFUSALS as exc:
            form.add_error(None, "; ".join(_(m) for ms in exc.errors.values() for m in ms))
        else:
            messages.success(
                request, _("The change is approved.") if approve else _("The change is rejected.")
            )
            return _redirect("catalog:approvals")
    return render(
        request,
        "catalog/revision_decide.html",
        {
            "form": form,
            "revision": revision,
            "name": revision.service.display_name(),
            "diff": revision_diff(revision),
            "publication": revision.data.get("status") == Service.Status.PUBLISHED,
            # the entry as this page shows it: an approval of a since-changed entry is refused
            "seen": fingerprint(revision.service),
        },
    )


__all__ = [
    "approvals",
    "form_initial",
    "my_services",
    "revision_decide",
    "service_create",
    "service_edit",
    "service_history",
    "service_status",
]
