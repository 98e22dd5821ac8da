"""The Finnish retrieval protocol (`../shared/benchdata/finnish/README.md`) end to end: the dev
sentences become catalogue entries indexed by `index_services`, and sets A and B run through
`search()` on the test database (SQLite or PostgreSQL). With Voikko the issue's targets hold
(recall@5 ≥ 0.92 on A and ≥ 0.85 on B); without it the fallback analyser still beats the
character 4-gram baseline of the README (0.76 / 0.66)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from bench import finnish_protocol
from kotopolku.catalog.search import analyser

pytestmark = pytest.mark.django_db

# The README's baselines: (set A, set B) recall@5.
VOIKKO_BASE_FORMS = (0.89, 0.00)
VOIKKO_WITH_PARTS = (0.85, 0.67)
CHAR_4_GRAMS = (0.76, 0.66)
TARGETS = (0.92, 0.85)


def _voikko_installed() -> bool:
    try:
        import libvoikko

        libvoikko.Voikko("fi").terminate()
    except Exception:
        return False
    return True


needs_voikko = pytest.mark.skipif(
    not _voikko_installed() and not os.environ.get("KOTOPOLKU_REQUIRE_VOIKKO"),
    reason="Voikko (libvoikko1 + voikko-fi) is not installed; set KOTOPOLKU_REQUIRE_VOIKKO=1 "
    "to make this a failure (.ci/run installs it)",
)


def test_query_sets_follow_the_readme() -> None:
    sentences = finnish_protocol.read_conllu()
    a, b = finnish_protocol.set_a(sentences), finnish_protocol.set_b(sentences)
    assert len(sentences) == 1364
    assert len(a) > 800 and len(b) > 500
    for query in a:
        assert query.relevant and not (query.relevant & query.excluded)
        for index in query.relevant:  # relevant sentences never contain the query form
            assert query.text not in {t.form.lower() for t in sentences[index].tokens}
    group = next(q for q in b if q.text == "ryhmä")  # heads of compounds such as "Jokiryhmä"
    assert group.relevant
    for index in group.relevant:
        lemmas = [t.lemma.lower() for t in sentences[index].tokens]
        assert any(lemma.endswith("#ryhmä") for lemma in lemmas)
        assert "ryhmä" not in lemmas
    # Built with random.seed(1) in corpus order: the same sets every time.
    assert [q.text for q in finnish_protocol.set_a(sentences)] == [q.text for q in a]


def test_score_counts_recall_at_5_and_mrr() -> None:
    query = finnish_protocol.Query("x", frozenset({1, 2}), frozenset({9}))
    figures = finnish_protocol.score([query], lambda _q: [9, 5, 2, 7, 8, 6, 1])
    # 9 is removed; the first five are 5, 2, 7, 8, 6: one of the two relevant; MRR 1/2.
    assert figures == {"recall_at_5": 0.5, "mrr": 0.5}


@needs_voikko
def test_protocol_with_voikko_beats_every_baseline_and_the_targets(settings: Any) -> None:
    settings.VOIKKO = "auto"
    figures: dict[str, Any] = finnish_protocol.measure()
    print(figures)  # noqa: T201 (the figures appear with -s)
    assert figures["voikko"] is True
    a, b = figures["set_a_recall_at_5"], figures["set_b_recall_at_5"]
    assert a >= TARGETS[0] and b >= TARGETS[1], figures
    for baseline in (VOIKKO_BASE_FORMS, VOIKKO_WITH_PARTS, CHAR_4_GRAMS):
        assert a > baseline[0] and b > baseline[1]
    assert figures["set_a_mrr"] > 0.85 and figures["set_b_mrr"] > 0.8


def test_protocol_without_voikko_still_beats_character_ngrams(settings: Any) -> None:
    settings.VOIKKO = "off"
    assert not analyser.voikko_available()
    figures = finnish_protocol.measure()
    print(figures)  # noqa: T201
    assert figures["voikko"] is False
    assert figures["set_a_recall_at_5"] > CHAR_4_GRAMS[0]
    assert figures["set_b_recall_at_5"] > CHAR_4_GRAMS[1]
