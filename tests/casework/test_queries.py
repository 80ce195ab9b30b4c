from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from casework import actions
from casework.models import RequestKind, ServiceRequest
from casework.queries import OnlineApplication, online_application, request_figures, request_figures_for_year
from publishing.publishable import PublicationStatus
from services.models import Service, ServiceOperationStatus
from tests.services.factories import ServiceFactory

from .factories import PlacePoolFactory, RequestSettingsFactory, submit

pytestmark = pytest.mark.django_db


def at(request, *, created, closed=None, due_hours=72):
    ServiceRequest.objects.filter(pk=request.pk).update(
        created_at=created,
        due_at=created + timedelta(hours=due_hours),
        closed_at=closed,
    )


def test_dashboard_figures_opened_completed_median_overdue_by_service():
    staff = User.objects.create_user("h", "h@example.org", "x" * 12)
    tz = timezone.get_current_timezone()
    jan = datetime(2025, 1, 10, 9, tzinfo=tz)
    repairs = RequestSettingsFactory(target_hours=24).service
    enquiries = RequestSettingsFactory(kind="general_enquiry", target_hours=72).service

    done_fast, done_slow, done_late = (submit(repairs, phone=f"1390000000{n}") for n in range(3))
    for request, hours in ((done_fast, 2), (done_slow, 10), (done_late, 30)):
        actions.request_complete(request=request, by=staff)
        at(request, created=jan, closed=jan + timedelta(hours=hours), due_hours=24)
    open_late = submit(repairs, phone="13900000004")
    at(open_late, created=jan, due_hours=24)
    open_enquiry = submit(enquiries, phone="13900000005")
    at(open_enquiry, created=datetime(2025, 12, 31, 23, tzinfo=tz), due_hours=72)
    other_year = submit(repairs, phone="13900000006")
    at(other_year, created=datetime(2024, 6, 1, tzinfo=tz))

    figures = request_figures_for_year(2025, at=datetime(2026, 1, 1, 12, tzinfo=tz))
    assert figures["opened"] == 5
    assert figures["completed"] == 3
    assert figures["median_hours_to_complete"] == 10.0
    assert figures["overdue"] == 2  # done_late (closed after its target) and open_late (still open past it)
    by_service = {row["service"]: row for row in figures["by_service"]}
    assert by_service[repairs.name]["opened"] == 4 and by_service[repairs.name]["overdue"] == 2
    assert by_service[enquiries.name] == {
        "service_id": enquiries.pk,
        "service": enquiries.name,
        "opened": 1,
        "completed": 0,
        "median_hours_to_complete": None,
        "overdue": 0,
        "open": 1,
    }


def test_empty_period_has_zero_figures():
    now = timezone.now()
    figures = request_figures(start=now - timedelta(days=1), end=now)
    assert figures == {
        "opened": 0,
        "completed": 0,
        "median_hours_to_complete": None,
        "overdue": 0,
        "open": 0,
        "by_service": [],
    }


def test_figures_query_count_does_not_depend_on_rows(django_assert_num_queries):
    service = RequestSettingsFactory().service
    for n in range(12):
        submit(service, phone=f"1390000{n:04d}")
    now = timezone.now()
    with django_assert_num_queries(1):
        request_figures(start=now - timedelta(days=1), end=now + timedelta(days=1))


def test_dashboard_include_renders_figures_without_personal_data():
    from django.template import Context, Template

    service = RequestSettingsFactory().service
    request = submit(service, name="独特姓名", phone="13811112222")
    year = timezone.localtime(request.created_at).year
    html = Template("{% load casework_tags %}{% request_figures_table year %}").render(Context({"year": year}))
    assert service.name in html and "<td>1</td>" in html
    assert "独特姓名" not in html and "13811112222" not in html
    empty = Template("{% load casework_tags %}{% request_figures_table 1999 %}").render(Context())
    assert "没有收到网上申请" in empty


