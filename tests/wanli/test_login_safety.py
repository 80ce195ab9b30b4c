"""Login safety: lockout after repeated failed admin logins (django-axes), unlocking, session expiry."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from .factories import StaffUserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "a-long-staff-password-2024"


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_on_that_address(client, settings):
    user = StaffUserFactory(username="xiaoli")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "xiaoli", "wrong").status_code == 200
    locked = attempt(client, "xiaoli", "wrong")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    assert "30 分钟后再试" in locked.content.decode()
    # Even the right password is refused while locked.
    assert attempt(client, "xiaoli", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # A colleague on the same address, and the same person elsewhere, are not locked.
    StaffUserFactory(username="xiaowang")
    assert attempt(client, "xiaowang", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, user.username, PASSWORD, ip="10.0.0.2").status_code == 302


def test_superuser_unlocks_a_colleague_with_the_command(client, settings):
    StaffUserFactory(username="xiaoli")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "xiaoli", "wrong")
    assert attempt(client, "xiaoli", PASSWORD).status_code == 429
    call_command("axes_reset_username", "xiaoli")
    assert attempt(client, "xiaoli", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, settings):
    StaffUserFactory(username="xiaoli")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "xiaoli", "wrong")
    assert attempt(client, "xiaoli", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "xiaoli", "wrong").status_code == 200


def test_superuser_sees_lockouts_in_admin(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("root", "root@example.invalid", PASSWORD))
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200


def test_staff_sessions_expire(client, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    StaffUserFactory(username="xiaoli")
    attempt(client, "xiaoli", PASSWORD)
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_password_validators_are_kept(settings):
    names = [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]


def test_client_login_without_a_request_still_works(client):
    """Tests and the shell log in without an HTTP request; the lockout backend steps aside for them."""
    StaffUserFactory(username="xiaoli")
    assert client.login(username="xiaoli", password=PASSWORD)


# --- password spraying and the address behind a proxy ---------------------------------------------------------


def test_password_spraying_from_one_address_locks_the_address(client, settings):
    """100 failures over 25 names (4 each, under the per-name limit) from one address."""
    StaffUserFactory(username="xiaoli")
    statuses = [
        attempt(client, f"guess{n}", "wrong", ip="198.51.100.66").status_code for n in range(25) for _ in range(4)
    ]
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit - 1 :]) == {429}
    # The address is locked for every name, the right password included; other addresses are not.
    locked = attempt(client, "xiaoli", PASSWORD, ip="198.51.100.66")
    assert locked.status_code == 429
    assert "这个地址暂时不能登录任何账号" in locked.content.decode()
    assert attempt(Client(), "xiaoli", PASSWORD, ip="10.0.0.2").status_code == 302


def test_signing_in_clears_only_ones_own_failures_not_the_addresss(client, settings):
    StaffUserFactory(username="insider")
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    for n in range(limit - 2):
        attempt(client, f"guess{n % 10}", "wrong", ip="198.51.100.66")
    assert attempt(client, "insider", PASSWORD, ip="198.51.100.66").status_code == 302
    client.logout()
    assert attempt(client, "guess-a", "wrong", ip="198.51.100.66").status_code == 200
    assert attempt(client, "guess-b", "wrong", ip="198.51.100.66").status_code == 429


def test_behind_the_proxy_a_lockout_holds_only_for_the_visitor_who_failed(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    StaffUserFactory(username="xiaoli")
    nginx = "172.17.0.1"

    def via_proxy(visitor, password):
        return Client().post(
            LOGIN,
            {"username": "xiaoli", "password": password, "next": "/admin/"},
            REMOTE_ADDR=nginx,
            HTTP_X_FORWARDED_FOR=visitor,
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        via_proxy("203.0.113.50", "wrong")
    assert via_proxy("203.0.113.50", PASSWORD).status_code == 429
    assert via_proxy("198.51.100.7", PASSWORD).status_code == 302  # the real xiaoli, elsewhere in the city
