"""Templates carry no inline script, inline style or event-handler attribute (the CSP forbids them).

The source of every template is scanned, and so is the HTML of a few rendered pages (which
also covers Django's own widget templates).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

TEMPLATES = Path(__file__).resolve().parents[2] / "kotopolku" / "templates"
FILES = sorted(TEMPLATES.rglob("*.html"))

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
STYLE_ATTR = re.compile(r"""[\s"']style\s*=""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
HANDLER_ATTR = re.compile(r"""[\s"']on[a-z]+\s*=""", re.IGNORECASE)
HTMX_HANDLER = re.compile(r"""\shx-on[:\-]""", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _problems(html: str) -> list[str]:
    found = []
    for attrs, body in SCRIPT.findall(html):
        if body.strip():
            found.append(f"inline <script> body: {body.strip()[:60]!r}")
        if "src=" not in attrs:
            found.append(f"<script> without src: {attrs!r}")
    for name, pattern in (
        ("style= attribute", STYLE_ATTR),
        ("<style> element", STYLE_ELEMENT),
        ("on*= handler", HANDLER_ATTR),
        ("hx-on handler", HTMX_HANDLER),
        ("javascript: URL", JS_URL),
    ):
        for match in pattern.finditer(html):
            start = max(0, match.start() - 30)
            found.append(f"{name}: {html[start : match.end() + 30]!r}")
    return found


def test_there_are_templates_to_scan() -> None:
    assert len(FILES) >= 30
    assert TEMPLATES / "base.html" in FILES


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_source_has_no_inline_code(path: Path) -> None:
    assert _problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script src="/x.js">alert(1)</script>',
        "<script nonce=abc></script>",
        '<p style="color:red">',
        "<style>p{}</style>",
        '<button onclick="x()">',
        "<body onLoad='x()'>",
        '<a href="javascript:void(0)">',
        '<div hx-on:click="x()">',
    ],
)
def test_the_scanner_catches_each_kind_of_inline_code(html: str) -> None:
    assert _problems(html)


def test_the_scanner_accepts_the_allowed_forms() -> None:
    assert (
        _problems(
            '<script src="/static/a.js" defer></script>'
            '<button data-confirm="Sure?" data-print>x</button>'
            '<div hx-headers=\'{"X-CSRFToken": "t"}\'></div><p class="one">'
        )
        == []
    )


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        (None, "/accounts/login/"),
        (None, "/accessibility/"),
        ("admin", "/accounts/users/"),
        ("admin", "/organisations/toivo/"),
        ("admin", "/accounts/confirm/"),
        ("auditor.joensuu", "/audit/access/?since=2025-02-01&until=2025-01-01"),
        ("coordinator.joensuu", "/organisations/region/"),
    ],
)
def test_rendered_pages_have_no_inline_code(
    persona: str | None, url: str, login: Callable[[str], Client]
) -> None:
    client = login(persona) if persona else Client()
    response = client.get(url)
    assert response.status_code == 200
    assert _problems(response.content.decode()) == []
