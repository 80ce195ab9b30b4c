from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework import actions
from casework.models import Channel, RequestKind, RequestStatus, ServiceRequest
from casework.queries import waitlist_position
from notices.models import Notice
from notices.sending import render
from tests.services.factories import ServiceFactory

from .factories import RequestSettingsFactory, bed_service, repair_service, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return User.objects.create_user("handler", "handler@example.org", "x" * 12, is_staff=True)


def statuses(request):
    return [(event.from_status, event.to_status) for event in request.events.all()]


def test_repair_request_full_lifecycle_records_who_and_when(staff):
    service = repair_service()
    request = submit(service)
    assert request.status == RequestStatus.SUBMITTED
    assert request.kind == RequestKind.REPAIR_VISIT
    assert request.due_at == request.created_at + timedelta(hours=72)
    actions.request_accept(request=request, by=staff)
    when = timezone.now() + timedelta(days=1)
    actions.request_schedule(request=request, by=staff, when=when, public_reply="明天上午上门")
    actions.request_complete(request=request, by=staff)
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert request.closed_at is not None
    assert request.scheduled_for == when
    assert request.public_reply == "明天上午上门"
    assert statuses(request) == [
        ("", "submitted"),
        ("submitted", "accepted"),
        ("accepted", "scheduled"),
        ("scheduled", "completed"),
    ]
    events = list(request.events.all())
    assert events[0].actor is None and events[0].by_resident
    assert all(event.actor == staff for event in events[1:])
    assert request.history.count() >= 4
    assert request.history.first().history_user == staff


def test_decline_needs_a_reason_and_closes(staff):
    request = submit(repair_service())
    with pytest.raises(ValidationError):
        actions.request_decline(request=request, by=staff, reason="  ")
    actions.request_decline(request=request, by=staff, reason="不在服务范围内")
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    assert request.decline_reason == "不在服务范围内"


def test_closed_requests_cannot_move_again(staff):
    request = submit(repair_service())
    actions.request_complete(request=request, by=staff)
    with pytest.raises(ValidationError):
        actions.request_accept(request=request, by=staff)
    with pytest.raises(ValidationError):
        actions.request_cancel_by_resident(request=request)
    with pytest.raises(ValidationError):
        actions.request_decline(request=request, by=staff, reason="x")


def test_schedule_needs_acceptance_first(staff):
    request = submit(repair_service())
    with pytest.raises(ValidationError):
        actions.request_schedule(request=request, by=staff, when=timezone.now())


def test_submit_refuses_services_not_taking_requests():
    service = RequestSettingsFactory(accepts_requests=False).service
    with pytest.raises(ValidationError):
        submit(service)
    with pytest.raises(ValidationError):
        submit(ServiceFactory())
    assert not ServiceRequest.objects.exists()


def test_submit_requires_consent():
    with pytest.raises(ValidationError):
        actions.request_submit(service=repair_service(), name="王", phone="13812345678", description="x", consent=False)


def test_address_is_dropped_for_kinds_without_home_visits():
    service = RequestSettingsFactory(kind=RequestKind.GENERAL_ENQUIRY).service
    request = submit(service, address="香泉苑 1 号")
    assert request.address == ""


def test_staff_entry_records_channel_and_actor(staff):
    request = submit(repair_service(), channel=Channel.PHONE, by=staff)
    event = request.events.get()
    assert request.channel == Channel.PHONE
    assert event.actor == staff and not event.by_resident


def test_bed_allocation_counts_free_places_and_waitlists_when_full(staff):
    service, pool = bed_service(capacity=2)
    first, second = submit(service, pool=pool), submit(service, pool=pool, phone="13900000001")
    third, fourth = submit(service, pool=pool, phone="13900000002"), submit(service, pool=pool, phone="13900000003")
    assert [r.status for r in (first, second)] == [RequestStatus.SUBMITTED] * 2
    assert [r.status for r in (third, fourth)] == [RequestStatus.WAITLISTED] * 2
    assert waitlist_position(third) == 1 and waitlist_position(fourth) == 2
    assert waitlist_position(first) is None

    actions.request_accept(request=first, by=staff)
    actions.request_accept(request=second, by=staff)
    assert pool.free_places == 0
    with pytest.raises(ValidationError):
        actions.request_accept(request=third, by=staff)

    # The first leaves: the place is freed and the head of the waiting list moves up.
    actions.request_complete(request=first, by=staff)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert pool.free_places == 1
    assert third.status == RequestStatus.SUBMITTED
    assert ("waitlisted", "submitted") in statuses(third)
    assert waitlist_position(fourth) == 1
    actions.request_accept(request=third, by=staff)
    assert pool.free_places == 0


def test_resident_cancel_releases_the_place(staff):
    service, pool = bed_service(capacity=1)
    request = submit(service, pool=pool)
    waiting = submit(service, pool=pool, phone="13900000009")
    actions.request_accept(request=request, by=staff)
    actions.request_cancel_by_resident(request=request)
    request.refresh_from_db()
    waiting.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED and not request.holds_place
    assert request.events.last().by_resident
    assert pool.free_places == 1
    assert waiting.status == RequestStatus.SUBMITTED


