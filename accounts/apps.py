from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in on the site: the sign-in page, sign-out, password change and the optional second factor."""

    name = "accounts"
    verbose_name = _("账户与登录")
