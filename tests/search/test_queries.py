"""The one search: what residents type finds the right place or service, ranked and explained."""

from datetime import time

import pytest
from django.utils import translation

from facilities.geo import Point
from facilities.hours import local_now
from facilities.models import Facility
from publishing.publishable import PublicationStatus
from search.queries import Tier, search
from services.models import Service

from ..facilities.factories import FacilityFactory, FacilityKindFactory, OpeningPeriodFactory
from ..services.factories import ServiceAtLocationFactory, ServiceCategoryFactory, ServiceFactory
from .factories import SearchSynonymFactory

pytestmark = pytest.mark.django_db

CANTEENS = {"jianshezhe-zhi-jia-shequ-shitang", "xiangquan-zhizhu-shitang", "yuanqu-zhihui-shitang"}
BABY_HOUSES = {"shequ-baobaowu", "jianshezhe-zhi-jia-baobaowu"}


def top_three(query: str, language: str = "zh-hans") -> set[str]:
    """Slugs of the first three results of every group."""
    results = search(query=query, language=language)
    return {hit.obj.slug for group in results.groups for hit in group.hits[:3]}


def group(results, key: str):
    return next(g for g in results.groups if g.key == key)


class TestRealSeed:
    """The issue's "done" list, on the real seed."""

    def test_elderly_canteen_finds_the_three_canteens(self, real_seed):
        results = search(query="长者食堂", language="zh-hans")
        assert {hit.obj.slug for hit in group(results, "facilities").hits[:3]} == CANTEENS

    def test_eating_finds_the_canteens(self, real_seed):
        assert CANTEENS <= top_three("吃饭")

    def test_childcare_finds_the_baby_houses_and_childcare(self, real_seed):
        found = top_three("托育")
        assert BABY_HOUSES <= found and "baobaowu-tuoyu" in found

    def test_rider_finds_services_for_new_employment_workers(self, real_seed):
        results = search(query="骑手", language="zh-hans")
        for hit in group(results, "services").hits[:3]:
            assert (
                "new_employment" in {a.code for a in hit.obj.audiences.all()}
                or hit.obj.category.parent.slug == "xinjiuye-qunti"
            )
        assert "wanyouyinli-chengshi-jianshezhe-guanlizhe-zhi-jia" in top_three("骑手")

    def test_fridge_repair_finds_small_repairs(self, real_seed):
        found = top_three("修冰箱")
        assert {"xiaoxiu-xiaobu", "wanli-gongyuan-binlin-dangqun-fuwuzhan"} <= found

    def test_pinyin_and_initials_find_the_xiangquan_canteen(self, real_seed):
        assert "xiangquan-zhizhu-shitang" in top_three("xiangquan")
        assert "xiangquan-zhizhu-shitang" in top_three("xqst")

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("canteen", CANTEENS),
            ("meal", CANTEENS | {"shequ-shitang-yongcan"}),
            ("childcare", BABY_HOUSES | {"baobaowu-tuoyu"}),
            ("repair", {"xiaoxiu-xiaobu"}),
            ("bed", {"jianshezhe-zhi-jia-chuangwei", "wanyouyinli-chengshi-jianshezhe-guanlizhe-zhi-jia"}),
        ],
    )
    def test_english_words_on_the_english_pages(self, real_seed, query, expected):
        assert expected <= top_three(query, language="en")

    def test_several_words_narrow_the_search(self, real_seed):
        results = search(query="香泉 食堂", language="zh-hans")
        facilities = group(results, "facilities")
        assert facilities.hits[0].obj.slug == "xiangquan-zhizhu-shitang"
        assert all("香泉" in hit.obj.name for hit in facilities.hits)

    def test_width_spaces_and_case_do_not_matter(self, real_seed):
        assert top_three("ＸＩＡＮＧＱＵＡＮ") == top_three(" xiangquan ") == top_three("XiangQuan")
        assert top_three("香泉　食堂") == top_three("香泉  食堂，") == top_three("香泉 食堂")

    def test_the_reason_is_given_when_the_name_does_not_say_it(self, real_seed):
        results = search(query="吃饭", language="zh-hans")
        assert group(results, "facilities").hits[0].reasons == ["类型：食堂"]
        with translation.override("en"):
            results = search(query="meal", language="en")
        assert group(results, "facilities").hits[0].reasons == ["Kind: Canteen"]

    def test_nothing_found(self, real_seed):
        results = search(query="火星基地", language="zh-hans")
        assert results.searched and results.is_empty and results.groups == []


