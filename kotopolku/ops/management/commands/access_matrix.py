"""Write the permission matrix (docs/permissions.md) generated from the access policy."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from kotopolku.ops.matrix import render_markdown


class Command(BaseCommand):
    help = "Print or write the role x route x scope matrix generated from kotopolku.access.policy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help="write docs/permissions.md")

    def handle(self, *args: Any, write: bool, **options: Any) -> None:
        text = render_markdown()
        if write:
            path = Path(settings.BASE_DIR) / "docs" / "permissions.md"
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {path}")
        else:
            self.stdout.write(text)
