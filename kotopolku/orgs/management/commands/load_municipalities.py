"""Load a year's municipality code list; changed and removed codes get new versions."""

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.audit.context import acting
from kotopolku.orgs.actions import do_load_municipalities
from kotopolku.orgs.rules import RowError, parse_municipalities


class Command(BaseCommand):
    help = "Load a municipality CSV (the columns of orgs/data/municipalities-2025.csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--valid-from", required=True, type=datetime.date.fromisoformat)

    def handle(self, *args: Any, path: Path, valid_from: datetime.date, **options: Any) -> None:
        try:
            rows = parse_municipalities(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"path: {exc}") from exc
        except RowError as exc:
            raise CommandError(f"{path}: {exc} (nothing was loaded)") from exc
        try:
            with acting(view="command:load_municipalities"):
                report = do_load_municipalities(rows, valid_from=valid_from)
        except ValueError as exc:
            raise CommandError(f"--valid-from: {exc} (nothing was loaded)") from exc
        self.stdout.write(
            f"created {len(report.created)}, ended {len(report.ended)}, unchanged {report.unchanged}"
        )
