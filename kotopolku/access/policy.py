"""THE permission policy: who may use which page and API operation.

Every URL pattern (by its namespaced name) and every API operation (by its operation id)
has exactly one entry here. The access middleware and the API decorator enforce these
entries; a route without an entry answers 404 (fail closed) and the route-coverage test
fails. Object-level visibility ("may this user see this client") lives in
`kotopolku.access.scopes`; the scope named in a rule says which of those applies, and the
permission matrix in docs/permissions.md is generated from this file
(`kotopolku access_matrix`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kotopolku.orgs.models import Role

R = Role


class Audience(StrEnum):
    PUBLIC = "public"  # anyone, logged in or not
    ANONYMOUS_FLOW = "login-flow"  # parts of the login flow (no session yet, or half-way)
    AUTHENTICATED = "authenticated"  # any logged-in, verified user
    ROLES = "roles"  # users holding one of `roles` in an active membership


class Scope(StrEnum):
    """How far the objects a route shows reach (enforced in `access.scopes`)."""

    NONE = "none"  # no object, or only public data
    SELF = "self"  # the user's own account
    UNIT = "unit"  # objects of the user's units (and their sub-units)
    ORGANISATION = "organisation"  # objects of the user's organisations
    REGION = "region"  # objects of the municipalities the user's organisations serve
    INSTALLATION = "installation"  # everything in this installation (system administration)


@dataclass(frozen=True)
class Rule:
    audience: Audience
    roles: frozenset[str] = field(default_factory=frozenset)
    scope: Scope = Scope.NONE
    personal_data: bool = False  # reads personal data: every read goes to the access log
    reauth: bool = False  # a dangerous action: asks for the password again first
    note: str = ""
    # a POST that changes nothing (a search whose text must not travel in a URL): allowed
    # to read-only API tokens
    read_only_post: bool = False

    def allows_role(self, roles: frozenset[str]) -> bool:
        if self.audience in (Audience.PUBLIC, Audience.ANONYMOUS_FLOW, Audience.AUTHENTICATED):
            return True
        return bool(self.roles & roles)

    @property
    def needs_login(self) -> bool:
        return self.audience in (Audience.AUTHENTICATED, Audience.ROLES)


def public(note: str = "") -> Rule:
    return Rule(Audience.PUBLIC, note=note)


def login_flow(note: str = "") -> Rule:
    return Rule(Audience.ANONYMOUS_FLOW, note=note)


def authenticated(*, scope: Scope = Scope.NONE, reauth: bool = False, note: str = "") -> Rule:
    return Rule(Audience.AUTHENTICATED, scope=scope, reauth=reauth, note=note)


def roles(
    *granted: str,
    scope: Scope,
    personal_data: bool = False,
    reauth: bool = False,
    note: str = "",
    read_only_post: bool = False,
) -> Rule:
    return Rule(
        Audience.ROLES,
        roles=frozenset(granted),
        scope=scope,
        personal_data=personal_data,
        reauth=reauth,
        note=note,
        read_only_post=read_only_post,
    )


# Roles that work with client cases, and those of them that record client facts.
CASEWORK_ROLES = (R.COUNSELLOR, R.UNIT_MANAGER, R.EMPLOYMENT_WORKER, R.WELLBEING_WORKER)
CASEWORK_WRITERS = (R.COUNSELLOR, R.UNIT_MANAGER, R.EMPLOYMENT_WORKER)
# The tray editors of an authority who also keep an authority's classification of its
# entries (the s. 13 programme element, "an authority's role"): `catalog.scopes`.
CATALOG_AUTHORITY_EDITORS = (
    R.COORDINATOR,
    R.COUNSELLOR,
    R.UNIT_MANAGER,
    R.EMPLOYMENT_WORKER,
    R.WELLBEING_WORKER,
)
# Roles that keep their own organisation's entries of the offering tray (claim-your-listing).
CATALOG_EDITORS = (R.NGO_PARTNER, *CATALOG_AUTHORITY_EDITORS)
# Roles whose staff read the integration programme of the municipalities their organisation
# serves (NGO partners: only published versions); coordinators of the coordinating
# organisation write, approve and publish it (`access.programmes`).
PROGRAMME_STAFF = (R.COORDINATOR, *CASEWORK_ROLES)
PROGRAMME_READERS = (*PROGRAMME_STAFF, R.NGO_PARTNER)
# Roles that refer clients to services (the client's responsible side).
REFERRERS = CASEWORK_WRITERS
# Roles that enrol clients they may see on group guidance, civic orientation and Finnish
# groups (`courses.scopes`), and the staff who read the quarter's courses.
COURSE_ENROLLERS = CASEWORK_WRITERS
COURSE_STAFF = (R.COORDINATOR, *CASEWORK_ROLES)
# Roles whose holders have clients of their own: a client they register gets them as its
# counsellor (`access.scopes.has_own_clients`).
OWN_CLIENT_ROLES = (R.COUNSELLOR, R.EMPLOYMENT_WORKER)
# Roles a client's counsellor may hold (the choices of the assign-counsellor page).
ASSIGNABLE_COUNSELLOR_ROLES = (*OWN_CLIENT_ROLES, R.UNIT_MANAGER)
# The tray editors a review reminder goes to first (the others only when an owner has none of
# these; `catalog.review.recipients`).
CATALOG_FIRST_REMINDED = (R.NGO_PARTNER, R.COORDINATOR)
# Roles that read client data (caseworkers, and auditors through the log reports). Giving one
# is never a self-service: the administrator who asks may not be the user who gets it, and a
# second person (a unit manager of the unit, or another administrator) confirms it
# (`accounts.scopes.may_confirm_grant`, accounts.RoleGrant).
CLIENT_DATA_ROLES = frozenset({*CASEWORK_ROLES, R.AUDITOR})

# --- Pages, by URL name ----------------------------------------------------------------------

PAGES: dict[str, Rule] = {
    # core
    "core:home": authenticated(note="redirects to the role's start page"),
    "core:dashboard": authenticated(scope=Scope.SELF, note="roles, units and what they give"),
    "core:healthz": public(),
    "core:whoami": authenticated(scope=Scope.SELF, note="a tiny page: the benchmark's floor"),
    "core:accessibility": public(),
    "core:privacy": public(),
    "set_language": public(),
    # accounts: login flow
    "accounts:login": login_flow(),
    "accounts:login_verify": login_flow(note="second step: the TOTP code"),
    "accounts:logout": login_flow(),
    "accounts:password_reset": login_flow(),
    "accounts:password_reset_done": login_flow(),
    "accounts:password_reset_confirm": login_flow(),
    "accounts:password_reset_complete": login_flow(),
    "accounts:two_factor_setup": Rule(
        Audience.ANONYMOUS_FLOW, scope=Scope.SELF, note="logged in; reachable before 2FA is set up"
    ),
    # accounts: the user's own page
    "accounts:profile": authenticated(scope=Scope.SELF),
    "accounts:profile_phone": authenticated(scope=Scope.SELF),
    "accounts:password_change": authenticated(scope=Scope.SELF, reauth=True),
    "accounts:reauth": authenticated(scope=Scope.SELF),
    "accounts:token_create": authenticated(scope=Scope.SELF, reauth=True),
    "accounts:token_revoke": authenticated(scope=Scope.SELF),
    "accounts:two_factor_remove": authenticated(scope=Scope.SELF, reauth=True),
    # accounts: administration of users
    "accounts:user_list": roles(R.SYSTEM_ADMIN, scope=Scope.INSTALLATION, personal_data=True),
    "accounts:user_create": roles(R.SYSTEM_ADMIN, scope=Scope.INSTALLATION, reauth=True),
    "accounts:user_detail": roles(R.SYSTEM_ADMIN, scope=Scope.INSTALLATION, personal_data=True),
    "accounts:user_edit": roles(R.SYSTEM_ADMIN, scope=Scope.INSTALLATION, reauth=True),
    "accounts:membership_add": roles(R.SYSTEM_ADMIN, scope=Scope.INSTALLATION, reauth=True),
    "accounts:membership_end": roles(R.SYSTEM_ADMIN, scope=Scope.INSTALLATION, reauth=True),
    "accounts:user_unlock": roles(R.SYSTEM_ADMIN, scope=Scope.INSTALLATION, reauth=True),
    "accounts:grant_list": roles(
        R.SYSTEM_ADMIN,
        R.UNIT_MANAGER,
        scope=Scope.UNIT,
        note="roles that read client data waiting for a second person's confirmation",
    ),
    "accounts:grant_decide": roles(
        R.SYSTEM_ADMIN,
        R.UNIT_MANAGER,
        scope=Scope.UNIT,
        reauth=True,
        note="never the requester nor the user who gets the role",
    ),
    # orgs
    "orgs:organisation_list": roles(R.SYSTEM_ADMIN, R.COORDINATOR, scope=Scope.INSTALLATION),
    "orgs:organisation_create": roles(R.SYSTEM_ADMIN, scope=Scope.INSTALLATION, reauth=True),
    "orgs:organisation_detail": roles(
        R.SYSTEM_ADMIN,
        R.COORDINATOR,
        R.NGO_PARTNER,
        *CASEWORK_ROLES,
        R.AUDITOR,
        scope=Scope.REGION,
        note="system admins see all; others see organisations serving their region",
    ),
    "orgs:organisation_edit": roles(R.SYSTEM_ADMIN, scope=Scope.INSTALLATION, reauth=True),
    "orgs:unit_create": roles(R.SYSTEM_ADMIN, scope=Scope.INSTALLATION, reauth=True),
    "orgs:municipality_list": roles(R.SYSTEM_ADMIN, R.COORDINATOR, scope=Scope.NONE),
    "orgs:region": roles(R.COORDINATOR, scope=Scope.REGION, note="the coordinator's start page"),
    # audit
    "audit:access_events": roles(R.AUDITOR, scope=Scope.ORGANISATION, personal_data=True),
    "audit:change_events": roles(R.AUDITOR, scope=Scope.ORGANISATION, personal_data=True),
    "audit:user_report": roles(R.AUDITOR, scope=Scope.ORGANISATION, personal_data=True),
    "audit:client_search": roles(
        R.AUDITOR,
        scope=Scope.ORGANISATION,
        personal_data=True,
        note="a client's access-log report by name or henkilötunnus (POSTed, logged)",
    ),
    "accounts:security_events": roles(
        R.AUDITOR,
        scope=Scope.ORGANISATION,
        personal_data=True,
        note="role grants and e-mail changes of the organisation's staff",
    ),
    # clients
    "clients:caseload": roles(
        *CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True, note="the user's own clients"
    ),
    "clients:unit_caseload": roles(R.UNIT_MANAGER, scope=Scope.UNIT, personal_data=True),
    "clients:create": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "clients:detail": roles(*CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True),
    "clients:edit": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "clients:assign_counsellor": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "clients:jobseeker_start": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "clients:jobseeker_end": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "clients:household_add": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "clients:merge": roles(R.UNIT_MANAGER, scope=Scope.UNIT, personal_data=True, reauth=True),
    "clients:access_log": roles(
        *CASEWORK_ROLES,
        R.AUDITOR,
        scope=Scope.UNIT,
        personal_data=True,
        note="auditors: the clients of their organisation's units",
    ),
    # casework: reading follows client visibility; writing also needs
    # clients.scopes.may_write_casework (the responsible authority's side)
    "casework:assessment_create": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework:assessment_detail": roles(
        *CASEWORK_ROLES,
        scope=Scope.UNIT,
        personal_data=True,
        note="wellbeing-county workers while their county's request is open",
    ),
    "casework:assessment_edit": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework:language_level_add": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "casework:wellbeing_request": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework:wellbeing_close": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "casework:contribution_add": roles(
        R.WELLBEING_WORKER,
        scope=Scope.ORGANISATION,
        personal_data=True,
        note="only while the county's request is open",
    ),
    "casework:plan_create": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework:plan_detail": roles(*CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True),
    "casework:plan_edit": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework:plan_summary": roles(
        *CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True, note="HTML or PDF for the client"
    ),
    "casework:goal_add": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "casework:plan_client_texts": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "casework:goal_status": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "casework:service_add": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "casework:service_edit": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework:review_add": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "casework:plan_extension_add": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "casework:contact_create": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework:training_add": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework:training_edit": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework:civic_orientation_add": roles(
        *CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True
    ),
    "casework:civic_orientation_edit": roles(
        *CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True
    ),
    "casework:walk_in": roles(
        *CASEWORK_WRITERS, scope=Scope.UNIT, note="anonymous visits: counted, not identified"
    ),
    "casework:deadline_rules": roles(
        *CASEWORK_ROLES,
        R.COORDINATOR,
        R.SYSTEM_ADMIN,
        scope=Scope.INSTALLATION,
        note="the rules in force, no personal data",
    ),
    "casework:hand_over_accept": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "casework:consent_create": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework:consent_withdraw": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "casework:export": roles(
        *CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True, note="the versioned JSON document"
    ),
    # catalog: the offering tray; published entries are public, drafts only to their owner
    "catalog:search": public(note="published entries; filters and ranked free text"),
    "catalog:service_detail": public(
        note="published entries; drafts to the owner and coordinators"
    ),
    "catalog:service_create": roles(*CATALOG_EDITORS, scope=Scope.ORGANISATION),
    "catalog:service_edit": roles(
        *CATALOG_EDITORS,
        scope=Scope.ORGANISATION,
        note="own organisation's entries; a change to a published entry waits for approval",
    ),
    "catalog:service_status": roles(
        *CATALOG_EDITORS, scope=Scope.ORGANISATION, note="publish, archive, confirm reviewed"
    ),
    "catalog:service_history": roles(
        *CATALOG_EDITORS, scope=Scope.ORGANISATION, note="coordinators: entries of their region"
    ),
    "catalog:my_services": roles(
        *CATALOG_EDITORS, scope=Scope.ORGANISATION, note="the NGO partner's start page"
    ),
    "catalog:approvals": roles(R.COORDINATOR, scope=Scope.REGION),
    "catalog:revision_decide": roles(R.COORDINATOR, scope=Scope.REGION),
    "catalog:workshop": roles(*CATALOG_EDITORS, scope=Scope.REGION, note="the tray workshop"),
    "catalog:workshop_print": roles(*CATALOG_EDITORS, scope=Scope.REGION),
    "catalog:wish_add": roles(*CATALOG_EDITORS, scope=Scope.ORGANISATION),
    "catalog:coverage": roles(
        R.COORDINATOR, *CASEWORK_ROLES, scope=Scope.REGION, note="counts under 5 suppressed"
    ),
    "catalog:coverage_export": roles(R.COORDINATOR, *CASEWORK_ROLES, scope=Scope.REGION),
    "catalog:overlaps": roles(R.COORDINATOR, *CASEWORK_ROLES, scope=Scope.REGION),
    "catalog:overlaps_export": roles(R.COORDINATOR, *CASEWORK_ROLES, scope=Scope.REGION),
    # courses: the quarter's courses for the staff of the region; enrolment by the client's
    # side (the clients the user sees), attendance by the session's facilitator and the
    # organiser's coordinators (`courses.scopes`)
    "courses:list": roles(*COURSE_STAFF, scope=Scope.REGION),
    "courses:detail": roles(*COURSE_STAFF, scope=Scope.REGION, personal_data=True),
    "courses:enrol": roles(*COURSE_ENROLLERS, scope=Scope.UNIT, personal_data=True),
    "courses:client_courses": roles(*COURSE_ENROLLERS, scope=Scope.UNIT, personal_data=True),
    "courses:cancel": roles(
        *COURSE_STAFF,
        scope=Scope.UNIT,
        personal_data=True,
        note="the enrolling side or coordinators",
    ),
    "courses:attendance": roles(
        *COURSE_STAFF,
        scope=Scope.ORGANISATION,
        personal_data=True,
        note="the session's facilitator and the organiser's coordinators",
    ),
    "courses:runs": roles(
        R.COORDINATOR, scope=Scope.ORGANISATION, note="the organising organisation's runs"
    ),
    "courses:run_start": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    "courses:run_detail": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    "courses:run_stop": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    "courses:run_publish": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    # referrals: the referring side through client visibility; the provider sees only the
    # referral's minimum data, never the register
    "referrals:create": roles(*REFERRERS, scope=Scope.UNIT, personal_data=True),
    "referrals:plan_refer": roles(
        *REFERRERS,
        scope=Scope.UNIT,
        personal_data=True,
        note="a tray entry into the plan, with refer now",
    ),
    "referrals:consent_print": roles(
        *REFERRERS, scope=Scope.UNIT, personal_data=True, note="the consent text to print"
    ),
    "referrals:sent": roles(*CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True),
    "referrals:received": roles(
        *CATALOG_EDITORS, scope=Scope.ORGANISATION, personal_data=True, note="the provider's inbox"
    ),
    "referrals:detail": roles(
        *CATALOG_EDITORS, scope=Scope.ORGANISATION, personal_data=True, note="either side"
    ),
    "referrals:respond": roles(*CATALOG_EDITORS, scope=Scope.ORGANISATION, personal_data=True),
    "referrals:cancel": roles(*REFERRERS, scope=Scope.UNIT, personal_data=True),
    # programme: the municipal integration programme (no personal data; every change logged)
    "programme:list": roles(
        *PROGRAMME_READERS, scope=Scope.REGION, note="NGO partners: published versions only"
    ),
    "programme:create": roles(
        R.COORDINATOR, scope=Scope.ORGANISATION, note="for the coordinator's organisation"
    ),
    "programme:import": roles(
        R.COORDINATOR,
        scope=Scope.ORGANISATION,
        note="a text or DOCX document into a new draft of the coordinator's organisation",
    ),
    "programme:detail": roles(
        *PROGRAMME_READERS, scope=Scope.REGION, note="NGO partners: published versions only"
    ),
    "programme:edit": roles(
        R.COORDINATOR, scope=Scope.ORGANISATION, note="drafts of the coordinating organisation"
    ),
    "programme:approve": roles(
        R.COORDINATOR,
        scope=Scope.ORGANISATION,
        note="submit, record the approval, publish, new version",
    ),
    # programme: the document, its completeness and the diff of versions (17c); staff of the
    # organisations serving the programme's municipalities, NGO partners published versions
    # (`access.programmes`)
    "programme:document": roles(*PROGRAMME_READERS, scope=Scope.REGION, note="?lang=fi|sv"),
    "programme:document_pdf": roles(*PROGRAMME_READERS, scope=Scope.REGION),
    "programme:document_docx": roles(*PROGRAMME_READERS, scope=Scope.REGION),
    "programme:completeness": roles(
        *PROGRAMME_READERS, scope=Scope.REGION, note="client counts under 5 suppressed"
    ),
    "programme:diff": roles(*PROGRAMME_READERS, scope=Scope.REGION),
    # public: the plain-language service path of a municipality (no login, nothing personal)
    "public:index": public(note="choose a municipality; the path's languages"),
    "public:path": public(note="published tray entries and the published programme"),
    "public:leaflet": public(note="the path as an A4 PDF leaflet"),
    # API schema
    "api:openapi-json": public(),
}

# --- API operations, by operation id (`<app>.<function name>`) --------------------------------

API: dict[str, Rule] = {
    "accounts.me": authenticated(scope=Scope.SELF),
    "accounts.list_tokens": authenticated(scope=Scope.SELF),
    "orgs.list_municipalities": authenticated(),
    "orgs.list_organisations": authenticated(scope=Scope.NONE),
    "audit.list_access_events": roles(R.AUDITOR, scope=Scope.ORGANISATION, personal_data=True),
    "clients.list_clients": roles(*CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True),
    "clients.search_clients": roles(
        *CASEWORK_ROLES,
        scope=Scope.UNIT,
        personal_data=True,
        read_only_post=True,
        note="the list with the search text in the body (a henkilötunnus never in a URL)",
    ),
    "clients.create_client": roles(*CASEWORK_WRITERS, scope=Scope.UNIT),
    "clients.get_client": roles(*CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True),
    "clients.update_client": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "clients.client_access_log": roles(
        *CASEWORK_ROLES, R.AUDITOR, scope=Scope.UNIT, personal_data=True
    ),
    "casework.list_assessments": roles(*CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True),
    "casework.create_assessment": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework.list_plans": roles(*CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True),
    "casework.get_plan": roles(*CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True),
    "casework.create_plan": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework.update_plan": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework.create_plan_extension": roles(
        *CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True
    ),
    "casework.client_deadlines": roles(*CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True),
    "casework.create_contact": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework.list_civic_orientation": roles(*CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True),
    "casework.create_civic_orientation": roles(
        *CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True
    ),
    "casework.list_trainings": roles(*CASEWORK_ROLES, scope=Scope.UNIT, personal_data=True),
    "casework.create_training": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework.export_casework": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "casework.import_casework": roles(*CASEWORK_WRITERS, scope=Scope.UNIT, personal_data=True),
    "catalog.list_services": public(
        note="published entries, ranked by relevance with q; with for_client (login) "
        "filtered for a client the caller sees, the read logged"
    ),
    "catalog.get_service": public(note="published entries"),
    "catalog.create_service": roles(*CATALOG_EDITORS, scope=Scope.ORGANISATION),
    "catalog.update_service": roles(
        *CATALOG_EDITORS, scope=Scope.ORGANISATION, note="a published entry's change waits"
    ),
    "programme.list_programmes": roles(
        *PROGRAMME_READERS, scope=Scope.REGION, note="NGO partners: published versions only"
    ),
    "programme.get_programme": roles(
        *PROGRAMME_READERS, scope=Scope.REGION, note="NGO partners: published versions only"
    ),
    "programme.create_version": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    "programme.submit_programme": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    "programme.approve_programme": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    "programme.publish_programme": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    "referrals.list_referrals": roles(
        *CATALOG_EDITORS, scope=Scope.ORGANISATION, personal_data=True
    ),
    "referrals.create_referral": roles(*REFERRERS, scope=Scope.UNIT, personal_data=True),
    "referrals.update_referral": roles(
        *CATALOG_EDITORS, scope=Scope.ORGANISATION, personal_data=True, note="the provider's answer"
    ),
    # courses (issue 16): as the course pages
    "courses.list_courses": roles(*COURSE_STAFF, scope=Scope.REGION),
    "courses.get_course": roles(*COURSE_STAFF, scope=Scope.REGION),
    "courses.create_enrolment": roles(*COURSE_ENROLLERS, scope=Scope.UNIT, personal_data=True),
    "courses.get_attendance": roles(
        *COURSE_STAFF,
        scope=Scope.ORGANISATION,
        personal_data=True,
        note="the session's facilitator and the organiser's coordinators",
    ),
    "courses.mark_attendance": roles(
        *COURSE_STAFF,
        scope=Scope.ORGANISATION,
        personal_data=True,
        note="the session's facilitator and the organiser's coordinators",
    ),
    # timetable runs (issue 16): the organising organisation's coordinators (`courses.scopes`)
    "courses.start_timetable_run": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    "courses.get_timetable_run": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    "courses.stop_timetable_run": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    "courses.publish_timetable_run": roles(R.COORDINATOR, scope=Scope.ORGANISATION),
    # programme documents (17c)
    "programme.programme_completeness": roles(
        *PROGRAMME_READERS, scope=Scope.REGION, note="warnings link to the editor's fields"
    ),
    "programme.programme_document_pdf": roles(*PROGRAMME_READERS, scope=Scope.REGION),
    "programme.programme_document_docx": roles(*PROGRAMME_READERS, scope=Scope.REGION),
    "programme.programme_diff": roles(*PROGRAMME_READERS, scope=Scope.REGION),
}

# --- Start pages ------------------------------------------------------------------------------

# The page each role lands on after login (first matching role in `Role` order).
START_PAGES: dict[str, str] = {
    R.COUNSELLOR: "clients:caseload",
    R.UNIT_MANAGER: "clients:unit_caseload",
    R.COORDINATOR: "orgs:region",
    R.EMPLOYMENT_WORKER: "clients:caseload",
    R.WELLBEING_WORKER: "clients:caseload",
    R.NGO_PARTNER: "catalog:my_services",
    R.AUDITOR: "audit:access_events",
    R.SYSTEM_ADMIN: "accounts:user_list",
}


def page_rule(view_name: str) -> Rule | None:
    return PAGES.get(view_name)


def api_rule(operation_id: str) -> Rule | None:
    return API.get(operation_id)
