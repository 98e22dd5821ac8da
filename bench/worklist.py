"""The caseload page against its floor, on a national data set.

`kotopolku bench worklist --clients N --json`:
1. on a database without clients, migrate and build `kotopolku synth --clients N`
   (with --reuse, a synth data set of the same size is used as it is);
2. start gunicorn with ONE worker in production mode on a free loopback port, against the
   configured database (TLS is taken as terminated by a proxy: X-Forwarded-Proto: https);
3. log the synth counsellor (who owns at least 100 clients) in through the real login form
   and the TOTP step, keeping the session cookie;
4. after `--warmup` requests of each, send `--requests` alternating requests of (a) the
   caseload page (first page, 50 rows, default sort) and (b) the floor: /whoami/, a page
   behind the same middleware that renders a small template for the logged-in user and
   reads nothing else from the database;
5. print clients, p50_ms, p95_ms, floor_p50_ms, floor_p95_ms, ratio_p50.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from tools import liveserver

REPO = Path(__file__).resolve().parents[1]


def _prepare_data(clients: int, reuse: bool, log: Callable[[str], Any] | None) -> tuple[str, str]:
    """Return (username, TOTP secret in base32) of the bench counsellor, building data if needed."""
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kotopolku.accounts.models import User
    from kotopolku.audit.context import acting
    from kotopolku.clients.models import Client
    from kotopolku.ops.synth import BENCH_COUNSELLOR, SYNTH_MARK, analyse, synthesise

    call_command("migrate", interactive=False, verbosity=0)
    existing = Client.objects.count()
    if existing == 0:
        started = time.perf_counter()
        with acting(view="bench:worklist"):
            synthesise(clients)
        analyse()
        if log:
            log(f"synth: {clients} clients in {time.perf_counter() - started:.1f} s\n")
    elif not (
        reuse
        and existing == clients
        and Client.objects.filter(internal_number__startswith=SYNTH_MARK).exists()
    ):
        raise SystemExit(
            f"the database has {existing} clients: the benchmark builds its data on an empty database "
            "(or pass --reuse to use a synth data set of the same size)"
        )
    user = User.objects.get(username=BENCH_COUNSELLOR)
    password = secrets.token_urlsafe(24)
    user.set_password(password)
    user.failed_login_count = 0
    user.locked_until = None
    user.save(update_fields=["password", "failed_login_count", "locked_until"])
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    os.environ["_KOTOPOLKU_BENCH_PASSWORD"] = password
    return user.username, base64.b32encode(device.bin_key).decode()


class Browser:
    """A minimal cookie-keeping HTTP client over http.client (a new connection per request)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | None = None
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Accept": "text/html",
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = "https://127.0.0.1"
            headers["Referer"] = f"https://127.0.0.1{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        conn.close()
        return response.status, dict(response.headers), text

    def form_post(self, path: str, fields: dict[str, str]) -> tuple[int, dict[str, str], str]:
        from urllib.parse import urlencode

        status, _h, page = self.request("GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"GET {path}: {status}, no form")
        return self.request(
            "POST", path, urlencode({"csrfmiddlewaretoken": token.group(1), **fields})
        )


def _totp(secret: str) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(base64.b32decode(secret), step=30, digits=6)
    return f"{totp.token():06d}"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(
    *,
    clients: int,
    requests: int,
    warmup: int,
    reuse: bool,
    log: Callable[[str], Any] | None = None,
    **_: Any,
) -> dict[str, Any]:
    username, secret = _prepare_data(clients, reuse, log)
    password = os.environ.pop("_KOTOPOLKU_BENCH_PASSWORD")
    with production_server() as port:
        figures = _measure(Browser(port), username, password, secret, requests, warmup)
    from django.db import connection

    return {"clients": clients, "database": connection.vendor, "requests": requests, **figures}


@contextlib.contextmanager
def production_server() -> Iterator[int]:
    """gunicorn with one worker in production mode on a free loopback port (static files
    collected into a temporary directory); yields the port."""
    tmp = Path(tempfile.mkdtemp(prefix="kotopolku-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kotopolku.config.settings",
        "KOTOPOLKU_MODE": "production",
        "KOTOPOLKU_SECRET_KEY": secrets.token_urlsafe(64),
        "KOTOPOLKU_ALLOWED_HOSTS": "127.0.0.1",
        "KOTOPOLKU_TRUST_X_FORWARDED_PROTO": "true",
        "KOTOPOLKU_STATIC_ROOT": str(tmp / "static"),
        "KOTOPOLKU_LOG_LEVEL": "ERROR",
    }
    env.pop("KOTOPOLKU_DEBUG", None)
    subprocess.run(
        [sys.executable, "-m", "kotopolku", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=REPO,
        check=True,
    )
    try:
        with liveserver.gunicorn(env, workers=1) as base:
            yield int(base.rsplit(":", 1)[1])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _measure(
    browser: Browser, username: str, password: str, secret: str, requests: int, warmup: int
) -> dict[str, Any]:
    """Log in through the real forms, then time the caseload against the floor."""
    status, headers, _page = browser.form_post(
        "/accounts/login/", {"username": username, "password": password}
    )
    if status != 302 or not headers.get("Location", "").endswith("/accounts/login/verify/"):
        raise RuntimeError(f"login failed: {status} {headers.get('Location')}")
    status, headers, _page = browser.form_post("/accounts/login/verify/", {"code": _totp(secret)})
    if status != 302:
        raise RuntimeError(f"second factor failed: {status}")

    def timed(path: str, marker: str) -> float:
        started = time.perf_counter()
        status, _h, page = browser.request("GET", path)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200 or marker not in page:
            raise RuntimeError(f"GET {path}: {status}")
        return elapsed

    caseload_marker = 'id="caseload-caption"'
    floor_marker = 'id="main"'
    rows = browser.request("GET", "/clients/")[2].count('href="/clients/')
    if rows < 50:
        raise RuntimeError(f"the caseload page shows {rows} client links; the counsellor needs 50+")
    for _ in range(warmup):
        timed("/clients/", caseload_marker)
        timed("/whoami/", floor_marker)
    page_ms: list[float] = []
    floor_ms: list[float] = []
    for _ in range(requests):
        page_ms.append(timed("/clients/", caseload_marker))
        floor_ms.append(timed("/whoami/", floor_marker))
    p50, floor_p50 = statistics.median(page_ms), statistics.median(floor_ms)
    return {
        "p50_ms": round(p50, 2),
        "p95_ms": round(_percentile(page_ms, 0.95), 2),
        "floor_p50_ms": round(floor_p50, 2),
        "floor_p95_ms": round(_percentile(floor_ms, 0.95), 2),
        "ratio_p50": round(p50 / floor_p50, 3),
    }
