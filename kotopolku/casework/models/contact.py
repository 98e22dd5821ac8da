"""Guidance contacts, their topics, and the offers of multilingual civic orientation."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotopolku.clients.models import Client
from kotopolku.orgs.models import Unit


class ContactTopic(models.Model):
    """The managed list of guidance topics (translated names; kept by administrators)."""

    code = models.SlugField(max_length=40, primary_key=True)
    name = models.JSONField(default=dict)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    APPOINTMENT = "appointment", _("Appointment")
    PHONE = "phone", _("Phone")
    REMOTE = "remote", _("Remote (video)")


class Contact(models.Model):
    """A guidance and counselling contact (ohjaus ja neuvonta); without a client for an
    anonymous walk-in visit, counted but not identified."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=12)
    interpreter_used = models.BooleanField(_("an interpreter took part"), default=False)
    # interpreting (Act 681/2023 s. 14: the authority arranges interpretation): needed but
    # not used is warned of on the client page
    interpreter_needed = models.BooleanField(_("an interpreter was needed"), default=False)
    topics = models.JSONField(_("topics"), default=list)
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    note = models.TextField(_("short note"), blank=True)
    visitors = models.PositiveSmallIntegerField(_("number of visitors"), default=1)
    # the missed-appointment rule (s. 32 a)
    interpreter_booked = models.BooleanField(_("an interpreter was booked"), default=False)
    missed = models.BooleanField(_("the client did not come"), default=False)
    cancelled = models.BooleanField(_("the client cancelled in time"), default=False)
    fee_charged = models.BooleanField(
        _("a missed-appointment fee is charged"),
        default=False,
        help_text=_(
            "Act 681/2023 s. 32 a: only for an appointment with a booked interpreter that the "
            "client neither attended nor cancelled in time."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-created_at"]
        indexes = [models.Index(fields=["unit", "day"], name="contact_unit_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.channel}"


class CivicOrientationTaken(models.TextChoices):
    UNKNOWN = "", _("Not known yet")
    TAKEN = "taken", _("Took part")
    DECLINED = "declined", _("Did not take part")


class CivicOrientationOffer(models.Model):
    """Multilingual civic orientation offered to a kotoutuja-asiakas (Act 681/2023 s. 25):
    when, in which language, and whether the client took part. The groups themselves are the
    courses' matter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="civic_orientation_offers"
    )
    offered_on = models.DateField(_("offered on"))
    language = models.CharField(_("language of the orientation"), max_length=12)
    taken = models.CharField(
        _("did the client take part"),
        max_length=10,
        choices=CivicOrientationTaken.choices,
        blank=True,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-offered_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.offered_on} {self.language}"
