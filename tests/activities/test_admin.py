"""The activities admin: lists, copy to new dates, add places, close sign-up early, sign-up on behalf, masking."""

from datetime import date, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, SignUp, SignUpStatus
from tests.wanli.factories import StaffUserFactory

from .factories import ActivityFactory, ActivitySeriesFactory, sign_up

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:activities_activity_changelist",
        "admin:activities_activityseries_changelist",
        "admin:activities_signup_changelist",
        "admin:activities_signup_add",
        "admin:activities_activity_add",
    ],
)
def test_admin_pages_render(staff_client, url_name):
    sign_up(ActivityFactory(series=ActivitySeriesFactory()))
    assert staff_client.get(reverse(url_name)).status_code == 200


def test_change_page_and_history_render(staff_client):
    activity = ActivityFactory()
    assert staff_client.get(reverse("admin:activities_activity_change", args=[activity.pk])).status_code == 200
    assert staff_client.get(reverse("admin:activities_activity_history", args=[activity.pk])).status_code == 200
    made = sign_up(activity)
    assert staff_client.get(reverse("admin:activities_signup_change", args=[made.pk])).status_code == 200


def test_copy_activity_to_a_new_date_keeps_time_and_length(staff_client):
    activity = ActivityFactory(starts_at=timezone.make_aware(timezone.datetime(2030, 7, 1, 9, 30)))
    activity.ends_at = activity.starts_at + timedelta(hours=2)
    activity.save()
    url = reverse("admin:activities_activity_changelist")
    asked = staff_client.post(url, {"action": "copy_to_new_date", ACTION_CHECKBOX_NAME: [activity.pk]})
    assert "新的日期" in asked.content.decode()
    staff_client.post(
        url, {"action": "copy_to_new_date", ACTION_CHECKBOX_NAME: [activity.pk], "starts_on": "2030-07-08"}
    )
    copy = Activity.objects.exclude(pk=activity.pk).get()
    assert timezone.localtime(copy.starts_at).isoformat().startswith("2030-07-08T09:30")
    assert copy.ends_at - copy.starts_at == timedelta(hours=2)
    assert copy.publication_status == "draft" and copy.slug != activity.slug


def test_copy_series_keeps_the_weekly_rhythm(staff_client):
    series = ActivitySeriesFactory()
    for week in range(2):
        start = timezone.make_aware(timezone.datetime(2030, 7, 1 + 7 * week, 14))
        ActivityFactory(series=series, facility=series.facility, starts_at=start)
    staff_client.post(
        reverse("admin:activities_activityseries_changelist"),
        {"action": "copy_to_new_dates", ACTION_CHECKBOX_NAME: [series.pk], "starts_on": "2030-09-02"},
    )
    days = sorted(timezone.localtime(a.starts_at).date() for a in series.sessions.filter(publication_status="draft"))
    assert days == [date(2030, 9, 2), date(2030, 9, 9)]


def test_add_places_action_promotes_the_waitlist(staff_client):
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = sign_up(activity)
    staff_client.post(
        reverse("admin:activities_activity_changelist"),
        {"action": "add_places", ACTION_CHECKBOX_NAME: [activity.pk], "extra": "1"},
    )
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.CONFIRMED


def test_capacity_below_places_taken_is_refused(staff_client):
    activity = ActivityFactory(capacity=3, max_party_size=2)
    sign_up(activity, party_size=2)
    form = staff_client.get(reverse("admin:activities_activity_change", args=[activity.pk])).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update(
        {
            "starts_at_0": timezone.localtime(activity.starts_at).date().isoformat(),
            "starts_at_1": "10:00",
            "ends_at_0": timezone.localtime(activity.ends_at).date().isoformat(),
            "ends_at_1": "23:59",
            "capacity": "1",
            "max_party_size": "1",
        }
    )
    data.pop("starts_at", None), data.pop("ends_at", None)
    response = staff_client.post(reverse("admin:activities_activity_change", args=[activity.pk]), data)
    assert "名额不能少于这个数" in response.content.decode()


def test_close_sign_up_early(staff_client):
    activity = ActivityFactory()
    staff_client.post(
        reverse("admin:activities_activity_changelist"),
        {"action": "close_sign_up", ACTION_CHECKBOX_NAME: [activity.pk]},
    )
    activity.refresh_from_db()
    assert activity.closed_early


def test_staff_sign_up_on_behalf(client):
    staff = StaffUserFactory(role="工单处理")
    client.force_login(staff)
    activity = ActivityFactory(capacity=1)
    data = {"activity": activity.pk, "channel": "phone", "name": "李伯伯", "phone": "13911112222", "party_size": "1"}
    refused = client.post(reverse("admin:activities_signup_add"), data)  # no consent ticked
    assert refused.status_code == 200 and not SignUp.objects.exists()
    response = client.post(reverse("admin:activities_signup_add"), {**data, "consent": "on"}, follow=True)
    made = SignUp.objects.get()
    assert made.on_behalf_by == staff and made.channel == "phone"
    assert made.display_code in response.content.decode()
    again = client.post(reverse("admin:activities_signup_add"), {**data, "consent": "on"})
    assert "已经报名" in again.content.decode()


def test_phones_are_masked_without_the_permission(client):
    editor = StaffUserFactory(role="内容编辑")
    client.force_login(editor)
    sign_up(ActivityFactory(), phone="13912345678", name="王小明")
    body = client.get(reverse("admin:activities_signup_changelist")).content.decode()
    assert "139****5678" in body and "13912345678" not in body and "王小明" not in body


def test_the_series_list_counts_sessions_in_its_own_query(staff_client, django_assert_max_num_queries):
    def shown_counts() -> str:
        return staff_client.get(reverse("admin:activities_activityseries_changelist")).content.decode()

    series = ActivitySeriesFactory()
    ActivityFactory(series=series)
    shown_counts()  # warm the session and permission caches
    with django_assert_max_num_queries(12) as few:
        shown_counts()
    for _ in range(5):
        ActivityFactory(series=ActivitySeriesFactory())
    ActivityFactory(series=series)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = shown_counts()
    assert '<td class="field-session_count">2</td>' in page
