"""`kotopolku catalog_reindex`: rewrite the search index of every tray entry (docs/search.md).

Run it after a change of the analysers (catalog/search/analyser.py), after installing or removing
Voikko (the fallback analyser writes other terms), or after renaming a provider whose name
the entries' index holds.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from kotopolku.catalog.search import analyser
from kotopolku.catalog.search.index import reindex_all


class Command(BaseCommand):
    help = "Rewrite the search terms, filter facets and lengths of every catalogue entry."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count = reindex_all()
        used = "Voikko" if analyser.voikko_available() else "the fallback (no Voikko)"
        self.stdout.write(
            f"Reindexed {count} entries with {used} in {time.perf_counter() - started:.1f} s."
        )
