"""The two-factor page (/accounts/two-factor/): set up an authenticator app with a QR code, or turn it off.

Setting up takes two steps, so that no GET writes anything: "开始设置" makes a new secret (django-otp's
unconfirmed TOTP device), and the first right code from the app confirms it. From then on, signing in asks for
the code after the password (accounts.views).
"""

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from . import actions, queries
from .forms import CodeForm


def secret_for_typing(device) -> str:
    """The secret as authenticator apps ask for it when typed in: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device) -> str:
    """The otpauth:// set-up address as a QR code (SVG in a data: URI, which the CSP allows as an image)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def safe_next(request) -> str:
    """Where to go once done (the admin sends staff here): a path on this site only."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def _page(request, *, form=None, status=200):
    user = request.user
    device = queries.authenticator(user)
    pending = None if device else queries.authenticator_being_set_up(user)
    context = {
        "device": device,
        "pending": pending,
        "form": form or CodeForm(),
        "next": safe_next(request),
        "required": settings.ADMIN_REQUIRE_TWO_FACTOR and user.is_staff,
    }
    if pending:
        context.update(qr=qr_data_uri(pending), secret=secret_for_typing(pending))
    return render(request, "accounts/two_factor.html", context, status=status)


def _back(request):
    target = reverse("accounts:two_factor")
    following = safe_next(request)
    return redirect(f"{target}?{urlencode({'next': following})}" if following else target)


@never_cache
@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """GET: the page. POST: the first code from the app, which turns two-factor sign-in on."""
    if request.method == "GET":
        return _page(request)
    pending = queries.authenticator_being_set_up(request.user)
    if pending is None:
        return _back(request)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            device = actions.authenticator_confirm(device=pending, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            django_otp.login(request, device)  # this session has just shown the code
            messages.success(request, _("两步验证已开启。以后登录时，输入密码后还要输入身份验证器应用中的验证码。"))
            return redirect(safe_next(request) or "accounts:two_factor")
    return _page(request, form=form, status=400)


@login_required
@require_POST
def two_factor_start(request):
    actions.authenticator_start(user=request.user)
    return _back(request)


@login_required
@sensitive_post_parameters("code")
@require_POST
def two_factor_off(request):
    """Turning it off takes a current code, so a session left open on a shared computer cannot do it."""
    device = queries.authenticator(request.user)
    if device is None:
        return _back(request)
    if settings.ADMIN_REQUIRE_TWO_FACTOR and request.user.is_staff:
        messages.error(request, _("管理后台要求两步验证，工作人员不能关闭。"))
        return _back(request)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            actions.code_check(device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            actions.authenticator_remove(user=request.user)
            messages.success(request, _("两步验证已关闭。以后登录只需用户名和密码。"))
            return _back(request)
    return _page(request, form=form, status=400)
