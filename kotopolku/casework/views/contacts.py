"""Guidance contacts and the walk-in counter."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions
from kotopolku.casework.forms import (
    ContactForm,
    WalkInForm,
)
from kotopolku.casework.models import (
    Contact,
)
from kotopolku.casework.views.common import (
    REFUSALS,
    casework_unit,
    client_language,
    get_client,
    redirect_to,
    refuse_write,
)
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Unit

# --- Contacts ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def contact_create(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    client = get_client(request, client_id)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = ContactForm(
        request.POST or None,
        initial={
            "language": client_language(client),
            "interpreter_needed": client.interpreter_needed,
            "interpreter_used": client.interpreter_needed,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = actions.do_record_contact(
                client, form.values, unit=casework_unit(request), acting_user=request.user
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The contact is recorded."))
            if actions.fee_chargeable(contact):
                messages.warning(
                    request,
                    _(
                        "The client missed an appointment for which an interpreter was booked: "
                        "a fee may be charged (Act 681/2023 s. 32 a)."
                    ),
                )
            return redirect_to("clients:detail", client.pk, anchor="casework")
    record_read("client", [client.pk], purpose="contact")
    return render(request, "casework/contact_form.html", {"form": form, "client": client})


def _walk_ins_today(unit: Unit) -> int:
    total = Contact.objects.filter(
        client__isnull=True, unit=unit, day=timezone.localdate()
    ).aggregate(total=Sum("visitors"))["total"]
    return int(total or 0)


@require_http_methods(["GET", "POST"])
def walk_in(request: AuthenticatedRequest) -> HttpResponse:
    """Count anonymous walk-in visits: no client, no note, nothing that identifies."""
    unit = casework_unit(request)
    form = WalkInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = actions.do_record_contact(
                None, form.values, unit=unit, acting_user=request.user
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(
                request,
                _("%(count)s visitor(s) recorded.") % {"count": contact.visitors},
            )
            return redirect_to("casework:walk_in")
    return render(
        request,
        "casework/walk_in.html",
        {"form": form, "unit": unit, "today_count": _walk_ins_today(unit)},
    )
