"""The morning digest (wanli/tasks.py): what waits in each person's queue, for those who did not switch it off."""

import pytest
from django.urls import reverse

from notices.actions import preference_set
from notices.models import Notice
from notices.sending import render
from tests.casework.factories import repair_service, submit
from wanli import roles
from wanli.tasks import morning_digest

from .factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_staff_with_work_waiting_get_one_digest_each_and_nobody_gets_an_empty_one():
    handler = StaffUserFactory(role=roles.REQUEST_HANDLER)
    StaffUserFactory(role=roles.MANAGER)  # nothing of theirs waits
    submit(repair_service())
    assert morning_digest(timestamp=0) == 1
    notice = Notice.objects.get(template="notices.staff_digest")
    assert notice.recipient == handler.email
    message = render(notice)
    assert "居民申请：待受理：1" in message.body
    assert "/admin/casework/servicerequest/?status__exact=submitted" in message.body
    assert "我的账户" in message.body


def test_a_person_who_switched_the_digest_off_gets_none():
    handler = StaffUserFactory(role=roles.REQUEST_HANDLER)
    submit(repair_service())
    preference_set(user=handler, morning_digest=False)
    assert morning_digest(timestamp=0) == 0
    assert not Notice.objects.filter(template="notices.staff_digest").exists()


def test_each_person_switches_the_digest_on_my_account(client):
    handler = StaffUserFactory(role=roles.REQUEST_HANDLER)
    client.force_login(handler)
    page = client.get(reverse("accounts:account")).content.decode()
    assert 'name="morning_digest"' in page and "checked" in page
    client.post(reverse("accounts:morning_digest"), {})
    submit(repair_service())
    assert morning_digest(timestamp=0) == 0
    client.post(reverse("accounts:morning_digest"), {"morning_digest": "on"})
    assert morning_digest(timestamp=0) == 1
