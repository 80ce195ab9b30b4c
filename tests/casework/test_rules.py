"""The request rules have one owner: the table of moves and what a move needs (casework/transitions.py), what a
new request needs (casework/actions.py). The admin's forms ask the same functions and show their errors on the form."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework import actions, transitions
from casework.models import CLOSED_STATUSES, Channel, RequestKind, RequestStatus, ServiceRequest

from .factories import PlacePoolFactory, bed_service, repair_service, submit
from .test_admin import change_url, handler  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def unsaved(status, kind=RequestKind.REPAIR_VISIT):
    return ServiceRequest(status=status, kind=kind)


@pytest.mark.parametrize("current", RequestStatus.values)
@pytest.mark.parametrize("to", RequestStatus.values)
def test_every_move_follows_the_one_table(current, to):
    allowed = to in transitions.ALLOWED_MOVES.get(current, set())
    needs = {"when": object(), "reason": "理由"}
    if allowed:
        transitions.check_move(unsaved(current), to, **needs)
    else:
        with pytest.raises(ValidationError):
            transitions.check_move(unsaved(current), to, **needs)


@pytest.mark.parametrize("closed", CLOSED_STATUSES)
def test_an_ended_request_says_so(closed):
    with pytest.raises(ValidationError, match="已经结束，不能再取消"):
        transitions.check_move(unsaved(closed), RequestStatus.CANCELLED)
    with pytest.raises(ValidationError, match="已经结束，不能再改变状态"):
        transitions.check_move(unsaved(closed), RequestStatus.ACCEPTED)


def test_a_place_must_be_allocated_before_completing():
    transitions.check_move(unsaved(RequestStatus.SUBMITTED), RequestStatus.COMPLETED)
    with pytest.raises(ValidationError, match="要先受理"):
        transitions.check_move(unsaved(RequestStatus.SUBMITTED, RequestKind.BED_APPLICATION), RequestStatus.COMPLETED)


def test_a_move_names_what_it_needs():
    with pytest.raises(ValidationError) as scheduled:
        transitions.check_move(unsaved(RequestStatus.ACCEPTED), RequestStatus.SCHEDULED)
    with pytest.raises(ValidationError) as declined:
        transitions.check_move(unsaved(RequestStatus.SUBMITTED), RequestStatus.DECLINED, reason="  ")
    assert set(scheduled.value.error_dict) == {"scheduled_for"}
    assert set(declined.value.error_dict) == {"decline_reason"}


def test_a_home_visit_needs_an_address_whoever_submits_it():
    with pytest.raises(ValidationError) as refused:
        submit(repair_service(), address=" ")
    assert set(refused.value.error_dict) == {"address"}
    assert not ServiceRequest.objects.exists()


def test_a_place_request_needs_a_pool_of_its_own_service():
    service, _pool = bed_service()
    with pytest.raises(ValidationError) as refused:
        submit(service, pool=PlacePoolFactory())
    assert set(refused.value.error_dict) == {"pool"}


def test_the_change_form_shows_the_tables_refusal_on_the_step(client, handler):  # noqa: F811
    request = submit(repair_service())
    actions.request_complete(request=request, by=User.objects.create_user("other", "", "x" * 12))
    response = client.post(
        change_url(request), {"step": "accept", "public_reply": "", "internal_notes": "", "decline_reason": ""}
    )
    assert response.status_code == 200 and "已经结束，不能再改变状态" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED


def test_the_on_behalf_form_shows_the_actions_errors_beside_their_fields(client, handler):  # noqa: F811
    response = client.post(
        reverse("admin:casework_servicerequest_add"),
        {
            "service": repair_service().pk,
            "pool": "",
            "channel": Channel.PHONE,
            "name": "李伯伯",
            "phone": "13812345678",
            "address": "",
            "description": "空调不制冷",
            "preferred_time": "any",
            "consent": "on",
        },
    )
    form = response.context["adminform"].form
    assert response.status_code == 200 and "上门服务需要填写小区与门牌" in form.errors["address"][0]
    assert not ServiceRequest.objects.exists()


def test_an_actions_error_lands_beside_its_field_or_on_the_form():
    from django import forms

    from casework.forms import show_action_error

    class Small(forms.Form):
        consent = forms.BooleanField(required=False)
        name = forms.CharField(required=False)

    form = Small({"name": "王"})
    assert form.is_valid()
    show_action_error(
        form, ValidationError({"consent_at": "同意", "pool": "名额", "name": "称呼"}), renamed={"consent_at": "consent"}
    )
    show_action_error(form, ValidationError("整体"), renamed={})
    assert form.errors == {"consent": ["同意"], "name": ["称呼"], "__all__": ["名额", "整体"]}
