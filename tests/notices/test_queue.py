"""The outbox sent by a real worker of the real queue (tests/notices/conftest.py)."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app

from casework import actions
from notices.actions import notice_enqueue
from notices.models import JobFailure, Notice, NoticeStatus
from notices.sending import quiet_hours_end, send_notice
from tests.casework.factories import RequestSettingsFactory, repair_service, submit

from .conftest import free_port
from .servers import FakeTencentSms

SHANGHAI = timezone.get_fixed_timezone(8 * 60)


def _enqueue_sms(**context):
    with transaction.atomic():
        return notice_enqueue(
            channel="sms", recipient="13800001234", template="notices.test_message", context={"code": "ABCD", **context}
        )


def test_a_status_change_gives_one_outbox_row_and_one_send_even_when_the_job_runs_twice(queue, settings, tencent):
    settings.SMS_BACKEND = "tencent"
    staff = User.objects.create_user("staff", is_staff=True)
    with transaction.atomic():
        request = submit(repair_service(), phone="13800001234", sms_updates=True)
    with FakeTencentSms() as provider:
        tencent(provider)
        settings.SMS_TENCENT["TEMPLATES"]["casework.request_accepted"] = "2000001"
        actions.request_accept(request=request, by=staff)
        [notice] = Notice.objects.filter(channel="sms")
        assert [job["args"] for job in queue.jobs()].count({"notice_id": notice.pk}) == 1
        # The same job once more, as after a worker lost its acknowledgement.
        app.configure_task("notices.send_notice").defer(notice_id=notice.pk)
        queue.run_worker()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT and notice.attempts == 1
    assert len(provider.requests) == 1
    assert provider.requests[0]["json"]["TemplateParamSet"] == [request.display_code]
    assert {job["status"] for job in queue.jobs()} == {"succeeded"}


def test_quiet_hours_hold_a_message_until_eight(queue, settings, caplog):
    now = timezone.localtime()
    settings.SMS_QUIET_HOURS = (now.hour, (now.hour + 1) % 24)  # quiet now, whatever the hour of the test run
    notice = _enqueue_sms()
    with caplog.at_level("WARNING", logger="notices.channels"):
        queue.run_worker()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PENDING
    assert notice.not_before == now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    held = [job for job in queue.jobs() if job["status"] == "todo"]
    assert [job["scheduled_at"] for job in held] == [notice.not_before]
    assert not [r for r in caplog.records if r.name == "notices.channels"], "nothing was sent"


@pytest.mark.django_db
def test_the_default_quiet_hours_end_at_eight_shanghai_time(settings):
    settings.SMS_QUIET_HOURS = (21, 8)
    evening = datetime(2026, 3, 2, 22, 30, tzinfo=SHANGHAI)
    assert quiet_hours_end(evening) == datetime(2026, 3, 3, 8, 0, tzinfo=SHANGHAI)
    assert quiet_hours_end(datetime(2026, 3, 3, 7, 59, tzinfo=SHANGHAI)) == datetime(2026, 3, 3, 8, tzinfo=SHANGHAI)
    assert quiet_hours_end(datetime(2026, 3, 3, 8, 0, tzinfo=SHANGHAI)) is None
    assert quiet_hours_end(datetime(2026, 3, 3, 20, 59, tzinfo=SHANGHAI)) is None
    notice = notice_enqueue(channel="sms", recipient="13800001234", template="notices.test_message", context={})
    assert send_notice(notice.pk, now=evening) == "held"
    assert send_notice(notice.pk, now=datetime(2026, 3, 3, 7, 59, tzinfo=SHANGHAI)) == "not yet"
    assert send_notice(notice.pk, now=datetime(2026, 3, 3, 8, 0, tzinfo=SHANGHAI)) == "sent"


@pytest.mark.django_db
def test_at_most_three_sms_per_phone_per_day(settings):
    settings.SMS_QUIET_HOURS = (21, 8)
    noon = datetime(2026, 3, 3, 12, 0, tzinfo=SHANGHAI)
    notices = [
        notice_enqueue(channel="sms", recipient="13800001234", template="notices.test_message", context={})
        for _ in range(4)
    ]
    assert [send_notice(n.pk, now=noon) for n in notices] == ["sent", "sent", "sent", "held"]
    notices[3].refresh_from_db()
    assert notices[3].not_before == datetime(2026, 3, 4, 8, 0, tzinfo=SHANGHAI)


def test_a_failing_channel_is_retried_then_shows_in_the_admin_list(queue, settings, tencent, admin_client):
    settings.SMS_BACKEND = "tencent"

    class Nowhere:
        endpoint = f"127.0.0.1:{free_port()}"

    tencent(Nowhere)
    settings.SMS_TENCENT["TEMPLATES"]["notices.test_message"] = "2000002"
    notice = _enqueue_sms()
    queue.run_worker()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FAILED
    assert notice.attempts == 3, "tried JOB_RETRY['max_attempts'] times in all"
    failure = JobFailure.objects.get()
    assert failure.task_name == "notices.send_notice" and "ClientNetworkError" in failure.error
    page = admin_client.get(reverse("admin:notices_jobfailure_changelist"))
    text = page.content.decode()
    assert "notices.send_notice" in text and "ClientNetworkError" in text and "重试" in text
    notices_page = admin_client.get(reverse("admin:notices_notice_changelist")).content.decode()
    assert "138****1234" in notices_page and "13800001234" not in notices_page
    retry_url = reverse("admin:notices_jobfailure_retry", args=[failure.pk])
    assert admin_client.get(retry_url).status_code == 200  # asks first
    admin_client.post(retry_url)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PENDING and notice.attempts == 0
    assert JobFailure.objects.get().retried_at is not None
    assert [job["status"] for job in queue.jobs()][-1] == "todo"


def test_handler_email_reaches_a_real_smtp_server_through_the_worker(queue, smtp_server):
    with transaction.atomic():
        request = submit(RequestSettingsFactory(handler_emails="handler@example.org").service)
    queue.run_worker()
    [received] = smtp_server.messages
    assert received["To"] == "handler@example.org"
    notice = Notice.objects.get(channel="email")
    assert notice.status == NoticeStatus.SENT and notice.object_id == request.pk


def test_with_the_worker_stopped_notices_wait_and_nothing_is_lost(queue):
    notice = _enqueue_sms()
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.PENDING
    assert [job["status"] for job in queue.jobs()] == ["todo"]
    queue.run_worker()
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.SENT
