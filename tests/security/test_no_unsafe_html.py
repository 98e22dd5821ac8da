"""HTML comes from templates (autoescaped) or `format_html`, never from strings marked safe by
hand: no `mark_safe` or `SafeString(...)` in the package, and no security-lint exemption for it
(ruff S308, S703)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "kotopolku"
UNSAFE = re.compile(r"\bmark_safe\b|\bSafeString\(|noqa:[^\n]*\bS(308|703)\b")


def test_no_html_is_marked_safe_by_hand() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNSAFE.search(line)
    ]
    assert found == []


def test_the_check_finds_a_planted_mark_safe() -> None:
    assert UNSAFE.search("    return mark_safe(html)  # noqa: S308 (escaped)")
    assert UNSAFE.search("x = y  # noqa: E501, S703")
    assert not UNSAFE.search("    return format_html('<b>{}</b>', text)")
