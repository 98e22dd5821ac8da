"""The word-level diff of two versions of one programme: the function, the page and the JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from kotopolku.programme import diff
from kotopolku.programme.models import Programme
from tests.programme.documents_helpers import answer, kokkola_programme


@pytest.fixture
def versions(demo_world: dict[str, Any]) -> tuple[Programme, Programme]:
    v1 = kokkola_programme()
    v2 = kokkola_programme(series=v1.series, version=2, previous=v1)
    languages = answer(v2, 3, "a_languages")
    languages.text = languages.text.replace("thai, viro", "thai, somali, viro")
    languages.save()
    v2.coordinator = "Kokkolan kotoutumispalvelut"
    v2.save()
    v2.responsibility_rows.filter(service__startswith="Monialai").delete()
    return v1, v2


def test_words_marks_inserted_and_deleted_words() -> None:
    chunks = diff.words("arabia, thai ja viro", "arabia, somali ja viro")
    assert [(c.op, c.text) for c in chunks] == [
        ("equal", "arabia, "),
        ("delete", "thai"),
        ("insert", "somali"),
        ("equal", " ja viro"),
    ]
    assert diff.words("sama", "sama") == [diff.Chunk("equal", "sama")]


def test_the_diff_of_two_versions_by_field(versions: tuple[Programme, Programme]) -> None:
    v1, v2 = versions
    fields = {f.key: f for f in diff.diff(v1, v2)}
    changed = sorted(k for k, f in fields.items() if f.changed)
    assert changed == ["opening-coordinator", "responsibility", "s3-a_languages"]
    languages = fields["s3-a_languages"]
    assert languages.section == 3 and languages.part == "a"
    assert [c.text for c in languages.chunks if c.op == "insert"] == ["somali, "]
    assert [c for c in languages.chunks if c.op == "delete"] == []
    coordinator = fields["opening-coordinator"]
    assert [(c.op, c.text) for c in coordinator.chunks] == [
        ("delete", "Kotoutumispalvelut"),
        ("insert", "Kokkolan kotoutumispalvelut"),
    ]
    deleted = "".join(c.text for c in fields["responsibility"].chunks if c.op == "delete")
    assert "Monialaisen osaamisen" in deleted


def test_versions_of_different_programmes_are_refused(demo_world: dict[str, Any]) -> None:
    with pytest.raises(diff.NotSameSeries):
        diff.diff(kokkola_programme(), kokkola_programme())


def test_the_diff_page(
    versions: tuple[Programme, Programme], login: Callable[[str], HttpClient]
) -> None:
    v1, v2 = versions
    browser = login("coordinator.kokkola")
    page = browser.get(reverse("programme:diff", args=[v2.pk, v1.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "somali, </ins>" in html
    assert "<del>" in html and "Kotoutumispalvelut</del>" in html
    # only the changed fields unless asked for all
    assert "Miten kunta toteuttaa monikielisen" not in html
    every = browser.get(reverse("programme:diff", args=[v2.pk, v1.pk]) + "?all=1")
    assert "Miten kunta toteuttaa monikielisen" in every.content.decode()
    # the order of the two ids does not matter: older to newer
    assert (
        browser.get(reverse("programme:diff", args=[v1.pk, v2.pk]))
        .content.decode()
        .count("somali, </ins>")
        == 1
    )


def test_the_diff_page_of_another_region_or_series_is_not_found(
    versions: tuple[Programme, Programme], login: Callable[[str], HttpClient]
) -> None:
    v1, v2 = versions
    assert (
        login("coordinator.joensuu").get(reverse("programme:diff", args=[v2.pk, v1.pk])).status_code
        == 404
    )
    other = kokkola_programme()
    assert (
        login("coordinator.kokkola")
        .get(reverse("programme:diff", args=[v2.pk, other.pk]))
        .status_code
        == 404
    )
