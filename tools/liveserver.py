"""Run the app under gunicorn on a free loopback port: for browser tests, screenshots and
benchmarks, which must drive a real server in its own process. A developer tool, not part of
the installed package: import it as `tools.liveserver` from the repository root."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parents[1]
# Headless Chromium on a machine without network: no background connections, no updates.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gunicorn(
    env: Mapping[str, str],
    *,
    workers: int = 1,
    threads: int = 1,
    log: IO[str] | None = None,
    timeout: float = 60,
) -> Iterator[str]:
    """Start gunicorn with `env`, wait until /healthz answers 200, yield the base URL, stop it."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "kotopolku.config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--log-level",
        "error",
    ]
    server = subprocess.Popen(
        command, env=dict(env), cwd=REPO, stdout=log, stderr=subprocess.STDOUT if log else None
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the app server did not start")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
