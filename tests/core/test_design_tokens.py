"""The colour tokens in kotopolku.css meet the contrast their comments claim (WCAG 2.1).

The relative luminance and contrast ratio are computed here from the WCAG definitions;
nothing is taken from the comments but the pairs and the claimed ratios.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "kotopolku/static/kotopolku/css/kotopolku.css"
TOKEN = re.compile(
    r"^\s*--(color-[a-z-]+):\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\s*;\s*(?:/\*(.*?)\*/)?\s*$",
    re.MULTILINE,
)
CLAIM = re.compile(r"(\d+(?:\.\d+)?):1")

# (text token, background token, ratio claimed in the comment, comment of which token)
TEXT_PAIRS = [
    ("color-text", "color-bg", 17.2, "color-text"),
    ("color-text-muted", "color-bg", 8.7, "color-text-muted"),
    ("color-text-muted", "color-surface", 8.0, "color-text-muted"),
    ("color-primary", "color-bg", 8.8, "color-primary"),
    ("color-on-primary", "color-primary-dark", 11.2, "color-primary-dark"),
    ("color-primary", "color-primary-tint", 7.6, "color-primary-tint"),
    ("color-danger", "color-bg", 9.3, "color-danger"),
    ("color-danger", "color-danger-tint", 8.0, "color-danger"),
    ("color-success", "color-success-tint", 6.9, "color-success"),
    ("color-warning", "color-warning-tint", 7.4, "color-warning"),
    ("color-text", "color-focus", 10.5, "color-focus"),
]
UI_PAIRS = [("color-border", "color-bg", 4.6, "color-border")]

# Pairs the stylesheet uses through inheritance (white text on buttons and navigation,
# body text on message tints); not in the comments but on screen all the same.
INHERITED_PAIRS = [
    ("color-on-primary", "color-primary"),  # .button, .main-nav
    ("color-on-primary", "color-danger"),  # .button--danger
    ("color-text", "color-primary-tint"),  # .message
    ("color-text", "color-success-tint"),
    ("color-text", "color-warning-tint"),
    ("color-text", "color-danger-tint"),
    ("color-text", "color-surface"),  # table heads, footer
]


def _tokens() -> dict[str, tuple[str, str]]:
    text = CSS.read_text(encoding="utf-8")
    return {m[1]: (m[2], m[3] or "") for m in TOKEN.finditer(text)}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _colour(name: str) -> str:
    return _tokens()[name][0]


def test_the_wcag_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#fff", "#000") == contrast("#000000", "#ffffff")
    assert luminance("#808080") == pytest.approx(0.2159, abs=0.0001)


def test_the_colour_tokens_parse() -> None:
    tokens = _tokens()
    assert len(tokens) >= 17
    used = {t for pair in TEXT_PAIRS + UI_PAIRS for t in pair[:2]}
    assert used <= set(tokens)


def test_every_claim_in_the_comments_is_in_this_test() -> None:
    claims = [
        (name, float(value))
        for name, (_, comment) in _tokens().items()
        for value in CLAIM.findall(comment)
    ]
    expected = [(owner, ratio) for _, _, ratio, owner in TEXT_PAIRS + UI_PAIRS]
    assert sorted(claims) == sorted(expected)


@pytest.mark.parametrize(("fg", "bg", "claimed", "owner"), TEXT_PAIRS)
def test_text_pairs_reach_4_5_to_1(fg: str, bg: str, claimed: float, owner: str) -> None:
    ratio = contrast(_colour(fg), _colour(bg))
    assert ratio >= 4.5, f"{fg} on {bg}: {ratio:.2f}:1"


@pytest.mark.parametrize(("fg", "bg", "claimed", "owner"), TEXT_PAIRS + UI_PAIRS)
def test_the_claimed_ratio_is_the_computed_one_rounded(
    fg: str, bg: str, claimed: float, owner: str
) -> None:
    ratio = contrast(_colour(fg), _colour(bg))
    assert round(ratio, 1) == pytest.approx(claimed), f"{fg} on {bg}: {ratio:.3f}:1"


@pytest.mark.parametrize(("fg", "bg", "claimed", "owner"), UI_PAIRS)
def test_ui_boundaries_reach_3_to_1(fg: str, bg: str, claimed: float, owner: str) -> None:
    assert contrast(_colour(fg), _colour(bg)) >= 3.0


@pytest.mark.parametrize(("fg", "bg", "claimed", "owner"), UI_PAIRS)
def test_ui_boundary_claims_are_not_rounded_up(
    fg: str, bg: str, claimed: float, owner: str
) -> None:
    assert contrast(_colour(fg), _colour(bg)) >= claimed


@pytest.mark.parametrize(("fg", "bg"), INHERITED_PAIRS)
def test_inherited_text_pairs_reach_4_5_to_1(fg: str, bg: str) -> None:
    ratio = contrast(_colour(fg), _colour(bg))
    assert ratio >= 4.5, f"{fg} on {bg}: {ratio:.2f}:1"


def test_rules_that_set_both_colour_and_background_reach_4_5_to_1() -> None:
    css = CSS.read_text(encoding="utf-8")
    rule = re.compile(r"([^{}]+)\{([^{}]*)\}")
    checked = 0
    for selector, body in rule.findall(css):
        fg = re.search(r"(?<![-\w])color:\s*var\(--(color-[a-z-]+)\)", body)
        bg = re.search(r"background(?:-color)?:\s*var\(--(color-[a-z-]+)\)", body)
        if fg and bg:
            ratio = contrast(_colour(fg[1]), _colour(bg[1]))
            assert ratio >= 4.5, f"{selector.strip()}: {ratio:.2f}:1"
            checked += 1
    assert checked >= 8
