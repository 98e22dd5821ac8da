"""`kotopolku casework_export CLIENT_ID [-o FILE]`: one client's casework as a JSON document."""

from __future__ import annotations

import json
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.accounts.models import User
from kotopolku.audit import recorder
from kotopolku.audit.context import acting
from kotopolku.casework.exchange import export_client
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client


class Command(BaseCommand):
    help = (
        "Write the assessments, plans and guidance contacts of one client as a version 1 "
        "casework document (docs/casework-export.md). The export is logged as a read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client_id", metavar="CLIENT_ID")
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write to FILE (mode 0600) instead of stdout"
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="the user the access log names; the client must be visible to them",
        )

    def handle(self, *args: Any, client_id: str, **options: Any) -> None:
        try:
            client = Client.objects.select_related("municipality").filter(pk=client_id).first()
        except ValidationError:
            client = None
        if client is None:
            raise CommandError(f"no client {client_id}")
        changes: dict[str, Any] = {"view": "command:casework_export"}
        username = options.get("user")
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {username}")
            if not client_scopes.visible_clients(user).filter(pk=client.pk).exists():
                raise CommandError(f"{username} may not read this client")
            membership = next(iter(user.active_memberships), None)
            changes |= {
                "user": user,
                "role": membership.role if membership else "",
                "unit": membership.unit if membership else None,
            }
        with acting(**changes):
            document = export_client(client)
            text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            output = options.get("output")
            if output:
                # Personal data: readable by the owner only.
                fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
            else:
                self.stdout.write(text, ending="")
            recorder.flush_reads()
        if output:
            counts = ", ".join(
                f"{len(document[k])} {k}" for k in ("assessments", "plans", "contacts")
            )
            self.stderr.write(f"wrote {output}: {counts}")
