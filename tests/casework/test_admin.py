import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import actions
from casework.models import Channel, Correction, CorrectionStatus, RequestStatus, ServiceRequest
from intake.codes import new_tracking_code
from tests.facilities.factories import FacilityFactory

from .factories import CorrectionFactory, bed_service, repair_service, submit

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:casework_servicerequest_changelist")


def staff_user(username, *codenames):
    user = User.objects.create_user(username, f"{username}@example.org", "x" * 12, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="casework", codename__in=codenames))
    return user


@pytest.fixture
def handler(client):
    user = staff_user(
        "handler",
        "view_servicerequest",
        "change_servicerequest",
        "add_servicerequest",
        "view_personal_data",
    )
    client.force_login(user)
    return user


@pytest.fixture
def manager(client):
    user = staff_user("manager", "view_servicerequest")
    client.force_login(user)
    return user


def change_url(request):
    return reverse("admin:casework_servicerequest_change", args=[request.pk])


def test_list_masks_phones_even_for_handlers(client, handler):
    submit(repair_service(), name="王阿姨", phone="13812341234")
    page = client.get(CHANGELIST).content.decode()
    assert "138****1234" in page
    assert "13812341234" not in page and "王阿姨" not in page


def test_handler_sees_personal_data_on_the_request(client, handler):
    request = submit(repair_service(), name="王阿姨", phone="13812341234", address="香泉苑 5 号")
    page = client.get(change_url(request)).content.decode()
    assert "13812341234" in page and "王阿姨" in page and "香泉苑 5 号" in page


def test_without_the_permission_personal_data_stays_hidden(client, manager):
    request = submit(
        repair_service(), name="王阿姨", phone="13812341234", address="香泉苑 5 号", description="秘密说明"
    )
    page = client.get(change_url(request)).content.decode()
    assert client.get(change_url(request)).status_code == 200
    for secret in ("13812341234", "王阿姨", "香泉苑 5 号", "秘密说明"):
        assert secret not in page
    assert "138****1234" in page
    # Searching by phone is not possible either.
    assert request.display_code not in client.get(CHANGELIST, {"q": "13812341234"}).content.decode()


def test_search_by_tracking_code_as_read_aloud(client, manager):
    request = submit(repair_service())
    page = client.get(CHANGELIST, {"q": request.display_code.lower()}).content.decode()
    assert request.display_code in page


def test_csv_export_includes_personal_columns_only_when_allowed(client):
    request = submit(repair_service(), name='=HYPERLINK("x")', phone="13812341234")
    data = {"action": "export_csv", "_selected_action": [request.pk]}
    for user, sees in (
        (staff_user("m", "view_servicerequest"), False),
        (staff_user("h", "view_servicerequest", "view_personal_data"), True),
    ):
        client.force_login(user)
        response = client.post(CHANGELIST, data)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        text = response.content.decode("utf-8-sig")
        assert rows[1][0] == request.display_code
        assert ("13812341234" in text) is sees
        assert "138****1234" in text or sees
        if sees:
            assert rows[1][9] == '\'=HYPERLINK("x")'  # not turned into a spreadsheet formula