def test_declining_a_pending_request_moves_the_waiting_list(staff):
    service, pool = bed_service(capacity=1)
    pending = submit(service, pool=pool)
    waiting = submit(service, pool=pool, phone="13900000009")
    assert waiting.status == RequestStatus.WAITLISTED
    actions.request_decline(request=pending, by=staff, reason="不符合条件")
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.SUBMITTED


def test_place_kinds_need_a_pool_of_the_same_service():
    service, _pool = bed_service()
    _other_service, other_pool = bed_service()
    with pytest.raises(ValidationError):
        submit(service)
    with pytest.raises(ValidationError):
        submit(service, pool=other_pool)


def test_place_request_must_be_accepted_before_completion(staff):
    service, pool = bed_service()
    request = submit(service, pool=pool)
    with pytest.raises(ValidationError):
        actions.request_complete(request=request, by=staff)


def test_new_request_puts_handler_emails_without_personal_data_in_the_outbox():
    settings_row = RequestSettingsFactory(handler_emails="a@example.org\nb@example.org")
    group = Group.objects.create(name="维修志愿者")
    member = User.objects.create_user("v", "volunteer@example.org", "x" * 12)
    member.groups.add(group)
    User.objects.create_user("noemail", "", "x" * 12).groups.add(group)
    settings_row.handler_group = group
    settings_row.save()
    request = submit(settings_row.service, name="独特姓名", phone="13811112222", address="香泉苑 9 号")
    notices = Notice.objects.filter(template="casework.new_request").order_by("recipient")
    assert [n.recipient for n in notices] == ["a@example.org", "b@example.org", "volunteer@example.org"]
    assert all(n.related == request for n in notices)
    message = render(notices[0])
    assert request.display_code in message.subject
    for personal in ("独特姓名", "13811112222", "香泉苑 9 号", "热水壶"):
        assert personal not in message.subject + message.body
    assert f"/casework/servicerequest/{request.pk}/change/" in message.body


def test_no_handlers_no_mail():
    service = RequestSettingsFactory(handler_emails="").service
    submit(service)
    assert not Notice.objects.filter(channel="email").exists()


def test_resident_who_opted_in_gets_an_sms_per_status_change_with_the_code_only(staff):
    request = submit(repair_service(), name="独特姓名", phone="13811112222", sms_updates=True)
    actions.request_accept(request=request, by=staff)
    actions.request_complete(request=request, by=staff)
    sms = list(Notice.objects.filter(channel="sms").order_by("pk"))
    assert [n.template for n in sms] == ["casework.request_accepted", "casework.request_completed"]
    text = render(sms[0]).body
    assert request.display_code in text and "独特姓名" not in text and "13811112222" not in text


def test_no_sms_without_opt_in(staff):
    request = submit(repair_service())
    actions.request_accept(request=request, by=staff)
    assert not Notice.objects.filter(channel="sms").exists()


def test_database_refuses_inconsistent_rows():
    request = submit(repair_service())
    for bad in (
        {"status": "lost"},
        {"status": RequestStatus.DECLINED, "decline_reason": "", "closed_at": timezone.now()},
        {"status": RequestStatus.SCHEDULED, "scheduled_for": None},
        {"status": RequestStatus.COMPLETED, "closed_at": None},
        {"holds_place": True},
        {"due_at": request.created_at - timedelta(hours=1)},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ServiceRequest.objects.filter(pk=request.pk).update(**bad)


def test_invalid_handler_email_is_a_form_error():
    settings_row = RequestSettingsFactory.build(service=ServiceFactory(), handler_emails="ok@example.org\nnot an email")
    with pytest.raises(ValidationError) as error:
        settings_row.full_clean()
    assert "handler_emails" in error.value.message_dict


def test_pool_capacity_defaults_to_the_facility_capacity():
    from casework.models import PlacePool
    from tests.facilities.factories import FacilityFactory
    from tests.services.factories import ServiceAtLocationFactory

    location = ServiceAtLocationFactory(facility=FacilityFactory(capacity=152, capacity_unit="张床位"))
    pool = PlacePool(location=location)
    pool.full_clean()
    pool.save()
    assert (pool.capacity, pool.unit) == (152, "张床位")
    no_capacity = PlacePool(location=ServiceAtLocationFactory())
    with pytest.raises(ValidationError):
        no_capacity.full_clean()


def test_raising_capacity_moves_the_waiting_list_up():
    service, pool = bed_service(capacity=1)
    submit(service, pool=pool)
    first_waiting = submit(service, pool=pool, phone="13900000001")
    second_waiting = submit(service, pool=pool, phone="13900000002")
    pool.capacity = 2
    actions.place_pool_save(pool=pool)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RequestStatus.SUBMITTED
    assert second_waiting.status == RequestStatus.WAITLISTED and waitlist_position(second_waiting) == 1
