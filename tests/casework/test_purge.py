from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone

from casework import actions
from casework.models import Correction, CorrectionStatus, RequestStatus, ServiceRequest
from casework.queries import find_tracked_request, request_figures
from intake.personal_data import ANONYMISED

from .factories import CorrectionFactory, repair_service, submit

pytestmark = pytest.mark.django_db

PERSONAL = ("独特姓名", "13811112222", "香泉苑 77 号", "秘密说明", "私下备注", "上门答复")


@pytest.fixture
def staff():
    return User.objects.create_user("handler", "h@example.org", "x" * 12, is_staff=True)


def age(request, days):
    """Pretends the request was made and closed `days` ago."""
    past = timezone.now() - timedelta(days=days)
    ServiceRequest.objects.filter(pk=request.pk).update(
        created_at=past - timedelta(hours=5),
        due_at=past + timedelta(hours=67),
        closed_at=past,
    )


def closed_request(staff, *, days, declined=False):
    request = submit(
        repair_service(),
        name="独特姓名",
        phone="13811112222",
        address="香泉苑 77 号",
        description="秘密说明",
    )
    ServiceRequest.objects.filter(pk=request.pk).update(internal_notes="私下备注")
    if declined:
        actions.request_decline(request=request, by=staff, reason="上门答复")
    else:
        actions.request_accept(request=request, by=staff, public_reply="上门答复")
        actions.request_complete(request=request, by=staff)
    LogEntry.objects.log_actions(
        user_id=staff.pk,
        queryset=[ServiceRequest.objects.get(pk=request.pk)],
        action_flag=CHANGE,
        change_message="独特姓名 13811112222",
    )
    age(request, days)
    return request


def everything_stored_about(request) -> str:
    request.refresh_from_db()
    parts = [str(value) for value in ServiceRequest.objects.filter(pk=request.pk).values().first().values()]
    for row in ServiceRequest.history.filter(id=request.pk).values():
        parts += [str(value) for value in row.values()]
    content_type = ContentType.objects.get_for_model(ServiceRequest)
    for entry in LogEntry.objects.filter(content_type=content_type, object_id=str(request.pk)):
        parts += [entry.object_repr, entry.change_message]
    return " ".join(parts)


def test_purge_anonymises_row_history_and_log_but_keeps_statistics(staff):
    old = closed_request(staff, days=200)
    old_declined = closed_request(staff, days=200, declined=True)
    recent = closed_request(staff, days=10)
    still_open = submit(repair_service(), name="独特姓名", phone="13811112222")
    ServiceRequest.objects.filter(pk=still_open.pk).update(created_at=timezone.now() - timedelta(days=400))
    start, end = timezone.now() - timedelta(days=500), timezone.now()
    before = request_figures(start=start, end=end)
    assert all(secret in everything_stored_about(old) for secret in ("独特姓名", "13811112222"))

    call_command("purge_requests", "--older-than", "180")

    for request in (old, old_declined):
        stored = everything_stored_about(request)
        for secret in PERSONAL:
            assert secret not in stored, secret
        assert request.anonymised_at is not None
        assert request.name == ANONYMISED
    assert old_declined.status == RequestStatus.DECLINED and old_declined.decline_reason == ANONYMISED
    assert "独特姓名" in everything_stored_about(recent)
    still_open.refresh_from_db()
    assert still_open.name == "独特姓名" and still_open.anonymised_at is None
    assert request_figures(start=start, end=end) == before
    assert old.events.count() == 3  # the timeline stays, for statistics and the audit trail
    assert find_tracked_request(code=old.tracking_code, phone_last4="2222") is None


def test_purge_is_idempotent_and_reports_counts(staff, capsys):
    closed_request(staff, days=400)
    call_command("purge_requests", "--older-than", "180")
    assert "Anonymised 1 requests" in capsys.readouterr().out
    call_command("purge_requests", "--older-than", "180")
    assert "Anonymised 0 requests" in capsys.readouterr().out


def test_purge_default_uses_the_retention_setting(staff, settings):
    settings.CASEWORK_RETENTION_DAYS = 5
    request = closed_request(staff, days=10)
    call_command("purge_requests")
    request.refresh_from_db()
    assert request.anonymised_at is not None


def test_purge_rejects_negative_days():
    with pytest.raises(CommandError):
        call_command("purge_requests", "--older-than", "-1")


def test_purge_clears_contacts_of_old_handled_corrections(staff):
    old = CorrectionFactory(contact="13812345678")
    actions.correction_resolve(correction=old, by=staff, status=CorrectionStatus.FIXED)
    Correction.objects.filter(pk=old.pk).update(handled_at=timezone.now() - timedelta(days=400))
    pending = CorrectionFactory(contact="13800000000", created_at=timezone.now() - timedelta(days=400))
    call_command("purge_requests", "--older-than", "180")
    old.refresh_from_db()
    pending.refresh_from_db()
    assert old.contact == "" and pending.contact == "13800000000"


def test_purge_deletes_the_notices_about_the_request_and_runs_as_a_periodic_job(staff, settings):
    from casework.tasks import purge_old_requests
    from notices.models import Notice

    request = submit(repair_service(), phone="13811112222", sms_updates=True)
    actions.request_accept(request=request, by=staff)
    actions.request_complete(request=request, by=staff)
    age(request, 400)
    recent = submit(repair_service(), phone="13811113333", sms_updates=True)
    actions.request_accept(request=recent, by=staff)
    about_it = Notice.objects.filter(object_id=request.pk).count()
    assert Notice.objects.filter(object_id=request.pk, channel="sms").count() == 2
    settings.CASEWORK_RETENTION_DAYS = 180
    counts = purge_old_requests(timestamp=0)
    assert counts["requests"] == 1 and counts["notices"] == about_it
    assert not Notice.objects.filter(object_id=request.pk).exists()
    assert Notice.objects.filter(object_id=recent.pk).exists()
