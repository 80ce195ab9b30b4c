"""/services/<slug>/?near=… or ?estate=…: the places offering the service, nearest first."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.facilities.factories import EstateFactory, FacilityFactory
from tests.facilities.places import north_of
from tests.services.factories import ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    service = ServiceFactory(name="社区助餐", slug="zhucan")
    for name, metres in (("远食堂", 900), ("近食堂", 150)):
        ServiceAtLocationFactory(service=service, facility=FacilityFactory(name=name, **north_of(metres)))
    ServiceAtLocationFactory(service=service, facility=FacilityFactory(name="待核实食堂"))
    return service


def test_places_sorted_by_distance_from_my_location(client, service):
    page = client.get("/services/zhucan/", {"near": "31.26,121.40"}).content.decode()
    assert page.index("近食堂") < page.index("远食堂") < page.index("待核实食堂")
    assert "步行约 4 分钟" in page and "直线 150 米" in page
    assert "位置待核实，未参与距离排序" in page


def test_places_sorted_from_an_estate_without_javascript(client, service):
    EstateFactory(slug="jia", **north_of(1000))
    page = client.get("/services/zhucan/", {"estate": "jia"}).content.decode()
    assert page.index("远食堂") < page.index("近食堂")
    assert '<select name="estate"' in page and "geolocate.js" in page


@pytest.mark.parametrize("params", [{"near": "nonsense"}, {"estate": "nope"}, {"near": "121.4,31.26"}])
def test_bad_origin_is_a_message_and_the_places_still_show(client, service, params):
    response = client.get("/services/zhucan/", params)
    assert response.status_code == 200
    page = response.content.decode()
    assert "近食堂" in page and "远食堂" in page
    assert "field-error" in page
    assert "步行约" not in page


def test_without_origin_nothing_changes(client, service):
    page = client.get("/services/zhucan/").content.decode()
    assert "步行约" not in page and "未参与距离排序" not in page


def test_nearest_places_query_count_does_not_grow(client):
    def count(rows):
        service = ServiceFactory()
        for n in range(rows):
            ServiceAtLocationFactory(service=service, facility=FacilityFactory(**north_of(n * 10)))
        cache.clear()  # both measured cold: the holiday calendar is cached after the first
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/services/{service.slug}/", {"near": "31.26,121.40"}).status_code == 200
        return len(queries)

    assert count(3) == count(60)
