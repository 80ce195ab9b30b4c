"""Superusers see who uses an authenticator, in Chinese and without the secret, and remove a lost one."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.wanli.factories import StaffUserFactory
from wanli.roles import MANAGER

from .factories import AuthenticatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "a-long-staff-password-2024"))
    return client


def test_django_otps_own_admin_with_the_secrets_is_replaced():
    assert not admin.site.is_registered(TOTPDevice)


def test_the_list_is_in_chinese_and_shows_no_secret(superuser_client):
    device = AuthenticatorFactory(user=StaffUserFactory(username="xiaoli"))
    page = superuser_client.get(reverse("admin:accounts_authenticator_changelist")).content.decode()
    assert "身份验证器" in page and "xiaoli" in page and "连续输错次数" in page
    assert device.key not in page and "otpauth" not in page
    assert reverse("admin:accounts_authenticator_add") not in page


def test_removing_a_lost_one_turns_two_factor_off_for_that_person(superuser_client):
    device = AuthenticatorFactory(user=StaffUserFactory(username="xiaoli"))
    url = reverse("admin:accounts_authenticator_delete", args=[device.pk])
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.exists()


def test_managers_do_not_see_anyones_authenticator(client):
    client.force_login(StaffUserFactory(role=MANAGER))
    assert client.get(reverse("admin:accounts_authenticator_changelist")).status_code == 403
