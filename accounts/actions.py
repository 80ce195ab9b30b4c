"""Writes about signing in: setting up, checking and removing a user's authenticator app (django-otp TOTP)."""

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR_NAME = "身份验证器应用"
WRONG_CODE = _("验证码不正确。请输入身份验证器应用中“Wanli portal”当前显示的 6 位数字。")
TOO_MANY = _("验证码错误次数过多，请在 %(seconds)s 秒后再试。")


def authenticator_start(*, user) -> TOTPDevice:
    """A new secret waiting for its first code; an earlier set-up the user did not finish is dropped."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def code_check(*, device: TOTPDevice, code: str) -> None:
    """Raises ValidationError (code "invalid" or "throttled") unless `code` is the device's current code.

    django-otp keeps the rules: a code works once, and each wrong code doubles the wait before the next try
    (OTP_TOTP_THROTTLE_FACTOR), which is why the failure is recorded before the error is raised.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        verified = allowed and device.verify_token(code)
    if not allowed:
        locked_until = (details or {}).get("locked_until", timezone.now())
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
        raise ValidationError(TOO_MANY, code="throttled", params={"seconds": seconds})
    if not verified:
        raise ValidationError(WRONG_CODE, code="invalid")


def authenticator_confirm(*, device: TOTPDevice, code: str) -> TOTPDevice:
    """Turns two-factor sign-in on once the app shows the right code; it replaces any earlier authenticator."""
    code_check(device=device, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.refresh_from_db()
    return device


def authenticator_remove(*, user) -> int:
    """Turns two-factor sign-in off: every authenticator of the user goes. Returns how many there were."""
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    return deleted
