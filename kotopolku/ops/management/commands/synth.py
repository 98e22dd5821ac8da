"""`kotopolku synth --clients N`: the deterministic national synthetic data set."""

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.audit.context import acting
from kotopolku.ops.synth import analyse, describe, synthesise


class Command(BaseCommand):
    help = "Create N synthetic clients across all municipalities (on a database without clients)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, clients: int, seed: int, **options: Any) -> None:
        if clients < 1:
            raise CommandError("--clients: must be at least 1")
        started = time.perf_counter()
        try:
            with acting(view="command:synth"):
                report = synthesise(clients, seed=seed)
            analyse()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            json.dumps({**describe(report), "seconds": round(time.perf_counter() - started, 1)})
        )
