"""The public tracking page: looking a request up by its code and phone digits, and cancelling it."""

import re

import pytest
from django.urls import reverse

from casework import actions
from casework.models import RequestStatus, ServiceRequest

from .factories import bed_service, repair_service, submit
from .view_helpers import track

pytestmark = pytest.mark.django_db


# --- tracking -------------------------------------------------------------------------------------------------


def test_tracking_shows_status_timeline_and_reply_but_no_personal_data(client, admin_user):
    service = repair_service()
    request = submit(service, name="独特姓名", phone="13811112222", address="香泉苑 99 号", description="秘密说明")
    actions.request_accept(request=request, by=admin_user, public_reply="志愿者明天联系您")
    actions.request_schedule(request=request, by=admin_user, when=request.created_at)
    ServiceRequest.objects.filter(pk=request.pk).update(internal_notes="内部备注不给居民看")
    response = track(client, request.display_code.lower(), "2222")
    page = response.content.decode()
    assert response.status_code == 200
    assert "志愿者明天联系您" in page
    assert "已安排时间" in page and "已受理" in page and "已提交" in page
    for secret in (
        "独特姓名",
        "13811112222",
        "1381",
        "香泉苑 99 号",
        "秘密说明",
        "内部备注不给居民看",
        admin_user.username,
    ):
        assert secret not in page


def _result_part(page: str) -> str:
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r'value="[^"]*"', "", page)


def test_wrong_code_and_wrong_digits_look_the_same(client):
    request = submit(repair_service(), phone="13811112222")
    wrong_digits = track(client, request.tracking_code, "9999")
    wrong_code = track(client, "ABCDEFGHJKMN", "2222")
    garbage = track(client, "' OR 1=1 --", "<b>")
    for response in (wrong_digits, wrong_code, garbage):
        assert response.status_code == 200
        assert "没有找到对应的申请" in response.content.decode()
    assert _result_part(wrong_digits.content.decode()) == _result_part(wrong_code.content.decode())


def test_tracking_lookups_are_rate_limited(client, settings):
    settings.CASEWORK_RATE_LIMITS = {"track_ip": (3, 3600)}
    request = submit(repair_service(), phone="13811112222")
    for _ in range(3):
        assert track(client, request.tracking_code, "0000").status_code == 200
    assert track(client, request.tracking_code, "2222").status_code == 429


def test_waitlisted_request_shows_position_on_tracking(client):
    service, pool = bed_service(capacity=1)
    submit(service, pool=pool)
    waiting = submit(service, pool=pool, phone="13811113333")
    page = track(client, waiting.tracking_code, "3333").content.decode()
    assert "候补" in page and "第 1 位" in page


def test_resident_cancels_from_tracking_page(client):
    request = submit(repair_service(), phone="13811112222")
    page = track(client, request.tracking_code, "2222", action="cancel").content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED and "确定要取消" in page  # needs the confirmation tick
    page = track(client, request.tracking_code, "2222", action="cancel", confirm="yes").content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert "申请已取消" in page and "本人取消" in page
    assert 'value="cancel"' not in page  # no second cancel button


def test_cancel_needs_the_right_pair(client):
    request = submit(repair_service(), phone="13811112222")
    track(client, request.tracking_code, "0000", action="cancel", confirm="yes")
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_tracking_page_get_and_english(client):
    assert client.get(reverse("casework:track")).status_code == 200
    request = submit(repair_service(), phone="13811112222")
    page = client.post("/en/requests/track/", {"code": request.tracking_code, "last4": "2222"}).content.decode()
    assert "Submitted, awaiting handling" in page
