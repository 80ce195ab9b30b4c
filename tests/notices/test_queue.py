"""The outbox sent by a real worker of the real queue."""

from django.db import transaction
from procrastinate.contrib.django import app

from notices.actions import notice_enqueue
from notices.models import NoticeStatus


def _enqueue_sms(**context):
    with transaction.atomic():
        return notice_enqueue(
            channel="sms", recipient="13800001234", template="notices.test_message", context={"code": "ABCD", **context}
        )


def test_one_notice_is_sent_once_even_when_its_job_runs_twice(queue, settings, caplog):
    settings.SMS_QUIET_HOURS = (0, 0)
    notice = _enqueue_sms()
    jobs = queue.jobs()
    assert [job["args"] for job in jobs] == [{"notice_id": notice.pk}]
    # The same job deferred a second time (a retry after a lost acknowledgement, a duplicated defer).
    app.configure_task("notices.send_notice").defer(notice_id=notice.pk)
    assert len(queue.jobs()) == 2
    with caplog.at_level("WARNING", logger="notices.channels"):
        queue.run_worker()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT
    assert notice.attempts == 1
    sends = [r for r in caplog.records if r.name == "notices.channels"]
    assert len(sends) == 1
    assert "138****1234" in sends[0].getMessage() and "13800001234" not in sends[0].getMessage()
