"""Integration training as a casework step: the referral, start, interruption, end and the
final language test's levels (DOMAIN.md 1.9)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions
from kotopolku.casework.forms import TrainingForm
from kotopolku.casework.models import IntegrationLanguage, IntegrationTraining
from kotopolku.casework.views.common import (
    REFUSALS,
    get_client,
    redirect_to,
    refuse_write,
)
from kotopolku.core.types import AuthenticatedRequest


@require_http_methods(["GET", "POST"])
def training_add(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    """Record a referral to integration training."""
    client = get_client(request, client_id)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    language = client.assessments.exclude(integration_language="").values_list(
        "integration_language", flat=True
    )
    form = TrainingForm(
        request.POST or None,
        initial={"language": language.first() or IntegrationLanguage.FINNISH},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_training(client, form.values, acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The referral to integration training is recorded."))
            return redirect_to("clients:detail", client.pk, anchor="integration-training")
    record_read("client", [client.pk], purpose="integration-training")
    return render(request, "casework/training_form.html", {"form": form, "client": client})


@require_http_methods(["GET", "POST"])
def training_edit(request: AuthenticatedRequest, client_id: Any, training_id: Any) -> HttpResponse:
    """Record the start, an interruption, the end or the final language test's result."""
    client = get_client(request, client_id)
    training = get_object_or_404(IntegrationTraining, pk=training_id, client=client)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    initial = {name: getattr(training, name) for name in actions.TRAINING_FIELDS}
    form = TrainingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_training(training, form.values, acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect_to("clients:detail", client.pk, anchor="integration-training")
    record_read(
        "integration_training",
        [training.pk],
        client_ids=[client.pk],
        purpose="integration-training",
    )
    return render(
        request,
        "casework/training_form.html",
        {"form": form, "client": client, "training": training},
    )
