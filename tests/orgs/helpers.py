"""Helpers for the orgs tests: edited copies of the shipped municipality list."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import PASSWORD

SHIPPED = Path(__file__).resolve().parents[2] / "kotopolku/orgs/data/municipalities-2025.csv"


def shipped_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(SHIPPED.read_text(encoding="utf-8"))))


def edited_list(
    *,
    drop: tuple[str, ...] = (),
    change: dict[str, dict[str, str]] | None = None,
    add: list[dict[str, str]] | None = None,
    edit: Callable[[list[dict[str, str]]], None] | None = None,
) -> str:
    """The shipped list as CSV text with codes dropped, fields changed and rows added."""
    rows = [r for r in shipped_rows() if r["code"] not in drop]
    for row in rows:
        row.update((change or {}).get(row["code"], {}))
    rows.extend(dict(r) for r in add or [])
    if edit is not None:
        edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(shipped_rows()[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def confirm_password(client: Any, next_url: str, password: str = PASSWORD) -> None:
    """Pass the re-authentication step ("sudo mode") for `next_url`."""
    response = client.post("/accounts/confirm/", {"password": password, "next": next_url})
    assert response.status_code == 302, response.status_code
    assert response["Location"] == next_url
