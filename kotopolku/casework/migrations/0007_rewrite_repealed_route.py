"""Act 1100/2024 repealed ss. 15 and 17 of Act 681/2023 (the "multi-professional"
assessment and plan) before the act came into force (DOMAIN.md 0.1 C1). The wellbeing
county now takes part on request; the stored values are rewritten:

- Assessment.kind and Plan.kind "multiprofessional" -> "county_on_request";
- WellbeingRequest.legal_basis "681-2023-s15" (the repealed section) -> "681-2023-s16".

The change log is append-only and keeps the old values; this migration adds one change
event per rewritten record with the old and the new value and the reason, so each record's
history says when and why its value changed. Reversible.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

REASON = (
    "data migration casework 0007: Act 1100/2024 repealed ss. 15 and 17 of Act 681/2023; "
    "the wellbeing county takes part on request"
)
REWRITES = (
    ("Assessment", "assessment", "kind", "multiprofessional", "county_on_request"),
    ("Plan", "plan", "kind", "multiprofessional", "county_on_request"),
    ("WellbeingRequest", "wellbeing_request", "legal_basis", "681-2023-s15", "681-2023-s16"),
)


def _rewrite(apps: Any, *, forward: bool) -> None:
    change_event = apps.get_model("audit", "ChangeEvent")
    events = []
    for model_name, subject, field, old, new in REWRITES:
        model = apps.get_model("casework", model_name)
        before, after = (old, new) if forward else (new, old)
        rows = list(model.objects.filter(**{field: before}).values_list("pk", "client_id"))
        model.objects.filter(**{field: before}).update(**{field: after})
        events += [
            change_event(
                subject_type=subject,
                subject_id=str(pk),
                client_id=client_id,
                action="update",
                changes={field: [before, after]},
                reason=REASON if forward else "reverse of " + REASON,
                view="migration:casework.0007",
            )
            for pk, client_id in rows
        ]
    change_event.objects.bulk_create(events, batch_size=1000)


def forwards(apps: Any, schema_editor: Any) -> None:
    _rewrite(apps, forward=True)


def backwards(apps: Any, schema_editor: Any) -> None:
    _rewrite(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0006_county_on_request_and_plan_extension"),
        ("audit", "0005_event_time_brin"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
