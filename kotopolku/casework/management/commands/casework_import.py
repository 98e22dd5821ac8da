"""`kotopolku casework_import FILE --client CLIENT_ID --user USERNAME`: write a casework
document's assessments, plans and contacts to a client, all or nothing."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.access import scopes
from kotopolku.accounts.models import User
from kotopolku.audit import recorder
from kotopolku.audit.context import acting
from kotopolku.casework.exchange import DocumentError, import_document
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client


class Command(BaseCommand):
    help = (
        "Import a version 1 casework document (docs/casework-export.md) into a client as "
        "USERNAME: every rule is checked and every change logged; on any error nothing is "
        "written and the errors are printed by field."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the document ('-' for stdin)")
        parser.add_argument("--client", required=True, metavar="CLIENT_ID")
        parser.add_argument(
            "--user", required=True, metavar="USERNAME", help="who records the import"
        )
        parser.add_argument(
            "--unit",
            metavar="ORGANISATION/UNIT",
            help="the unit records without a unit of their own are recorded in "
            "(default: the user's first casework unit)",
        )

    def handle(self, *args: Any, file: str, client: str, user: str, **options: Any) -> None:
        document = self._load(file)
        try:
            target = Client.objects.filter(pk=client).first()
        except ValidationError:
            target = None
        if target is None:
            raise CommandError(f"no client {client}")
        acting_user = User.objects.filter(username=user, is_active=True).first()
        if acting_user is None:
            raise CommandError(f"no active user {user}")
        if not client_scopes.may_write_casework(acting_user, target):
            raise CommandError(f"{user} may not write this client's casework")
        memberships = acting_user.active_memberships
        wanted = options.get("unit")
        if wanted:
            membership = next(
                (m for m in memberships if f"{m.unit.organisation.slug}/{m.unit.slug}" == wanted),
                None,
            )
            if membership is None:
                raise CommandError(f"{user} has no role in the unit {wanted}")
        else:
            unit = scopes.default_casework_unit(acting_user)
            membership = next((m for m in memberships if unit and m.unit_id == unit.pk), None)
            if membership is None:
                raise CommandError(f"{user} has no casework unit: give --unit")
        with acting(
            view="command:casework_import",
            user=acting_user,
            role=membership.role,
            unit=membership.unit,
        ):
            try:
                counts = import_document(
                    target, document, acting_user=acting_user, unit=membership.unit
                )
            except DocumentError as exc:
                for path, messages in exc.errors.items():
                    for message in messages:
                        self.stderr.write(f"{path}: {message}")
                raise CommandError(
                    f"the document was not imported: {len(exc.errors)} fields refused"
                ) from exc
            recorder.flush_reads()
        self.stdout.write("imported " + ", ".join(f"{n} {k}" for k, n in counts.items()))

    def _load(self, file: str) -> Any:
        try:
            if file == "-":
                import sys

                return json.load(sys.stdin)
            with open(file, encoding="utf-8") as handle:
                return json.load(handle)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{file}: not JSON: {exc}") from exc
