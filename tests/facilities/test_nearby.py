"""Nearby search: the query (box prefilter, exact distance, order, bounds) and the list page with near/estate."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilities.geo import Point
from facilities.models import Facility
from facilities.queries import facilities_near, nearby_hits, public_facilities
from tests.facilities.factories import EstateFactory, FacilityFactory
from tests.facilities.places import ORIGIN, north_of

pytestmark = pytest.mark.django_db
LIST_URL = "/facilities/"
NEAR = f"{ORIGIN[0]},{ORIGIN[1]}"


def test_hits_are_sorted_by_distance_and_bounded_by_radius():
    far = FacilityFactory(name="远处", **north_of(900))
    near = FacilityFactory(name="近处", **north_of(100))
    middle = FacilityFactory(name="中间", **north_of(400))
    FacilityFactory(name="半径外", **north_of(1100))
    hits = nearby_hits(Facility.objects.all(), origin=Point(*ORIGIN), radius_m=1000)
    assert [h.pk for h in hits] == [near.pk, middle.pk, far.pk]
    assert hits[0].distance_m == pytest.approx(100, abs=0.2)
    assert hits[2].walking_minutes == pytest.approx(900 * 1.25 / 60, rel=1e-3)


def test_box_corner_outside_the_circle_is_excluded():
    # 800 m north and 800 m east is inside the 1000 m box but 1131 m away.
    import math
    from decimal import Decimal

    from facilities.geo import METRES_PER_DEGREE_LATITUDE

    d_lat = 800 / METRES_PER_DEGREE_LATITUDE
    d_lng = d_lat / math.cos(math.radians(ORIGIN[0]))
    FacilityFactory(
        latitude=Decimal(f"{ORIGIN[0] + d_lat:.6f}"),
        longitude=Decimal(f"{ORIGIN[1] + d_lng:.6f}"),
        location_verified=True,
    )
    assert nearby_hits(Facility.objects.all(), origin=Point(*ORIGIN), radius_m=1000) == []


def test_unverified_locations_never_count():
    FacilityFactory(
        name="未核实", latitude=north_of(50)["latitude"], longitude=north_of(50)["longitude"], location_verified=False
    )
    FacilityFactory(name="无坐标")
    assert nearby_hits(Facility.objects.all(), origin=Point(*ORIGIN), radius_m=5000) == []


def test_the_query_uses_the_box_on_latitude_and_longitude():
    FacilityFactory(**north_of(100))
    with CaptureQueriesContext(connection) as queries:
        nearby_hits(Facility.objects.all(), origin=Point(*ORIGIN), radius_m=500)
    assert len(queries) == 1
    sql = queries[0]["sql"]
    assert '"latitude" >=' in sql and '"latitude" <=' in sql and '"longitude" >=' in sql and '"longitude" <=' in sql


def test_facilities_near_returns_published_rows_with_distances_and_limit():
    FacilityFactory(name="草稿", publication_status="draft", **north_of(10))
    a = FacilityFactory(name="甲", **north_of(200))
    FacilityFactory(name="乙", **north_of(300))
    rows = facilities_near(origin=Point(*ORIGIN), radius_m=1000, limit=1)
    assert rows == [a]
    assert rows[0].distance_m == pytest.approx(200, abs=0.2)
    assert rows[0].walking_minutes == pytest.approx(200 * 1.25 / 60, rel=1e-3)


def test_list_with_near_sorts_by_distance_and_shows_walking_time(client):
    FacilityFactory(name="远的食堂", **north_of(700))
    FacilityFactory(name="近的食堂", **north_of(120))
    FacilityFactory(name="位置待核实的食堂")
    page = client.get(LIST_URL, {"near": NEAR}).content.decode()
    assert page.index("近的食堂") < page.index("远的食堂")
    assert "步行约 3 分钟" in page  # 120 m × 1.25 ÷ 60 m/min = 2.5 → 3
    assert "直线 120 米" in page
    assert "位置待核实" in page and "位置待核实的食堂" in page
    assert page.index("远的食堂") < page.index("位置待核实的食堂")


def test_list_with_estate_sorts_from_the_estate(client):
    estate = EstateFactory(slug="xiangquanyuan", **north_of(1000))
    FacilityFactory(name="在原点", **north_of(0))
    FacilityFactory(name="在小区旁", **north_of(1050))
    page = client.get(LIST_URL, {"estate": estate.slug}).content.decode()
    assert "在小区旁" in page and "在原点" in page
    assert page.index("在小区旁") < page.index("在原点")
    assert "直线 50 米" in page


def test_radius_limits_the_results(client):
    FacilityFactory(name="三百米", **north_of(300))
    FacilityFactory(name="两公里", **north_of(2000))
    page = client.get(LIST_URL, {"near": NEAR, "radius": "500"}).content.decode()
    assert "三百米" in page and "两公里" not in page
    assert "两公里" in client.get(LIST_URL, {"near": NEAR, "radius": "3000"}).content.decode()


def test_other_filters_still_apply_with_near(client):
    FacilityFactory(name="香泉食堂", **north_of(100))
    FacilityFactory(name="万里公园", **north_of(100))
    page = client.get(LIST_URL, {"near": NEAR, "q": "食堂"}).content.decode()
    assert "香泉食堂" in page and "万里公园" not in page


def test_estate_selector_lists_estates_and_works_without_javascript(client):
    EstateFactory(name="香泉苑", slug="xiangquanyuan")
    page = client.get(LIST_URL).content.decode()
    assert '<select name="estate"' in page and 'value="xiangquanyuan"' in page
    assert 'id="use-my-location" hidden' in page  # revealed by static/js/geolocate.js only
    assert "<script src=" in page and "geolocate.js" in page
    assert "<script>" not in page  # no inline script (CSP)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"near": "abc"}, "位置格式应为"),
        ({"near": "31.26"}, "位置格式应为"),
        ({"near": "31.26,121.40,5"}, "位置格式应为"),
        ({"near": "nan,nan"}, "位置格式应为"),
        ({"near": "91,121.4"}, "纬度必须在 -90 到 90 之间"),
        ({"near": "121.40,31.26"}, "写反"),
        ({"near": "39.9,116.4"}, "不在上海市范围内"),
        ({"near": NEAR, "radius": "5"}, "范围至少为 100 米"),
        ({"near": NEAR, "radius": "999999"}, "范围最多为 5000 米"),
        ({"near": NEAR, "radius": "1e3"}, "范围请填写整数米数"),
        ({"estate": "no-such-estate"}, "没有找到这个小区"),
        ({"estate": "x" * 500}, "没有找到这个小区"),
    ],
)
def test_bad_near_radius_estate_give_a_clear_message_never_500(client, params, message):
    FacilityFactory(name="某设施", **north_of(100))
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "筛选条件有误" in page
    assert "某设施" not in page


def test_unverified_estate_is_explained(client):
    EstateFactory(name="香泉苑", slug="xiangquanyuan")
    page = client.get(LIST_URL, {"estate": "xiangquanyuan"}).content.decode()
    assert "香泉苑的位置尚待核实" in page


def test_near_and_estate_together_is_an_error(client):
    estate = EstateFactory(**north_of(0))
    page = client.get(LIST_URL, {"near": NEAR, "estate": estate.slug}).content.decode()
    assert "只选一项" in page


def test_chinese_comma_and_spaces_are_accepted(client):
    FacilityFactory(name="某设施", **north_of(100))
    assert "某设施" in client.get(LIST_URL, {"near": " 31.26 ， 121.40 "}).content.decode()


def test_nearby_pages(client, settings):
    settings.FACILITIES_PER_PAGE = 2
    for metres in (100, 200, 300):
        FacilityFactory(name=f"距离{metres}", **north_of(metres))
    page2 = client.get(LIST_URL, {"near": NEAR, "page": "2"}).content.decode()
    assert "距离300" in page2 and "距离100" not in page2


def _nearby_queries(client, count) -> int:
    Facility.objects.all().delete()
    for n in range(count):
        FacilityFactory(name=f"设施{n}", audiences=["elderly"], **north_of(10 + n))
    for n in range(count):
        FacilityFactory(name=f"未核实{n}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"near": NEAR, "radius": "5000"})
    assert response.status_code == 200
    return len(queries)


def test_nearby_list_query_count_does_not_grow_with_rows(client):
    assert _nearby_queries(client, 10) == _nearby_queries(client, 500)


def test_public_queryset_is_untouched_by_prefetch_clearing():
    FacilityFactory(**north_of(10))
    assert nearby_hits(public_facilities(), origin=Point(*ORIGIN), radius_m=100)


def test_sqlite_plan_searches_the_nearby_index_by_latitude():
    if connection.vendor != "sqlite":
        pytest.skip("the plan text is SQLite's")
    from facilities.geo import bounding_box

    queryset = (
        public_facilities()
        .prefetch_related(None)
        .located()
        .within(bounding_box(Point(*ORIGIN), 1000))
        .order_by()
        .values_list("pk", "latitude", "longitude")
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "facility_nearby_idx" in plan and "latitude>?" in plan


def test_plain_list_shows_no_distances(client):
    FacilityFactory(name="某设施", **north_of(100))
    page = client.get(LIST_URL).content.decode()
    assert "某设施" in page and "步行约" not in page and "位置待核实的设施" not in page


def test_english_nearby_page(client):
    FacilityFactory(name="食堂", name_en="Canteen", **north_of(120))
    FacilityFactory(name="待核实", name_en="Unverified place")
    page = client.get("/en" + LIST_URL, {"near": NEAR, "radius": "1000"}).content.decode()
    assert "1 place with a verified location within 1.0 km, nearest first" in page
    assert "about 3 min walk" in page and "120 m in a straight line" in page
    assert "Location not yet verified" in page and "Unverified place" in page
    bad = client.get("/en" + LIST_URL, {"near": "121.4,31.26"}).content.decode()
    assert "Latitude and longitude seem to be the wrong way round" in bad


def test_order_by_distance_splits_located_and_unlocated_in_memory():
    from facilities.queries import order_by_distance

    far, near, unverified = FacilityFactory(**north_of(500)), FacilityFactory(**north_of(50)), FacilityFactory()
    wrapped = [{"facility": f} for f in (far, unverified, near)]
    located, unlocated = order_by_distance(wrapped, origin=Point(*ORIGIN), key=lambda item: item["facility"])
    assert [item["facility"] for item in located] == [near, far]
    assert [item["facility"] for item in unlocated] == [unverified]
    assert near.distance_m == pytest.approx(50, abs=0.2) and near.walking_minutes == pytest.approx(
        50 * 1.25 / 60, rel=1e-3
    )


@pytest.mark.parametrize(
    ("data", "valid", "has_origin"),
    [
        ({}, True, False),
        ({"near": NEAR}, True, True),
        ({"near": "abc"}, False, False),
        ({"estate": "located"}, True, True),
        ({"estate": "unverified"}, False, False),
        ({"estate": "missing"}, False, False),
        ({"estate": "located", "near": NEAR}, False, False),
    ],
)
def test_origin_form_for_other_pages(data, valid, has_origin):
    from facilities.forms import OriginForm

    EstateFactory(slug="located", **north_of(0))
    EstateFactory(slug="unverified")
    form = OriginForm(data)
    assert form.is_valid() is valid
    assert (form.origin is not None) is has_origin


def test_a_point_typed_full_width_is_the_same_point(client):
    FacilityFactory(name="附近食堂", **north_of(100))
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in NEAR)  # digits, "." and "," as a Chinese IME types them
    page = client.get(LIST_URL, {"near": full_width, "radius": "１０００"}).content.decode()
    assert "附近食堂" in page and "筛选条件有误" not in page


@pytest.mark.parametrize(
    "params",
    [{"near": "٣١.٢٦,١٢١.٤٠"}, {"near": NEAR, "radius": "١٠٠٠"}, {"near": "३१.२६,१२१.४०"}],
)
def test_digits_of_another_script_in_near_or_radius_are_a_form_error(client, params):
    FacilityFactory(name="某设施", **north_of(100))
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "数字请用 0–9 填写" in page and "筛选条件有误" in page and "某设施" not in page
