"""The residents' pages: what's on, an activity, sign-up, confirmation with the QR code, find and cancel."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import SignUp, SignUpStatus
from publishing.publishable import PublicationStatus
from tests.facilities.factories import EstateFactory, FacilityFactory

from .factories import ActivityFactory, ActivitySeriesFactory, sign_up

pytestmark = pytest.mark.django_db


def at(days: int, hour: int = 10):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def form_data(**overrides):
    data = {"name": "王阿姨", "phone": "13912345678", "party_size": "1", "consent": "on"}
    data.update(overrides)
    return data


def test_whats_on_lists_the_week_and_hides_drafts(client):
    shown = ActivityFactory(title="太极拳", starts_at=at(1))
    ActivityFactory(title="草稿活动", starts_at=at(1), publication_status=PublicationStatus.DRAFT)
    response = client.get(reverse("activities:list"), {"view": "week", "date": at(1).date().isoformat()})
    assert response.status_code == 200
    assert shown.title in response.content.decode()
    assert "草稿活动" not in response.content.decode()


def test_day_view_shows_only_that_day(client):
    ActivityFactory(title="今天的活动", starts_at=at(1))
    ActivityFactory(title="后天的活动", starts_at=at(3))
    response = client.get(reverse("activities:list"), {"view": "day", "date": at(1).date().isoformat()})
    body = response.content.decode()
    assert "今天的活动" in body and "后天的活动" not in body


def test_filters_audience_kind_place_and_places_left(client):
    place = FacilityFactory()
    ActivityFactory(title="老人讲座", audience="elderly", kind="lecture", facility=place, starts_at=at(1))
    full = ActivityFactory(
        title="满员讲座", audience="elderly", kind="lecture", facility=place, starts_at=at(1), capacity=1
    )
    sign_up(full)
    ActivityFactory(title="亲子游戏", audience="children_families", kind="family", starts_at=at(1))
    query = {"date": at(1).date().isoformat(), "audience": "elderly", "kind": "lecture", "place": place.slug}
    body = client.get(reverse("activities:list"), query).content.decode()
    assert "老人讲座" in body and "满员讲座" in body and "亲子游戏" not in body
    body = client.get(reverse("activities:list"), {**query, "places_left": "1"}).content.decode()
    assert "老人讲座" in body and "满员讲座" not in body


@pytest.mark.parametrize("date", ["not-a-date", "9999-12-31", "0001-01-01"])
def test_bad_filter_values_are_form_errors(client, date):
    response = client.get(reverse("activities:list"), {"date": date, "audience": "robots", "radius": "x"})
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()


def test_near_an_estate_lists_activities_at_places_in_range(client):
    estate = EstateFactory(latitude=31.26, longitude=121.40, location_verified=True)
    close = FacilityFactory(latitude=31.261, longitude=121.401, location_verified=True)
    far = FacilityFactory(latitude=31.40, longitude=121.60, location_verified=True)
    ActivityFactory(title="近处的课", facility=close, starts_at=at(1))
    ActivityFactory(title="远处的课", facility=far, starts_at=at(1))
    body = client.get(reverse("activities:list"), {"estate": estate.slug, "date": at(1).date().isoformat()}).content
    body = body.decode()
    assert "近处的课" in body and "远处的课" not in body
    assert "步行约" in body


def test_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    for n in range(3):
        ActivityFactory(starts_at=at(1, 9 + n))
    url = reverse("activities:list")
    with django_assert_max_num_queries(8) as few:
        client.get(url, {"date": at(1).date().isoformat()})
    for n in range(20):
        sign_up(ActivityFactory(starts_at=at(2, 8 + n % 10)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"date": at(1).date().isoformat()})


def test_detail_page_has_place_link_cost_places_and_jsonld(client):
    activity = ActivityFactory(title="暑托班", capacity=5, fee=None)
    sign_up(activity, party_size=2)
    body = client.get(activity.get_absolute_url()).content.decode()
    assert activity.facility.get_absolute_url() in body
    assert "免费" in body and "剩余 3 个名额" in body
    assert '"@type": "Event"' in body and "application/ld+json" in body
    assert reverse("activities:ics", args=[activity.slug]) in body


def test_draft_detail_is_404(client):
    activity = ActivityFactory(publication_status=PublicationStatus.DRAFT)
    assert client.get(activity.get_absolute_url()).status_code == 404


def test_sign_up_gives_a_code_and_qr_then_cancel(client):
    activity = ActivityFactory(capacity=3)
    response = client.post(reverse("activities:sign_up", args=[activity.slug]), form_data(party_size="2"))
    assert response.status_code == 302 and response["Location"] == reverse("activities:signed_up")
    made = SignUp.objects.get()
    assert made.status == SignUpStatus.CONFIRMED and made.party_size == 2
    page = client.get(reverse("activities:signed_up")).content.decode()
    assert made.display_code in page and "<svg" in page
    found = client.post(reverse("activities:track"), {"code": made.display_code.lower(), "last4": "5678"})
    assert "报名成功" in found.content.decode()
    client.post(
        reverse("activities:track"),
        {"code": made.tracking_code, "last4": "5678", "action": "cancel", "confirm": "yes"},
    )
    made.refresh_from_db()
    assert made.status == SignUpStatus.CANCELLED


def test_wrong_last_four_digits_finds_nothing(client):
    made = sign_up(ActivityFactory(), phone="13912345678")
    response = client.post(reverse("activities:track"), {"code": made.tracking_code, "last4": "0000"})
    assert "没有找到对应的报名" in response.content.decode()


def test_party_size_above_limit_is_a_form_error(client):
    activity = ActivityFactory(capacity=10, max_party_size=2)
    response = client.post(reverse("activities:sign_up", args=[activity.slug]), form_data(party_size="5"))
    assert response.status_code == 200
    assert "最多 2 人" in response.content.decode()
    assert not SignUp.objects.exists()


def test_full_activity_puts_the_resident_on_the_waitlist(client):
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    client.post(reverse("activities:sign_up", args=[activity.slug]), form_data())
    page = client.get(reverse("activities:signed_up")).content.decode()
    assert "候补名单中排第 1 位" in page


def test_closed_early_shows_closed_page(client):
    activity = ActivityFactory(sign_up_closed_at=timezone.now())
    response = client.get(reverse("activities:sign_up", args=[activity.slug]))
    assert "已提前截止报名" in response.content.decode()


def test_series_sign_up_for_all_says_which_is_which(client):
    series = ActivitySeriesFactory()
    first = ActivityFactory(series=series, facility=series.facility, starts_at=at(1), capacity=1)
    second = ActivityFactory(series=series, facility=series.facility, starts_at=at(8), capacity=5)
    sign_up(first)
    client.post(reverse("activities:sign_up", args=[second.slug]), form_data(scope="all"))
    statuses = dict(SignUp.objects.filter(phone="13912345678").values_list("activity_id", "status"))
    assert statuses == {first.pk: "waitlisted", second.pk: "confirmed"}
    page = client.get(reverse("activities:signed_up")).content.decode()
    assert "报名成功" in page and "候补名单中排第 1 位" in page


def test_sign_up_rate_limit_answers_429(client, settings):
    settings.CASEWORK_RATE_LIMITS = {**settings.CASEWORK_RATE_LIMITS, "signup_ip": (2, 3600)}
    activity = ActivityFactory(capacity=20)
    url = reverse("activities:sign_up", args=[activity.slug])
    codes = [client.post(url, form_data(phone=f"1391234567{n}")).status_code for n in range(3)]
    assert codes == [302, 302, 429]


def test_honeypot_stores_nothing(client):
    activity = ActivityFactory()
    response = client.post(reverse("activities:sign_up", args=[activity.slug]), form_data(website="http://spam"))
    assert response.status_code == 400 and not SignUp.objects.exists()


def test_waitlist_page_explains_the_rule(client):
    body = client.get(reverse("activities:waitlist")).content.decode()
    assert "保留原来的排位" in body


def test_english_pages(client):
    activity = ActivityFactory(title_en="Tai chi")
    response = client.get("/en" + activity.get_absolute_url())
    assert response.status_code == 200 and "Tai chi" in response.content.decode()


def test_sitemap_lists_coming_activities(client):
    coming = ActivityFactory()
    past = ActivityFactory(starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2))
    body = client.get("/sitemap.xml").content.decode()
    assert coming.get_absolute_url() in body and past.get_absolute_url() not in body


def test_jsonld_cannot_close_its_script_element(client):
    activity = ActivityFactory(title="</script><script>alert(1)</script>")
    body = client.get(activity.get_absolute_url()).content.decode()
    head = body.split("application/ld+json")[1].split("</script>")[0]
    assert "<script>" not in head and "\\u003C/script\\u003E" in head


def test_looking_up_codes_is_rate_limited(client, settings):
    settings.CASEWORK_RATE_LIMITS = {**settings.CASEWORK_RATE_LIMITS, "signup_track_ip": (2, 3600)}
    codes = [client.post(reverse("activities:track"), {"code": "X", "last4": "1234"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_feed_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    ActivityFactory()
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("activities_ics"))
    for _ in range(15):
        ActivityFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("activities_ics"))


def test_facility_page_lists_its_coming_activities(client):
    activity = ActivityFactory(title="这里的讲座")
    body = client.get(activity.facility.get_absolute_url()).content.decode()
    assert "这里的讲座" in body and reverse("facility_activities_ics", args=[activity.facility.slug]) in body


def test_days_are_grouped_by_the_shanghai_date(client):
    early = timezone.localtime() + timedelta(days=1)
    early = early.replace(hour=7, minute=0, second=0, microsecond=0)  # 23:00 UTC the day before
    ActivityFactory(title="早操", starts_at=early)
    body = client.get(reverse("activities:list"), {"view": "day", "date": early.date().isoformat()}).content.decode()
    assert f'id="day-{early.date().isoformat()}"' in body and "早操" in body


def test_english_day_headings_have_no_chinese_date(client):
    start = timezone.localtime() + timedelta(days=1)
    ActivityFactory(title_en="Tai chi", starts_at=start)
    body = client.get("/en/activities/", {"view": "day", "date": start.date().isoformat()}).content.decode()
    heading = body.split('class="day-heading">')[1].split("</h3>")[0]
    assert "月" not in heading and start.strftime("%B") in heading


def test_cached_pages_show_new_activities_and_sign_ups(client):
    place = FacilityFactory()
    first = ActivityFactory(facility=place, capacity=5, title="第一场")
    client.get(place.get_absolute_url())
    client.get(first.get_absolute_url())
    ActivityFactory(facility=place, title="新加的一场")
    assert "新加的一场" in client.get(place.get_absolute_url()).content.decode()
    sign_up(first, party_size=2)
    assert "剩余 3 个名额" in client.get(first.get_absolute_url()).content.decode()
    assert "剩余 3 个名额" in client.get(place.get_absolute_url()).content.decode()
