"""The two-factor rules for signed-in sessions. Goes after django-otp's OTPMiddleware (request.user.is_verified)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import queries


class TwoFactorMiddleware:
    """Two rules for a signed-in session that was not verified with a code:

    - if the account has an authenticator (the session began before it was set up), it is signed out and the
      person signs in again, code included: a session with an authenticator is always a verified one;
    - with settings.ADMIN_REQUIRE_TWO_FACTOR, staff reach admin pages only with a verified session, and are
      sent to set up an authenticator first when they have none.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            refusal = self.refusal(request, user)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def refusal(self, request, user):
        in_admin = request.path_info.startswith(f"/{settings.ADMIN_URL}")
        if queries.has_authenticator(user):
            logout(request)
            messages.info(request, _("您的账户已开启两步验证，请重新登录并输入验证码。"))
            return redirect_to_login(request.get_full_path(), reverse("admin:login") if in_admin else None)
        if (
            settings.ADMIN_REQUIRE_TWO_FACTOR
            and user.is_staff
            and in_admin
            and request.path_info != reverse("admin:logout")
        ):
            messages.info(request, _("管理后台要求两步验证：请先在手机上设置身份验证器应用。"))
            return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}")
        return None
