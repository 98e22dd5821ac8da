"""Write the rule table of docs/casework.md generated from the rulebook."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from kotopolku.casework.rule_table import render_table, replace_table


class Command(BaseCommand):
    help = "Print or write docs/casework.md's rule table, generated from the rule versions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help="rewrite it in docs/casework.md")

    def handle(self, *args: Any, write: bool, **options: Any) -> None:
        if not write:
            self.stdout.write(render_table())
            return
        path = Path(settings.BASE_DIR) / "docs" / "casework.md"
        path.write_text(replace_table(path.read_text(encoding="utf-8")), encoding="utf-8")
        self.stdout.write(f"wrote the rule table of {path}")