def test_handler_moves_a_request_through_its_steps_on_the_change_form(client, handler):
    request = submit(repair_service())
    url = change_url(request)
    response = client.post(
        url,
        {
            "step": "accept",
            "public_reply": "已收到",
            "internal_notes": "王师傅负责",
            "decline_reason": "",
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request.refresh_from_db()
    assert (request.status, request.public_reply, request.internal_notes) == (
        RequestStatus.ACCEPTED,
        "已收到",
        "王师傅负责",
    )
    when = timezone.localtime() + timedelta(days=2)
    response = client.post(
        url,
        {
            "step": "schedule",
            "when_0": when.strftime("%Y-%m-%d"),
            "when_1": "09:30:00",
            "public_reply": "后天上午",
            "internal_notes": "",
            "decline_reason": "",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.SCHEDULED
    assert timezone.localtime(request.scheduled_for).strftime("%H:%M") == "09:30"
    client.post(url, {"step": "complete", "public_reply": "已修好", "internal_notes": "", "decline_reason": ""})
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert list(request.events.values_list("actor__username", flat=True)) == [None, "handler", "handler", "handler"]
    page = client.get(url).content.decode()
    assert "handler" in page  # the events inline shows who


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"step": "schedule"}, "请先受理申请"),
        ({"step": "decline", "decline_reason": ""}, "请填写未能受理的原因"),
        ({"step": "fly"}, "fly"),
        ({"public_reply": "x\u202ey"}, "显示方向"),
    ],
)
def test_change_form_errors_are_form_errors(client, handler, data, field_error):
    request = submit(repair_service())
    payload = {"step": "", "public_reply": "", "internal_notes": "", "decline_reason": "", **data}
    response = client.post(change_url(request), payload)
    assert response.status_code == 200
    assert field_error in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_decline_on_the_change_form(client, handler):
    request = submit(repair_service())
    client.post(
        change_url(request),
        {"step": "decline", "decline_reason": "超出服务范围", "public_reply": "", "internal_notes": ""},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED and request.decline_reason == "超出服务范围"


def test_accepting_when_no_place_is_free_is_a_message_not_a_crash(client, handler):
    service, pool = bed_service(capacity=1)
    first = submit(service, pool=pool)
    second = submit(service, pool=pool, phone="13900000001")
    actions.request_accept(request=first, by=handler)
    response = client.post(
        change_url(second),
        {"step": "accept", "public_reply": "", "internal_notes": "", "decline_reason": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert "没有空余名额" in response.content.decode()
    second.refresh_from_db()
    assert second.status == RequestStatus.WAITLISTED


def test_bulk_accept_and_complete(client, handler):
    service = repair_service()
    requests = [submit(service, phone=f"1390000000{n}") for n in range(3)]
    ids = [r.pk for r in requests]
    client.post(CHANGELIST, {"action": "accept_selected", "_selected_action": ids})
    assert set(ServiceRequest.objects.values_list("status", flat=True)) == {RequestStatus.ACCEPTED}
    client.post(CHANGELIST, {"action": "complete_selected", "_selected_action": ids})
    assert set(ServiceRequest.objects.values_list("status", flat=True)) == {RequestStatus.COMPLETED}


def test_staff_enter_a_request_for_a_resident(client, handler):
    service = repair_service()
    add_url = reverse("admin:casework_servicerequest_add")
    assert client.get(add_url).status_code == 200
    data = {
        "service": service.pk,
        "pool": "",
        "channel": Channel.PHONE,
        "name": "李伯伯",
        "phone": "021-12345678",
        "address": "香泉苑 3 号",
        "description": "空调不制冷",
        "preferred_time": "any",
        "consent": "on",
    }
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    request = ServiceRequest.objects.get()
    assert request.channel == Channel.PHONE
    assert request.events.get().actor == handler
    # Without consent, or for a bed without a place pool, the form says what is missing.
    assert client.post(add_url, {**data, "consent": ""}).status_code == 200
    bed, _pool = bed_service()
    response = client.post(add_url, {**data, "service": bed.pk})
    assert response.status_code == 200 and "请选择申请哪一处的名额" in response.content.decode()
    assert ServiceRequest.objects.count() == 1


def test_staff_entering_a_phone_in_another_scripts_digits_get_a_form_error(client, handler):
    data = {
        "service": repair_service().pk,
        "pool": "",
        "channel": Channel.PHONE,
        "name": "李伯伯",
        "phone": "٠٢١-١٢٣٤٥٦٧٨",
        "address": "香泉苑 3 号",
        "description": "空调不制冷",
        "preferred_time": "any",
        "consent": "on",
    }
    add_url = reverse("admin:casework_servicerequest_add")
    response = client.post(add_url, data)
    assert response.status_code == 200 and "数字请用 0–9 填写" in response.content.decode()
    assert client.post(add_url, {**data, "phone": "０２１－１２３４５６７８"}).status_code == 302
    assert ServiceRequest.objects.get().phone == "021-12345678"


def test_requests_cannot_be_deleted_in_admin(client, handler):
    request = submit(repair_service())
    assert client.get(reverse("admin:casework_servicerequest_delete", args=[request.pk])).status_code in (302, 403)
    assert ServiceRequest.objects.filter(pk=request.pk).exists()


def test_overdue_filter_and_highlight(client, handler):
    service = repair_service()
    late = submit(service, phone="13900000001")
    ServiceRequest.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - timedelta(days=5), due_at=timezone.now() - timedelta(days=2)
    )
    on_time = submit(service, phone="13900000002")
    page = client.get(CHANGELIST, {"overdue": "yes"}).content.decode()
    assert late.display_code in page and on_time.display_code not in page
    assert "casework-overdue" in page
    page = client.get(CHANGELIST, {"age": "7d"}).content.decode()
    assert late.display_code in page and on_time.display_code not in page
    page = client.get(CHANGELIST, {"age": "1d", "overdue": "no"}).content.decode()
    assert on_time.display_code in page and late.display_code not in page


def _bulk_requests(count: int):
    service, pool = bed_service(capacity=count)
    now = timezone.now()
    ServiceRequest.objects.bulk_create(
        ServiceRequest(
            tracking_code=new_tracking_code(),
            service=service,
            kind=service.request_settings.kind,
            pool=pool,
            name="王",
            phone=f"139{n:08d}",
            description="x",
            consent_at=now,
            created_at=now,
            due_at=now + timedelta(hours=1),
        )
        for n in range(count)
    )


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_queue_query_count_does_not_grow_with_rows(client, handler):
    _bulk_requests(10)
    small = _count_queries(client, CHANGELIST)
    _bulk_requests(490)
    assert ServiceRequest.objects.count() == 500
    assert _count_queries(client, CHANGELIST) == small


def test_corrections_queue_query_count_and_contact_masking(client):
    editor = staff_user("editor", "view_correction", "change_correction")
    client.force_login(editor)
    facility = FacilityFactory()
    for _ in range(10):
        CorrectionFactory(contact="13812341234")
    CorrectionFactory(subject=facility, subject_label=str(facility), contact="13812341234")
    url = reverse("admin:casework_correction_changelist")
    small = _count_queries(client, url)
    for _ in range(50):
        CorrectionFactory()
    assert _count_queries(client, url) == small
    correction = Correction.objects.filter(object_id=facility.pk).first()
    page = client.get(reverse("admin:casework_correction_change", args=[correction.pk])).content.decode()
    assert "13812341234" not in page and "138****1234" in page
    assert facility.get_absolute_url() in page


def test_editor_resolves_a_correction(client):
    editor = staff_user("editor", "view_correction", "change_correction")
    client.force_login(editor)
    correction = CorrectionFactory()
    url = reverse("admin:casework_correction_change", args=[correction.pk])
    response = client.post(url, {"status": CorrectionStatus.FIXED, "staff_note": "电话已更新"})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.FIXED and correction.handled_by == editor and correction.handled_at
    client.post(url, {"status": CorrectionStatus.NEW, "staff_note": "重新打开"})
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.NEW and correction.handled_at is None
    client.post(
        reverse("admin:casework_correction_changelist"),
        {"action": "mark_dismissed", "_selected_action": [correction.pk]},
    )
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.DISMISSED


def test_place_pool_admin_shows_free_places(admin_client, admin_user):
    service, pool = bed_service(capacity=3)
    request = submit(service, pool=pool)
    actions.request_accept(request=request, by=admin_user)
    page = admin_client.get(reverse("admin:casework_placepool_changelist")).content.decode()
    assert '<td class="field-free_places">2</td>' in page
    assert admin_client.get(reverse("admin:casework_placepool_add")).status_code == 200
    assert admin_client.get(reverse("admin:casework_requestsettings_changelist")).status_code == 200


def test_place_pool_admin_capacity_defaults_and_change(admin_client):
    from casework.models import PlacePool
    from tests.services.factories import ServiceAtLocationFactory

    location = ServiceAtLocationFactory(facility=FacilityFactory(capacity=152, capacity_unit="张床位"))
    response = admin_client.post(
        reverse("admin:casework_placepool_add"), {"location": location.pk, "capacity": "", "unit": ""}
    )
    assert response.status_code == 302
    assert PlacePool.objects.get(location=location).capacity == 152
    bare = ServiceAtLocationFactory()
    response = admin_client.post(
        reverse("admin:casework_placepool_add"), {"location": bare.pk, "capacity": "", "unit": ""}
    )
    assert response.status_code == 200 and "请填写名额总数" in response.content.decode()


def test_corrections_filter_offers_only_the_kinds_of_page_reported(client):
    client.force_login(staff_user("reviewer", "view_correction"))
    CorrectionFactory()  # about a service
    CorrectionFactory(subject=FacilityFactory())
    page = client.get(reverse("admin:casework_correction_changelist")).content.decode()
    filter_html = page.split('id="changelist-filter"', 1)[1].split("</nav>", 1)[0]
    assert "服务" in filter_html and "设施" in filter_html
    assert "居民申请" not in filter_html and "access" not in filter_html.lower()
