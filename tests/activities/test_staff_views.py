"""Staff pages: who may open them, the camera allowed on the door page alone, check-in by typed code and by the
script's JSON endpoint (CSRF-protected, idempotent), masking by role, the lists, attendance and exports."""

import io
import json
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import SignUpStatus

from .factories import ActivityFactory, sign_up

pytestmark = pytest.mark.django_db

DOOR = ("check_in",)
LISTS = ("view_signup",)
PERSONAL = ("view_signup_personal_data",)


def user_with(*codenames, username="staff"):
    user = get_user_model().objects.create_user(username, password="x" * 12)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="activities", codename__in=codenames))
    return user


def signed_in(client, *codenames):
    client.force_login(user_with(*codenames))
    return client


@pytest.fixture
def activity():
    return ActivityFactory(title="太极拳入门", capacity=3, max_party_size=2)


@pytest.fixture
def party(activity):
    return sign_up(activity, name="王秀英", phone="13912345678", party_size=2)


def record(client, activity, payload, **extra):
    url = reverse("activities:check_in_record", kwargs={"slug": activity.slug})
    return client.post(url, json.dumps(payload), content_type="application/json", **extra)


# --- Access -----------------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_and_the_endpoint_answers_json(client, activity):
    for name in ("staff_list", "roster", "check_in", "roster_csv"):
        kwargs = {} if name == "staff_list" else {"slug": activity.slug}
        response = client.get(reverse(f"activities:{name}", kwargs=kwargs))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = record(client, activity, {"kind": "code", "code": "X"})
    assert response.status_code == 403 and response.json()["outcome"] == "signed_out"


def test_signed_in_without_the_permission_gets_the_403_page(client, activity):
    signed_in(client)
    for name in ("roster", "check_in", "roster_xlsx"):
        response = client.get(reverse(f"activities:{name}", kwargs={"slug": activity.slug}))
        assert response.status_code == 403
    assert record(client, activity, {"kind": "code", "code": "X"}).status_code == 403
    # The door volunteer opens the door page but not the lists with phone numbers.
    door = Client()
    door.force_login(user_with(*DOOR, username="door"))
    assert door.get(reverse("activities:check_in", kwargs={"slug": activity.slug})).status_code == 200
    assert door.get(reverse("activities:roster", kwargs={"slug": activity.slug})).status_code == 403


# --- Permissions-Policy ------------------------------------------------------------------------------------------


def test_only_the_check_in_page_allows_the_camera(client, activity):
    signed_in(client, *DOOR, *LISTS)
    door = client.get(reverse("activities:check_in", kwargs={"slug": activity.slug}))
    assert "camera=(self)" in door["Permissions-Policy"]
    assert "geolocation=(self)" in door["Permissions-Policy"] and "microphone=()" in door["Permissions-Policy"]
    posted = client.post(reverse("activities:check_in", kwargs={"slug": activity.slug}), {"code": "nothing"})
    assert "camera=(self)" in posted["Permissions-Policy"]
    for url in (
        reverse("activities:roster", kwargs={"slug": activity.slug}),
        reverse("activities:staff_list"),
        activity.get_absolute_url(),
        reverse("home"),
    ):
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy and "camera=(self)" not in policy, url
    assert "camera=()" in record(client, activity, {"kind": "code", "code": "X"})["Permissions-Policy"]
    assert "camera=()" in Client().get(reverse("home"))["Permissions-Policy"]


# --- The door page without JavaScript -----------------------------------------------------------------------------


def test_typing_a_code_checks_in_and_shows_the_masked_name(client, activity, party):
    signed_in(client, *DOOR)
    response = client.post(reverse("activities:check_in", kwargs={"slug": activity.slug}), {"code": party.display_code})
    body = response.content.decode()
    assert response.status_code == 200 and "签到成功" in body
    assert "王**" in body and "王秀英" not in body
    party.refresh_from_db()
    assert party.status == SignUpStatus.ATTENDED


def test_a_role_with_personal_data_sees_the_full_name(client, activity, party):
    signed_in(client, *DOOR, *PERSONAL)
    response = client.post(
        reverse("activities:check_in", kwargs={"slug": activity.slug}), {"code": party.tracking_code}
    )
    assert "王秀英" in response.content.decode()


def test_the_walk_in_button_counts_once_per_page_even_when_resubmitted(client, activity):
    signed_in(client, *DOOR)
    url = reverse("activities:check_in", kwargs={"slug": activity.slug})
    tap = str(uuid.uuid4())
    for _ in range(2):
        response = client.post(url, {"action": "walk_in", "walk_in_id": tap})
        assert response.status_code == 302
    assert activity.walk_ins.people() == 1
    assert 'data-count="walk_in_people">1<' in client.get(url).content.decode()


