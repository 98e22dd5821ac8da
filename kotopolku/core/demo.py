"""Load every app's demo data in dependency order (demo mode only)."""

from __future__ import annotations

from typing import Any

from django.db import transaction


@transaction.atomic
def load_all() -> list[Any]:
    from kotopolku.accounts import demo as accounts_demo
    from kotopolku.casework import demo as casework_demo
    from kotopolku.catalog import demo as catalog_demo
    from kotopolku.clients import demo as clients_demo
    from kotopolku.orgs import demo as orgs_demo
    from kotopolku.referrals import demo as referrals_demo

    orgs_demo.load()
    logins = accounts_demo.load()
    clients_demo.load()
    # idempotent: gives the demo clients their casework unless some exists (also to a demo
    # database made before casework existed)
    casework_demo.load()
    # idempotent: the tray's entries and actors of the seeds
    catalog_demo.load()
    referrals_demo.load()
    return logins
