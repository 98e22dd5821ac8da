"""The access log (reads) and the change log (writes). Append-only.

Nothing outside `kotopolku.audit` writes these tables. Rows are never edited; only the
retention job removes rows older than their retention time. On PostgreSQL a trigger
enforces this in the database (see migration 0002); on SQLite a trigger refuses
changes unless the retention job holds its grant row.
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised when code tries to edit or delete an audit row."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit rows are append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit rows are removed only by the retention job")


class AppendOnlyModel(models.Model):
    objects: ClassVar[models.Manager[Any]] = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit rows are removed only by the retention job")


class EventContext(models.Model):
    """Who acted, in which role and unit, through which view, from where."""

    # Indexed by migration 0005: BRIN on PostgreSQL (rows arrive in time order, so a block
    # range index is tiny and nearly free to maintain), a B-tree on SQLite.
    event_time = models.DateTimeField(default=timezone.now)
    request_id = models.UUIDField(null=True, blank=True)
    # Every read writes rows here, so the references carry neither database constraints
    # (a constraint check per row and key would lock the user, unit and organisation rows
    # on every page view) nor single-column indexes (the composite indexes below serve the
    # lookups). The log receives only ids of existing rows from the acting context, those
    # rows are never deleted (PROTECT), and the username is copied as text.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    actor_username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=30, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    view = models.CharField(max_length=120, blank=True, help_text="URL name or API operation id")
    ip = models.GenericIPAddressField(null=True, blank=True)
    subject_type = models.CharField(max_length=40)
    subject_id = models.CharField(max_length=64)
    # The client whose personal data this is, when it is a client's (for the per-client report).
    client_id = models.UUIDField(null=True, blank=True)

    class Meta:
        abstract = True


class AccessEvent(EventContext, AppendOnlyModel):
    """One read of one object's personal data. Written in bulk at the end of a request."""

    class Kind(models.TextChoices):
        VIEW = "view", _("viewed")
        LIST = "list", _("listed")
        EXPORT = "export", _("exported")
        PRINT = "print", _("printed")
        SEARCH = "search", _("found in a search")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.VIEW)
    purpose = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-event_time", "-id"]
        indexes = [
            models.Index(fields=["client_id", "event_time"], name="access_client_time"),
            # Client rows are found through access_client_time; this one serves other subjects.
            models.Index(
                fields=["subject_type", "subject_id", "event_time"],
                name="access_subject_time",
                condition=~models.Q(subject_type="client"),
            ),
            models.Index(fields=["actor", "event_time"], name="access_actor_time"),
            models.Index(fields=["organisation", "event_time"], name="access_org_time"),
        ]

    def __str__(self) -> str:
        return f"{self.event_time:%Y-%m-%d %H:%M} {self.actor_username} {self.kind} {self.subject_type}:{self.subject_id}"


class ChangeEvent(EventContext, AppendOnlyModel):
    """One change of one object, with old and new values, written in the same transaction."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("removed")
        MERGE = "merge", _("merged")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOCKED = "locked", _("locked out")
        LOGOUT = "logout", _("logged out")
        GRANT = "grant", _("granted")
        REVOKE = "revoke", _("revoked")

    action = models.CharField(max_length=20, choices=Action.choices)
    changes = models.JSONField(default=dict, help_text="{field: [old, new]}")
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-event_time", "-id"]
        indexes = [
            models.Index(fields=["client_id", "event_time"], name="change_client_time"),
            models.Index(
                fields=["subject_type", "subject_id", "event_time"], name="change_subject_time"
            ),
            models.Index(fields=["actor", "event_time"], name="change_actor_time"),
            models.Index(fields=["organisation", "event_time"], name="change_org_time"),
        ]

    def __str__(self) -> str:
        return f"{self.event_time:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.subject_type}:{self.subject_id}"


class RetentionGrant(models.Model):
    """A row that exists only while the retention job runs (SQLite's stand-in for a DB role)."""

    started_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"retention run {self.started_at:%Y-%m-%d %H:%M}"
