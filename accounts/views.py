"""Signing in on the site and in the admin (password, then the authenticator code where one is set up),
signing out, changing the password, and the account page. Views parse input, call queries/actions, render."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from notices.actions import preference_set
from notices.queries import digest_wanted

from . import actions, code_step, queries
from .forms import CodeForm


class CodeStepMixin:
    """After the password: users with an authenticator go on to the code step instead of being signed in."""

    admin_look = False

    def form_valid(self, form):
        user = form.get_user()
        if not queries.has_authenticator(user):
            return super().form_valid(form)
        code_step.begin(self.request, user=user, next_url=self.get_success_url(), admin=self.admin_look)
        return redirect("accounts:login_code")


class SiteLoginView(CodeStepMixin, auth_views.LoginView):
    """The site's own sign-in page. Django's AuthenticationForm calls authenticate(), so django-axes' lockout
    applies here as on the admin's page; no staff flag is needed."""

    template_name = "accounts/login.html"
    # The page cache hands anonymous visitors' views only the query parameters they declare.
    page_cache_parameters = ("next",)


def admin_look(request) -> dict:
    """What the admin's templates need (site header, title …), as the admin's own login view passes them."""
    request.current_app = admin.site.name
    return admin.site.each_context(request)


class AdminLoginView(CodeStepMixin, auth_views.LoginView):
    """The admin's sign-in page: Django's form (staff only), template and look, plus the code step.

    wanli/urls.py puts it in front of the admin's own login URL, which would sign in on the password alone.
    """

    admin_look = True
    authentication_form = AdminAuthenticationForm
    template_name = "admin/login.html"

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET" and admin.site.has_permission(request):
            return redirect("admin:index")
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("admin:index")

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), **admin_look(self.request)}
        context.update(
            title=_("登录"),
            subtitle=None,
            app_path=self.request.get_full_path(),
            username=self.request.user.get_username(),
        )
        if REDIRECT_FIELD_NAME not in self.request.GET and REDIRECT_FIELD_NAME not in self.request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index")
        return context


@method_decorator([sensitive_post_parameters("code"), csrf_protect, never_cache], name="dispatch")
class LoginCodeView(FormView):
    """The second step: the code of the authenticator app, for a user who has just given the right password.

    A wrong code is a failed login for django-axes too (the same lockout as for wrong passwords), on top of
    django-otp's growing wait between tries.
    """

    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        self.step = code_step.current(request)
        if self.step is None:
            messages.info(request, _("请重新输入用户名和密码。"))
            return redirect("accounts:login")
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        return ["accounts/admin_login_code.html" if self.step.admin else "accounts/login_code.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.step.admin:
            context.update(admin_look(self.request), title=_("输入验证码"), subtitle=None)
        return context

    def form_valid(self, form):
        credentials = {"username": self.step.user.get_username()}
        if AxesProxyHandler.is_locked(self.request, credentials):
            code_step.clear(self.request)
            return get_lockout_response(self.request, None, credentials)
        device = queries.authenticator(self.step.user)
        if device is None:  # turned off meanwhile: the password alone signs in again
            return redirect("accounts:login")
        try:
            actions.code_check(device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            return self.code_refused(form, error, credentials)
        code_step.finish(self.request, self.step, device)
        return HttpResponseRedirect(self.step.next_url)

    def code_refused(self, form, error, credentials):
        if error.code == "invalid":
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            if getattr(self.request, "axes_locked_out", False):
                code_step.clear(self.request)
                return get_lockout_response(self.request, None, credentials)
        form.add_error("code", error)
        return self.form_invalid(form)


class SiteLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("accounts:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("您已退出登录。"))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改。"))
        return response


@never_cache
@login_required
def account(request):
    context = {"two_factor_on": queries.has_authenticator(request.user), "digest_on": digest_wanted(request.user)}
    return render(request, "accounts/account.html", context)


@never_cache
@login_required
@require_POST
def morning_digest(request):
    """Switches the morning e-mail of what waits in one's queue on or off (staff only get it)."""
    preference_set(user=request.user, morning_digest=request.POST.get("morning_digest") == "on")
    messages.success(request, _("已保存每日早间待办邮件的设置。"))
    return redirect("accounts:account")
