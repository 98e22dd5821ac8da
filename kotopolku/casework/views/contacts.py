"""Guidance contacts and the walk-in counter."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions
from kotopolku.casework.forms import (
    CivicOrientationForm,
    ContactForm,
    WalkInForm,
)
from kotopolku.casework.models import (
    CivicOrientationOffer,
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


# --- Civic orientation offered (s. 25) ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def civic_orientation_add(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    """Record that multilingual civic orientation was offered to the client."""
    client = get_client(request, client_id)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = CivicOrientationForm(request.POST or None, initial={"language": client_language(client)})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_civic_orientation(client, form.values, acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The offer of civic orientation is recorded."))
            return redirect_to("clients:detail", client.pk, anchor="civic-orientation")
    record_read("client", [client.pk], purpose="civic-orientation")
    return render(request, "casework/civic_orientation_form.html", {"form": form, "client": client})


@require_http_methods(["GET", "POST"])
def civic_orientation_edit(
    request: AuthenticatedRequest, client_id: Any, offer_id: Any
) -> HttpResponse:
    """Correct an offer, or record whether the client took part."""
    client = get_client(request, client_id)
    offer = get_object_or_404(CivicOrientationOffer, pk=offer_id, client=client)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    initial = {name: getattr(offer, name) for name in actions.CIVIC_FIELDS}
    form = CivicOrientationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_civic_orientation(offer, form.values, acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect_to("clients:detail", client.pk, anchor="civic-orientation")
    record_read(
        "civic_orientation", [offer.pk], client_ids=[client.pk], purpose="civic-orientation"
    )
    return render(
        request,
        "casework/civic_orientation_form.html",
        {"form": form, "client": client, "offer": offer},
    )
