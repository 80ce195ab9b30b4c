"""Password reset for staff and managers by e-mail: Django's own views and forms, in the admin's look.

Only where e-mail is configured (settings.PASSWORD_RESET_ENABLED; in production that means SMTP): otherwise
every reset address answers 404 and the sign-in page says to ask an administrator. Requests are limited per
client address and per e-mail address; the answer is the same whether or not the address belongs to anyone.
Signing in afterwards goes through a sign-in page (the site's or the admin's), so django-axes' lockout and the
second factor of an account that has one still apply.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from accounts.queries import may_sign_in
from intake import ratelimit


def admin_look() -> dict:
    """What the admin's templates (registration/*.html) need to show the portal's header, not Django's."""
    return {"site_header": admin.site.site_header, "site_title": admin.site.site_title}


def site_link_context() -> dict:
    """The reset link is built from SITE_URL rather than the request's Host header, which the client chooses
    (ALLOWED_HOSTS limits it in production; SITE_URL left empty falls back to it)."""
    parts = urlsplit(settings.SITE_URL)
    if not parts.netloc:
        return {"site_name": str(settings.SITE_NAME)}
    return {"protocol": parts.scheme or "https", "domain": parts.netloc, "site_name": str(settings.SITE_NAME)}


class StaffPasswordResetForm(PasswordResetForm):
    """Only accounts that sign in somewhere get a mail: staff, and managers who are not staff but read the
    site's managers' pages (residents have no accounts). Active, with a usable password, as Django requires."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if may_sign_in(user))


@method_decorator(never_cache, name="dispatch")
class ResetSwitch:
    """Every reset view: 404 unless reset is enabled; never stored by any cache."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_RESET_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **admin_look()}


class PasswordResetView(ResetSwitch, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        if ratelimit.hit("password_reset_ip", ratelimit.client_ip(request)):
            return too_many(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Counted for every address, known or not, so the limit reveals nothing about who has an account.
        if ratelimit.hit("password_reset_email", form.cleaned_data["email"].strip().lower()):
            return too_many(self.request)
        self.extra_email_context = site_link_context()
        return super().form_valid(form)


class PasswordResetDoneView(ResetSwitch, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(ResetSwitch, auth_views.PasswordResetConfirmView):
    # Signing in stays with the login page, where django-axes counts failures and keeps lockouts.
    post_reset_login = False
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(ResetSwitch, auth_views.PasswordResetCompleteView):
    pass


def too_many(request):
    return render(request, "registration/password_reset_too_many.html", admin_look(), status=429)
