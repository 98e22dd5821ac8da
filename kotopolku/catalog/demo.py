"""Demo entries of the offering tray, written through the organisation and catalogue actions.

Idempotent: organisations are found by slug, places by owner and Finnish name, entries by
owner and Finnish name; whatever exists is left as it is, so running `load()` twice creates
nothing new, and a demo database made before the tray existed gets the whole tray.

Who does what (as in real use): an organisation's demo login creates its entries (the NGO
partner `ngo.spr` the Red Cross entries of Joensuu, the coordinators their organisations'
entries, the employment and wellbeing workers theirs); organisations without a demo login
are written by the system (`user=None`). An entry an NGO partner or a worker publishes waits
as a revision and the coordinator of its region approves it. One change the NGO partner
proposes afterwards is left pending for the coordinator to decide. Entries not reviewed for
a long time get an old `reviewed_on` through `do_mark_reviewed` with a past day.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from kotopolku.catalog import actions
from kotopolku.catalog import scopes as permissions
from kotopolku.catalog.demo_tray import DemoPlace, Entry, Slot, all_entries, organisations, places
from kotopolku.catalog.models import Place, Service, ServiceRevision
from kotopolku.orgs import actions as org_actions
from kotopolku.orgs import demo as orgs_demo
from kotopolku.orgs.models import Municipality, Organisation, Unit

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

# The demo login that keeps each organisation's entries (others: the system).
EDITORS = {
    "toivo": "coordinator.joensuu",
    "kokkola-kotoutumispalvelut": "coordinator.kokkola",
    "keski-pohjanmaan-tyollisyysalue": "employment.kokkola",
    "soite": "wellbeing.kokkola",
    "spr-joensuu": "ngo.spr",
}
COORDINATORS = ("coordinator.kokkola", "coordinator.joensuu")


@transaction.atomic
def load(today: datetime.date | None = None) -> None:
    """Create the demo actors, places and entries that do not exist yet."""
    today = today or timezone.localdate()
    orgs = _organisations()
    users = _users()
    found = _places(orgs, users)
    for entry in all_entries():
        owner = orgs[entry.owner]
        if Service.objects.filter(owner=owner, name__fi=entry.texts["name"]["fi"]).exists():
            continue
        _create(entry, owner, found, users, today)


def _organisations() -> dict[str, Organisation]:
    orgs = orgs_demo.load()  # idempotent: the base organisations of the demo
    municipalities = {m.code: m for m in Municipality.objects.valid_on()}
    for spec in organisations():
        org = Organisation.objects.filter(slug=spec.slug).first()
        if org is None:
            org = org_actions.do_create_organisation(
                slug=spec.slug,
                kind=spec.kind,
                name=spec.name,
                serves=[municipalities[c] for c in spec.serves if c in municipalities],
                acting_user=None,
            )
        unit_slug, unit_name = spec.unit
        if not Unit.objects.filter(organisation=org, slug=unit_slug).exists():
            org_actions.do_create_unit(org, slug=unit_slug, name=unit_name, acting_user=None)
        orgs[spec.slug] = org
    return orgs


def _users() -> dict[str, User]:
    from kotopolku.accounts.models import User

    names = {*EDITORS.values(), *COORDINATORS}
    return {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}


def _editor(owner_slug: str, users: dict[str, User]) -> User | None:
    username = EDITORS.get(owner_slug)
    return users.get(username) if username else None


def _places(orgs: dict[str, Organisation], users: dict[str, User]) -> dict[str, Place]:
    found: dict[str, Place] = {}
    for spec in places():
        owner_slug = spec.key.split(":", 1)[0]
        owner = orgs[owner_slug]
        place = Place.objects.filter(owner=owner, name__fi=spec.name["fi"]).first()
        if place is None:
            place = actions.do_create_place(
                owner, _place_data(spec), acting_user=_editor(owner_slug, users)
            )
        found[spec.key] = place
    return found


def _place_data(spec: DemoPlace) -> dict[str, Any]:
    return {
        "name": spec.name,
        "street_address": spec.street_address,
        "postal_code": spec.postal_code,
        "post_office": spec.post_office,
        "municipality_code": spec.municipality_code,
        "accessibility": spec.accessibility,
    }


def _time(slot: Slot, today: datetime.date) -> dict[str, Any]:
    day = today + datetime.timedelta(days=slot.in_days) if slot.in_days is not None else None
    return {
        "weekday": slot.weekday,
        "date": day.isoformat() if day else None,
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
    }


def _offset(today: datetime.date, days: int | None) -> str | None:
    return (today + datetime.timedelta(days=days)).isoformat() if days is not None else None


def entry_data(entry: Entry, places: dict[str, Place], today: datetime.date) -> dict[str, Any]:
    """The `data` mapping of `catalog.actions.do_create_service` for one demo entry."""
    contact = entry.contact
    return {
        **entry.texts,
        "kind": entry.kind,
        "programme_element": entry.element,
        "tray_category": entry.category,
        "target_groups": list(entry.targets),
        "languages": list(entry.languages),
        "municipality_codes": list(entry.municipalities),
        "schedule_kind": entry.schedule,
        "starts_on": _offset(today, entry.starts_in_days),
        "ends_on": _offset(today, entry.ends_in_days),
        "price_eur": entry.price,
        "contact_role": contact.role if contact else "",
        "contact_email": contact.email if contact else "",
        "contact_phone": contact.phone if contact else "",
        "times": [_time(slot, today) for slot in entry.times],
        "places": [str(places[key].pk) for key in entry.places],
    }


def _create(
    entry: Entry,
    owner: Organisation,
    places: dict[str, Place],
    users: dict[str, User],
    today: datetime.date,
) -> Service:
    editor = _editor(entry.owner, users)
    service = actions.do_create_service(owner, entry_data(entry, places, today), acting_user=editor)
    if entry.status in (Service.Status.PUBLISHED, Service.Status.ARCHIVED):
        service = _publish(editor, service, users)
    if entry.status == Service.Status.ARCHIVED:
        actions.do_archive_service(service, acting_user=editor)
    if entry.reviewed_days_ago is not None:
        day = today - datetime.timedelta(days=entry.reviewed_days_ago)
        actions.do_mark_reviewed(service, today=day, acting_user=editor)
    if entry.proposal and editor is not None:
        service.refresh_from_db()
        proposal: dict[str, Any] = dict(entry.proposal)
        if entry.proposal_languages:
            proposal["languages"] = list(entry.proposal_languages)
        actions.do_update_service(service, proposal, acting_user=editor)
    return service


def _publish(editor: User | None, service: Service, users: dict[str, User]) -> Service:
    """Publish: at once by a coordinator or the system, else approved by the coordinator."""
    actions.do_publish_service(service, acting_user=editor)
    service.refresh_from_db()
    if service.status == Service.Status.PUBLISHED:
        return service
    revision = ServiceRevision.objects.get(service=service, status=ServiceRevision.Status.PENDING)
    approver = next(
        (
            users[name]
            for name in COORDINATORS
            if name in users and permissions.may_approve(users[name], service)
        ),
        None,
    )
    actions.do_decide_revision(revision, approve=True, acting_user=approver)
    service.refresh_from_db()
    return service
