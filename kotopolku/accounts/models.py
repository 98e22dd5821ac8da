"""Staff users and their API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotopolku.orgs.models import Membership, Role


class User(AbstractUser):
    """A staff user. Roles come from memberships in units (`orgs.Membership`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    preferred_language = models.CharField(
        max_length=5, choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")], default="fi"
    )
    # The work telephone the client is given on the plan summary (blank: the e-mail is given).
    work_phone = models.CharField(_("work phone"), max_length=40, blank=True)
    failed_login_count = models.PositiveIntegerField(default=0)
    # The client addresses of the failures counted in failed_login_count (at most a few).
    failure_addresses = models.JSONField(default=list, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    # A lock caused from one address blocks only that address (so that one attacker cannot
    # lock the owner out); failures from several addresses, or of the signed-in user's own
    # re-authentication, lock every address (NULL) and suspend the user's API tokens.
    locked_address = models.GenericIPAddressField(null=True, blank=True)
    password_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username

    def is_locked(self, now: datetime.datetime | None = None) -> bool:
        """Locked for some address (or every address) now."""
        return self.locked_until is not None and self.locked_until > (now or timezone.now())

    def is_locked_for(self, address: str | None, now: datetime.datetime | None = None) -> bool:
        """Locked for sign-ins from `address`."""
        if not self.is_locked(now):
            return False
        return self.locked_address is None or self.locked_address == address

    def is_locked_everywhere(self, now: datetime.datetime | None = None) -> bool:
        return self.is_locked(now) and self.locked_address is None

    @cached_property
    def active_memberships(self) -> list[Membership]:
        """The user's memberships valid today, with unit and organisation loaded."""
        return list(
            Membership.objects.active().filter(user=self).select_related("unit__organisation")
        )

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.active_memberships)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def primary_role(self) -> str | None:
        """The role that decides the start page: the first in `Role` order the user holds."""
        for role in Role.values:
            if role in self.roles:
                return role
        return None


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        """Not revoked, not expired, of an active user who is not locked everywhere (a lock
        suspends the tokens until it passes or an administrator unlocks the account)."""
        now = timezone.now()
        not_locked = (
            models.Q(user__locked_until__isnull=True)
            | models.Q(user__locked_until__lte=now)
            | models.Q(user__locked_address__isnull=False)
        )
        return self.filter(
            not_locked, revoked_at__isnull=True, expires_at__gt=now, user__is_active=True
        )


class RoleGrant(models.Model):
    """A role that reads client data, given by one person and confirmed by a second: a unit
    manager of the unit or another system administrator (never the requester nor the user
    who gets it). The membership exists only once the grant is confirmed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        REFUSED = "refused", _("refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_grants")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField(max_length=30, choices=Role.choices)
    is_public_official = models.BooleanField(default=False)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    membership = models.OneToOneField(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="grant"
    )

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "unit"], name="role_grant_pending")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit} ({self.status})"


class SignInFailure(models.Model):
    """One failed sign-in from one client address (any username, known or not): the count
    per address over the lock-out window throttles an address that tries many accounts.
    Rows older than the window are removed as new ones arrive."""

    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["address", "at"], name="signin_failure_address")]

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M:%S}"


class ApiToken(models.Model):
    """A bearer token for the API: hashed at rest, scoped to one user, expiring, revocable.

    The token text is `kp_<prefix>_<secret>`; only its SHA-256 is stored. The secret has
    256 bits of entropy, so a fast hash is enough (there is nothing to brute-force).
    """

    PREFIX_LENGTH = 8

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True)
    token_hash = models.CharField(max_length=64)
    read_only = models.BooleanField(_("read only"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (kp_{self.prefix}_…)"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def generate(cls) -> tuple[str, str]:
        """Return a new (prefix, full token text)."""
        prefix = secrets.token_hex(cls.PREFIX_LENGTH // 2)
        return prefix, f"kp_{prefix}_{secrets.token_urlsafe(32)}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"
