"""The front doors for managers and staff: a manager who is not staff signs in at the site's own page and
reads the dashboard, a content editor is refused it, and two-step verification is set up by scanning the QR
code and then asked for at sign-in, on the site and in the admin (codes computed here, as the phone's app would)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import expect

from tests.accounts.factories import AuthenticatorFactory, app_code
from wanli.roles import CONTENT_EDITOR, MANAGER, sync_roles

from .conftest import turn_on_elderly_mode
from .helpers import assert_accessible, assert_no_horizontal_scroll, assert_targets_at_least, save_screenshot

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def account(transactional_db):
    sync_roles()

    def make(username: str, role: str, *, is_staff: bool):
        user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=is_staff)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def sign_in(page, username: str) -> None:
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def nav(page):
    return page.get_by_role("navigation", name="主导航")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_manager_who_is_not_staff_signs_in_at_the_sites_page_and_reads_the_dashboard(
    new_context,
    account,
    report_years,
    size,
):
    account("chen.manager", MANAGER, is_staff=False)
    page = new_context(size).new_page()
    if size == "phone":
        turn_on_elderly_mode(page)
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("工作人员登录")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    if size == "phone":
        assert_targets_at_least(page, 44)
    save_screenshot(page, "manager-sign-in")

    sign_in(page, "chen.manager")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("管理驾驶舱")
    expect(page.locator("#headline-heading")).to_have_text("2023 年主要指标")
    expect(nav(page).get_by_role("link", name="管理驾驶舱")).to_have_attribute("aria-current", "page")
    nav(page).get_by_role("link", name="生活圈覆盖").click()
    expect(page).to_have_url(re.compile(r"/life-circle/coverage/$"))
    assert_no_horizontal_scroll(page)
    save_screenshot(page, "manager-coverage-after-sign-in")


def test_a_content_editor_signs_in_but_is_refused_the_dashboard(desktop_page, account):
    account("li.editor", CONTENT_EDITOR, is_staff=True)
    page = desktop_page
    page.goto("/accounts/login/?next=/dashboard/")
    sign_in(page, "li.editor")
    expect(page.get_by_role("heading", level=1)).to_have_text("没有权限查看这个页面")
    assert page.goto("/dashboard/").status == 403
    expect(nav(page).get_by_role("link", name="管理驾驶舱")).to_have_count(0)
    expect(nav(page).get_by_role("link", name="我的账户")).to_be_visible()


def scan_qr_code(page) -> str:
    """What a phone's camera reads from the QR code on the screen."""
    import io

    png = page.get_by_role("img", name="设置身份验证器应用的二维码").screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1, "the QR code on the page should be readable"
    return found[0].text


def app_code_from_uri(uri: str) -> str:
    """The code an authenticator app shows for the otpauth:// address it scanned (RFC 6238 with its secret)."""
    from base64 import b32decode

    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    return f"{totp.token():06d}"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_two_step_verification_is_set_up_with_the_qr_code_and_asked_for_at_the_next_sign_in(
    new_context,
    account,
    report_years,
    size,
):
    manager = account("chen.manager", MANAGER, is_staff=False)
    page = new_context(size).new_page()
    if size == "phone":
        turn_on_elderly_mode(page)
    page.goto("/accounts/login/")
    sign_in(page, "chen.manager")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的账户")
    page.get_by_role("link", name="两步验证").click()
    page.get_by_role("button", name="开始设置").click()

    uri = scan_qr_code(page)
    assert uri.startswith("otpauth://totp/Wanli%20portal%3Achen.manager?")
    typed = page.locator("code.secret").inner_text().replace(" ", "")
    assert parse_qs(urlsplit(uri).query)["secret"] == [typed]  # the key to type by hand is the same secret
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    if size == "phone":
        assert_targets_at_least(page, 44)
    save_screenshot(page, "two-factor-set-up")
    page.get_by_label("验证码").fill(app_code_from_uri(uri))
    page.get_by_role("button", name="确认开启").click()
    expect(page.get_by_text("两步验证已开启。", exact=True)).to_be_visible()

    page.get_by_role("link", name="返回我的账户").click()
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_text("您已退出登录。")).to_be_visible()
    page.goto("/dashboard/")
    sign_in(page, "chen.manager")
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("输入验证码")
    assert page.goto("/dashboard/").url.endswith("/accounts/login/?next=/dashboard/")  # not signed in yet
    sign_in(page, "chen.manager")
    assert_accessible(page)
    page.get_by_label("验证码").fill(app_code(TOTPDevice.objects.get(user=manager)))
    page.get_by_role("button", name="验证并登录").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("管理驾驶舱")
    save_screenshot(page, "manager-dashboard-after-two-step-sign-in")


def test_the_admin_sign_in_asks_staff_with_an_authenticator_for_the_code(desktop_page, account):
    staff = account("wang.publisher", MANAGER, is_staff=True)
    device = AuthenticatorFactory(user=staff)
    page = desktop_page
    page.goto("/admin/")
    page.locator("#id_username").fill("wang.publisher")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    expect(page.locator("#site-name")).to_contain_text("万里社区服务门户")
    page.get_by_label("验证码").fill(app_code(device))
    page.get_by_role("button", name="验证并登录").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    box = page.locator("#site-pages-module")
    expect(box.get_by_role("link", name="管理驾驶舱")).to_have_attribute("href", "/dashboard/")
    expect(box.get_by_role("link", name="生活圈覆盖")).to_have_attribute("href", "/life-circle/coverage/")
    save_screenshot(page, "admin-index-after-two-step-sign-in")
