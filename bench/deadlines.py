"""The deadline-sorted caseload pages against their floor, on a national data set with casework.

`kotopolku bench deadlines --clients N --json`:
1. on a database without clients, migrate and build `kotopolku synth --clients N` (which
   gives the clients assessments, plans, services, contacts and the `Deadline` rows and
   `Client.next_due`); with --reuse, a synth data set of the same size with casework is
   used as it is;
2. start gunicorn with ONE worker in production mode on a free loopback port, against the
   configured database (TLS is taken as terminated by a proxy: X-Forwarded-Proto: https);
3. log two users in through the real login form and the TOTP step: the synth counsellor
   (150 own clients) and the synth unit manager (the first teams of the largest integration
   centre: thousands of clients);
4. after `--warmup` rounds, send `--requests` rounds of three requests each: (a) the
   counsellor's caseload by deadline, `/clients/?sort=due`; (b) the manager's unit view by
   deadline, `/clients/unit/?sort=due`; (c) the floor, `/whoami/` (the same middleware, a
   small template, no other database reads), as the counsellor;
5. print clients, database, requests, p50/p95 of each, the ratios of the p50s to the floor's
   and unit_clients (the active clients of the manager's units, which the unit view lists).
"""

from __future__ import annotations

import base64
import secrets
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.worklist import Browser, _percentile, _totp, production_server

REPO = Path(__file__).resolve().parents[1]
COUNSELLOR_PAGE = "/clients/?sort=due"
UNIT_PAGE = "/clients/unit/?sort=due"
FLOOR_PAGE = "/whoami/"
PAGE_MARKER = 'id="caseload-caption"'
FLOOR_MARKER = 'id="main"'


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    secret: str  # TOTP secret in base32


def _login_for(username: str) -> Login:
    """A fresh password and a confirmed TOTP device for a synth user."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kotopolku.accounts.models import User

    user = User.objects.get(username=username)
    password = secrets.token_urlsafe(24)
    user.set_password(password)
    user.failed_login_count = 0
    user.locked_until = None
    user.save(update_fields=["password", "failed_login_count", "locked_until"])
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return Login(username, password, base64.b32encode(device.bin_key).decode())


def _prepare_data(
    clients: int, reuse: bool, log: Callable[[str], Any] | None
) -> tuple[Login, Login, int]:
    """Return the logins of the counsellor and the unit manager and the unit's client count."""
    from django.core.management import call_command

    from kotopolku.audit.context import acting
    from kotopolku.casework.models import Deadline
    from kotopolku.clients.models import Client, ClientStatus
    from kotopolku.ops.synth import (
        BENCH_COUNSELLOR,
        BENCH_MANAGER,
        SYNTH_MARK,
        analyse,
        synthesise,
    )
    from kotopolku.orgs.models import Membership, Role

    call_command("migrate", interactive=False, verbosity=0)
    existing = Client.objects.count()
    if existing == 0:
        started = time.perf_counter()
        with acting(view="bench:deadlines"):
            synthesise(clients)
        analyse()
        if log:
            log(f"synth: {clients} clients in {time.perf_counter() - started:.1f} s\n")
    elif not (
        reuse
        and existing == clients
        and Client.objects.filter(internal_number__startswith=SYNTH_MARK).exists()
        and Deadline.objects.exists()
        and Membership.objects.filter(user__username=BENCH_MANAGER).exists()
    ):
        raise SystemExit(
            f"the database has {existing} clients: the benchmark builds its data on an empty "
            "database (or pass --reuse to use a synth data set with casework of the same size)"
        )
    units = Membership.objects.active().filter(user__username=BENCH_MANAGER, role=Role.UNIT_MANAGER)
    unit_clients = Client.objects.filter(
        responsible_unit_id__in=units.values("unit_id"), status=ClientStatus.ACTIVE
    ).count()
    return _login_for(BENCH_COUNSELLOR), _login_for(BENCH_MANAGER), unit_clients


def run(
    *,
    clients: int,
    requests: int,
    warmup: int,
    reuse: bool,
    log: Callable[[str], Any] | None = None,
    **_: Any,
) -> dict[str, Any]:
    counsellor, manager, unit_clients = _prepare_data(clients, reuse, log)
    with production_server() as port:
        figures = _measure(
            _logged_in(Browser(port), counsellor),
            _logged_in(Browser(port), manager),
            requests,
            warmup,
        )
    from django.db import connection

    return {
        "clients": clients,
        "database": connection.vendor,
        "requests": requests,
        **figures,
        "unit_clients": unit_clients,
    }


def _logged_in(browser: Browser, login: Login) -> Browser:
    """Log in through the real forms (password, then the TOTP step)."""
    status, headers, _page = browser.form_post(
        "/accounts/login/", {"username": login.username, "password": login.password}
    )
    if status != 302 or not headers.get("Location", "").endswith("/accounts/login/verify/"):
        raise RuntimeError(f"login of {login.username} failed: {status} {headers.get('Location')}")
    status, _headers, _page = browser.form_post(
        "/accounts/login/verify/", {"code": _totp(login.secret)}
    )
    if status != 302:
        raise RuntimeError(f"second factor of {login.username} failed: {status}")
    return browser


def _timed(browser: Browser, path: str, marker: str) -> float:
    started = time.perf_counter()
    status, _h, page = browser.request("GET", path)
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200 or marker not in page:
        raise RuntimeError(f"GET {path}: {status}")
    return elapsed


def _measure(counsellor: Browser, manager: Browser, requests: int, warmup: int) -> dict[str, Any]:
    for browser, path in ((counsellor, COUNSELLOR_PAGE), (manager, UNIT_PAGE)):
        rows = browser.request("GET", path)[2].count('href="/clients/')
        if rows < 50:
            raise RuntimeError(f"{path} shows {rows} client links; the page needs 50+")
    for _ in range(warmup):
        _timed(counsellor, COUNSELLOR_PAGE, PAGE_MARKER)
        _timed(manager, UNIT_PAGE, PAGE_MARKER)
        _timed(counsellor, FLOOR_PAGE, FLOOR_MARKER)
    own_ms: list[float] = []
    unit_ms: list[float] = []
    floor_ms: list[float] = []
    for _ in range(requests):
        own_ms.append(_timed(counsellor, COUNSELLOR_PAGE, PAGE_MARKER))
        unit_ms.append(_timed(manager, UNIT_PAGE, PAGE_MARKER))
        floor_ms.append(_timed(counsellor, FLOOR_PAGE, FLOOR_MARKER))
    own_p50, unit_p50 = statistics.median(own_ms), statistics.median(unit_ms)
    floor_p50 = statistics.median(floor_ms)
    return {
        "counsellor_p50_ms": round(own_p50, 2),
        "counsellor_p95_ms": round(_percentile(own_ms, 0.95), 2),
        "unit_p50_ms": round(unit_p50, 2),
        "unit_p95_ms": round(_percentile(unit_ms, 0.95), 2),
        "floor_p50_ms": round(floor_p50, 2),
        "floor_p95_ms": round(_percentile(floor_ms, 0.95), 2),
        "counsellor_ratio_p50": round(own_p50 / floor_p50, 3),
        "unit_ratio_p50": round(unit_p50 / floor_p50, 3),
    }
