"""The public list and detail pages, including every kind of bad input."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facilities.hours import local_now
from facilities.models import Facility, OperationStatus
from tests.facilities.factories import FacilityFactory, FacilityKindFactory, HoursExceptionFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db
LIST_URL = "/facilities/"


def test_list_shows_only_published_facilities(client):
    FacilityFactory(name="已发布的食堂")
    FacilityFactory(name="草稿中的食堂", publication_status="draft")
    FacilityFactory(name="已归档的食堂", publication_status="archived")
    page = client.get(LIST_URL).content.decode()
    assert "已发布的食堂" in page
    assert "草稿中的食堂" not in page
    assert "已归档的食堂" not in page


def test_detail_of_a_draft_is_404(client):
    draft = FacilityFactory(publication_status="draft")
    assert client.get(reverse("facilities:detail", kwargs={"slug": draft.slug})).status_code == 404


def test_keyword_searches_chinese_and_english_names_summary_and_address(client):
    FacilityFactory(name="香泉智助食堂")
    FacilityFactory(name="某处", name_en="Riverside Canteen")
    FacilityFactory(name="甲", summary="提供食堂服务")
    FacilityFactory(name="乙", address="香泉路1号")
    FacilityFactory(name="无关设施")
    page = client.get(LIST_URL, {"q": "食堂"}).content.decode()
    assert "香泉智助食堂" in page and "甲" in page and "无关设施" not in page
    assert "某处" in client.get(LIST_URL, {"q": "canteen"}).content.decode()
    assert "乙" in client.get(LIST_URL, {"q": "香泉路"}).content.decode()


def test_filter_by_kind_and_audience(client):
    canteen = FacilityKindFactory(slug="canteen", name="食堂")
    park = FacilityKindFactory(slug="park", name="公园")
    FacilityFactory(name="老年食堂", kind=canteen, audiences=["elderly"])
    FacilityFactory(name="儿童公园", kind=park, audiences=["children_families"])
    by_kind = client.get(LIST_URL, {"kind": "canteen"}).content.decode()
    assert "老年食堂" in by_kind and "儿童公园" not in by_kind
    by_audience = client.get(LIST_URL, {"audience": "children_families"}).content.decode()
    assert "儿童公园" in by_audience and "老年食堂" not in by_audience


def test_open_now_filter(client, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import facilities.open_now
    import facilities.queries

    monday_ten = datetime(2026, 11, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(facilities.queries, "local_now", lambda: monday_ten)
    monkeypatch.setattr(facilities.open_now, "local_now", lambda: monday_ten)
    open_place = FacilityFactory(name="正开着的地方")
    OpeningPeriodFactory(facility=open_place, weekday=0, opens=time(9), closes=time(17))
    closed_place = FacilityFactory(name="已关门的地方")
    OpeningPeriodFactory(facility=closed_place, weekday=0, opens=time(18), closes=time(20))
    FacilityFactory(name="时间未知的地方")
    page = client.get(LIST_URL, {"open_now": "1"}).content.decode()
    assert "正开着的地方" in page
    assert "已关门的地方" not in page and "时间未知的地方" not in page


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "no-such-kind"},
        {"audience": "aliens"},
        {"page": "99999"},
        {"page": "abc"},
        {"page": "-1"},
        {"q": "食" * 10_000},
        {"q": "\x00"},
        {"q": "' OR 1=1 --"},
        {"q": "<script>alert(1)</script>"},
        {"q": "\u202e\u200b🍜\ufeff"},
        {"open_now": "maybe"},
        {"kind": ["canteen", "park"]},
    ],
)
def test_bad_parameters_never_cause_a_server_error(client, params):
    FacilityFactory()
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_too_long_keyword_gets_a_clear_message(client):
    response = client.get(LIST_URL, {"q": "食" * 10_000})
    assert response.context["filter"].errors["q"]
    assert "100" in str(response.context["filter"].errors["q"])  # "at most 100 characters"
    assert response.context["page_obj"].paginator.count == 0


def test_unknown_kind_gets_a_clear_message(client):
    response = client.get(LIST_URL, {"kind": "no-such-kind"})
    assert response.context["filter"].errors["kind"]


def test_page_out_of_range_shows_the_last_page_with_a_notice(client):
    FacilityFactory.create_batch(3)
    response = client.get(LIST_URL, {"page": "99999"})
    assert response.context["page_obj"].number == 1
    assert response.context["notice"]


@pytest.mark.parametrize("count", [10, 500])
def test_list_query_count_does_not_grow_with_rows(client, count):
    kind = FacilityKindFactory()
    facilities = FacilityFactory.create_batch(count, kind=kind, audiences=["elderly"])
    for facility in facilities[:50]:
        OpeningPeriodFactory(facility=facility, weekday=0)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    # Same ceiling at 10 and at 500 rows: the page never queries per row. Eleven: the page's eight (the
    # page's ids are sorted apart from its rows), the estate selector of the nearby search, and the page
    # cache's two look-ups of the next opening/closing time.
    assert len(queries) <= 11, [q["sql"] for q in queries]


def test_list_query_count_is_identical_at_10_and_500(client):
    kind = FacilityKindFactory()

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(LIST_URL)
        return len(queries)

    FacilityFactory.create_batch(10, kind=kind, audiences=["elderly"])
    at_ten = count_queries()
    FacilityFactory.create_batch(490, kind=kind, audiences=["elderly"])
    assert count_queries() == at_ten


def test_detail_shows_hours_status_parent_and_children(client):
    home = FacilityFactory(name="城市建设者管理者之家", capacity=152, capacity_unit="张床位")
    canteen = FacilityFactory(name="之家食堂", parent=home)
    page = client.get(home.get_absolute_url()).content.decode()
    assert "152 张床位" in page
    assert "之家食堂" in page
    assert "开放时间未公布" in page
    child_page = client.get(canteen.get_absolute_url()).content.decode()
    assert "城市建设者管理者之家" in child_page


def test_detail_of_temporarily_closed_facility_says_so(client):
    facility = FacilityFactory(operation_status=OperationStatus.TEMPORARILY_CLOSED, closure_reason="内部装修")
    page = client.get(facility.get_absolute_url()).content.decode()
    assert "暂停开放" in page and "内部装修" in page


def test_temporarily_closed_facility_stays_in_the_list(client):
    FacilityFactory(name="装修中的食堂", operation_status=OperationStatus.TEMPORARILY_CLOSED, closure_reason="装修")
    assert "装修中的食堂" in client.get(LIST_URL).content.decode()


def test_english_pages_live_under_en_and_fall_back_to_chinese_names(client):
    FacilityFactory(name="万里公园", name_en="Wanli Park")
    FacilityFactory(name="只有中文名")
    page = client.get("/en/facilities/").content.decode()
    assert 'lang="en"' in page
    assert "Wanli Park" in page and "只有中文名" in page


def test_chinese_is_the_default_at_the_root(client):
    page = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="zh-Hans"' in page


def test_language_switch_is_made_of_plain_links(client):
    facility = FacilityFactory()
    page = client.get(facility.get_absolute_url()).content.decode()
    assert f'href="/en/facilities/{facility.slug}/"' in page
    assert 'hreflang="en"' in page
    assert "set_language" not in page


def test_facility_listing_html_escapes_content(client):
    FacilityFactory(name="<b>粗体</b>", summary="<img src=x onerror=alert(1)>")
    page = client.get(LIST_URL).content.decode()
    assert "<img src=x" not in page
    assert "&lt;b&gt;粗体&lt;/b&gt;" in page


def test_facility_model_slug_detail_url():
    facility = FacilityFactory(slug="wan-li-gong-yuan")
    assert facility.get_absolute_url() == "/facilities/wan-li-gong-yuan/"
    assert Facility.objects.get(slug="wan-li-gong-yuan") == facility


def test_capacity_unit_is_shown_in_the_page_language_falling_back_to_chinese(client):
    with_english = FacilityFactory(capacity=152, capacity_unit="张床位", capacity_unit_en="beds")
    chinese_only = FacilityFactory(capacity=30, capacity_unit="个托位")
    assert "152 张床位" in client.get(f"/facilities/{with_english.slug}/").content.decode()
    assert "152 beds" in client.get(f"/en/facilities/{with_english.slug}/").content.decode()
    assert "30 个托位" in client.get(f"/en/facilities/{chinese_only.slug}/").content.decode()


def test_facility_page_tells_the_reason_for_today_and_lists_the_coming_special_days(client):
    today = local_now().date()
    facility = FacilityFactory()
    OpeningPeriodFactory(facility=facility, weekday=today.weekday(), opens=time(9), closes=time(17))
    HoursExceptionFactory(facility=facility, date=today, is_closed=True, note="设备检修")
    HoursExceptionFactory(
        facility=facility,
        date=today + timedelta(days=2),
        is_closed=False,
        opens=time(9),
        closes=time(12),
        note="下午消防演练",
    )
    HoursExceptionFactory(facility=facility, date=today + timedelta(days=30), is_closed=True, note="很久以后")

    page = client.get(f"/facilities/{facility.slug}/").content.decode()

    assert "今天不开放" in page
    assert "今天特殊安排：设备检修" in page
    assert "近期特殊安排" in page and "全天闭馆 · 设备检修" in page
    assert "09:00–12:00 · 下午消防演练" in page
    assert "很久以后" not in page  # beyond the coming week


def test_facility_page_without_special_days_has_no_such_section(client):
    assert "近期特殊安排" not in client.get(f"/facilities/{FacilityFactory().slug}/").content.decode()


def test_special_days_in_english(client):
    facility = FacilityFactory()
    HoursExceptionFactory(facility=facility, date=local_now().date(), is_closed=True, note="设备检修")
    page = client.get(f"/en/facilities/{facility.slug}/").content.decode()
    assert "Special arrangement today: 设备检修" in page and "Special days coming up" in page


def test_a_day_with_a_closed_row_is_closed_in_the_special_days_too(client):
    facility = FacilityFactory()
    day = local_now().date() + timedelta(days=1)
    HoursExceptionFactory(facility=facility, date=day, is_closed=True, note="停电")
    HoursExceptionFactory(facility=facility, date=day, is_closed=False, opens=time(9), closes=time(12))
    page = client.get(f"/facilities/{facility.slug}/").content.decode()
    assert "全天闭馆 · 停电" in page and "09:00–12:00" not in page


def test_the_estate_selector_marks_estates_whose_location_is_not_verified(client):
    from tests.facilities.factories import EstateFactory

    EstateFactory(
        name="已核实小区",
        name_en="Verified Garden",
        slug="verified",
        latitude=31.26,
        longitude=121.40,
        location_verified=True,
    )
    EstateFactory(name="待核实小区", name_en="Pending Garden", slug="pending")
    chinese = client.get("/facilities/").content.decode()
    assert ">已核实小区</option>" in chinese and ">待核实小区（位置待核实）</option>" in chinese
    english = client.get("/en/facilities/").content.decode()
    assert ">Verified Garden</option>" in english and ">Pending Garden (location not yet verified)</option>" in english


@pytest.mark.parametrize("hidden", ["draft", "archived", "recycle_bin"])
def test_cards_and_detail_name_a_parent_only_while_it_is_public(client, hidden):
    from django.utils import timezone

    from facilities.content_version import bump_content_version
    from publishing.publishable import PublicationStatus

    parent = FacilityFactory(name="上级设施名称")
    child = FacilityFactory(name="下属设施", parent=parent)
    list_url = reverse("facilities:list")
    assert "上级设施名称" in client.get(list_url, {"q": "下属设施"}).content.decode()
    if hidden == "recycle_bin":
        # Even if a status change left it "published", a row in the recycle bin is not public.
        Facility.objects.filter(pk=parent.pk).update(deleted_at=timezone.now())
    else:
        Facility.objects.filter(pk=parent.pk).update(publication_status=getattr(PublicationStatus, hidden.upper()))
    bump_content_version()  # update() sends no signal
    for page in (client.get(list_url, {"q": "下属设施"}), client.get(child.get_absolute_url())):
        text = page.content.decode()
        assert "下属设施" in text and "上级设施名称" not in text


def test_on_national_day_a_weekday_place_shows_closed_once_seeding_loaded_the_official_calendar(client, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.core.management import call_command

    import facilities.open_now
    import facilities.queries

    national_day = datetime(2026, 10, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Thursday
    monkeypatch.setattr(facilities.open_now, "local_now", lambda: national_day)
    monkeypatch.setattr(facilities.queries, "local_now", lambda: national_day)
    office = FacilityFactory(name="工作日开放的服务站", follows_public_holidays=True)
    for weekday in range(5):
        OpeningPeriodFactory(facility=office, weekday=weekday, opens=time(9), closes=time(17))
    assert "正在开放" in client.get(office.get_absolute_url()).content.decode()  # the calendar is still empty
    call_command("seed_wanli", verbosity=0)
    page = client.get(office.get_absolute_url()).content.decode()
    assert "现在关闭" in page and "今天不开放" in page
    assert "工作日开放的服务站" not in client.get(LIST_URL, {"open_now": "1"}).content.decode()
