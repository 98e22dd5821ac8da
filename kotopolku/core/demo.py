"""Load every app's demo data in dependency order (demo mode only)."""

from __future__ import annotations

from typing import Any

from django.db import transaction


@transaction.atomic
def load_all() -> list[Any]:
    from kotopolku.accounts import demo as accounts_demo
    from kotopolku.casework import demo as casework_demo
    from kotopolku.clients import demo as clients_demo
    from kotopolku.orgs import demo as orgs_demo

    orgs_demo.load()
    logins = accounts_demo.load()
    if clients_demo.load():
        # the casework of the demo clients is made with them (in the same run), so a demo
        # whose clients already exist is left as it is; `casework_demo.load` is idempotent
        casework_demo.load()
    return logins
