"""Every state change of accounts: logins, lock-out, tokens, users, memberships, 2FA devices."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotopolku.access.scopes import reads_client_data
from kotopolku.accounts.models import ApiToken, RoleGrant, SignInFailure, User
from kotopolku.accounts.scopes import may_confirm_grant
from kotopolku.audit import context
from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import diff, record_change, snapshot
from kotopolku.orgs.models import Membership, Unit

A = ChangeEvent.Action

USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "work_phone",
    "preferred_language",
    "is_active",
)
MEMBERSHIP_FIELDS = ("user", "unit", "role", "is_public_official", "valid_from", "valid_to")
GRANT_FIELDS = (*MEMBERSHIP_FIELDS, "status", "requested_by")


class GrantRefusedError(ValueError):
    """A role grant that may not be made or decided as asked (the message says why)."""


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    locked: bool = False


# --- Sign-in: one answer for every failure, throttled per address and per account ------------
#
# Every refused sign-in (unknown user, wrong password, locked account, throttled address) gets
# the same answer and runs the password hasher once, so neither the message nor the time
# tells which accounts exist or are locked. Failures are counted per client address (any
# usernames: LOCKOUT_ADDRESS_THRESHOLD in LOCKOUT_SECONDS refuses the address) and per
# account (LOCKOUT_THRESHOLD locks it). A lock caused from one address blocks only that
# address, so one attacker cannot lock the owner out; failures from several addresses (or of
# the signed-in user's re-authentication) lock every address and suspend the API tokens.

MAX_FAILURE_ADDRESSES = 10


def _window_start(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(seconds=settings.LOCKOUT_SECONDS)


def address_throttled(address: str | None, now: datetime.datetime | None = None) -> bool:
    """Whether `address` has failed LOCKOUT_ADDRESS_THRESHOLD sign-ins in the window."""
    now = now or timezone.now()
    recent = SignInFailure.objects.filter(address=address, at__gt=_window_start(now))
    return recent.count() >= settings.LOCKOUT_ADDRESS_THRESHOLD


def _count_address_failure(address: str | None, now: datetime.datetime) -> None:
    SignInFailure.objects.filter(address=address, at__lte=_window_start(now)).delete()
    SignInFailure.objects.create(address=address, at=now)


def check_password_with_lockout(
    request: HttpRequest | None, username: str, password: str
) -> LoginResult:
    """Check a username and password, counting failures per address and per account.

    A throttled address, or an account locked for this address, fails even with the right
    password until the window passes; the hasher runs all the same (timing).
    """
    now = timezone.now()
    address = context.current().ip
    candidate = User.objects.filter(username__iexact=username.strip()).first()
    refusal = ""
    if address_throttled(address, now):
        refusal = "address throttled"
    elif candidate is not None and candidate.is_locked_for(address, now):
        refusal = "account locked"
    if refusal:
        make_password(password)  # the same work as checking a password
        if candidate is not None:
            with transaction.atomic():
                record_change("user", candidate.pk, A.LOGIN_FAILED, reason=refusal, actor=candidate)
        return LoginResult(None, locked=True)
    user = authenticate(
        request, username=candidate.username if candidate else username, password=password
    )
    if user is not None:
        assert isinstance(user, User)
        return LoginResult(user)
    _count_address_failure(address, now)
    if candidate is None:
        return LoginResult(None)
    return LoginResult(None, locked=do_count_failure(candidate, address=address))


@transaction.atomic
def do_count_failure(user: User, *, reason: str = "", address: str | None = None) -> bool:
    """Count a failed password (a sign-in from `address`, or a re-authentication without
    one); lock at the threshold: only `address` when every counted failure came from it,
    else every address. Return True when this failure locked the account."""
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    user.refresh_from_db(fields=["failed_login_count", "locked_until", "failure_addresses"])
    addresses = list(user.failure_addresses or [])
    key = address or "-"  # a failure without an address (re-authentication) counts as its own
    if key not in addresses and len(addresses) < MAX_FAILURE_ADDRESSES:
        addresses.append(key)
        User.objects.filter(pk=user.pk).update(failure_addresses=addresses)
    record_change("user", user.pk, A.LOGIN_FAILED, reason=reason, actor=user)
    if user.failed_login_count < settings.LOCKOUT_THRESHOLD:
        return False
    previous = user.locked_until
    until = now + datetime.timedelta(seconds=settings.LOCKOUT_SECONDS)
    only = address if addresses == [address] and address is not None else None
    User.objects.filter(pk=user.pk).update(
        locked_until=until, locked_address=only, failed_login_count=0, failure_addresses=[]
    )
    user.locked_until, user.locked_address, user.failed_login_count = until, only, 0
    user.failure_addresses = []
    record_change(
        "user",
        user.pk,
        A.LOCKED,
        {"locked_until": [previous, until]},
        reason="locked for the address of the failures"
        if only
        else "locked for every address; API tokens suspended",
        actor=user,
    )
    return True


@transaction.atomic
def do_record_login(user: User, *, second_factor: bool) -> None:
    """Reset the failure count and log the successful login. A lock that still holds for
    another address stays (the owner signing in does not free the attacker's address)."""
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(failed_login_count=0, failure_addresses=[])
    User.objects.filter(pk=user.pk, locked_until__lte=now).update(
        locked_until=None, locked_address=None
    )
    record_change("user", user.pk, A.LOGIN, {"second_factor": [None, second_factor]}, actor=user)


def do_reset_failures(user: User) -> None:
    """A correct password clears the count of earlier failures (nothing to log)."""
    if user.failed_login_count:
        User.objects.filter(pk=user.pk).update(failed_login_count=0)
        user.failed_login_count = 0


@transaction.atomic
def do_record_logout(user: User) -> None:
    record_change("user", user.pk, A.LOGOUT, actor=user)


@transaction.atomic
def do_unlock_user(user: User, *, acting_user: User) -> None:
    old = {"locked_until": user.locked_until, "failed_login_count": user.failed_login_count}
    if old == {"locked_until": None, "failed_login_count": 0}:
        return
    User.objects.filter(pk=user.pk).update(
        locked_until=None, locked_address=None, failed_login_count=0, failure_addresses=[]
    )
    user.locked_until, user.locked_address, user.failed_login_count = None, None, 0
    record_change(
        "user",
        user.pk,
        A.UPDATE,
        diff(old, {"locked_until": None, "failed_login_count": 0}),
        actor=acting_user,
    )


# --- API tokens -------------------------------------------------------------------------------


@transaction.atomic
def do_create_token(
    user: User, *, name: str, days: int, read_only: bool, acting_user: User
) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it and its text (shown once, never stored)."""
    days = max(1, min(days, settings.API_TOKEN_MAX_DAYS))
    prefix, text = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=prefix,
        token_hash=ApiToken.hash(text),
        read_only=read_only,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    record_change(
        "api_token",
        token.pk,
        A.CREATE,
        diff({}, snapshot(token, ("user", "name", "prefix", "read_only", "expires_at"))),
        actor=acting_user,
    )
    return token, text


@transaction.atomic
def do_revoke_token(token: ApiToken, *, acting_user: User, reason: str = "") -> None:
    if token.revoked_at is not None:
        return
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=now)
    token.revoked_at = now
    record_change(
        "api_token",
        token.pk,
        A.REVOKE,
        {"revoked_at": [None, now]},
        reason=reason,
        actor=acting_user,
    )


@transaction.atomic
def do_revoke_tokens(user: User, *, acting_user: User, reason: str) -> int:
    """Revoke every token of `user` not yet revoked (a password reset: a token made before it
    may be in the wrong hands); return how many."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        do_revoke_token(token, acting_user=acting_user, reason=reason)
    return len(tokens)


# --- Users and memberships --------------------------------------------------------------------


@transaction.atomic
def do_create_user(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    preferred_language: str,
    password: str | None,
    acting_user: User | None,
    work_phone: str = "",
) -> User:
    user = User(
        username=username.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        work_phone=work_phone.strip(),
        preferred_language=preferred_language,
    )
    if password:
        user.set_password(password)
        user.password_changed_at = timezone.now()
    else:
        user.set_unusable_password()
    user.save()
    record_change(
        "user", user.pk, A.CREATE, diff({}, snapshot(user, USER_FIELDS)), actor=acting_user
    )
    return user


@transaction.atomic
def do_update_user(
    user: User, changes: dict[str, Any], *, acting_user: User
) -> dict[str, list[Any]]:
    """Apply `changes` (a subset of USER_FIELDS) and log old and new values."""
    unknown = set(changes) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    old = snapshot(user, changes)
    for name, value in changes.items():
        setattr(user, name, value)
    changed = diff(old, snapshot(user, changes))
    if changed:
        user.save(update_fields=list(changed))
        record_change("user", user.pk, A.UPDATE, changed, actor=acting_user)
    if "email" in changed and changed["email"][0]:
        # a changed address could take over the account through a password reset: the
        # user hears of it at the address they had
        from kotopolku.accounts.emails import send_email_changed

        send_email_changed(user, old_address=changed["email"][0], acting_user=acting_user)
    return changed


@transaction.atomic
def do_set_password(user: User, password: str, *, acting_user: User | None) -> None:
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    # Never log the hash; the event itself is the record.
    record_change(
        "user", user.pk, A.UPDATE, {"password": ["***", "***"]}, actor=acting_user or user
    )


@transaction.atomic
def do_add_membership(
    user: User,
    *,
    unit: Unit,
    role: str,
    is_public_official: bool,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    acting_user: User | None,
) -> Membership:
    """Give a role now. A role that reads client data, asked for by a person, goes through
    `do_request_membership` and a second person's confirmation instead."""
    if reads_client_data(role) and acting_user is not None:
        raise GrantRefusedError(
            "a role that reads client data needs a second person's confirmation"
        )
    return _create_membership(
        user,
        unit=unit,
        role=role,
        is_public_official=is_public_official,
        valid_from=valid_from,
        valid_to=valid_to,
        acting_user=acting_user,
    )


def _create_membership(
    user: User,
    *,
    unit: Unit,
    role: str,
    is_public_official: bool,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
    acting_user: User | None,
) -> Membership:
    membership = Membership.objects.create(
        user=user,
        unit=unit,
        role=role,
        is_public_official=is_public_official,
        valid_from=valid_from or timezone.localdate(),
        valid_to=valid_to,
    )
    record_change(
        "membership",
        membership.pk,
        A.GRANT,
        diff({}, snapshot(membership, MEMBERSHIP_FIELDS)),
        actor=acting_user,
    )
    return membership


@transaction.atomic
def do_request_membership(
    user: User,
    *,
    unit: Unit,
    role: str,
    is_public_official: bool,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    acting_user: User,
) -> Membership | RoleGrant:
    """Give a role (an administrator's request). A role that reads client data becomes a
    pending grant that a second person confirms (`do_decide_grant`); nobody may ask for such
    a role for themselves. Other roles are given at once."""
    if not reads_client_data(role):
        return _create_membership(
            user,
            unit=unit,
            role=role,
            is_public_official=is_public_official,
            valid_from=valid_from,
            valid_to=valid_to,
            acting_user=acting_user,
        )
    if user.pk == acting_user.pk:
        raise GrantRefusedError("nobody may give themselves a role that reads client data")
    grant = RoleGrant.objects.create(
        user=user,
        unit=unit,
        role=role,
        is_public_official=is_public_official,
        valid_from=valid_from or timezone.localdate(),
        valid_to=valid_to,
        requested_by=acting_user,
    )
    record_change(
        "role_grant",
        grant.pk,
        A.CREATE,
        diff({}, snapshot(grant, GRANT_FIELDS)),
        reason="waits for a second person's confirmation",
        actor=acting_user,
    )
    return grant


@transaction.atomic
def do_decide_grant(grant: RoleGrant, *, confirm: bool, acting_user: User) -> RoleGrant:
    """Confirm (the membership is created) or refuse a pending grant, as a second person."""
    grant = RoleGrant.objects.select_for_update().select_related("unit").get(pk=grant.pk)
    if grant.status != RoleGrant.Status.PENDING:
        raise GrantRefusedError("the grant has already been decided")
    if not may_confirm_grant(acting_user, grant):
        raise GrantRefusedError(
            "a unit manager of the unit or another administrator confirms, never the one "
            "who asked nor the one who gets the role"
        )
    old = grant.status
    if confirm:
        grant.membership = _create_membership(
            grant.user,
            unit=grant.unit,
            role=grant.role,
            is_public_official=grant.is_public_official,
            valid_from=grant.valid_from,
            valid_to=grant.valid_to,
            acting_user=acting_user,
        )
        grant.status = RoleGrant.Status.CONFIRMED
    else:
        grant.status = RoleGrant.Status.REFUSED
    grant.decided_by, grant.decided_at = acting_user, timezone.now()
    grant.save(update_fields=["membership", "status", "decided_by", "decided_at"])
    record_change(
        "role_grant",
        grant.pk,
        A.GRANT if confirm else A.REVOKE,
        {"status": [old, grant.status], "decided_by": [None, acting_user.username]},
        actor=acting_user,
    )
    return grant


@transaction.atomic
def do_end_membership(
    membership: Membership, *, valid_to: datetime.date | None = None, acting_user: User
) -> None:
    """End a membership; it stays in the history.

    The end date is the last valid day, so ending "now" sets yesterday: access ends at once.
    A membership that has not started is cancelled (its end falls before its start); one
    that has already ended is left as it is.
    """
    today = timezone.localdate()
    if not membership.is_current_or_future(today):
        return
    end = valid_to or today - datetime.timedelta(days=1)
    if end < membership.valid_from:
        end = membership.valid_from - datetime.timedelta(days=1)
    old = membership.valid_to
    membership.valid_to = end
    membership.save(update_fields=["valid_to"])
    record_change(
        "membership", membership.pk, A.REVOKE, {"valid_to": [old, end]}, actor=acting_user
    )


# --- Two-factor devices -----------------------------------------------------------------------


@transaction.atomic
def do_confirm_totp_device(device: TOTPDevice, *, acting_user: User) -> None:
    """Mark a verified TOTP device confirmed and remove the user's other TOTP devices."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_change(
        "user", device.user_id, A.UPDATE, {"two_factor": [False, True]}, actor=acting_user
    )


@transaction.atomic
def do_remove_totp_devices(user: User, *, acting_user: User) -> None:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        record_change("user", user.pk, A.UPDATE, {"two_factor": [True, False]}, actor=acting_user)
