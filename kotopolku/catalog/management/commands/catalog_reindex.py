"""`kotopolku catalog_reindex`: rewrite the search index of every tray entry (docs/search.md).

Run it after a change of the analysers (catalog/analysis.py), after installing or removing
Voikko (the fallback analyser writes other terms), or after renaming a provider whose name
the entries' index holds.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from kotopolku.catalog import analysis
from kotopolku.catalog.search import reindex_all


class Command(BaseCommand):
    help = "Rewrite the search terms, filter facets and lengths of every catalogue entry."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count = reindex_all()
        analyser = "Voikko" if analysis.voikko_available() else "the fallback (no Voikko)"
        self.stdout.write(
            f"Reindexed {count} entries with {analyser} in {time.perf_counter() - started:.1f} s."
        )
