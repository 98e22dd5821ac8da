"""Load every app's demo data in dependency order (demo mode only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from kotopolku.accounts import demo as accounts_demo
from kotopolku.casework import demo as casework_demo
from kotopolku.catalog import demo as catalog_demo
from kotopolku.clients import demo as clients_demo
from kotopolku.courses import demo as courses_demo
from kotopolku.orgs import demo as orgs_demo
from kotopolku.programme import demo as programme_demo
from kotopolku.referrals import demo as referrals_demo


def _quiet(step: str) -> None:
    pass


@transaction.atomic
def load_all(progress: Callable[[str], None] = _quiet) -> list[Any]:
    progress("organisations and units")
    orgs_demo.load()
    progress("demo logins")
    logins = accounts_demo.load()
    progress("synthetic clients")
    clients_demo.load()
    # idempotent: gives the demo clients their casework unless some exists (also to a demo
    # database made before casework existed)
    progress("assessments, plans and contacts")
    casework_demo.load()
    # idempotent: the tray's entries and actors of the seeds
    progress("the offering tray")
    catalog_demo.load()
    progress("referrals")
    referrals_demo.load()
    # idempotent: the curriculum and the Joensuu centre's courses of the current quarter
    progress("courses")
    courses_demo.load()
    # idempotent: Kokkola's programme document imported as a draft
    progress("the integration programme")
    programme_demo.load()
    return logins
