from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from facilities.hours import local_now
from tests.facilities.factories import FacilityFactory, OpeningPeriodFactory
from tests.services.factories import ServiceAtLocationFactory, ServiceCategoryFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def list_url(**params):
    from urllib.parse import urlencode

    return reverse("services:list") + ("?" + urlencode(params) if params else "")


def test_list_shows_only_published_services(client):
    ServiceFactory(name="公开的服务")
    ServiceFactory(name="草稿服务", publication_status="draft")
    ServiceFactory(name="归档服务", publication_status="archived")
    content = client.get(list_url()).content.decode()
    assert "公开的服务" in content
    assert "草稿服务" not in content and "归档服务" not in content


def test_keyword_search_matches_name_summary_and_category(client):
    ServiceFactory(name="小修小补", category=ServiceCategoryFactory(name="便民"))
    ServiceFactory(name="日间照料", summary="白天照看老人")
    ServiceFactory(name="心理科普", category=ServiceCategoryFactory(name="心理"))
    assert "小修小补" in client.get(list_url(q="小修")).content.decode()
    assert "日间照料" in client.get(list_url(q="照看")).content.decode()
    content = client.get(list_url(q="心理")).content.decode()
    assert "心理科普" in content and "小修小补" not in content


def test_top_category_includes_its_subcategories(client):
    top = ServiceCategoryFactory(slug="yilao-yixiao", name="一老一小")
    ServiceFactory(name="助餐服务", category=ServiceCategoryFactory(parent=top))
    ServiceFactory(name="托育服务", category=top)
    ServiceFactory(name="调解服务")
    content = client.get(list_url(category="yilao-yixiao")).content.decode()
    assert "助餐服务" in content and "托育服务" in content and "调解服务" not in content


def test_audience_filter(client):
    ServiceFactory(name="老人服务", audiences=["elderly"])
    ServiceFactory(name="骑手服务", audiences=["new_employment"])
    content = client.get(list_url(audience="elderly")).content.decode()
    assert "老人服务" in content and "骑手服务" not in content


@pytest.mark.parametrize(
    "params",
    [{"category": "no-such-category"}, {"audience": "aliens"}, {"q": "长" * 101}, {"category": "a b<script>"}],
)
def test_bad_parameters_give_a_clear_message_not_an_error(client, params):
    ServiceFactory(name="任何服务")
    response = client.get(list_url(**params))
    assert response.status_code == 200
    content = response.content.decode()
    assert "筛选条件有误" in content
    assert "任何服务" not in content


@pytest.mark.parametrize("page", ["999", "abc", "-1"])
def test_bad_page_numbers_fall_back_with_a_notice(client, page):
    ServiceFactory(name="任何服务")
    response = client.get(list_url(page=page))
    assert response.status_code == 200
    assert "任何服务" in response.content.decode()


def test_list_query_count_does_not_grow_with_rows(client):
    def queries_for(count):
        for _ in range(count):
            ServiceAtLocationFactory(service__audiences=["elderly"], service__category=category)
        with CaptureQueriesContext(connection) as context:
            assert client.get(list_url()).status_code == 200
        return len(context)

    category = ServiceCategoryFactory(parent=ServiceCategoryFactory())
    small = queries_for(10)
    large = queries_for(490)
    assert small == large


def test_english_list_uses_english_names(client):
    ServiceFactory(name="小修小补", name_en="Free small repairs")
    with translation.override("en"):
        content = client.get(reverse("services:list")).content.decode()
    assert "Free small repairs" in content


def test_detail_shows_places_with_open_status_and_todays_hours(client):
    now = local_now()
    service = ServiceFactory(
        name="社区食堂用餐", is_free=False, fees_description="每餐15元起", documents_needed="身份证"
    )
    open_place = FacilityFactory(name="香泉食堂")
    OpeningPeriodFactory(facility=open_place, weekday=now.weekday(), opens=time(0, 0), closes=time(23, 59))
    closed_place = FacilityFactory(name="园区食堂")
    ServiceAtLocationFactory(service=service, facility=open_place, note="老人优先", hours_note="仅午餐")
    ServiceAtLocationFactory(service=service, facility=closed_place)
    ServiceAtLocationFactory(service=service, facility=FacilityFactory(name="未发布食堂", publication_status="draft"))

    response = client.get(service.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "香泉食堂" in content and "园区食堂" in content
    assert "未发布食堂" not in content
    assert "正在开放" in content and "00:00–23:59" in content
    assert "开放时间未公布" in content
    assert "老人优先" in content and "仅午餐" in content
    assert "每餐15元起" in content and "身份证" in content


def test_detail_of_a_draft_or_unknown_service_is_404(client):
    draft = ServiceFactory(publication_status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("services:detail", kwargs={"slug": "nothing-here"})).status_code == 404


def test_detail_query_count_does_not_grow_with_places(client):
    service = ServiceFactory()

    def queries_for(count):
        for _ in range(count):
            facility = FacilityFactory(audiences=["elderly"])
            OpeningPeriodFactory(facility=facility, weekday=(local_now() + timedelta(days=1)).weekday())
            ServiceAtLocationFactory(service=service, facility=facility)
        cache.clear()  # both measured cold: the holiday calendar is cached after the first
        with CaptureQueriesContext(connection) as context:
            assert client.get(service.get_absolute_url()).status_code == 200
        return len(context)

    assert queries_for(2) == queries_for(20)


def test_free_service_says_free(client):
    service = ServiceFactory(is_free=True)
    assert "免费" in client.get(service.get_absolute_url()).content.decode()


def test_header_links_to_services(client):
    content = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("services:list")}"' in content


def test_a_place_in_the_recycle_bin_is_not_named_even_if_left_published(client):
    from django.utils import timezone

    from facilities.models import Facility

    link = ServiceAtLocationFactory(facility=FacilityFactory(name="回收站里的地点"))
    Facility.objects.filter(pk=link.facility_id).update(deleted_at=timezone.now())
    assert "回收站里的地点" not in client.get(link.service.get_absolute_url()).content.decode()
    listing = client.get(reverse("services:list")).context["page_obj"].object_list
    assert [s.place_count for s in listing if s.pk == link.service_id] == [0]
