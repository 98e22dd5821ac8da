"""The plan summary's services from the tray: when, where, whom to contact and what to bring."""

from __future__ import annotations

import datetime
from typing import Any

from kotopolku.casework.models import (
    Plan,
    PlannedService,
)
from kotopolku.casework.summary_labels import format_day, picked_label, weekday_name

UPCOMING_TIMES = 4  # dated times shown per service (the next ones from today or the start)


def _span(starts: datetime.time, ends: datetime.time) -> str:
    return f"{starts:%H:%M}–{ends:%H:%M}"


def service_times(
    entry: Any, service: PlannedService, lang: str, fallback: str, today: datetime.date
) -> list[dict[str, Any]]:
    """The tray entry's times: weekly ones that still hold, then the next dated ones (from
    today or the service's start, whichever is later)."""
    since = max(today, service.start) if service.start else today
    weekly, dated = [], []
    for time in entry.times.all():
        if time.date is None and time.weekday is not None:
            if time.valid_to is None or time.valid_to >= since:
                weekly.append(
                    {
                        "day": weekday_name(time.weekday, lang, fallback),
                        "span": _span(time.starts_at, time.ends_at),
                    }
                )
        elif time.date is not None and time.date >= since:
            dated.append((time.date, time.starts_at, time.ends_at))
    dated.sort()
    return weekly + [
        {"day": format_day(day, lang, fallback), "span": _span(starts, ends)}
        for day, starts, ends in dated[:UPCOMING_TIMES]
    ]


def service_places(entry: Any, lang: str, fallback: str) -> list[dict[str, Any]]:
    """Where the entry is given: each place's name, address and accessibility notes."""
    out = []
    for place in entry.places.all():
        town = " ".join(part for part in (place.postal_code, place.post_office) if part)
        address = ", ".join(part for part in (place.street_address, town) if part)
        out.append(
            {
                "name": picked_label(place.name, lang, fallback),
                "address": address,
                "accessibility": picked_label(place.accessibility, lang, fallback),
            }
        )
    return out


def service_contact(
    service: PlannedService, entry: Any, plan: Plan, counsellor: Any
) -> dict[str, Any] | None:
    """Whom the client contacts about a service chosen from the tray: the provider's role
    contact from the entry when the service is another organisation's, else the counsellor
    (name and work phone, or the e-mail when no phone is given). A
    service typed by hand has none of its own (the page's contact section covers it)."""
    if entry is None:
        return None
    own = service.provider_id is None or service.provider_id == plan.unit.organisation_id
    if not own and (entry.contact_phone or entry.contact_email):
        phone = entry.contact_phone
        if phone and entry.contact_phone_extension:
            phone = f"{phone} ({entry.contact_phone_extension})"
        return {
            "name": entry.contact_role,
            "phone": phone,
            "email": entry.contact_email,
            "counsellor": False,
        }
    if counsellor is None:
        return None
    return {**counsellor_contact(counsellor), "counsellor": True}


def counsellor_contact(counsellor: Any) -> dict[str, str]:
    """The counsellor's name and work phone; the e-mail only when there is no phone."""
    phone = (getattr(counsellor, "work_phone", "") or "").strip()
    return {
        "name": counsellor.get_full_name() or counsellor.username,
        "phone": phone,
        "email": "" if phone else counsellor.email,
    }