# --- The JSON endpoint --------------------------------------------------------------------------------------------


def test_the_endpoint_checks_in_a_scanned_code_and_returns_the_counts(client, activity, party):
    signed_in(client, *DOOR)
    at = (timezone.now() - timedelta(minutes=5)).isoformat()
    answer = record(client, activity, {"kind": "code", "code": party.tracking_code, "at": at}).json()
    assert answer["ok"] and answer["outcome"] == "checked_in" and answer["name"] == "王**"
    assert answer["party_size"] == 2 and answer["counts"]["attended_people"] == 2
    party.refresh_from_db()
    assert abs((party.checked_in_at - timezone.now()).total_seconds() - (-300)) < 5  # the scan's own time
    again = record(client, activity, {"kind": "code", "code": party.tracking_code}).json()
    assert again["ok"] and again["outcome"] == "already"


def test_a_walk_in_resent_after_the_network_returned_counts_once(client, activity):
    signed_in(client, *DOOR)
    tap = str(uuid.uuid4())
    first = record(client, activity, {"kind": "walk_in", "id": tap}).json()
    second = record(client, activity, {"kind": "walk_in", "id": tap}).json()
    assert first["counts"]["walk_in_people"] == 1 and second["counts"]["walk_in_people"] == 1
    undone = record(client, activity, {"kind": "walk_in_undo", "id": tap}).json()
    assert undone["counts"]["walk_in_people"] == 0


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"kind": "dance"}', b'{"kind": "walk_in", "id": "nope"}', b'{"kind": "code", "code": 5}'],
)
def test_bad_requests_get_a_400_with_a_message(client, activity, body):
    signed_in(client, *DOOR)
    url = reverse("activities:check_in_record", kwargs={"slug": activity.slug})
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["message"]


def test_an_unknown_activity_answers_404_in_json(client):
    signed_in(client, *DOOR)
    response = client.post(reverse("activities:check_in_record", kwargs={"slug": "nope"}), b"{}", "application/json")
    assert response.status_code == 404 and response.json()["outcome"] == "not_found"


def test_the_endpoint_needs_the_csrf_token(activity, party):
    client = Client(enforce_csrf_checks=True)
    signed_in(client, *DOOR)
    assert record(client, activity, {"kind": "code", "code": party.tracking_code}).status_code == 403
    page = client.get(reverse("activities:check_in", kwargs={"slug": activity.slug}))
    token = page.context["csrf_token"]
    response = record(client, activity, {"kind": "code", "code": party.tracking_code}, HTTP_X_CSRFTOKEN=str(token))
    assert response.status_code == 200 and response.json()["ok"]


# --- Lists, attendance, exports ----------------------------------------------------------------------------------


def test_the_lists_mask_phones_unless_the_role_may_see_them(client, activity, party):
    waiting = sign_up(activity, name="赵一", phone="13700007777", party_size=2)
    assert waiting.status == SignUpStatus.WAITLISTED
    signed_in(client, *LISTS)
    body = client.get(reverse("activities:roster", kwargs={"slug": activity.slug})).content.decode()
    assert "139****5678" in body and "13912345678" not in body and "王**" in body
    assert "137****7777" in body and 'id="roster-waitlist"' in body
    full = Client()
    full.force_login(user_with(*LISTS, *PERSONAL, username="handler"))
    body = full.get(reverse("activities:roster", kwargs={"slug": activity.slug})).content.decode()
    assert "13912345678" in body and "王秀英" in body


def assert_queries_do_not_grow(client, url, activity, assert_max, *, more: int):
    """The page's queries (at most 12) with the fixture's sign-ups, then with `more` sign-ups: no more queries."""
    client.get(url)
    with assert_max(12) as few:
        client.get(url)
    activity.capacity = 40
    activity.save()
    for _ in range(more):
        sign_up(activity)
    with assert_max(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_lists_run_a_fixed_number_of_queries(client, activity, django_assert_max_num_queries):
    signed_in(client, *LISTS, *DOOR)
    url = reverse("activities:roster", kwargs={"slug": activity.slug})
    assert_queries_do_not_grow(client, url, activity, django_assert_max_num_queries, more=25)


def test_the_staff_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    signed_in(client, *DOOR)
    ActivityFactory()
    client.get(reverse("activities:staff_list"))
    cache.clear()  # both measured cold: sign-ups bump content versions, so the cached lists are read again
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("activities:staff_list"))
    for _ in range(8):
        sign_up(ActivityFactory())
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("activities:staff_list")).status_code == 200


