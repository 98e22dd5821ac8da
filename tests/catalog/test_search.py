"""The tray's search through `catalog.search`: inflected and compounded Finnish, Swedish and
English stemming, other scripts, field weights, the filters and their combination, "open now"
and "upcoming", paging, and the indexing of many entries. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest

from kotopolku.catalog.models import (
    ScheduleKind,
    SearchTerm,
    Service,
    ServiceFacet,
    ServiceTime,
    TrayCategory,
)
from kotopolku.catalog.search import analyser, index
from kotopolku.catalog.search.index import index_service, index_services, reindex_all
from kotopolku.catalog.search.query import SearchQuery, search
from kotopolku.orgs.models import Organisation

pytestmark = pytest.mark.django_db

HELSINKI = datetime.timezone(datetime.timedelta(hours=2))  # EET in winter
# A Wednesday in winter, 14:30 in Helsinki.
NOW = datetime.datetime(2026, 1, 14, 14, 30, tzinfo=HELSINKI)


@pytest.fixture
def owner() -> Organisation:
    return Organisation.objects.create(
        slug="testi-ry", kind=Organisation.Kind.NGO, name={"fi": "Testijärjestö"}
    )


@pytest.fixture
def make(owner: Organisation) -> Any:
    def _make(name: dict[str, str] | str, **fields: Any) -> Service:
        texts = {"fi": name} if isinstance(name, str) else name
        fields.setdefault("status", Service.Status.PUBLISHED)
        service = Service.objects.create(owner=owner, name=texts, **fields)
        index_service(service)
        return service

    return _make


def score(service: Service) -> float:
    return float(service.__dict__["score"])


def names(page: Any, lang: str = "fi") -> list[str]:
    return [str(s.display_name(lang)) for s in page.results]


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("kielikahvilaan", "Kielikahvila"),
        ("teatteri", "Kaupunginteatteri"),
        ("kotoutumiskoulutukseen", "Kotoutumiskoulutus"),
        ("kaupunginteatterissa", "Kaupunginteatteri"),
        ("kielikahviloissa", "Kielikahvila"),
    ],
)
def test_finnish_inflected_and_compounded_queries_find_the_entry(
    make: Any, query: str, wanted: str
) -> None:
    for name in ("Kielikahvila", "Kaupunginteatteri", "Kotoutumiskoulutus", "Uimahalli"):
        make(name)
    page = search(SearchQuery(q=query))
    assert names(page)[:1] == [wanted]
    assert all(score(s) > 0 for s in page.results)


def test_swedish_and_english_inflected_queries_find_their_entry(make: Any) -> None:
    make({"sv": "Språkkaféer för vuxna"})
    make({"en": "Swimming lessons for children"})
    make({"sv": "Simskola", "en": "Library services"})
    assert names(search(SearchQuery(q="språkkaféerna", lang="sv")), "sv") == [
        "Språkkaféer för vuxna"
    ]
    assert names(search(SearchQuery(q="swim lesson", lang="en")), "en") == [
        "Swimming lessons for children"
    ]
    # Without a language hint the query is analysed in every language.
    assert names(search(SearchQuery(q="libraries")), "en") == ["Library services"]


def test_other_scripts_match_by_lower_cased_words(make: Any) -> None:
    make({"fi": "Naisten ryhmä", "ar": "مجموعة النساء"})
    make({"fi": "Keskusteluryhmä", "ru": "Разговорный клуб"})
    assert names(search(SearchQuery(q="النساء"))) == ["Naisten ryhmä"]
    assert names(search(SearchQuery(q="КЛУБ", lang="ru"))) == ["Keskusteluryhmä"]


def test_entries_without_a_matching_term_are_not_returned(make: Any) -> None:
    make("Kielikahvila")
    make("Uimahalli")
    page = search(SearchQuery(q="kahvilassa"))
    assert (page.count, names(page)) == (1, ["Kielikahvila"])
    assert search(SearchQuery(q="xyzzyq")).count == 0
    assert search(SearchQuery(q="  ,. ")).count == 2  # no words: the filters only


def test_name_weighs_more_than_summary_and_summary_more_than_description(make: Any) -> None:
    make("Ohjaus", description={"fi": "Tule kielikahvilaan keskustelemaan."})
    make("Neuvonta", summary={"fi": "Kielikahvila joka tiistai"})
    make("Kielikahvila")
    assert names(search(SearchQuery(q="kielikahvila"))) == ["Kielikahvila", "Neuvonta", "Ohjaus"]


def test_whole_word_matches_rank_above_compound_part_matches(make: Any) -> None:
    make("Kaupunginteatteri")
    make("Teatteri")
    assert names(search(SearchQuery(q="teatterissa"))) == ["Teatteri", "Kaupunginteatteri"]


def test_without_q_entries_come_by_name_in_the_language_then_fi(make: Any) -> None:
    make({"fi": "Öljyvärikurssi", "sv": "Oljemålning"})
    make({"fi": "Askartelu"})
    make({"fi": "Bändikoulu", "sv": "Bandskola"})
    assert names(search(SearchQuery()), "fi") == ["Askartelu", "Bändikoulu", "Öljyvärikurssi"]
    assert names(search(SearchQuery(lang="sv")), "sv") == ["Askartelu", "Bandskola", "Oljemålning"]
    assert all(score(s) == 0.0 for s in search(SearchQuery()).results)


def test_statuses_owner_and_kind(make: Any, owner: Organisation) -> None:
    make("Kielikahvila")
    make("Kielikahvila luonnos", status=Service.Status.DRAFT)
    make("Kielikahvilan rooli", kind=Service.Kind.AUTHORITY_ROLE)
    other = Organisation.objects.create(
        slug="muu", kind=Organisation.Kind.PARISH, name={"fi": "Srk"}
    )
    Service.objects.filter(name__fi="Kielikahvilan rooli").update(owner=other)
    assert search(SearchQuery(q="kielikahvila")).count == 2
    drafts = search(SearchQuery(q="kielikahvila", statuses=("draft",)))
    assert names(drafts) == ["Kielikahvila luonnos"]
    both = search(SearchQuery(q="kielikahvila", statuses=("draft", "published")))
    assert both.count == 3
    own = search(SearchQuery(q="kielikahvila", owner_ids=(owner.pk,)))
    assert names(own) == ["Kielikahvila"]
    roles = search(SearchQuery(kind=Service.Kind.AUTHORITY_ROLE))
    assert names(roles) == ["Kielikahvilan rooli"]
    assert search(SearchQuery(owner_ids=())).count == 0


def test_facet_filters_combine_with_and(make: Any) -> None:
    make(
        "Kielikahvila Kokkola",
        municipality_codes=["272"],
        languages=["fi", "ar"],
        target_groups=["adults"],
        tray_category=TrayCategory.EARLY,
        programme_element="language_work",
    )
    make(
        "Kielikahvila Joensuu",
        municipality_codes=["167"],
        languages=["fi", "ru"],
        target_groups=["youth"],
        tray_category=TrayCategory.OPEN,
    )
    assert names(search(SearchQuery(q="kielikahvila", municipality="272"))) == [
        "Kielikahvila Kokkola"
    ]
    assert names(search(SearchQuery(language="RU"))) == ["Kielikahvila Joensuu"]
    assert names(search(SearchQuery(target_group="adults", category="early"))) == [
        "Kielikahvila Kokkola"
    ]
    assert search(SearchQuery(municipality="272", language="ru")).count == 0
    assert names(search(SearchQuery(element="language_work"))) == ["Kielikahvila Kokkola"]
    assert search(SearchQuery(q="kielikahvila", category="open")).count == 1


def test_index_service_rewrites_terms_facets_and_length(make: Any) -> None:
    service = make("Kielikahvila", municipality_codes=["272"])
    before = service.search_length
    service.name = {"fi": "Uimakoulu lapsille"}
    service.municipality_codes = ["167"]
    service.save()
    index_service(service)
    assert search(SearchQuery(q="kielikahvila")).count == 0
    assert search(SearchQuery(q="uimakouluun", municipality="167")).count == 1
    assert search(SearchQuery(municipality="272")).count == 0
    service.refresh_from_db()
    assert service.search_length != before
    kinds = set(ServiceFacet.objects.filter(service=service).values_list("kind", flat=True))
    assert kinds == {"m", "c", "e", "s", "k", "o"}  # no language or target group given


def test_index_services_and_reindex_all(owner: Organisation) -> None:
    rows = [
        Service(owner=owner, name={"fi": f"Kielikahvila {i}"}, status="published")
        for i in range(25)
    ]
    Service.objects.bulk_create(rows)
    assert search(SearchQuery(q="kielikahvila")).count == 0  # not indexed yet
    assert index_services([s.pk for s in rows] + [uuid.uuid4()]) == 25
    assert search(SearchQuery(q="kielikahvila")).count == 25
    terms = SearchTerm.objects.count()
    assert reindex_all() == 25
    assert SearchTerm.objects.count() == terms  # old rows replaced, not duplicated
    page = search(SearchQuery(q="kielikahvila"), limit=10, offset=20)
    assert page.count == 25 and len(page.results) == 5


def test_the_analysis_of_a_batch_reads_nothing_from_the_database(
    owner: Organisation, django_assert_num_queries: Any
) -> None:
    # It runs in a worker thread, outside the batch's transaction and connection.
    rows = [Service(owner=owner, name={"fi": f"Uimakoulu {i}"}) for i in range(3)]
    Service.objects.bulk_create(rows)
    fetched = index._fetch([s.pk for s in rows])
    with django_assert_num_queries(0):
        batch = index._prepare(fetched)
    assert len(batch.services) == 3 and batch.terms and batch.facets


def test_paging_keeps_the_ranking_order(make: Any) -> None:
    for i in range(7):
        make(f"Kahvila {i}", summary={"fi": "kahvila " * i})
    full = [s.pk for s in search(SearchQuery(q="kahvila"), limit=7).results]
    paged = [
        s.pk
        for offset in (0, 3, 6)
        for s in search(SearchQuery(q="kahvila"), limit=3, offset=offset).results
    ]
    assert paged == full
    scores = [score(s) for s in search(SearchQuery(q="kahvila"), limit=7).results]
    assert scores == sorted(scores, reverse=True)


def _timed(service: Service, **fields: Any) -> None:
    ServiceTime.objects.create(service=service, **fields)


def test_open_now(make: Any) -> None:
    t = datetime.time
    weekly = make("Viikoittain", schedule_kind=ScheduleKind.RECURRING)
    _timed(weekly, weekday=2, starts_at=t(14), ends_at=t(16))  # Wednesday 14-16
    other_day = make("Torstaisin")
    _timed(other_day, weekday=3, starts_at=t(14), ends_at=t(16))
    closed = make("Aamuisin")
    _timed(closed, weekday=2, starts_at=t(9), ends_at=t(14, 30))  # closes at 14:30
    dated = make("Tänään", schedule_kind=ScheduleKind.ONE_OFF)
    _timed(dated, date=datetime.date(2026, 1, 14), starts_at=t(14), ends_at=t(15))
    drop_in = make("Päivystys", schedule_kind=ScheduleKind.DROP_IN)
    _timed(drop_in, weekday=2, starts_at=t(12), ends_at=t(15))
    ended = make("Päättynyt", ends_on=datetime.date(2026, 1, 13))
    _timed(ended, weekday=2, starts_at=t(14), ends_at=t(16))
    later = make("Alkaa myöhemmin", starts_on=datetime.date(2026, 1, 15))
    _timed(later, weekday=2, starts_at=t(14), ends_at=t(16))
    make("Ei aikoja", schedule_kind=ScheduleKind.DROP_IN)
    page = search(SearchQuery(when="now"), now=NOW)
    assert sorted(names(page)) == ["Päivystys", "Tänään", "Viikoittain"]
    # 14:30 Helsinki time is 12:30 UTC: the same moment given in UTC.
    utc = search(SearchQuery(when="now"), now=NOW.astimezone(datetime.UTC))
    assert sorted(names(utc)) == sorted(names(page))


def test_upcoming(make: Any) -> None:
    t = datetime.time
    today = NOW.date()
    soon = make("Retki", schedule_kind=ScheduleKind.ONE_OFF)
    _timed(soon, date=today + datetime.timedelta(days=10), starts_at=t(9), ends_at=t(12))
    far = make("Juhla", schedule_kind=ScheduleKind.ONE_OFF)
    _timed(far, date=today + datetime.timedelta(days=60), starts_at=t(9), ends_at=t(12))
    past = make("Mennyt", schedule_kind=ScheduleKind.ONE_OFF)
    _timed(past, date=today - datetime.timedelta(days=1), starts_at=t(9), ends_at=t(12))
    make("Kurssi alkaa", starts_on=today + datetime.timedelta(days=20))
    make("Kurssi myöhemmin", starts_on=today + datetime.timedelta(days=45))
    make("Kerho", schedule_kind=ScheduleKind.RECURRING)
    make(
        "Kerho loppui",
        schedule_kind=ScheduleKind.RECURRING,
        ends_on=today - datetime.timedelta(days=1),
    )
    make("Ajanvaraus", schedule_kind=ScheduleKind.APPOINTMENT)
    page = search(SearchQuery(when="upcoming"), now=NOW)
    assert sorted(names(page)) == ["Kerho", "Kurssi alkaa", "Retki"]
    with pytest.raises(ValueError, match="when"):
        search(SearchQuery(when="tomorrow"), now=NOW)


def test_fallback_analyser_without_voikko(make: Any, settings: Any) -> None:
    settings.VOIKKO = "off"
    assert not analyser.voikko_available()
    make("Kielikahvila")
    make("Kotoutumiskoulutus")
    assert names(search(SearchQuery(q="kielikahvilaan"))) == ["Kielikahvila"]
    assert names(search(SearchQuery(q="kotoutumiskoulutukseen"))) == ["Kotoutumiskoulutus"]


def test_a_stale_index_never_shows_an_entry_its_own_columns_exclude(make: Any) -> None:
    shown = make("Kielikahvila")
    hidden = make("Kielikahvila luonnos")
    # Changed without index_service (a bug elsewhere): the facets still say published.
    Service.objects.filter(pk=hidden.pk).update(status=Service.Status.DRAFT)
    page = search(SearchQuery(q="kielikahvila"))
    assert [s.pk for s in page.results] == [shown.pk]
    index_service(Service.objects.get(pk=hidden.pk))
    assert search(SearchQuery(q="kielikahvila")).count == 1


def test_common_weak_terms_are_left_out_of_the_candidates(make: Any) -> None:
    # "palvelu" is in every entry (weak: low IDF); "uimahalli" in one (strong).
    for i in range(60):
        make(f"Palvelu {i}")
    make("Uimahallin palvelu")
    weak_only = search(SearchQuery(q="palvelu"))
    assert weak_only.count == 61  # alone, a common term is still searched
    both = search(SearchQuery(q="uimahalli palvelu"))
    assert names(both) == ["Uimahallin palvelu"]
    assert both.count == 1  # the entries matching only the weak term are left out


def test_catalog_reindex_command(make: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    make("Kielikahvila")
    SearchTerm.objects.all().delete()
    assert search(SearchQuery(q="kielikahvila")).count == 0
    out = StringIO()
    call_command("catalog_reindex", stdout=out)
    assert "Reindexed 1 entries" in out.getvalue()
    assert search(SearchQuery(q="kielikahvila")).count == 1


def test_a_term_new_to_the_catalogue_is_found_at_once(make: Any) -> None:
    assert search(SearchQuery(q="zumbatunti")).count == 0  # nowhere yet
    # Indexed elsewhere (another process): this process's memo is not told.
    service = Service.objects.create(
        owner=Organisation.objects.get(slug="testi-ry"),
        name={"fi": "Zumbatunti"},
        status="published",
    )
    terms, facets, _length = index._rows_of(service)
    index._write_terms(terms)
    ServiceFacet.objects.bulk_create([ServiceFacet(**row) for row in facets])
    assert search(SearchQuery(q="zumbatunti")).count == 1


def test_edge_cases_of_the_arguments(make: Any) -> None:
    make("Kielikahvila")
    assert search(SearchQuery(q="kielikahvila"), limit=0).count == 1
    assert search(SearchQuery(q="kielikahvila"), limit=0).results == []
    assert search(SearchQuery(q="kielikahvila", statuses=())).count == 0
    assert search(SearchQuery(statuses=())).count == 0
    assert search(SearchQuery(q="kielikahvila"), offset=5).count == 1  # past the last page
    long_query = " ".join(["sana"] * 500 + ["kielikahvila"])
    assert search(SearchQuery(q=long_query)).count == 0  # only the first 20 words count
    assert search(SearchQuery(q="kielikahvila", lang="x'); DROP")).count == 1
