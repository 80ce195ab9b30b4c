"""The site's sign-in page and the admin's: managers without the staff flag, django-axes' lockout, the
authenticator code as a second step, sign-out and password change."""

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.reports.factories import MetricValueFactory
from tests.wanli.factories import StaffUserFactory
from wanli.roles import CONTENT_EDITOR, MANAGER

from .factories import AuthenticatorFactory, app_code, wrong_code

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:login_code")
PASSWORD = "a-long-staff-password-2024"
DASHBOARD = reverse("reports:dashboard")


def sign_in(client, username, password=PASSWORD, next_url="", path=LOGIN, ip="10.0.0.1"):
    return client.post(path, {"username": username, "password": password, "next": next_url}, REMOTE_ADDR=ip)


def give_code(client, code, ip="10.0.0.1"):
    return client.post(CODE, {"code": code}, REMOTE_ADDR=ip)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def manager():
    """A manager in the 管理层 group who is not a member of staff."""
    return StaffUserFactory(username="chen.manager", is_staff=False, role=MANAGER)


class TestSitePage:
    def test_login_url_is_the_sites_own_page(self):
        assert reverse(settings.LOGIN_URL) == "/accounts/login/"

    def test_a_non_staff_manager_signs_in_from_the_dashboards_redirect_and_reads_it(self, client, manager):
        MetricValueFactory(year=2023)
        redirected = client.get(DASHBOARD)
        assert redirected.status_code == 302 and redirected["Location"] == f"{LOGIN}?next={DASHBOARD}"
        page = client.get(redirected["Location"])
        assert page.status_code == 200 and f'name="next" value="{DASHBOARD}"' in page.content.decode()
        response = sign_in(client, "chen.manager", next_url=DASHBOARD)
        assert response.status_code == 302 and response["Location"] == DASHBOARD
        dashboard = client.get(DASHBOARD)
        assert dashboard.status_code == 200 and "管理驾驶舱" in dashboard.content.decode()

    def test_a_content_editor_signs_in_but_gets_the_403_page_at_the_dashboard(self, client):
        StaffUserFactory(username="li.editor", role=CONTENT_EDITOR)
        assert sign_in(client, "li.editor", next_url=DASHBOARD).status_code == 302
        refused = client.get(DASHBOARD)
        assert refused.status_code == 403 and "没有权限查看这个页面" in refused.content.decode()

    def test_without_next_a_signed_in_user_lands_on_the_account_page(self, client, manager):
        response = sign_in(client, "chen.manager")
        assert response["Location"] == reverse("accounts:account")
        assert signed_in_as(client) == str(manager.pk)

    def test_a_next_address_off_the_site_is_ignored(self, client, manager):
        response = sign_in(client, "chen.manager", next_url="https://evil.example.com/")
        assert response["Location"] == reverse("accounts:account")

    def test_a_wrong_password_shows_the_form_again_with_a_message(self, client, manager):
        response = sign_in(client, "chen.manager", password="wrong")
        assert response.status_code == 200 and signed_in_as(client) is None
        assert "请输入一个正确的" in response.content.decode()

    def test_the_page_is_in_the_sites_look_with_the_reset_line(self, client, settings):
        settings.PASSWORD_RESET_ENABLED = True
        page = client.get(LOGIN).content.decode()
        assert 'class="site-header"' in page and "工作人员登录" in page
        assert f'href="{reverse("password_reset")}"' in page
        settings.PASSWORD_RESET_ENABLED = False
        assert "请联系系统管理员为您重设" in client.get(LOGIN).content.decode()

    def test_the_page_is_in_english_under_en(self, client):
        page = client.get("/en" + LOGIN).content.decode()
        assert "Staff sign-in" in page and 'lang="en"' in page
        assert "工作人员登录" not in page

    def test_the_page_is_never_cached(self, client):
        assert "no-store" in client.get(LOGIN)["Cache-Control"]


class TestLockout:
    def test_repeated_failures_lock_the_sites_page_like_the_admins(self, client, manager, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert sign_in(client, "chen.manager", password="wrong").status_code == 200
        locked = sign_in(client, "chen.manager", password="wrong")
        assert locked.status_code == 429 and "登录已暂时锁定" in locked.content.decode()
        assert sign_in(client, "chen.manager").status_code == 429  # even the right password
        assert signed_in_as(client) is None
        assert sign_in(client, "chen.manager", ip="10.0.0.2").status_code == 302

    def test_failures_on_either_page_count_together(self, client, manager, settings):
        StaffUserFactory(username="xiaoli")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            sign_in(client, "xiaoli", password="wrong", path=reverse("admin:login"))
        assert sign_in(client, "xiaoli", password="wrong").status_code == 429


class TestSignOutAndPasswordChange:
    def test_sign_out_takes_a_post_and_ends_the_session(self, client, manager):
        client.force_login(manager)
        assert client.get(reverse("accounts:logout")).status_code == 405
        response = client.post(reverse("accounts:logout"))
        assert response.status_code == 302 and response["Location"] == LOGIN
        assert signed_in_as(client) is None
        assert "您已退出登录" in client.get(LOGIN).content.decode()

    def test_password_change_keeps_the_session_and_the_new_password_works(self, client, manager):
        client.force_login(manager)
        new = "another-long-passphrase-77"
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": new,
                "new_password2": new,
            },
        )
        assert response.status_code == 302 and response["Location"] == reverse("accounts:account")
        assert signed_in_as(client) == str(manager.pk)
        manager.refresh_from_db()
        assert manager.check_password(new)

    def test_password_change_refuses_a_wrong_old_password(self, client, manager):
        client.force_login(manager)
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": "wrong",
                "new_password1": "x-long-passphrase-88",
                "new_password2": "x-long-passphrase-88",
            },
        )
        assert response.status_code == 200 and "has-error" in response.content.decode()

    def test_the_account_page_needs_a_signed_in_user(self, client):
        response = client.get(reverse("accounts:account"))
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.fixture
def device(manager):
    return AuthenticatorFactory(user=manager)


