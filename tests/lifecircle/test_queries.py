"""Life-circle verdicts (including exactly on target), one estate's nearest places, and the matrix."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilities.geo import reach_m
from facilities.models import Estate, Facility
from lifecircle.queries import CategoryResult, compute_coverage, coverage_matrix, estate_life_circle
from tests.facilities.factories import EstateFactory, FacilityFactory, FacilityKindFactory
from tests.facilities.places import ORIGIN, north_of
from tests.lifecircle.factories import LifeCircleCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def walking(settings):
    # 60 m/min and a detour of 1.25: 5 minutes reach 240 m, 10 minutes 480 m, 15 minutes 720 m.
    settings.WALKING_SPEED_M_PER_MIN = 60
    settings.WALKING_DETOUR_FACTOR = 1.25


def test_verdict_exactly_on_target_is_within(walking):
    category = LifeCircleCategoryFactory(target_minutes=5)
    assert reach_m(5) == pytest.approx(240)
    assert CategoryResult(category=category, distance_m=reach_m(5)).within_target
    assert CategoryResult(category=category, distance_m=reach_m(5)).shown_minutes == 5
    assert not CategoryResult(category=category, distance_m=reach_m(5) + 0.05).within_target
    assert CategoryResult(category=category, distance_m=reach_m(5) + 0.05).shown_minutes == 6
    assert not CategoryResult(category=category).within_target


@pytest.mark.parametrize(("metres", "within"), [(239, True), (241, False)])
def test_estate_verdict_either_side_of_five_minutes(walking, metres, within):
    kind = FacilityKindFactory(slug="elderly-care")
    category = LifeCircleCategoryFactory(target_minutes=5, kinds=[kind])
    estate = EstateFactory(**north_of(0))
    place = FacilityFactory(kind=kind, **north_of(metres))
    [result] = estate_life_circle(estate)
    assert result.category == category
    assert result.facility == place
    assert result.within_target is within


def test_estate_result_picks_the_nearest_of_any_kind_and_ignores_unverified_places(walking):
    canteen, station = FacilityKindFactory(slug="canteen"), FacilityKindFactory(slug="station")
    LifeCircleCategoryFactory(target_minutes=15, kinds=[canteen, station])
    estate = EstateFactory(**north_of(0))
    FacilityFactory(
        name="未核实但很近", kind=canteen, latitude=north_of(5)["latitude"], longitude=north_of(5)["longitude"]
    )
    FacilityFactory(name="草稿", kind=station, publication_status="draft", **north_of(10))
    FacilityFactory(name="食堂", kind=canteen, **north_of(600))
    nearest = FacilityFactory(name="驿站", kind=station, **north_of(300))
    [result] = estate_life_circle(estate)
    assert result.facility == nearest
    assert result.unlocated_count == 1
    assert result.within_target


def test_estate_without_any_place_in_reach(walking, settings):
    kind = FacilityKindFactory()
    LifeCircleCategoryFactory(kinds=[kind])
    FacilityFactory(kind=kind, **north_of(settings.LIFE_CIRCLE_SEARCH_RADIUS_M + 100))
    [result] = estate_life_circle(EstateFactory(**north_of(0)))
    assert result.facility is None and not result.within_target


def test_unverified_estate_is_refused():
    with pytest.raises(ValueError):
        estate_life_circle(EstateFactory())


def test_estate_life_circle_query_count_is_fixed(walking):
    kinds = [FacilityKindFactory() for _ in range(3)]
    for kind in kinds:
        LifeCircleCategoryFactory(kinds=[kind])
    estate = EstateFactory(**north_of(0))

    def count(rows):
        Facility.objects.all().delete()
        for n in range(rows):
            FacilityFactory(kind=kinds[n % 3], **north_of(n))
        with CaptureQueriesContext(connection) as queries:
            estate_life_circle(estate)
        return len(queries)

    assert count(10) == count(300)


def test_matrix_verdicts_gaps_and_shares(walking):
    elderly = FacilityKindFactory(slug="elderly-care")
    park = FacilityKindFactory(slug="park")
    care = LifeCircleCategoryFactory(name="养老", target_minutes=5, kinds=[elderly], order=1)
    parks = LifeCircleCategoryFactory(name="公园", target_minutes=15, kinds=[park], order=2)
    EstateFactory(name="甲小区", population=1000, **north_of(0))
    EstateFactory(name="乙小区", population=3000, **north_of(2000))
    EstateFactory(name="丙小区", **north_of(2500))  # population unknown
    EstateFactory(name="待核实小区")
    FacilityFactory(kind=elderly, **north_of(239))  # 甲: within 5 minutes (exactly 4.98)
    FacilityFactory(kind=elderly, **north_of(2000 + 241))  # 乙: just over 5 minutes
    FacilityFactory(kind=park, **north_of(2000 + 700))  # 乙 (700 m) and 丙 (200 m) within 15 minutes
    FacilityFactory(kind=park, latitude=north_of(1)["latitude"], longitude=north_of(1)["longitude"])  # unverified
    matrix = compute_coverage()
    assert [c.label.name for c in matrix.columns] == [care.name, parks.name]
    by_name = {row.label.name: row for row in matrix.rows}
    assert set(by_name) == {"甲小区", "乙小区", "丙小区"}
    assert [e.name for e in matrix.unlocated_estates] == ["待核实小区"]
    assert [c.within for c in by_name["甲小区"].cells] == [True, False]
    assert [c.within for c in by_name["乙小区"].cells] == [False, True]
    assert by_name["乙小区"].cells[0].shown_minutes == 6
    assert [c.within for c in by_name["丙小区"].cells] == [False, True]
    assert by_name["甲小区"].cells[1].minutes is None  # nothing within reach: shown as "> 15′"
    care_summary, park_summary = matrix.summaries
    assert (care_summary.estates_covered, care_summary.estates_total) == (1, 3)
    assert (care_summary.residents_covered, care_summary.residents_known) == (1000, 4000)
    assert park_summary.estate_share == pytest.approx(2 / 3)
    assert park_summary.resident_share == pytest.approx(3000 / 4000)
    assert matrix.gap_count == 3


def test_matrix_agrees_with_brute_force_on_demo_data(walking):
    from facilities.demo import generate_demo_estates, generate_demo_facilities
    from facilities.seed import seed_facilities
    from lifecircle.seed import seed_life_circle_categories

    seed_facilities()
    seed_life_circle_categories()
    generate_demo_facilities(count=150)
    generate_demo_estates(count=25)
    matrix = compute_coverage()
    rows = {row.label.slug: row for row in matrix.rows}
    for estate in Estate.objects.located():
        results = estate_life_circle(estate)
        assert [c.within for c in rows[estate.slug].cells] == [r.within_target for r in results]


def test_matrix_is_cached_until_a_facility_or_estate_changes(walking):
    kind = FacilityKindFactory()
    LifeCircleCategoryFactory(kinds=[kind])
    estate = EstateFactory(**north_of(0))
    assert not coverage_matrix().rows[0].cells[0].within
    with CaptureQueriesContext(connection) as queries:
        coverage_matrix()
    assert len(queries) == 0  # served from the cache
    place = FacilityFactory(kind=kind, **north_of(100))  # post_save clears the cache
    assert coverage_matrix().rows[0].cells[0].within
    place.delete()
    assert not coverage_matrix().rows[0].cells[0].within
    estate.name = "改名小区"
    estate.save()
    assert coverage_matrix().rows[0].label.name == "改名小区"


def test_matrix_cache_cleared_when_category_kinds_change(walking):
    kind, other = FacilityKindFactory(), FacilityKindFactory()
    category = LifeCircleCategoryFactory(kinds=[other])
    EstateFactory(**north_of(0))
    FacilityFactory(kind=kind, **north_of(100))
    assert not coverage_matrix().rows[0].cells[0].within
    category.kinds.add(kind)
    assert coverage_matrix().rows[0].cells[0].within


def test_matrix_query_count_is_fixed(walking):
    kind = FacilityKindFactory()
    LifeCircleCategoryFactory(kinds=[kind])

    def count(rows):
        Facility.objects.all().delete()
        Estate.objects.all().delete()
        for n in range(rows):
            FacilityFactory(kind=kind, **north_of(n * 3))
            EstateFactory(**north_of(n * 3 + 1))
        with CaptureQueriesContext(connection) as queries:
            compute_coverage()
        return len(queries)

    assert count(10) == count(300)


def test_origin_fixture_is_the_wanli_centre():
    assert ORIGIN == (31.26, 121.40)


def test_a_place_offering_a_service_of_the_category_satisfies_it(walking):
    from tests.services.factories import ServiceAtLocationFactory, ServiceCategoryFactory, ServiceFactory

    top = ServiceCategoryFactory(slug="yilao-yixiao")
    meals = ServiceCategoryFactory(slug="zhucan", parent=top)
    category = LifeCircleCategoryFactory(target_minutes=15)
    category.service_categories.add(top)  # the top category counts for its sub-categories too
    estate = EstateFactory(**north_of(0))
    office = FacilityFactory(name="某办公楼", kind=FacilityKindFactory(slug="office"), **north_of(300))
    draft_service = ServiceFactory(category=meals, publication_status="draft")
    ServiceAtLocationFactory(service=draft_service, facility=office)
    [result] = estate_life_circle(estate)
    assert result.facility is None  # a draft service does not count
    assert not coverage_matrix().rows[0].cells[0].within  # now cached
    ServiceAtLocationFactory(service=ServiceFactory(category=meals), facility=office)  # clears the cached matrix
    [result] = estate_life_circle(estate)
    assert result.facility == office and result.within_target
    assert coverage_matrix().rows[0].cells[0].within
