"""Setting up, checking and removing authenticators: django-otp's rules (a code works once, wrong codes make
the next try wait) hold through the portal's actions."""

import pytest
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import actions
from tests.wanli.factories import StaffUserFactory

from .factories import AuthenticatorFactory, app_code, wrong_code

pytestmark = pytest.mark.django_db


def refusal(device, code) -> str:
    with pytest.raises(ValidationError) as caught:
        actions.code_check(device=device, code=code)
    return caught.value.code


def test_the_right_code_passes_once():
    device = AuthenticatorFactory()
    code = app_code(device)
    actions.code_check(device=device, code=code)
    assert refusal(device, code) == "invalid"


def test_a_wrong_code_is_recorded_and_the_next_try_must_wait():
    device = AuthenticatorFactory()
    assert refusal(device, wrong_code(device)) == "invalid"
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # recorded, not rolled back with the error
    assert refusal(device, app_code(device)) == "throttled"


def test_the_wait_doubles_with_each_wrong_code(settings):
    device = AuthenticatorFactory()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=4)
    refusal(device, wrong_code(device))  # the fifth: 2**4 = 16 seconds
    with pytest.raises(ValidationError) as caught:
        actions.code_check(device=device, code=app_code(device))
    assert 15 <= caught.value.params["seconds"] <= 16


def test_start_replaces_an_unfinished_set_up_but_keeps_the_working_authenticator():
    user = StaffUserFactory()
    working = AuthenticatorFactory(user=user)
    first = actions.authenticator_start(user=user)
    second = actions.authenticator_start(user=user)
    assert set(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == {working.pk, second.pk}
    assert not TOTPDevice.objects.filter(pk=first.pk).exists()


def test_confirming_a_new_authenticator_replaces_the_old_one():
    user = StaffUserFactory()
    old = AuthenticatorFactory(user=user)
    new = actions.authenticator_start(user=user)
    confirmed = actions.authenticator_confirm(device=new, code=app_code(new))
    assert confirmed.confirmed
    assert list(TOTPDevice.objects.filter(user=user)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_a_wrong_first_code_confirms_nothing():
    user = StaffUserFactory()
    new = actions.authenticator_start(user=user)
    with pytest.raises(ValidationError):
        actions.authenticator_confirm(device=new, code=wrong_code(new))
    new.refresh_from_db()
    assert not new.confirmed


def test_remove_deletes_every_authenticator_of_that_user_only():
    user, colleague = StaffUserFactory(), StaffUserFactory()
    AuthenticatorFactory(user=user)
    actions.authenticator_start(user=user)
    AuthenticatorFactory(user=colleague)
    assert actions.authenticator_remove(user=user) == 2
    assert list(TOTPDevice.objects.values_list("user", flat=True)) == [colleague.pk]
