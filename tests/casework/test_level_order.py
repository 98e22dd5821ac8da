"""Language levels are offered lowest first, A1 ... C2 (issue 15)."""

from __future__ import annotations

from kotopolku.casework.forms.assessment import LanguageLevelForm, level_choices
from kotopolku.casework.models import LANGUAGE_LEVELS, LEVELS_IN_ORDER


def test_every_level_in_order_from_zero_to_c2() -> None:
    assert LEVELS_IN_ORDER == (
        "0", "A1", "A1.1", "A1.2", "A1.3", "A2", "A2.1", "A2.2",
        "B1", "B1.1", "B1.2", "B2", "B2.1", "B2.2", "C1", "C1.1", "C2",
    )  # fmt: skip
    assert set(LEVELS_IN_ORDER) == set(LANGUAGE_LEVELS)


def test_the_pickers_offer_the_levels_in_that_order() -> None:
    values = [value for value, _label in level_choices()]
    assert values == ["", *LEVELS_IN_ORDER]
    form_values = [value for value, _label in LanguageLevelForm().fields["level"].choices]  # type: ignore[attr-defined]
    assert form_values == values
