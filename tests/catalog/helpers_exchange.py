"""Shared helpers of the catalogue import and export tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.catalog.exchange import Report, import_file
from kotopolku.catalog.models import Place, Service, ServiceTime
from kotopolku.orgs.models import Organisation

DATA = Path(__file__).parent / "data"
HELSINKI_FULL = (
    Path(__file__).resolve().parents[2]
    / "bench"
    / "data"
    / "services"
    / "helsinki_tpr_errandservices.json"
)


def counts() -> dict[str, int]:
    return {
        "services": Service.objects.count(),
        "places": Place.objects.count(),
        "times": ServiceTime.objects.count(),
        "organisations": Organisation.objects.count(),
        "changes": ChangeEvent.objects.count(),
    }


def run_import(path: Path | str, **options: Any) -> Report:
    with acting(view="test:catalog_import"):
        return import_file(path, **options)
