"""Probable overlaps: a planted pair is found with its reasons; pairs that differ in
category, language, provider, place, target group or time are not; the page and exports."""

from __future__ import annotations

import csv
import datetime
import io
import random
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kotopolku.accounts.models import User
from kotopolku.catalog.coverage.overlaps import find_overlaps
from kotopolku.catalog.coverage.region import Entry, region_for_user
from kotopolku.catalog.models import Service, ServiceTime
from kotopolku.catalog.search.index import index_service
from kotopolku.orgs.models import Organisation

OVERLAPS = "/tray/overlaps/"
EXPORT = "/tray/overlaps/export/"
JOENSUU = {"167", "276", "426", "146", "309", "176", "607", "090"}

CAFE = {"fi": "Kielikahvila", "en": "Language café"}
CAFE_SUMMARY = {
    "fi": "Keskustelua suomeksi kahvikupin ääressä",
    "en": "Talk in Finnish over a cup of coffee",
}
CAFE_2 = {"fi": "Kielikahvila kirjastolla", "en": "Language café at the library"}
CAFE_2_SUMMARY = {
    "fi": "Keskustelua suomeksi kahvin ääressä",
    "en": "Talk in Finnish over coffee",
}


def make_service(owner: str, name: dict[str, str], **fields: Any) -> Service:
    values: dict[str, Any] = {
        "status": Service.Status.PUBLISHED,
        "tray_category": "open",
        "languages": ["fi"],
        "municipality_codes": ["167"],
        "target_groups": ["adults"],
    }
    values.update(fields)
    service = Service.objects.create(
        owner=Organisation.objects.get(slug=owner), name=name, **values
    )
    index_service(service)
    return service


def weekly(service: Service, weekday: int, start: int, end: int) -> None:
    ServiceTime.objects.create(
        service=service,
        weekday=weekday,
        starts_at=datetime.time(start),
        ends_at=datetime.time(end),
    )


def found_pairs(user: User) -> set[frozenset[str]]:
    region = region_for_user(user, "en")
    return {
        frozenset((o.a.name["fi"], o.b.name["fi"]))
        for o in find_overlaps(region.entries(), region.codes)
    }


@pytest.fixture
def login_en(login: Callable[[str], HttpClient]) -> Callable[[str], HttpClient]:
    def _login(username: str) -> HttpClient:
        c = login(username)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return c

    return _login


@pytest.fixture
def planted(demo_world: dict[str, User]) -> dict[str, Service]:
    a = make_service("spr-joensuu", CAFE, summary=CAFE_SUMMARY, target_groups=["everyone"])
    b = make_service(
        "joensuun-setlementti",
        CAFE_2,
        summary=CAFE_2_SUMMARY,
        languages=["fi", "en"],
        municipality_codes=["167", "276"],
    )
    weekly(a, 1, 17, 19)
    weekly(b, 1, 18, 20)
    return {"a": a, "b": b}


def test_planted_pair_is_found_with_its_reasons(
    demo_world: dict[str, User], planted: dict[str, Service]
) -> None:
    region = region_for_user(demo_world["coordinator.joensuu"], "en")
    found = find_overlaps(region.entries(), region.codes)
    assert len(found) == 1
    o = found[0]
    assert {o.a.id, o.b.id} == {planted["a"].id, planted["b"].id}
    assert o.municipalities == ("167",)
    assert o.languages == ("fi",)
    assert o.target_groups == ("adults",)  # "everyone" meets the other's group
    assert o.time.kind == "overlap" and o.time.day == "Tuesday"
    assert 0.3 <= o.similarity <= 1.0


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"tray_category": "early"}, "another category"),
        ({"languages": ["ar"]}, "another language"),
        ({"municipality_codes": ["276"]}, "another municipality"),
        ({"target_groups": ["youth"]}, "another target group"),
        ({"owner": "spr-joensuu"}, "the same provider"),
        ({"name": {"fi": "Ompeluseura"}, "summary": {"fi": "Käsitöitä ja ompelua"}}, "other text"),
        ({"status": Service.Status.DRAFT}, "not published"),
        ({"ends_on": datetime.date(2020, 5, 1), "starts_on": datetime.date(2020, 1, 1)}, "period"),
    ],
)
def test_pairs_that_differ_are_not_overlaps(
    demo_world: dict[str, User], change: dict[str, Any], why: str
) -> None:
    a = make_service(
        "spr-joensuu",
        CAFE,
        summary=CAFE_SUMMARY,
        starts_on=datetime.date(2026, 1, 1),
    )
    fields: dict[str, Any] = {"summary": CAFE_2_SUMMARY}
    fields.update(change)
    owner = fields.pop("owner", "joensuun-setlementti")
    name = fields.pop("name", CAFE_2)
    b = make_service(owner, name, **fields)
    weekly(a, 1, 17, 19)
    weekly(b, 1, 17, 19)
    assert found_pairs(demo_world["coordinator.joensuu"]) == set(), why


