"""Authenticator apps (django-otp TOTP devices) for the sign-in tests, and the code such an app would show."""

import time

import factory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.wanli.factories import StaffUserFactory


class AuthenticatorFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator: the account it belongs to signs in with password + code."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(StaffUserFactory)
    name = "身份验证器应用"
    confirmed = True


def app_code(device: TOTPDevice) -> str:
    """The code the user's app shows now, computed from the shared secret as the app does (RFC 6238).

    A code works only once, so right after one was used this gives the next time step's code, which the site
    also accepts (tolerance of one step).
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t - totp.t() + 1)
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    right = int(app_code(device))
    return f"{(right + 1) % 10**device.digits:0{device.digits}d}"