class TestCodeStep:
    def test_the_password_alone_does_not_sign_in_an_account_with_an_authenticator(self, client, device):
        response = sign_in(client, "chen.manager", next_url=DASHBOARD)
        assert response.status_code == 302 and response["Location"] == CODE
        assert signed_in_as(client) is None
        assert client.get(DASHBOARD)["Location"].startswith(LOGIN)
        page = client.get(CODE).content.decode()
        assert 'autocomplete="one-time-code"' in page and 'class="site-header"' in page

    def test_the_right_code_signs_in_verified_and_goes_on_to_next(self, client, device):
        sign_in(client, "chen.manager", next_url=DASHBOARD)
        response = give_code(client, app_code(device))
        assert response.status_code == 302 and response["Location"] == DASHBOARD
        assert signed_in_as(client) == str(device.user.pk)
        assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
        assert client.get(DASHBOARD).status_code == 200

    def test_a_code_works_only_once(self, client, device):
        sign_in(client, "chen.manager")
        code = app_code(device)
        give_code(client, code)
        client.logout()
        sign_in(client, "chen.manager")
        assert give_code(client, code).status_code == 200
        assert signed_in_as(client) is None

    def test_a_wrong_code_is_refused_and_then_even_the_right_one_must_wait(self, client, device):
        sign_in(client, "chen.manager")
        refused = give_code(client, wrong_code(device))
        assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
        waiting = give_code(client, app_code(device))
        assert "秒后再试" in waiting.content.decode() and signed_in_as(client) is None
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)  # the wait is over
        assert give_code(client, app_code(device)).status_code == 302

    def test_a_badly_typed_code_is_explained_and_full_width_digits_are_fine(self, client, device):
        sign_in(client, "chen.manager")
        assert "6 位数字" in give_code(client, "12ab").content.decode()
        full_width = app_code(device).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        assert give_code(client, full_width).status_code == 302

    def test_wrong_codes_count_towards_the_lockout(self, client, device, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            sign_in(client, "chen.manager")
            TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
            assert give_code(client, wrong_code(device)).status_code == 200
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        locked = give_code(client, wrong_code(device))
        assert locked.status_code == 429 and "登录已暂时锁定" in locked.content.decode()
        assert client.get(CODE)["Location"] == LOGIN  # the half-finished sign-in is gone
        assert sign_in(client, "chen.manager").status_code == 429

    def test_without_a_password_first_the_code_page_sends_back_to_sign_in(self, client, device):
        assert client.get(CODE)["Location"] == LOGIN
        assert give_code(client, app_code(device))["Location"] == LOGIN
        assert signed_in_as(client) is None

    def test_the_code_step_expires(self, client, device, settings):
        settings.TWO_FACTOR_CODE_STEP_SECONDS = -1
        sign_in(client, "chen.manager")
        assert give_code(client, app_code(device))["Location"] == LOGIN
        assert signed_in_as(client) is None


class TestAdminPage:
    ADMIN_LOGIN = reverse("admin:login")

    def test_staff_with_an_authenticator_give_the_code_in_the_admins_look(self, client):
        staff = StaffUserFactory(username="xiaoli")
        device = AuthenticatorFactory(user=staff)
        response = sign_in(client, "xiaoli", next_url="/admin/", path=self.ADMIN_LOGIN)
        assert response.status_code == 302 and response["Location"] == CODE
        assert signed_in_as(client) is None
        assert client.get("/admin/").status_code == 302
        page = client.get(CODE).content.decode()
        assert 'id="login-form"' in page and "万里社区服务门户 · 管理后台" in page
        done = give_code(client, app_code(device))
        assert done["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200

    def test_staff_without_one_sign_in_with_the_password_as_before(self, client):
        StaffUserFactory(username="xiaoli")
        assert sign_in(client, "xiaoli", next_url="/admin/", path=self.ADMIN_LOGIN)["Location"] == "/admin/"

    def test_the_admin_page_still_refuses_non_staff(self, client, manager):
        response = sign_in(client, "chen.manager", path=self.ADMIN_LOGIN)
        assert response.status_code == 200 and "工作人员" in response.content.decode()
        assert signed_in_as(client) is None