def test_no_shows_are_marked_from_the_list_after_the_end(client, activity, party):
    signed_in(client, *LISTS, *DOOR)
    url = reverse("activities:roster_attendance", kwargs={"slug": activity.slug})
    response = client.post(url, {"action": "mark_no_shows"}, follow=True)
    assert "活动结束后才能标记未到场" in response.content.decode()
    activity.starts_at, activity.ends_at = timezone.now() - timedelta(hours=3), timezone.now() - timedelta(hours=1)
    activity.save()
    client.post(url, {"action": "mark_no_shows"})
    party.refresh_from_db()
    assert party.status == SignUpStatus.NO_SHOW
    assert client.post(url, {"action": "dance"}).status_code == 400
    assert client.post(url, {"action": "undo_check_in", "sign_up": "999999"}).status_code == 404


def test_a_mistaken_check_in_is_undone_from_the_list(client, activity, party):
    signed_in(client, *LISTS, *DOOR)
    record(client, activity, {"kind": "code", "code": party.tracking_code})
    url = reverse("activities:roster_attendance", kwargs={"slug": activity.slug})
    client.post(url, {"action": "undo_check_in", "sign_up": party.pk})
    party.refresh_from_db()
    assert party.status == SignUpStatus.CONFIRMED


def test_the_csv_export_is_masked_and_formula_safe(client, activity):
    sign_up(activity, name="=HYPERLINK(1)", phone="13912345678")
    signed_in(client, *LISTS)
    response = client.get(reverse("activities:roster_csv", kwargs={"slug": activity.slug}))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "139****5678" in text and "13912345678" not in text
    assert "'=***" in text  # masked, and still never a formula


def test_the_xlsx_export_has_full_data_for_the_role_that_may_see_it(client, activity, party):
    sign_up(activity, name="+cmd", phone="13800001234", party_size=1)
    signed_in(client, *LISTS, *PERSONAL)
    response = client.get(reverse("activities:roster_xlsx", kwargs={"slug": activity.slug}))
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "报名码"
    names = {row[1] for row in rows[1:]}
    assert {"王秀英", "'+cmd"} <= names
    assert any(row[2] == "13912345678" and row[3] == 2 for row in rows[1:])
    totals = dict(workbook.worksheets[1].iter_rows(values_only=True))
    assert totals["报名人数（占名额）"] == 3


# --- Roles -------------------------------------------------------------------------------------------------------


def test_the_door_role_checks_in_sees_names_masked_and_signs_in_without_the_staff_flag(client, activity, party):
    from django.contrib.auth.models import Group

    from accounts.queries import may_sign_in
    from wanli.roles import DOOR_STAFF, REQUEST_HANDLER, sync_roles

    sync_roles()
    volunteer = get_user_model().objects.create_user("door.volunteer", password="x" * 12, is_staff=False)
    volunteer.groups.add(Group.objects.get(name=DOOR_STAFF))
    assert may_sign_in(volunteer)
    assert volunteer.has_perm("activities.check_in") and not volunteer.has_perm("activities.view_signup")
    client.force_login(volunteer)
    body = client.post(reverse("activities:check_in", kwargs={"slug": activity.slug}), {"code": party.tracking_code})
    assert "王**" in body.content.decode()
    assert "活动签到" in client.get(reverse("accounts:account")).content.decode()
    handler = get_user_model().objects.create_user("handler", is_staff=True)
    handler.groups.add(Group.objects.get(name=REQUEST_HANDLER))
    assert handler.has_perm("activities.check_in") and handler.has_perm("activities.view_signup_personal_data")


def test_the_activitys_admin_page_links_to_its_lists_and_the_door(admin_client, activity):
    body = admin_client.get(reverse("admin:activities_activity_change", args=[activity.pk])).content.decode()
    assert reverse("activities:roster", kwargs={"slug": activity.slug}) in body
    assert reverse("activities:check_in", kwargs={"slug": activity.slug}) in body


def test_the_door_page_and_its_answers_are_in_english_under_en(client, activity, party):
    signed_in(client, *DOOR)
    page = client.get(f"/en/activities/staff/{activity.slug}/check-in/").content.decode()
    assert "Scan with the camera" in page and "Walk-in +1" in page
    url = f"/en/activities/staff/{activity.slug}/check-in/record/"
    answer = client.post(url, json.dumps({"kind": "code", "code": party.tracking_code}), "application/json").json()
    assert answer["message"] == "Checked in."


def test_the_door_page_and_endpoint_run_a_fixed_number_of_queries(client, activity, django_assert_max_num_queries):
    signed_in(client, *DOOR)
    url = reverse("activities:check_in", kwargs={"slug": activity.slug})
    assert_queries_do_not_grow(client, url, activity, django_assert_max_num_queries, more=20)
    with django_assert_max_num_queries(14):
        assert record(client, activity, {"kind": "walk_in", "id": str(uuid.uuid4())}).status_code == 200
