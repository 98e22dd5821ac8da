"""Roles that read client data: the second person's confirmation, and the auditor's view of
role grants and e-mail changes (the events an account takeover would leave)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kotopolku.access import scopes
from kotopolku.accounts import actions
from kotopolku.accounts import scopes as account_scopes
from kotopolku.accounts.models import RoleGrant, User
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.audit.recorder import record_read
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Membership

RECENT_DAYS = 30


@require_GET
def grant_list(request: AuthenticatedRequest) -> HttpResponse:
    grants = account_scopes.grants_to_confirm(request.user).select_related(
        "user", "unit__organisation", "requested_by"
    )
    return render(request, "accounts/admin/grant_list.html", {"grants": list(grants)})


@require_POST
def grant_decide(request: AuthenticatedRequest, grant_id: str) -> HttpResponse:
    grant = account_scopes.grants_to_confirm(request.user).filter(pk=grant_id).first()
    if grant is None:
        raise Http404
    confirm = request.POST.get("decision") == "confirm"
    try:
        actions.do_decide_grant(grant, confirm=confirm, acting_user=request.user)
    except actions.GrantRefusedError:
        messages.error(request, _("The grant could not be decided: it was decided already."))
    else:
        messages.success(request, _("The role is given.") if confirm else _("The role is refused."))
    return HttpResponseRedirect(reverse("accounts:grant_list"))


def _auditor_orgs(user: User) -> set[Any]:
    return scopes.auditor_organisation_ids(user)


def security_events(user: User, *, since: datetime.datetime | None = None) -> dict[str, Any]:
    """The role grants in the units of the auditor's organisations and the e-mail changes of
    their staff (newest first)."""
    orgs = _auditor_orgs(user)
    grants = RoleGrant.objects.filter(unit__organisation_id__in=orgs).select_related(
        "user", "unit__organisation", "requested_by", "decided_by"
    )
    staff = {
        str(pk)
        for pk in Membership.objects.filter(unit__organisation_id__in=orgs).values_list(
            "user_id", flat=True
        )
    }
    emails = ChangeEvent.objects.filter(
        subject_type="user", subject_id__in=staff, changes__has_key="email"
    )
    if since is not None:
        grants = grants.filter(requested_at__gte=since)
        emails = emails.filter(event_time__gte=since)
    return {"grants": grants, "emails": emails.order_by("-event_time")}


def security_summary(user: User) -> dict[str, Any] | None:
    """Counts for the auditor's start page: the last RECENT_DAYS days."""
    if not scopes.is_auditor(user):
        return None
    found = security_events(user, since=timezone.now() - datetime.timedelta(days=RECENT_DAYS))
    summary = {
        "days": RECENT_DAYS,
        "grants": found["grants"].count(),
        "pending": found["grants"].filter(status=RoleGrant.Status.PENDING).count(),
        "emails": found["emails"].count(),
        "url": reverse("accounts:security_events"),
    }
    return summary if summary["grants"] or summary["emails"] else None


@require_GET
def security_events_page(request: AuthenticatedRequest) -> HttpResponse:
    found = security_events(request.user)
    grants = list(found["grants"][:200])
    emails = list(found["emails"][:200])
    users = {str(u.pk): u for u in User.objects.filter(pk__in={e.subject_id for e in emails})}
    # the staff whose grants and e-mail changes are shown: a read of their data
    shown = dict.fromkeys([*(str(g.user_id) for g in grants), *users])
    record_read("user", list(shown), kind=AccessEvent.Kind.LIST, purpose="security events")
    return render(
        request,
        "accounts/admin/security_events.html",
        {
            "grants": grants,
            "emails": [{"event": e, "user": users.get(e.subject_id)} for e in emails],
        },
    )
