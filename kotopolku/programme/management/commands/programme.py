"""`kotopolku programme import FILE --municipality CODE [--organisation SLUG] [--json]`.

Reads a programme document saved as plain text or DOCX in the official template's structure
(`programme.importing`) and creates a DRAFT programme of the municipality with its opening
fields, partners, parts 1-7 with their A/B/C answers and the responsibility table, all or
nothing. The coordinating organisation is the municipal integration service serving the
municipality (else the regional integration centre); --organisation chooses when several do.

With --json it prints one JSON object: {"id", "parts", "responsibility_rows", "partners",
"unplaced"}. A file that is not a programme document, a missing file, an unknown municipality
or one that no integration service serves: a one-line message and exit code 2, nothing
created.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.audit.context import acting
from kotopolku.core.errors import InvalidError
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme.importing.common import NotAProgrammeDocument
from kotopolku.programme.importing.drafts import (
    coordinating_organisations,
    import_draft,
    names_the_municipality,
)
from kotopolku.programme.importing.text import read_file

USAGE_ERROR = 2  # the exit code of a refused input (as argparse's own usage errors)


def refuse(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


class Command(BaseCommand):
    help = (
        "The municipal integration programme: `import FILE --municipality CODE` creates a "
        "draft from a document saved as plain text or DOCX in the official template's structure."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="import")
        imp = actions.add_parser(
            "import", help="create a draft programme from a text or DOCX programme document"
        )
        imp.add_argument("file", metavar="FILE", help="the document (.txt or .docx)")
        imp.add_argument(
            "--municipality",
            metavar="CODE",
            required=True,
            help="the 3-digit code of the municipality whose programme it is (e.g. 272)",
        )
        imp.add_argument(
            "--organisation",
            metavar="SLUG",
            default=None,
            help="the coordinating organisation, when several integration services serve "
            "the municipality",
        )
        imp.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import":
            self._import(**options)

    def _municipality(self, code: str) -> Municipality:
        code = code.strip()
        if not re.fullmatch(r"[0-9]{3}", code):
            raise refuse(f"--municipality: expected a 3-digit municipality code, got {code!r}")
        municipality = Municipality.objects.valid_on().filter(code=code).first()
        if municipality is None:
            raise refuse(f"--municipality: unknown municipality code {code!r}")
        return municipality

    def _organisation(self, municipality: Municipality, slug: str | None) -> Organisation:
        candidates = coordinating_organisations(municipality)
        where = f"{municipality.name_fi} ({municipality.code})"
        if not candidates:
            raise refuse(
                f"--municipality {municipality.code}: no municipal integration service or "
                f"regional integration centre serves {where}; add the organisation first"
            )
        if slug:
            chosen = next((o for o in candidates if o.slug == slug), None)
            if chosen is None:
                slugs = ", ".join(o.slug for o in candidates)
                raise refuse(
                    f"--organisation: {slug!r} is not an integration service serving {where} "
                    f"(these are: {slugs})"
                )
            return chosen
        if len(candidates) > 1:
            slugs = ", ".join(o.slug for o in candidates)
            raise refuse(
                f"--municipality {municipality.code}: several integration services serve "
                f"{where} ({slugs}); choose one with --organisation"
            )
        return candidates[0]

    def _import(
        self,
        *,
        file: str,
        municipality: str,
        organisation: str | None,
        as_json: bool,
        **_options: Any,
    ) -> None:
        path = Path(file)
        if not path.is_file():
            raise refuse(f"{file}: no such file")
        try:
            imported = read_file(path)
        except OSError as exc:
            raise refuse(f"{file}: cannot read the file: {exc.strerror or exc}") from exc
        except NotAProgrammeDocument as exc:
            raise refuse(f"{file}: not a programme document: {exc}") from exc
        place = self._municipality(municipality)
        coordinator = self._organisation(place, organisation)
        with acting(view="command:programme_import"):
            try:
                programme = import_draft(
                    imported,
                    organisation=coordinator,
                    municipality=place,
                    acting_user=None,
                    source_name=path.name,
                )
            except InvalidError as exc:
                raise refuse(f"{file}: nothing was imported: {exc}") from exc
        document = imported.document
        for note in imported.notes:
            self.stderr.write(f"note: {note}")
        if not names_the_municipality(document, place):
            self.stderr.write(
                f"warning: the document names {', '.join(document.municipalities)}, "
                f"not {place.name_fi} ({place.code})"
            )
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "id": str(programme.pk),
                        "parts": len(document.sections),
                        "responsibility_rows": len(document.responsibility),
                        "partners": list(document.partners),
                        "unplaced": list(imported.unplaced),
                    },
                    ensure_ascii=False,
                )
            )
            return
        self.stdout.write(
            f"created draft programme {programme.pk} of {place.name_fi} ({place.code}), "
            f"coordinated by {coordinator.slug}: {len(document.sections)} parts, "
            f"{sum(len(s.answers) for s in document.sections)} answers, "
            f"{len(document.responsibility)} responsibility rows, "
            f"{len(document.partners)} partners"
        )
        if imported.unplaced:
            self.stdout.write(f"{len(imported.unplaced)} texts could not be placed:")
            for text in imported.unplaced:
                self.stdout.write(f"  - {text}")