def test_times_decide(demo_world: dict[str, User]) -> None:
    a = make_service("spr-joensuu", CAFE, summary=CAFE_SUMMARY)
    b = make_service("joensuun-setlementti", CAFE_2, summary=CAFE_2_SUMMARY)
    weekly(a, 1, 17, 19)
    weekly(b, 3, 17, 19)  # Thursday: complements, does not overlap
    assert found_pairs(demo_world["coordinator.joensuu"]) == set()
    ServiceTime.objects.create(
        service=b,
        date=datetime.date(2026, 12, 1),  # a Tuesday
        starts_at=datetime.time(18),
        ends_at=datetime.time(19),
    )
    assert found_pairs(demo_world["coordinator.joensuu"]) == {
        frozenset(("Kielikahvila", "Kielikahvila kirjastolla"))
    }


def test_entries_without_times_need_strong_text(demo_world: dict[str, User]) -> None:
    make_service("spr-joensuu", CAFE, summary=CAFE_SUMMARY, schedule_kind="drop_in")
    make_service("joensuun-setlementti", CAFE, summary=CAFE_SUMMARY)
    # weakly similar: shares the café but little else
    make_service(
        "toivo",
        {"fi": "Kahvila ja neuvonta", "en": "Café and advice"},
        summary={"fi": "Neuvontaa arjen asioissa", "en": "Advice on everyday matters"},
    )
    assert found_pairs(demo_world["coordinator.joensuu"]) == {frozenset(("Kielikahvila",))}


def test_region_limits_what_is_compared(demo_world: dict[str, User]) -> None:
    make_service(
        "kokkola-kotoutumispalvelut", CAFE, summary=CAFE_SUMMARY, municipality_codes=["272"]
    )
    make_service(
        "keski-pohjanmaan-tyollisyysalue", CAFE, summary=CAFE_SUMMARY, municipality_codes=["272"]
    )
    assert found_pairs(demo_world["coordinator.joensuu"]) == set()
    assert found_pairs(demo_world["coordinator.kokkola"]) == {frozenset(("Kielikahvila",))}


def test_overlaps_page(login_en: Callable[[str], HttpClient], planted: dict[str, Service]) -> None:
    response = login_en("coordinator.joensuu").get(OVERLAPS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 probable overlap in the whole region" in html
    assert reverse("catalog:service_detail", args=[planted["a"].pk]) in html
    assert reverse("catalog:service_detail", args=[planted["b"].pk]) in html
    assert (
        "Both meet on Tuesday: 17:00–19:00 and 18:00–20:00" in html
        or "Both meet on Tuesday: 18:00–20:00 and 17:00–19:00" in html
    )
    assert "Finnish Red Cross, Joensuu branch" in html and "Joensuu Settlement" in html
    assert "<caption" in html and 'scope="col"' in html
    narrowed = login_en("coordinator.joensuu").get(OVERLAPS, {"municipality": "276"})
    assert "No probable overlaps" in narrowed.content.decode()
    assert login_en("ngo.spr").get(OVERLAPS).status_code == 404


def test_overlaps_exports(
    login_en: Callable[[str], HttpClient], planted: dict[str, Service]
) -> None:
    c = login_en("coordinator.joensuu")
    today = timezone.localdate().isoformat()
    response = c.get(EXPORT, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="kotopolku-overlaps-{today}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    header, row = rows
    record = dict(zip(header, row, strict=True))
    assert {record["Entry A"], record["Entry B"]} == {
        "Language café",
        "Language café at the library",
    }
    assert record["Link A"].startswith("http://testserver/tray/")
    assert record["Shared municipalities"] == "Joensuu"
    response = c.get(EXPORT, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="kotopolku-overlaps-{today}.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = list(book["Overlaps"].iter_rows(values_only=True))
    assert len(sheet) == 2 and isinstance(sheet[1][0], int)
    assert c.get(EXPORT, {"format": "ods"}).status_code == 400


WORDS = [f"sana{n}" for n in range(400)] + ["kerho", "kurssi", "ryhmä", "neuvonta", "kahvila"]


def _entry(rng: random.Random, owners: list[uuid.UUID]) -> Entry:
    name = " ".join(rng.sample(WORDS, 3))
    summary = " ".join(rng.sample(WORDS, 8))
    return Entry(
        id=uuid.uuid4(),
        owner_id=rng.choice(owners),
        category=rng.choice(["early", "doers", "open"]),
        languages=tuple(rng.sample(["fi", "en", "ar", "ru", "so"], 2)),
        target_groups=(rng.choice(["adults", "youth", "women", "everyone"]),),
        codes=frozenset(rng.sample(sorted(JOENSUU), 2)),
        name={"fi": name},
        summary={"fi": summary},
    )


@pytest.mark.django_db
def test_a_twin_is_found_among_a_few_thousand_entries() -> None:
    rng = random.Random(5)
    owners = [uuid.uuid4() for _ in range(40)]
    entries = [_entry(rng, owners) for _ in range(3000)]
    twin = entries[0]
    entries.append(
        Entry(
            id=uuid.uuid4(),
            owner_id=uuid.uuid4(),
            category=twin.category,
            languages=twin.languages,
            target_groups=twin.target_groups,
            codes=twin.codes,
            name=twin.name,
            summary=twin.summary,
        )
    )
    found = find_overlaps(entries, JOENSUU)
    assert any({o.a.id, o.b.id} == {twin.id, entries[-1].id} for o in found)
