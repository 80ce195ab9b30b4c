"""The to-do panel on the admin index (wanli/todo.py): each role sees the rows it can act on, and each row's count
is the number of rows in the admin list it links to (the tests follow every link and count)."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from casework import actions as casework_actions
from casework.models import CorrectionStatus, ServiceRequest
from facilities.models import CalendarDayKind, PublicHoliday
from publishing import actions as publishing_actions
from publishing.models import RevisionStatus
from publishing.publishable import PublicationStatus
from tests.casework.factories import CorrectionFactory, repair_service, submit
from tests.facilities.factories import FacilityFactory
from tests.services.factories import MenuFactory, ServiceFactory
from wanli import roles

from .factories import StaffUserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
ROW = re.compile(r'<tr data-todo="(?P<key>[a-z_]+)">.*?<a href="(?P<url>[^"]+)"[^>]*>(?P<count>\d+)</a>', re.S)

REQUESTS = {"requests_waiting", "requests_overdue"}
CORRECTIONS = {"corrections"}
VERIFY = {
    "facility_never_verified",
    "facility_verified_long_ago",
    "service_never_verified",
    "service_verified_long_ago",
}
PUBLISH = {
    "facility_drafts",
    "facility_revisions",
    "service_drafts",
    "service_revisions",
    "menu_drafts",
    "menu_revisions",
}
CALENDAR = {"holiday_calendar_missing"}
SUPERUSER = "superuser"
EXPECTED_ROWS = {
    roles.CONTENT_EDITOR: CORRECTIONS | VERIFY,
    roles.PUBLISHER: CORRECTIONS | VERIFY | PUBLISH | CALENDAR,
    roles.DATA_ENTRY: set(),
    roles.MANAGER: set(),
    roles.REQUEST_HANDLER: REQUESTS | CORRECTIONS,
    SUPERUSER: REQUESTS | CORRECTIONS | VERIFY | PUBLISH | CALENDAR,
}


def user_for(role: str) -> User:
    if role == SUPERUSER:
        return User.objects.create_superuser("root", "root@example.invalid", "a-long-root-password-2024")
    return StaffUserFactory(role=role)


def make_late(request: ServiceRequest, *, days: int) -> None:
    now = timezone.now()
    ServiceRequest.objects.filter(pk=request.pk).update(
        created_at=now - timedelta(days=days + 3), due_at=now - timedelta(days=days)
    )


@pytest.fixture
def work(settings):
    """Something waiting in every row, beside rows that must not be counted."""
    settings.REVIEW_AFTER_DAYS = 180
    handler = StaffUserFactory(role=roles.REQUEST_HANDLER)
    today = timezone.localdate()
    # Next year has a make-up working day entered but none of its holidays: the calendar is still missing.
    PublicHoliday.objects.create(
        date=today.replace(year=today.year + 1, month=1, day=4), kind=CalendarDayKind.WORKDAY, name="调休上班"
    )
    service = repair_service()
    submit(service)  # waiting
    make_late(submit(service), days=1)  # waiting and overdue
    make_late(accepted := submit(service), days=2)  # overdue
    casework_actions.request_accept(request=accepted, by=handler)
    make_late(done_late := submit(service), days=5)  # closed late: history, not to do
    casework_actions.request_accept(request=done_late, by=handler)
    casework_actions.request_complete(request=done_late, by=handler)

    CorrectionFactory.create_batch(2)
    casework_actions.correction_resolve(correction=CorrectionFactory(), by=handler, status=CorrectionStatus.FIXED)

    FacilityFactory.create_batch(2, publication_status=PublicationStatus.DRAFT)
    publishing_actions.move_to_recycle_bin(obj=FacilityFactory(publication_status=PublicationStatus.DRAFT), by=handler)
    FacilityFactory(publication_status=PublicationStatus.ARCHIVED)
    FacilityFactory.create_batch(3, last_verified=None)
    FacilityFactory(last_verified=None, is_demo=True)
    FacilityFactory(last_verified=today - timedelta(days=181))
    live = FacilityFactory(last_verified=today - timedelta(days=180))

    ServiceFactory(publication_status=PublicationStatus.DRAFT)
    ServiceFactory(last_verified=today - timedelta(days=400))
    live_service = ServiceFactory(last_verified=today)

    canteen = FacilityFactory(kind__slug="canteen", last_verified=today)
    MenuFactory(facility=canteen, publication_status=PublicationStatus.DRAFT)
    MenuFactory(facility=canteen, publication_status=PublicationStatus.DRAFT, date=today + timedelta(days=7))
    MenuFactory(facility=canteen, publication_status=PublicationStatus.DRAFT, date=today - timedelta(days=1))
    live_menu = MenuFactory(facility=canteen, meal="dinner")

    for obj, field in ((live, "summary"), (live_service, "summary"), (live_menu, "note")):
        publishing_actions.revision_propose(obj=obj, data={"fields": {field: "新的说明"}, "inlines": []}, by=handler)
    rejected = publishing_actions.revision_propose(
        obj=FacilityFactory(last_verified=today),
        data={"fields": {"summary": "另一项修改"}, "inlines": []},
        by=handler,
    )
    publishing_actions.revision_reject(revision=rejected, by=handler, reason="不需要")


def panel(client) -> dict[str, tuple[int, str]]:
    response = client.get(INDEX)
    assert response.status_code == 200
    return {m["key"]: (int(m["count"]), html.unescape(m["url"])) for m in ROW.finditer(response.content.decode())}


@pytest.mark.parametrize("role", list(EXPECTED_ROWS))
def test_each_role_sees_its_rows_and_each_count_is_the_list_it_links_to(client, work, role):
    client.force_login(user_for(role))
    rows = panel(client)
    assert set(rows) == EXPECTED_ROWS[role]
    for key, (count, url) in rows.items():
        response = client.get(url)
        assert response.status_code == 200, key
        assert "?e=1" not in response.get("Location", ""), key
        assert response.context["cl"].result_count == count, key
        assert count > 0, key  # the data has something waiting in every row


def test_counts_leave_out_what_is_not_waiting(client, work):
    """Deleted and archived drafts, demo places, recently verified content, decided revisions, past menus and
    closed requests are not to do."""
    client.force_login(user_for(SUPERUSER))
    counts = {key: count for key, (count, _url) in panel(client).items()}
    assert counts["requests_waiting"] == 2
    assert counts["requests_overdue"] == 2
    assert counts["corrections"] == 2
    assert counts["facility_drafts"] == 2
    assert counts["facility_never_verified"] == 3
    assert counts["facility_verified_long_ago"] == 1
    assert counts["facility_revisions"] == 1
    assert counts["service_drafts"] == 1
    assert counts["service_verified_long_ago"] == 1
    assert counts["service_revisions"] == 1
    assert counts["menu_drafts"] == 2
    assert counts["menu_revisions"] == 1


def test_a_row_with_nothing_waiting_says_zero(client):
    client.force_login(user_for(roles.REQUEST_HANDLER))
    rows = panel(client)
    assert rows["requests_waiting"][0] == 0
    assert client.get(rows["requests_waiting"][1]).context["cl"].result_count == 0


def test_roles_with_nothing_to_act_on_get_no_panel_but_keep_the_app_list(client, work):
    client.force_login(user_for(roles.MANAGER))
    page = client.get(INDEX).content.decode()
    assert 'id="todo-panel"' not in page
    assert reverse("admin:facilities_facility_changelist") in page


def test_the_panel_sits_above_the_app_list(client, work):
    client.force_login(user_for(roles.PUBLISHER))
    page = client.get(INDEX).content.decode()
    assert "待办事项" in page
    assert page.index('id="todo-panel"') < page.index(reverse("admin:facilities_facility_changelist"))


def test_the_index_costs_a_fixed_number_of_queries(client, work, django_assert_max_num_queries):
    client.force_login(user_for(SUPERUSER))
    with django_assert_max_num_queries(18):
        client.get(INDEX)


def test_a_decided_revision_leaves_the_count(client, work):
    from publishing.models import PendingRevision

    publisher = user_for(roles.PUBLISHER)
    client.force_login(publisher)
    revision = PendingRevision.objects.get(status=RevisionStatus.PENDING, content_type__model="service")
    publishing_actions.revision_reject(revision=revision, by=publisher, reason="不需要")
    count, url = panel(client)["service_revisions"]
    assert count == 0 == client.get(url).context["cl"].result_count


def test_the_calendar_row_goes_once_next_years_holidays_are_in(client, work):
    client.force_login(user_for(roles.PUBLISHER))
    assert panel(client)["holiday_calendar_missing"][0] == 1
    next_year = timezone.localdate().year + 1
    PublicHoliday.objects.create(
        date=timezone.localdate().replace(year=next_year, month=1, day=1), kind=CalendarDayKind.HOLIDAY, name="元旦"
    )
    assert "holiday_calendar_missing" not in panel(client)
