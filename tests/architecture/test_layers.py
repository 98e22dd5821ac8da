"""The layers contract: imports between kotopolku's apps point down (docs/architecture.md, "Layers").

Fails on any new upward or sideways import, at module level or inside a function. The imports that
broke the layers when the contract came in are listed in EXCEPTIONS; the list may only shrink: an
entry that no longer occurs as often as listed fails too, so that it is lowered or removed.
"""

from __future__ import annotations

from pathlib import Path

from tests.architecture import layers

# (file under kotopolku/, the app it imports): how many import statements may still break the
# layers. Empty since 7.12.2026 (issue 13): a lower app that must show or follow a higher one
# offers a hook (docs/architecture.md, "Extension points"); nothing is to be added here.
EXCEPTIONS: dict[tuple[str, str], int] = {}


def test_imports_point_down_except_the_listed_ones() -> None:
    found = layers.problems(layers.all_sites(), EXCEPTIONS)
    assert found == [], "\n".join(found)


def test_every_app_has_a_layer() -> None:
    apps = {p.name for p in layers.PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert apps <= set(layers.LAYER_OF), (
        f"apps without a layer: {sorted(apps - set(layers.LAYER_OF))}"
    )


def _plant(root: Path, rel: str, source: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")


def test_a_planted_upward_import_fails_the_contract(tmp_path: Path) -> None:
    _plant(
        tmp_path, "core/helpers.py", "def f():\n    from kotopolku.clients.models import Client\n"
    )
    _plant(tmp_path, "clients/models.py", "from kotopolku.core import helpers\n")
    found = layers.problems(layers.all_sites(tmp_path), {})
    assert found == [
        "new upward import of clients from core/helpers.py: core/helpers.py:2 (inside a function)"
    ]


def test_a_planted_sideways_import_fails_the_contract(tmp_path: Path) -> None:
    _plant(tmp_path, "referrals/views.py", "from ..programme import rules\n")
    found = layers.problems(layers.all_sites(tmp_path), {})
    assert found == [
        "new sideways import of programme from referrals/views.py: referrals/views.py:1"
    ]


def test_an_import_only_for_type_checking_is_no_violation(tmp_path: Path) -> None:
    _plant(
        tmp_path,
        "core/types.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kotopolku.clients.models import Client\n",
    )
    assert layers.problems(layers.all_sites(tmp_path), {}) == []


def test_a_listed_import_that_went_away_must_leave_the_list(tmp_path: Path) -> None:
    _plant(tmp_path, "core/helpers.py", "import kotopolku.orgs.models\n")
    found = layers.problems(layers.all_sites(tmp_path), {("core/helpers.py", "orgs"): 2})
    assert found == [
        "core/helpers.py -> orgs is listed 2 time(s) but occurs 1: "
        "lower or remove its entry in tests/architecture/test_layers.py"
    ]


def test_the_real_tree_plus_one_planted_import_fails(tmp_path: Path) -> None:
    """A deliberately upward import in a copy of the real core app is caught with the real list."""
    import shutil

    shutil.copytree(layers.PACKAGE / "core", tmp_path / "core")
    with (tmp_path / "core" / "dates.py").open("a", encoding="utf-8") as f:
        f.write("\n\ndef _planted():\n    from kotopolku.casework import rules  # noqa\n")
    found = layers.problems(layers.all_sites(tmp_path), EXCEPTIONS)
    assert any(p.startswith("new upward import of casework from core/dates.py") for p in found), (
        found
    )