class TestRanking:
    def test_whole_name_then_name_then_kind_then_description(self):
        canteen = FacilityKindFactory(name="食堂", name_en="Canteen", slug="canteen")
        other = FacilityKindFactory(name="公园", slug="park")
        by_text = FacilityFactory(name="甲处", kind=other, summary="附近有食堂")
        by_kind = FacilityFactory(name="乙处", kind=canteen)
        in_name = FacilityFactory(name="丙处食堂", kind=other)
        whole = FacilityFactory(name="食堂", kind=other)
        hits = group(search(query="食堂", language="zh-hans"), "facilities").hits
        assert [h.obj for h in hits] == [whole, in_name, by_kind, by_text]
        assert [h.tier for h in hits] == [Tier.WHOLE_NAME, Tier.NAME, Tier.MEANING, Tier.TEXT]
        assert hits[1].reasons == [] and hits[3].reasons == ["介绍中提到“食堂”"]

    def test_open_now_then_nearest_break_ties(self):
        kind = FacilityKindFactory(name="食堂", slug="canteen")
        closed_near = FacilityFactory(name="甲", kind=kind, latitude=31.26, longitude=121.40, location_verified=True)
        open_far = FacilityFactory(name="乙", kind=kind, latitude=31.30, longitude=121.40, location_verified=True)
        open_near = FacilityFactory(name="丙", kind=kind, latitude=31.261, longitude=121.40, location_verified=True)
        weekday = local_now().weekday()
        for place in (open_far, open_near):
            OpeningPeriodFactory(facility=place, weekday=weekday, opens=time(0, 0), closes=time(23, 59))
            OpeningPeriodFactory(facility=place, weekday=weekday, opens=time(23, 59), closes=time(0, 0))
        hits = group(search(query="食堂", language="zh-hans", near=Point(31.26, 121.40)), "facilities").hits
        assert [h.obj for h in hits] == [open_near, open_far, closed_near]
        assert hits[0].obj.distance_m is not None

    def test_groups_come_best_first(self):
        FacilityFactory(name="某处", summary="可以理发")
        ServiceFactory(name="理发")
        results = search(query="理发", language="zh-hans")
        assert [g.key for g in results.groups] == ["services", "facilities"]


class TestMeanings:
    def test_a_synonym_edit_takes_effect_at_once(self):
        kind = FacilityKindFactory(name="宝宝屋", slug="baby-house")
        house = FacilityFactory(name="某宝宝屋", kind=kind)
        assert search(query="带娃", language="zh-hans").is_empty
        SearchSynonymFactory(phrase="带娃", kinds=[kind])
        assert group(search(query="带娃", language="zh-hans"), "facilities").hits[0].obj == house

    def test_synonym_extra_terms_are_searched_too(self):
        centre = FacilityFactory(name="社区公共服务中心")
        SearchSynonymFactory(phrase="办事", extra_terms="公共服务，一网通办")
        hits = group(search(query="办事", language="zh-hans"), "facilities").hits
        assert hits[0].obj == centre and hits[0].reasons == ["相关词：公共服务"]

    def test_a_category_finds_its_services_and_the_places_offering_them(self):
        top = ServiceCategoryFactory(name="一老一小")
        meals = ServiceCategoryFactory(name="助餐", parent=top)
        service = ServiceFactory(name="社区用餐", category=meals)
        place = ServiceAtLocationFactory(service=service, facility__name="某处").facility
        results = search(query="一老一小", language="zh-hans")
        assert group(results, "services").hits[0].obj == service
        assert group(results, "facilities").hits[0].obj == place
        assert group(results, "facilities").hits[0].reasons == ["提供服务：社区用餐"]

    def test_an_audience_name_finds_what_is_for_them(self):
        facility = FacilityFactory(name="某处", audiences=["new_employment"])
        FacilityFactory(name="别处", audiences=["elderly"])
        hits = group(search(query="快递员", language="zh-hans"), "facilities").hits
        assert [h.obj for h in hits] == [facility]

    def test_drafts_and_deleted_rows_are_never_found(self):
        FacilityFactory(name="草稿食堂", publication_status=PublicationStatus.DRAFT)
        deleted = FacilityFactory(name="删除的食堂")
        deleted.mark_deleted()
        deleted.save()
        ServiceFactory(name="草稿食堂服务", publication_status=PublicationStatus.DRAFT)
        assert search(query="食堂", language="zh-hans").is_empty

    def test_initials_need_the_first_and_last_letters(self):
        FacilityFactory(name="香泉智助食堂")
        assert not search(query="zzs", language="zh-hans").is_empty  # contiguous inside
        assert not search(query="xqst", language="zh-hans").is_empty
        assert search(query="qzs", language="zh-hans").is_empty


@pytest.mark.parametrize("query", ["吃饭", "托育", "香泉 食堂", "xiangquan"])
def test_query_count_does_not_grow_with_rows(django_assert_max_num_queries, query):
    kind = FacilityKindFactory(name="食堂", slug="canteen")
    SearchSynonymFactory(phrase="吃饭", kinds=[kind])
    SearchSynonymFactory(phrase="托育", kinds=[kind])

    def add(n):
        for _ in range(n):
            facility = FacilityFactory(name="香泉食堂", kind=kind, audiences=["elderly"])
            OpeningPeriodFactory(facility=facility)
            ServiceAtLocationFactory(facility=facility, service__name="香泉托育")

    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        search(query=query, language="zh-hans")
    add(20)
    with django_assert_max_num_queries(len(few)):
        results = search(query=query, language="zh-hans")
    assert results.total >= 22
    assert Facility.objects.count() == 22 and Service.objects.count() == 22