@pytest.mark.django_db
@pytest.mark.parametrize("last4", ["２２２２", "٢٢٢٢", "²²²²"])
def test_tracked_request_lookup_takes_ascii_digits_only(last4):
    # The form makes full-width and superscript digits ASCII first; called directly, anything else is no match
    # (compare_digest raises on non-ASCII text: this used to be a 500).
    from casework.queries import find_tracked_request

    request = submit(RequestSettingsFactory().service, phone="13811112222")
    assert find_tracked_request(code=request.tracking_code, phone_last4=last4) is None
    assert find_tracked_request(code=request.tracking_code, phone_last4="2222") == request


# --- the apply rule ------------------------------------------------------------------------------------------


def test_a_service_without_request_settings_or_switched_off_takes_no_online_applications():
    assert not online_application(ServiceFactory()).accepts
    switched_off = RequestSettingsFactory(accepts_requests=False).service
    assert online_application(switched_off) == OnlineApplication(accepts=False)


def test_a_service_taking_requests_without_places_accepts():
    service = RequestSettingsFactory(kind=RequestKind.REPAIR_VISIT).service
    assert online_application(service) == OnlineApplication(accepts=True)


def test_a_draft_paused_or_ended_service_takes_no_applications():
    for changes in (
        {"publication_status": PublicationStatus.DRAFT},
        {"operation_status": ServiceOperationStatus.TEMPORARILY_CLOSED, "closure_reason": "装修"},
        {"operation_status": ServiceOperationStatus.ENDED},
    ):
        service = RequestSettingsFactory(kind=RequestKind.REPAIR_VISIT).service
        Service.all_objects.filter(pk=service.pk).update(**changes)
        service.refresh_from_db()
        assert not online_application(service).accepts, changes


def test_a_place_service_without_a_place_pool_says_why_it_takes_no_applications():
    """The baby-house sign-up: a childcare service with no known number of places."""
    service = RequestSettingsFactory(kind=RequestKind.CHILDCARE_SIGNUP).service
    application = online_application(service)
    assert not application.accepts
    assert "名额" in application.reason


def test_a_place_service_accepts_only_with_a_pool_at_a_published_facility():
    pool = PlacePoolFactory(location__facility__publication_status=PublicationStatus.DRAFT)
    RequestSettingsFactory(service=pool.location.service, kind=RequestKind.BED_APPLICATION)
    assert not online_application(pool.location.service).accepts
    type(pool.location.facility).all_objects.filter(pk=pool.location.facility_id).update(
        publication_status=PublicationStatus.PUBLISHED
    )
    application = online_application(pool.location.service)
    assert application.accepts
    assert [p.pk for p in application.pools] == [pool.pk]


def test_requests_waiting_and_overdue_for_the_staff_to_do():
    from casework.queries import requests_overdue, requests_waiting

    staff = User.objects.create_user("h2", "h2@example.org", "x" * 12)
    service = RequestSettingsFactory(target_hours=24).service
    now = timezone.now()
    waiting = submit(service, phone="13900000001")
    late_waiting = submit(service, phone="13900000002")
    at(late_waiting, created=now - timedelta(days=3), due_hours=24)
    late_accepted = submit(service, phone="13900000003")
    actions.request_accept(request=late_accepted, by=staff)
    at(late_accepted, created=now - timedelta(days=3), due_hours=24)
    closed_late = submit(service, phone="13900000004")
    actions.request_complete(request=closed_late, by=staff)
    ServiceRequest.objects.filter(pk=closed_late.pk).update(
        due_at=now - timedelta(hours=1), created_at=now - timedelta(days=2)
    )
    assert set(requests_waiting()) == {waiting, late_waiting}
    assert set(requests_overdue()) == {late_waiting, late_accepted}


def test_corrections_to_answer_are_the_new_ones():
    from casework.models import CorrectionStatus
    from casework.queries import corrections_to_answer

    from .factories import CorrectionFactory

    staff = User.objects.create_user("h3", "h3@example.org", "x" * 12)
    new = CorrectionFactory()
    actions.correction_resolve(correction=CorrectionFactory(), by=staff, status=CorrectionStatus.DISMISSED)
    assert list(corrections_to_answer()) == [new]
