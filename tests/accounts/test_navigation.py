"""Where the managers' pages are linked: the site's header, the account page and the admin index, each only
for users allowed to open them (templates/includes/header.html, accounts/includes/manager_links.html)."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.wanli.factories import StaffUserFactory
from wanli.roles import CONTENT_EDITOR, MANAGER

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")
COVERAGE = reverse("lifecircle:coverage")


def header(client, path="/") -> str:
    return re.search(r'<header class="site-header">.*?</header>', client.get(path).content.decode(), re.S).group(0)


def links(html: str) -> dict[str, str]:
    return {text: href for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)}


def test_anonymous_visitors_see_no_managers_links(client):
    found = links(header(client))
    assert "管理驾驶舱" not in found and "生活圈覆盖" not in found and "我的账户" not in found


def test_a_manager_sees_both_and_the_account_link(client):
    client.force_login(StaffUserFactory(is_staff=False, role=MANAGER))
    found = links(header(client))
    assert found["管理驾驶舱"] == DASHBOARD and found["生活圈覆盖"] == COVERAGE
    assert found["我的账户"] == reverse("accounts:account")


def test_the_coverage_permission_alone_shows_only_the_coverage_link(client):
    user = StaffUserFactory(is_staff=False)
    user.user_permissions.add(Permission.objects.get(codename="view_coverage"))
    client.force_login(user)
    found = links(header(client))
    assert "管理驾驶舱" not in found and found["生活圈覆盖"] == COVERAGE


def test_a_content_editor_sees_neither(client):
    client.force_login(StaffUserFactory(role=CONTENT_EDITOR))
    found = links(header(client))
    assert "管理驾驶舱" not in found and "生活圈覆盖" not in found and "我的账户" in found


def test_the_current_page_is_marked_in_the_header(client):
    client.force_login(StaffUserFactory(is_staff=False, role=MANAGER))
    html = header(client, COVERAGE)
    assert f'<a href="{COVERAGE}" aria-current="page">生活圈覆盖</a>' in html
    assert 'aria-current="page">15分钟生活圈' not in html


def test_the_links_are_in_english_under_en(client):
    client.force_login(StaffUserFactory(is_staff=False, role=MANAGER))
    found = links(header(client, "/en/"))
    assert found["Managers' dashboard"] == "/en" + DASHBOARD and found["Life-circle coverage"] == "/en" + COVERAGE


def admin_box(client) -> str:
    page = client.get(reverse("admin:index")).content.decode()
    return re.search(r'<div class="module" id="site-pages-module">.*?</div>', page, re.S).group(0)


def test_the_admin_index_links_a_staff_manager_to_both(client):
    client.force_login(StaffUserFactory(role=MANAGER))
    found = links(admin_box(client))
    assert found["管理驾驶舱"] == DASHBOARD and found["生活圈覆盖"] == COVERAGE
    assert found["两步验证"] == reverse("accounts:two_factor")


def test_the_admin_index_shows_an_editor_only_the_two_factor_link(client):
    client.force_login(StaffUserFactory(role=CONTENT_EDITOR))
    found = links(admin_box(client))
    assert set(found) == {"两步验证"}


def test_the_account_page_lists_what_the_user_may_open(client):
    client.force_login(StaffUserFactory(is_staff=False, role=MANAGER))
    page = client.get(reverse("accounts:account")).content.decode()
    main = page[page.index("<main") :]
    found = links(main)
    assert found["管理驾驶舱"] == DASHBOARD and "管理后台" not in found
    assert "两步验证" in found and "修改密码" in found and "退出登录" in main


def test_the_footer_offers_visitors_the_staff_sign_in(client):
    page = client.get("/").content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert links(footer)["工作人员登录"] == reverse("accounts:login")
    assert links(client.get("/en/").content.decode())["Staff sign-in"] == "/en/accounts/login/"


def test_the_admins_sign_in_page_sends_managers_to_the_sites(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert links(page)["本站登录页"] == reverse("accounts:login")
