"""The two-factor rules for signed-in sessions: an account with an authenticator is never signed in unverified,
and ADMIN_REQUIRE_TWO_FACTOR keeps unverified staff out of the admin."""

import pytest
from django.urls import reverse

from tests.wanli.factories import StaffUserFactory
from wanli.roles import MANAGER

from .factories import AuthenticatorFactory, app_code

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-password-2024"


def sign_in_fully(client, user, device):
    client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD, "next": "/admin/"})
    assert client.post(reverse("accounts:login_code"), {"code": app_code(device)}).status_code == 302


def test_a_session_begun_before_the_authenticator_was_set_up_must_sign_in_again(client):
    manager = StaffUserFactory(username="chen.manager", is_staff=False, role=MANAGER)
    client.force_login(manager)  # signed in with the password alone, then an authenticator is set up elsewhere
    AuthenticatorFactory(user=manager)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={reverse('reports:dashboard')}"
    assert "_auth_user_id" not in client.session


def test_in_the_admin_it_is_the_admins_sign_in_page(client):
    staff = StaffUserFactory(username="xiaoli")
    client.force_login(staff)
    AuthenticatorFactory(user=staff)
    assert client.get("/admin/")["Location"] == f"{reverse('admin:login')}?next=/admin/"


def test_sessions_without_an_authenticator_are_left_alone_by_default(client):
    client.force_login(StaffUserFactory(username="xiaoli"))
    assert client.get("/admin/").status_code == 200


class TestAdminRequiresTwoFactor:
    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.ADMIN_REQUIRE_TWO_FACTOR = True

    def test_staff_without_an_authenticator_are_sent_to_set_one_up(self, client):
        client.force_login(StaffUserFactory(username="xiaoli"))
        response = client.get("/admin/facilities/facility/")
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:two_factor')}?next=%2Fadmin%2Ffacilities%2Ffacility%2F"
        assert "管理后台要求两步验证" in client.get(response["Location"]).content.decode()

    def test_the_site_pages_and_signing_out_of_the_admin_stay_open(self, client):
        client.force_login(StaffUserFactory(username="xiaoli"))
        assert client.get(reverse("accounts:account")).status_code == 200
        assert client.post(reverse("admin:logout")).status_code == 200
        assert "_auth_user_id" not in client.session

    def test_staff_signed_in_with_the_code_get_in(self, client):
        staff = StaffUserFactory(username="xiaoli")
        sign_in_fully(client, staff, AuthenticatorFactory(user=staff))
        assert client.get("/admin/").status_code == 200

    def test_non_staff_managers_are_not_asked(self, client):
        client.force_login(StaffUserFactory(username="chen.manager", is_staff=False, role=MANAGER))
        assert client.get(reverse("reports:dashboard")).status_code == 200
