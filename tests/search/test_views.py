"""The search page /search/ (and /en/search/), the header form on every page and the home search box."""

import pytest
from django.urls import reverse

from search.models import UnmatchedSearch

from ..facilities.factories import FacilityFactory, FacilityKindFactory
from .factories import SearchSynonymFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def test_results_are_grouped_and_explained(client, real_seed):
    response = client.get(URL, {"q": "吃饭"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index('id="group-facilities"') < page.index('id="group-services"')
    assert "香泉“智助食堂”" in page and "社区食堂用餐" in page
    assert "类型：食堂" in page
    assert 'value="吃饭"' in page


def test_english_page(client, real_seed):
    page = client.get("/en/search/", {"q": "bed"}).content.decode()
    assert "Beds at the City Builders&#x27; Home" in page
    assert "Kind: City builders&#x27; home" in page
    assert '<html lang="en">' in page


def test_nothing_found_says_so_suggests_and_counts_without_personal_data(client, real_seed):
    response = client.get(URL, {"q": "  火星　基地 "}, REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="test-agent")
    page = response.content.decode()
    assert response.status_code == 200
    assert "没有找到与“火星　基地”有关的设施或服务" in page
    assert "常用搜索" in page and "?q=%E5%90%83%E9%A5%AD" in page  # 吃饭
    assert "?kind=canteen" in page
    assert "/facilities/shequ-gonggong-fuwu-zhongxin/" in page  # where to get help
    client.get(URL, {"q": "火星 基地"})
    recorded = UnmatchedSearch.objects.get()
    assert (recorded.query, recorded.count) == ("火星 基地", 2)
    stored = {f.attname: getattr(recorded, f.attname) for f in UnmatchedSearch._meta.concrete_fields}
    assert "10.1.2.3" not in str(stored) and "test-agent" not in str(stored)


def test_nothing_found_is_counted_each_time_even_with_the_page_cache(client, real_seed):
    for _ in range(3):
        response = client.get(URL, {"q": "火星"})
        assert "no-store" in response["Cache-Control"]
    assert UnmatchedSearch.objects.get().count == 3


def test_a_found_search_is_not_counted(client, real_seed):
    client.get(URL, {"q": "吃饭"})
    assert not UnmatchedSearch.objects.exists()


def test_a_synonym_added_in_admin_shows_at_once_even_when_the_page_was_cached(client):
    kind = FacilityKindFactory(name="宝宝屋", slug="baby-house")
    FacilityFactory(name="某宝宝屋", kind=kind)
    FacilityFactory(name="托班之家", kind=FacilityKindFactory())
    first = client.get(URL, {"q": "托班"})
    assert "某宝宝屋" not in first.content.decode()
    SearchSynonymFactory(phrase="托班", kinds=[kind])
    assert "某宝宝屋" in client.get(URL, {"q": "托班"}).content.decode()


def test_empty_query_shows_the_form_and_suggestions(client, real_seed):
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="search-q"' in page and "常用搜索" in page
    assert not UnmatchedSearch.objects.exists()


@pytest.mark.parametrize("params", [{"q": "长" * 101}, {"q": "食堂", "near": "abc"}])
def test_bad_input_gets_a_clear_message_not_a_500(client, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_too_long_says_how_long(client):
    assert "最多 100 个字" in client.get(URL, {"q": "长" * 101}).content.decode()


def test_every_page_has_the_header_search_and_the_home_box_goes_to_search(client):
    for path in ("/", "/facilities/", "/services/", "/en/", "/privacy/"):
        page = client.get(path).content.decode()
        assert 'class="header-search" action="' + ("/en" if path.startswith("/en/") else "") + '/search/"' in page
    home = client.get("/").content.decode()
    assert '<form action="/search/" method="get" role="search" class="search-box">' in home


def test_results_page_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..services.factories import ServiceAtLocationFactory

    kind = FacilityKindFactory(name="食堂", slug="canteen")

    def add(n):
        for _ in range(n):
            ServiceAtLocationFactory(facility__kind=kind, facility__name="食堂", service__name="食堂用餐")

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "食堂"})
    add(15)
    with django_assert_max_num_queries(len(few)):
        response = client.get(URL, {"q": "食堂"})
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 17 * 2


def test_results_offer_nearest_first_and_keep_the_position(client):
    kind = FacilityKindFactory(name="食堂", slug="canteen")
    far = FacilityFactory(name="乙食堂", kind=kind, latitude=31.30, longitude=121.40, location_verified=True)
    near = FacilityFactory(name="甲食堂", kind=kind, latitude=31.261, longitude=121.40, location_verified=True)
    page = client.get(URL, {"q": "食堂"}).content.decode()
    assert 'id="use-my-location"' in page and 'name="near" value="" disabled' in page
    assert page.index(far.name) < page.index(near.name)  # by name (code point) without a position
    page = client.get(URL, {"q": "食堂", "near": "31.26,121.40"}).content.decode()
    assert 'name="near" value="31.26,121.4"' in page
    assert page.index(near.name) < page.index(far.name)


@pytest.mark.parametrize("query", ["%_\\", "！！", "a' OR 1=1 --", "[x]*(", "食堂%"])
def test_odd_input_never_breaks_the_page(client, query):
    FacilityFactory(name="食堂")
    assert client.get(URL, {"q": query}).status_code == 200
