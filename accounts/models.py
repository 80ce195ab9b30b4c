"""The portal keeps no account data of its own: authenticators are django-otp's TOTP devices."""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class Authenticator(TOTPDevice):
    """An authenticator app as superusers see it in admin (in Chinese, without its secret): to remove the one
    of a colleague who lost their phone, after which they sign in with the password and may set up a new one."""

    class Meta:
        proxy = True
        verbose_name = _("身份验证器")
        verbose_name_plural = _("身份验证器")
