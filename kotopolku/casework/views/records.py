"""Hand-over acceptance, consents and the casework export."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions, exchange
from kotopolku.casework.forms import (
    ConsentForm,
    WithdrawConsentForm,
)
from kotopolku.casework.models import (
    HandOver,
    HandOverStatus,
)
from kotopolku.casework.views.common import (
    REFUSALS,
    get_client,
    organisation_choices,
    redirect_to,
    refuse_write,
)
from kotopolku.clients.models import Consent
from kotopolku.core.types import AuthenticatedRequest

# --- Hand-over ---------------------------------------------------------------------------------


@require_POST
def hand_over_accept(
    request: AuthenticatedRequest, client_id: Any, hand_over_id: Any
) -> HttpResponse:
    client = get_client(request, client_id)
    hand_over = get_object_or_404(HandOver, pk=hand_over_id, client=client)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    if hand_over.status == HandOverStatus.OPEN:
        actions.do_accept_hand_over(hand_over, acting_user=request.user)
        messages.success(request, _("The client is taken over."))
    else:
        messages.info(request, _("The hand-over was already taken over."))
    return redirect_to("clients:detail", client.pk, anchor="casework")


# --- Consent -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def consent_create(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    client = get_client(request, client_id)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = ConsentForm(request.POST or None, recipients=organisation_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_consent(
                client,
                scope=data["scope"],
                recipient=data["recipient"],
                given_on=data["given_on"],
                note=data["note"],
                acting_user=request.user,
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect_to("clients:detail", client.pk, anchor="casework")
    record_read("client", [client.pk], purpose="consent")
    return render(request, "casework/consent_form.html", {"form": form, "client": client})


@require_http_methods(["GET", "POST"])
def consent_withdraw(
    request: AuthenticatedRequest, client_id: Any, consent_id: Any
) -> HttpResponse:
    client = get_client(request, client_id)
    consent = get_object_or_404(
        Consent.objects.select_related("recipient"), pk=consent_id, client=client
    )
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and consent.withdrawn_on is None and form.is_valid():
        try:
            actions.do_withdraw_consent(
                consent, acting_user=request.user, day=form.cleaned_data["day"]
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The withdrawal of the consent is recorded."))
            return redirect_to("clients:detail", client.pk, anchor="casework")
    record_read("client", [client.pk], purpose="consent")
    return render(
        request,
        "casework/consent_withdraw.html",
        {"form": form, "client": client, "consent": consent},
    )


# --- Export ------------------------------------------------------------------------------------


@require_GET
def export(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    """The client's casework as the versioned JSON document (`casework.exchange`)."""
    client = get_client(request, client_id)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    document = exchange.export_client(client)  # logs the export of each record
    if isinstance(document, bytes | str):
        body = document
    else:
        body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{client.pk}.json"'
    return response
