"""The two-factor page: setting up an authenticator app (QR code and typed secret), confirming it with a first
code, turning it off with a code; nothing is written by a GET."""

import re
from base64 import b32decode
from binascii import hexlify
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import secret_for_typing
from tests.wanli.factories import StaffUserFactory
from wanli.roles import MANAGER

from .factories import AuthenticatorFactory, app_code, wrong_code

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:two_factor")
START = reverse("accounts:two_factor_start")
OFF = reverse("accounts:two_factor_off")


@pytest.fixture
def manager(client):
    user = StaffUserFactory(username="chen.manager", is_staff=False, role=MANAGER)
    client.force_login(user)
    return user


def typed_secret(page: str) -> str:
    return re.search(r'<code class="secret" lang="en">([A-Z2-7 ]+)</code>', page).group(1)


def test_the_page_needs_a_signed_in_user(client):
    assert client.get(PAGE)["Location"].startswith(reverse("accounts:login"))


def test_looking_at_the_page_writes_nothing(client, manager):
    page = client.get(PAGE).content.decode()
    assert "两步验证尚未开启" in page and f'action="{START}"' in page
    client.get(PAGE)
    assert not TOTPDevice.objects.exists()
    assert client.get(START).status_code == 405


def test_setting_up_shows_the_qr_code_and_the_secret_of_a_new_authenticator(client, manager):
    assert client.post(START)["Location"] == PAGE
    device = TOTPDevice.objects.get(user=manager)
    assert not device.confirmed
    page = client.get(PAGE).content.decode()
    assert '<img src="data:image/svg+xml' in page and 'alt="设置身份验证器应用的二维码"' in page
    secret = typed_secret(page).replace(" ", "")
    assert hexlify(b32decode(secret + "=" * (-len(secret) % 8))).decode() == device.key
    parts = urlsplit(device.config_url)
    assert parts.scheme == "otpauth" and parse_qs(parts.query)["issuer"] == ["Wanli portal"]


def test_a_second_start_replaces_the_unfinished_secret(client, manager):
    client.post(START)
    first = TOTPDevice.objects.get(user=manager).key
    client.post(START)
    assert list(TOTPDevice.objects.filter(user=manager).values_list("key", flat=True)) != [first]
    assert TOTPDevice.objects.filter(user=manager).count() == 1


def test_the_first_right_code_turns_it_on_and_verifies_this_session(client, manager):
    client.post(START)
    device = TOTPDevice.objects.get(user=manager)
    response = client.post(PAGE, {"code": app_code(device)})
    assert response.status_code == 302 and response["Location"] == PAGE
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    page = client.get(PAGE).content.decode()
    assert "两步验证已开启" in page and f'action="{OFF}"' in page


def test_a_wrong_code_leaves_it_off(client, manager):
    client.post(START)
    device = TOTPDevice.objects.get(user=manager)
    response = client.post(PAGE, {"code": wrong_code(device)})
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert typed_secret(response.content.decode())  # the QR code and secret are still there to try again


def test_confirming_without_a_started_set_up_does_nothing(client, manager):
    assert client.post(PAGE, {"code": "123456"})["Location"] == PAGE
    assert not TOTPDevice.objects.exists()


def test_next_is_followed_on_this_site_only(client, manager):
    client.post(f"{START}?next=/admin/")
    device = TOTPDevice.objects.get(user=manager)
    assert client.post(PAGE, {"code": app_code(device), "next": "/admin/"})["Location"] == "/admin/"
    other = StaffUserFactory(username="other")
    client.force_login(other)
    client.post(START)
    device = TOTPDevice.objects.get(user=other)
    assert client.post(PAGE, {"code": app_code(device), "next": "https://evil.example.com/"})["Location"] == PAGE


def verified_session(client, user):
    """Signs in with password and code, as the sign-in page does."""
    device = AuthenticatorFactory(user=user)
    client.logout()
    client.post(reverse("accounts:login"), {"username": user.username, "password": "a-long-staff-password-2024"})
    client.post(reverse("accounts:login_code"), {"code": app_code(device)})
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    return device


def test_turning_it_off_takes_a_current_code(client, manager):
    device = verified_session(client, manager)
    refused = client.post(OFF, {"code": wrong_code(device)})
    assert refused.status_code == 400 and TOTPDevice.objects.filter(user=manager).exists()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    assert client.post(OFF, {"code": app_code(device)})["Location"] == PAGE
    assert not TOTPDevice.objects.filter(user=manager).exists()
    assert "两步验证尚未开启" in client.get(PAGE).content.decode()


def test_staff_cannot_turn_it_off_where_the_admin_requires_it(client, settings):
    staff = StaffUserFactory(username="xiaoli")
    device = verified_session(client, staff)
    settings.ADMIN_REQUIRE_TWO_FACTOR = True
    assert f'action="{OFF}"' not in client.get(PAGE).content.decode()
    client.post(OFF, {"code": app_code(device)})
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_secret_for_typing_groups_the_base32_secret_by_four():
    device = TOTPDevice(key="3132333435363738393031323334353637383930")  # RFC 6238's test secret
    assert secret_for_typing(device) == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
