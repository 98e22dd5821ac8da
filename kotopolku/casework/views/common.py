"""What the casework pages share: fetching the client, refusing a write, choices, rows."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kotopolku.access import scopes
from kotopolku.accounts import scopes as account_scopes
from kotopolku.accounts.models import User
from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions, rule_versions
from kotopolku.casework.labels import DEADLINE_LABELS
from kotopolku.casework.models import (
    Contact,
    ContactTopic,
    Deadline,
)
from kotopolku.clients import rules as client_rules
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client, ClientStatus, Consent, ResponsibleAuthority
from kotopolku.core import languages
from kotopolku.core.rulebook import RuleVersion
from kotopolku.core.translated import pick
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Membership, Organisation, Unit

REFUSALS = (actions.InvalidError, actions.RuleViolationError)
RECENT_CONTACTS = 10


def get_client(request: AuthenticatedRequest, client_id: Any) -> Client:
    return client_scopes.get_client_for_user(request.user, client_id)


def responsible_side(client: Client) -> str:
    """Who keeps the client's casework, named for people."""
    if client.responsible_authority == ResponsibleAuthority.EMPLOYMENT_AREA:
        area = actions.employment_area_for(client)
        if area is None:
            return _("the employment area")
        return _("%(name)s (the employment area)") % {"name": area.display_name()}
    unit = client.responsible_unit
    return _("%(organisation)s, %(unit)s (the municipality's integration services)") % {
        "organisation": unit.organisation.display_name(),
        "unit": unit.display_name(),
    }


def refuse_write(request: AuthenticatedRequest, client: Client) -> HttpResponse | None:
    """None when the user may change the client's casework, else the 403 page."""
    if client_scopes.may_write_casework(request.user, client):
        return None
    if client.status != ClientStatus.ACTIVE:
        message = _("The client's record is not active, so the casework can no longer be changed.")
    else:
        message = _(
            "The casework of this client is kept by %(side)s. You can read it, but only the "
            "responsible side can change it."
        ) % {"side": responsible_side(client)}
    # the page names the client (title and breadcrumbs): a read like any other
    record_read("client", [client.pk], purpose="read-only notice")
    return render(
        request, "casework/forbidden.html", {"client": client, "message": message}, status=403
    )


def casework_unit(request: AuthenticatedRequest) -> Unit:
    unit = scopes.default_casework_unit(request.user)
    if unit is None:
        raise Http404
    return unit


def redirect_to(name: str, *args: Any, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(name, args=args) + (f"#{anchor}" if anchor else ""))


def ui_language() -> str:
    return (get_language() or "fi")[:2]


def language_name(code: str) -> str:
    return languages.name(code, ui_language()) if code else ""


def client_language(client: Client) -> str:
    """The language the client is usually served in: the first language of service."""
    return client.service_languages[0] if client.service_languages else client.mother_tongue


def has_full_casework(user: User) -> bool:
    """Works the whole case (a wellbeing-county worker sees only the assessment, the plan
    and their county's requests): the rule is `access.scopes.reads_whole_case`."""
    return scopes.reads_whole_case(user)


def interviewer_choices(user: User, *also: User | None) -> list[User]:
    """The public officials of the user's organisations, and `also` (the user, the recorded
    interviewer) so that the default and the current value stay choosable."""
    officials = account_scopes.colleagues(user).filter(
        memberships__in=Membership.objects.active().filter(
            is_public_official=True, unit__organisation_id__in=scopes.organisation_ids(user)
        )
    )
    extra = [u.pk for u in also if u is not None]
    return list(
        User.objects.filter(Q(pk__in=extra) | Q(pk__in=officials.values("pk"))).order_by(
            "last_name", "first_name"
        )
    )


def organisation_choices(user: User, *also: Organisation | None) -> list[Organisation]:
    """Active organisations the user may see (providers, recipients of a consent)."""
    extra = [o.pk for o in also if o is not None]
    return list(
        Organisation.objects.filter(
            Q(pk__in=scopes.visible_organisations(user).filter(is_active=True).values("pk"))
            | Q(pk__in=extra)
        )
    )


def consent_choices(client: Client, *also: Consent | None) -> list[Consent]:
    found = actions.active_consents(client)
    known = {c.pk for c in found}
    found += [c for c in also if c is not None and c.pk not in known]
    return found


def deadline_rows(
    deadlines: Iterable[Deadline], today: datetime.date, window_end: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Deadlines as the pages show them: a label, the day, overdue, lapsed (the integration
    window ended, `clients.rules.step_lapsed`) or neither, and the rule's section. Whether a
    rule is verified, or a number the organisation's own target, is said on the rules page
    (`casework:rules`), not on every row."""
    rows = []
    for deadline in deadlines:
        try:
            version: RuleVersion | None = rule_versions.rule(deadline.rule)
        except KeyError:
            version = None
        lapsed = client_rules.step_lapsed(deadline.kind, deadline.due, window_end, today)
        rows.append(
            {
                "kind": deadline.kind,
                "label": DEADLINE_LABELS.get(deadline.kind, deadline.kind),
                "due": deadline.due,
                "overdue": deadline.due < today and not lapsed,
                "lapsed": lapsed,
                "days_left": (deadline.due - today).days,
                "rule": deadline.rule,
                "reference": _(version.legal_reference) if version and version.verified else "",
            }
        )
    return rows


def topic_names() -> dict[str, str]:
    return {t.code: str(pick(t.name)) or t.code for t in ContactTopic.objects.all()}


def contact_rows(contacts: Iterable[Contact]) -> list[dict[str, Any]]:
    topics = topic_names()
    return [
        {
            "contact": c,
            "language": language_name(c.language),
            "topics": [topics.get(code, code) for code in c.topics],
            "fee": actions.fee_chargeable(c),
        }
        for c in contacts
    ]
