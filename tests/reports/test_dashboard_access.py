"""Who may open the managers' dashboard and its exports: sign-in first, then the permission, never cached."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from .factories import MetricValueFactory, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD_URLS = [
    ("reports:dashboard", {}),
    ("reports:export_csv", {"year": 2023}),
    ("reports:export_xlsx", {"year": 2023}),
]


class TestDashboardPermissions:
    @pytest.mark.parametrize(("name", "kwargs"), DASHBOARD_URLS)
    def test_anonymous_goes_to_login(self, client, seeded, name, kwargs):
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))  # the site's own sign-in page
        assert "next=" in response["Location"]

    @pytest.mark.parametrize(("name", "kwargs"), DASHBOARD_URLS)
    def test_staff_without_permission_get_403(self, client, seeded, name, kwargs):
        client.force_login(UserFactory(permissions=["reports.view_metric", "reports.change_metricvalue"]))
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 403
        assert "可以查看管理驾驶舱" in response.content.decode()  # says which permission to ask for

    def test_the_403_is_the_sites_page_saying_what_to_do(self, client, seeded):
        client.force_login(UserFactory(username="li.editor", permissions=["reports.view_metric"]))
        response = client.get(reverse("reports:dashboard"))
        assert response.status_code == 403
        assert [t.name for t in response.templates][:2] == ["403.html", "base.html"]
        html = response.content.decode()
        assert 'class="site-header"' in html and 'class="site-footer"' in html
        assert "您已用账号“li.editor”登录" in html
        assert f'action="{reverse("accounts:logout")}"' in html  # sign out, then in with another account
        assert f'value="{reverse("accounts:login")}?next=/dashboard/"' in html
        assert "请系统管理员为您的账号开通需要的权限" in html
        assert "no-store" in response["Cache-Control"]

    def test_the_403_in_english(self, client, seeded):
        client.force_login(UserFactory(permissions=["reports.view_metric"]))
        with translation.override("en"):
            url = reverse("reports:dashboard")
        html = client.get(url).content.decode()
        assert '<html lang="en">' in html
        assert "You may not see this page" in html
        assert "dashboard is open to authorised staff only" in html  # the reason, translated
        assert "Sign out and sign in with another account" in html
        assert "没有权限" not in html

    @pytest.mark.parametrize(("name", "kwargs"), DASHBOARD_URLS)
    def test_user_with_permission_gets_in(self, manager_client, seeded, name, kwargs):
        assert manager_client.get(reverse(name, kwargs=kwargs)).status_code == 200

    @pytest.mark.parametrize(("name", "kwargs"), DASHBOARD_URLS)
    def test_permission_through_a_group(self, client, seeded, name, kwargs):
        from django.contrib.auth.models import Group, Permission

        group = Group.objects.create(name="街道领导")
        group.permissions.add(Permission.objects.get(codename="view_dashboard"))
        user = UserFactory(is_staff=False)
        user.groups.add(group)
        client.force_login(user)
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200

    def test_superuser_gets_in(self, client, seeded):
        client.force_login(User.objects.create_superuser("boss", "boss@example.cn", "a-long-password-1"))
        assert client.get(reverse("reports:dashboard")).status_code == 200

    def test_inactive_user_is_sent_to_login(self, client, seeded):
        user = UserFactory(permissions=["reports.view_dashboard"], is_active=False)
        client.force_login(user)
        assert client.get(reverse("reports:dashboard")).status_code == 302


@pytest.mark.parametrize(("name", "kwargs"), DASHBOARD_URLS)
def test_dashboard_pages_are_never_cached(manager_client, name, kwargs):
    MetricValueFactory(year=2023)
    response = manager_client.get(reverse(name, kwargs=kwargs))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
