import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from notices.actions import notice_enqueue
from notices.models import Notice, NoticeStatus, SmsOptOut, WorkerHeartbeat
from notices.optout import phone_hash, stop_token
from notices.sending import render, send_notice

pytestmark = pytest.mark.django_db


def _sms(phone="13800001234"):
    return notice_enqueue(channel="sms", recipient=phone, template="notices.test_message", context={"code": "ABCD"})


def test_the_sms_carries_a_working_opt_out_link(client, settings):
    settings.SMS_QUIET_HOURS = (0, 0)
    notice = _sms()
    url = reverse("notices:sms_stop", args=[stop_token(notice.pk)])
    assert url in render(notice).body
    page = client.get(url)
    assert page.status_code == 200 and "138****1234" in page.content.decode()
    assert not SmsOptOut.objects.exists(), "opening the link only asks"
    client.post(url)
    assert SmsOptOut.objects.get().phone_hash == phone_hash("13800001234")
    later = _sms()
    assert send_notice(later.pk) == "opted out"
    assert Notice.objects.get(pk=later.pk).status == NoticeStatus.SKIPPED


def test_a_forged_opt_out_link_is_a_404(client):
    notice = _sms()
    assert client.get(reverse("notices:sms_stop", args=[f"{notice.pk}-0000000000"])).status_code == 404
    assert client.post(reverse("notices:sms_stop", args=["x"])).status_code == 404
    assert not SmsOptOut.objects.exists()


@pytest.fixture
def inbound(settings):
    settings.SMS_INBOUND_TOKEN = "t" * 40
    settings.SMS_TENCENT = {**settings.SMS_TENCENT, "SIGN_NAME": "万里社区"}
    return reverse("notices_ops:sms_inbound", args=["t" * 40])


def _reply(client, url, text, sign="万里社区"):
    body = {"extend": "", "mobile": "13800001234", "nationcode": "86", "sign": sign, "text": text, "time": 1}
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_td_reply_through_the_provider_callback_opts_out(client, inbound):
    waiting = _sms()
    answer = _reply(client, inbound, "td")
    assert answer.json() == {"result": 0, "errmsg": "OK"}
    assert SmsOptOut.objects.get().source == "reply"
    assert Notice.objects.get(pk=waiting.pk).status == NoticeStatus.SKIPPED


def test_other_replies_change_nothing(client, inbound):
    assert _reply(client, inbound, "谢谢").json()["result"] == 0
    assert not SmsOptOut.objects.exists()


def test_the_callback_refuses_a_wrong_token_sign_or_body(client, inbound, settings):
    assert (
        client.post(
            reverse("notices_ops:sms_inbound", args=["x" * 40]), "{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert _reply(client, inbound, "TD", sign="别人的签名").status_code == 403
    assert client.post(inbound, "not json", content_type="application/json").status_code == 400
    assert not SmsOptOut.objects.exists()
    settings.SMS_INBOUND_TOKEN = ""
    assert _reply(client, inbound, "TD").status_code == 404


def test_worker_check_fails_without_a_recent_heartbeat(client):
    with pytest.raises(CommandError, match="No worker"):
        call_command("check_worker")
    assert client.get("/ops/worker").status_code == 503
    WorkerHeartbeat.objects.create(beat_at=timezone.now() - timedelta(minutes=30), backend="postgresql")
    with pytest.raises(CommandError):
        call_command("check_worker")
    WorkerHeartbeat.objects.update(beat_at=timezone.now())
    call_command("check_worker")
    answer = client.get("/ops/worker")
    assert answer.status_code == 200 and answer.json()["ok"] is True


def test_a_notice_is_written_in_its_own_language():
    notice = notice_enqueue(
        channel="email",
        recipient="h@example.org",
        template="notices.test_message",
        context={"note": "x"},
        language="en",
    )
    message = render(notice)
    assert message.subject == "Test e-mail" and "This is a test e-mail: x" in message.body


@pytest.mark.parametrize("rows", [2, 12])
def test_the_admin_lists_cost_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        _sms()
    for name in ("notice", "jobfailure"):
        with django_assert_max_num_queries(14):
            assert admin_client.get(reverse(f"admin:notices_{name}_changelist")).status_code == 200
