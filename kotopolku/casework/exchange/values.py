"""The values of a document: each read and checked against the spec, names resolved against
the database (users, units, organisations, consents), every problem collected by path."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet

from kotopolku.accounts.models import User
from kotopolku.casework.exchange.spec import (
    DATE_RE,
    SLUG_RE,
    VERSION,
    Spec,
    choice_spec,
    date_spec,
)
from kotopolku.clients.models import Client, Consent
from kotopolku.core import languages
from kotopolku.orgs.models import Organisation, Unit


def join_path(path: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


class Reader:
    """Collects every problem of a document by path; resolves names against the database."""

    def __init__(
        self,
        client: Client,
        allowed_units: set[Any] | None = None,
        users: QuerySet[User] | None = None,
    ) -> None:
        self.client = client
        self.allowed_units = allowed_units  # the importer's own units (None: any)
        # the people the importer may name (their colleagues); None: anyone. The answer for
        # a username outside them is the same as for an unknown one, so that an import
        # cannot be used to find out which usernames exist.
        self.users = users
        self.errors: dict[str, list[str]] = {}
        self._users: dict[str, User | None] = {}
        self._units: dict[tuple[str, str], Unit | None] = {}
        self._orgs: dict[str, Organisation | None] = {}
        self._consents: list[Consent] | None = None

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    # shapes

    def mapping(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, "Expected an object.")
            return None
        return value

    def array(self, data: Mapping[str, Any], name: str, path: str) -> list[Any]:
        where = join_path(path, name)
        value = data.get(name, [])
        if not isinstance(value, list):
            self.add(where, "Expected an array.")
            return []
        return value

    def known(self, data: Mapping[str, Any], members: Iterable[str], path: str) -> None:
        allowed = set(members)
        for name in data:
            if name not in allowed:
                self.add(
                    join_path(path, name),
                    f"Unknown member: version {VERSION} documents do not have it.",
                )

    def fields(
        self, data: Mapping[str, Any], specs: Mapping[str, Spec], path: str
    ) -> dict[str, Any]:
        """The given plain fields, checked; an absent optional field keeps its default."""
        values: dict[str, Any] = {}
        for name, spec in specs.items():
            where = join_path(path, name)
            if name not in data:
                if spec.required:
                    self.add(where, "Required.")
                continue
            ok, value = self.value(data[name], spec, where)
            if ok:
                values[name] = value
        return values

    def value(self, value: Any, spec: Spec, path: str) -> tuple[bool, Any]:
        if value is None:
            if spec.nullable:
                return True, None
            self.add(path, "Required." if spec.required else "May not be null.")
            return False, None
        if spec.kind == "bool":
            if not isinstance(value, bool):
                self.add(path, "Expected true or false.")
                return False, None
            return True, value
        if spec.kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                self.add(path, "Expected a whole number.")
                return False, None
            if not spec.minimum <= value <= spec.maximum:
                self.add(path, f"Expected a number from {spec.minimum} to {spec.maximum}.")
                return False, None
            return True, value
        if spec.kind == "date":
            return self.date(value, path)
        if not isinstance(value, str):
            self.add(path, "Expected a string.")
            return False, None
        if spec.kind == "choice":
            if value not in spec.choices:
                shown = ", ".join(f"“{c}”" for c in spec.choices)
                self.add(path, f"Unknown value “{value}”: expected one of {shown}.")
                return False, None
            return True, value
        if spec.nonblank and not value.strip():
            self.add(path, "Required.")
            return False, None
        if spec.max_length is not None and len(value) > spec.max_length:
            self.add(path, f"At most {spec.max_length} characters.")
            return False, None
        if spec.kind == "language" and value and not languages.is_valid_code(value):
            self.add(path, f"“{value}” is not a known ISO 639 language code.")
            return False, None
        return True, value

    def date(self, value: Any, path: str) -> tuple[bool, datetime.date | None]:
        try:
            if not isinstance(value, str) or not DATE_RE.match(value):
                raise ValueError(value)
            return True, datetime.date.fromisoformat(value)
        except ValueError:
            self.add(path, "Enter a date as YYYY-MM-DD.")
            return False, None

    def timestamp(self, data: Mapping[str, Any], name: str, path: str) -> None:
        value = data.get(name)
        if value is None:
            return
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            datetime.datetime.fromisoformat(value)
        except ValueError:
            self.add(join_path(path, name), "Enter a date and time in ISO 8601.")

    def optional_string(self, data: Mapping[str, Any], name: str, path: str) -> str | None:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            self.add(join_path(path, name), "Expected a string or null.")
            return None
        return value

    def dates_in_order(
        self, values: Mapping[str, Any], first: str, second: str, path: str, message: str
    ) -> None:
        a, b = values.get(first), values.get(second)
        if a is not None and b is not None and b < a:
            self.add(join_path(path, second), message)

    # names

    def user(self, data: Mapping[str, Any], name: str, path: str) -> User | None:
        username = self.optional_string(data, name, path)
        if not username:
            return None
        if username not in self._users:
            people = self.users if self.users is not None else User.objects.all()
            self._users[username] = people.filter(username=username).first()
        found = self._users[username]
        if found is None:
            self.add(join_path(path, name), f"No colleague “{username}” in your organisations.")
        return found

    def organisation(self, slug: str, path: str) -> Organisation | None:
        if slug not in self._orgs:
            self._orgs[slug] = Organisation.objects.filter(slug=slug).first()
        found = self._orgs[slug]
        if found is None:
            self.add(path, f"No organisation “{slug}” in this Kotopolku.")
        return found

    def unit(self, data: Mapping[str, Any], path: str) -> Unit | None:
        """The record's unit by organisation and unit slug (the id is informational)."""
        where = join_path(path, "unit")
        value = data.get("unit")
        if value is None:
            return None
        unit = self.mapping(value, where)
        if unit is None:
            return None
        self.known(unit, ("id", "organisation", "slug", "name"), where)
        org, slug = unit.get("organisation"), unit.get("slug")
        bad = False
        for name, given in (("organisation", org), ("slug", slug)):
            if not isinstance(given, str) or not SLUG_RE.match(given):
                self.add(join_path(where, name), "Expected a slug.")
                bad = True
        if bad:
            return None
        assert isinstance(org, str) and isinstance(slug, str)
        if (org, slug) not in self._units:
            self._units[(org, slug)] = (
                Unit.objects.select_related("organisation")
                .filter(organisation__slug=org, slug=slug)
                .first()
            )
        found = self._units[(org, slug)]
        if found is None:
            self.add(where, f"No unit “{slug}” of organisation “{org}” in this Kotopolku.")
        elif self.allowed_units is not None and found.pk not in self.allowed_units:
            self.add(where, "Not one of your units: records are imported into your own units.")
            return None
        return found

    def consent(self, value: Any, path: str) -> tuple[bool, Consent | None]:
        """The client's consent the record refers to: by id, else by scope, recipient and day."""
        if value is None:
            return True, None
        data = self.mapping(value, path)
        if data is None:
            return False, None
        self.known(data, ("id", "scope", "recipient", "given_on", "withdrawn_on"), path)
        before = len(self.errors)
        consent_id = self.optional_string(data, "id", path)
        scope = self.fields(data, {"scope": choice_spec(Consent.Scope.values, required=True)}, path)
        dates = self.fields(
            data, {"given_on": date_spec(required=True), "withdrawn_on": date_spec()}, path
        )
        recipient_slug = data.get("recipient")
        if not isinstance(recipient_slug, str) or not recipient_slug:
            self.add(join_path(path, "recipient"), "Required.")
            return False, None
        recipient = self.organisation(recipient_slug, join_path(path, "recipient"))
        if len(self.errors) > before or recipient is None:
            return False, None
        if self._consents is None:
            self._consents = list(self.client.consents.select_related("recipient"))
        match = next((c for c in self._consents if str(c.pk) == consent_id), None)
        if match is None:
            match = next(
                (
                    c
                    for c in self._consents
                    if c.scope == scope["scope"]
                    and c.recipient_id == recipient.pk
                    and c.given_on == dates["given_on"]
                ),
                None,
            )
        if match is None:
            self.add(
                path,
                "The client has no such consent (scope, recipient and day given): record "
                "the consent first.",
            )
            return False, None
        return True, match
