import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template import TemplateDoesNotExist

from notices.actions import notice_enqueue, notices_purge_for, sms_opt_out
from notices.models import Notice, NoticeStatus, SmsOptOut
from notices.optout import notice_id_from_stop_token, phone_hash, stop_token

pytestmark = pytest.mark.django_db


def test_enqueue_writes_one_row_with_the_related_object():
    user = get_user_model().objects.create_user("handler", email="h@example.org")
    notice = notice_enqueue(
        channel="email", recipient="h@example.org", template="notices.test_message", context={"note": "x"}, related=user
    )
    assert notice.status == NoticeStatus.PENDING
    assert notice.related == user
    assert notice.masked_recipient == "h***@example.org"
    assert notices_purge_for(model=type(user), ids=[user.pk]) == 1
    assert not Notice.objects.exists()


def test_enqueue_is_rolled_back_with_the_callers_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        notice_enqueue(channel="sms", recipient="13800001234", template="notices.test_message", context={})
        raise RuntimeError
    assert not Notice.objects.exists()


def test_enqueue_refuses_an_unknown_channel_or_template():
    with pytest.raises(ValueError):
        notice_enqueue(channel="fax", recipient="1", template="notices.test_message", context={})
    with pytest.raises(TemplateDoesNotExist):
        notice_enqueue(channel="sms", recipient="13800001234", template="notices.no_such", context={})


def test_opt_out_keeps_only_a_hash_and_drops_waiting_sms():
    notice = notice_enqueue(channel="sms", recipient="13800001234", template="notices.test_message", context={})
    sms_opt_out(phone="+86 138 0000 1234", source="reply")
    assert SmsOptOut.objects.get().phone_hash == phone_hash("13800001234")
    assert "13800001234" not in SmsOptOut.objects.get().phone_hash
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SKIPPED


def test_stop_token_cannot_be_forged_for_another_notice():
    token = stop_token(41)
    assert notice_id_from_stop_token(token) == 41
    assert notice_id_from_stop_token(token.replace("41-", "42-")) is None
    assert notice_id_from_stop_token("junk") is None
