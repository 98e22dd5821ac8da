"""The owners of imported entries: the sources' provider organisations found or created.

An organisation is found by the source's id of it (kept in `catalog.ProviderRecord`, so that
the fi, sv and en packages of one catalogue meet the same organisation), then by Kotopolku's
own id (an HSDS export of this Kotopolku carries the organisation's id), then by business id
(Y-tunnus), then by name in any language; otherwise it is created through
`orgs.actions.do_create_organisation`. A name in a language the organisation has no name in
yet is added (`do_update_organisation`, logged); an existing name is never replaced. What the
source says beyond that (description, other names, legal status, identifiers, e-mail, web
site) is kept in the organisation's provider record for this source.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.text import slugify

from kotopolku.catalog.exchange.common import OrgRef
from kotopolku.catalog.models import ProviderRecord
from kotopolku.orgs.models import Municipality, Organisation


class Organisations:
    """Owners found or created from the sources' organisations (cached per import)."""

    def __init__(self, acting_user: Any, source: str = "") -> None:
        self.acting_user = acting_user
        self.source = source
        self.found: dict[str, Organisation] = {}
        self.created: list[str] = []
        self.by_business_id: dict[str, Organisation] = {}
        self.by_name: dict[str, Organisation] = {}
        self.by_pk: dict[str, Organisation] = {}
        for org in Organisation.objects.all():
            self.by_pk[str(org.pk)] = org
            if org.business_id:
                self.by_business_id[org.business_id] = org
            for text in (org.name or {}).values():
                self.by_name.setdefault(str(text).casefold(), org)
        self.records = {
            r.external_id: r
            for r in ProviderRecord.objects.filter(source=source).select_related("organisation")
        }

    def get(self, ref: OrgRef) -> Organisation:
        if ref.key not in self.found:
            org = self._find(ref) or self._create(ref)
            self._add_names(org, ref)
            self._remember(org, ref)
            self.found[ref.key] = org
        return self.found[ref.key]

    def _find(self, ref: OrgRef) -> Organisation | None:
        record = self.records.get(ref.key) if ref.has_id else None
        if record is not None:
            return record.organisation
        if ref.has_id and _is_uuid(ref.key) and ref.key in self.by_pk:
            return self.by_pk[ref.key]
        if ref.business_id and ref.business_id in self.by_business_id:
            return self.by_business_id[ref.business_id]
        for _lang, text in ref.name:
            if text.casefold() in self.by_name:
                return self.by_name[text.casefold()]
        return None

    def _create(self, ref: OrgRef) -> Organisation:
        from kotopolku.orgs.actions import do_create_organisation

        name = dict(ref.name)
        base = slugify(name.get("fi") or next(iter(name.values()), ref.key))[:70] or "organisation"
        slug, n = base, 1
        while Organisation.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        self.created.append(f"{slug} ({ref.kind})")
        serves = list(Municipality.objects.valid_on().filter(code__in=ref.municipality_codes))
        org = do_create_organisation(
            slug=slug,
            kind=ref.kind,
            name=name,
            serves=serves,
            business_id=ref.business_id,
            acting_user=self.acting_user,
        )
        for text in name.values():
            self.by_name.setdefault(text.casefold(), org)
        if org.business_id:
            self.by_business_id[org.business_id] = org
        return org

    def _add_names(self, org: Organisation, ref: OrgRef) -> None:
        """The source's name in a language the organisation has none in yet."""
        from kotopolku.orgs.actions import do_update_organisation

        names = dict(org.name or {})
        missing = {lang: text for lang, text in ref.name if text and not names.get(lang)}
        changes: dict[str, Any] = {}
        if missing:
            changes["name"] = {**names, **missing}
        if ref.business_id and not org.business_id:
            changes["business_id"] = ref.business_id
        if changes:
            do_update_organisation(org, changes, acting_user=self.acting_user)
            for text in missing.values():
                self.by_name.setdefault(text.casefold(), org)

    def _remember(self, org: Organisation, ref: OrgRef) -> None:
        if not ref.has_id or not self.source:
            return
        record = self.records.get(ref.key)
        values: dict[str, Any] = {
            "description": dict(ref.description),
            "alternate_name": dict(ref.alternate_name),
            "legal_status": ref.legal_status,
            "identifiers": [
                {"scheme": s, "type": t, "identifier": i} for s, t, i in ref.identifiers
            ],
            "email": ref.email,
            "website": ref.website,
        }
        if record is None:
            record = ProviderRecord.objects.create(
                organisation=org, source=self.source, external_id=ref.key, **values
            )
            self.records[ref.key] = record
            return
        # another language of the same organisation: its texts join the others
        for name in ("description", "alternate_name"):
            values[name] = {**(getattr(record, name) or {}), **values[name]}
        for name in ("legal_status", "email", "website"):
            values[name] = values[name] or getattr(record, name)
        values["identifiers"] = values["identifiers"] or record.identifiers
        changed = {k: v for k, v in values.items() if getattr(record, k) != v}
        if changed:
            ProviderRecord.objects.filter(pk=record.pk).update(**changed)
            for key, value in changed.items():
                setattr(record, key, value)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
