"""Staff password reset by e-mail (wanli/password_reset.py): the whole flow, switched off without e-mail,
rate limits, no enumeration of accounts, django-axes still guarding the login, no reset token in any log."""

import io
import logging
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from wanli.log_masking import MaskResetTokensFilter

from .factories import StaffUserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
RESET = reverse("password_reset")
OLD_PASSWORD = "a-long-staff-password-2024"
NEW_PASSWORD = "another-long-passphrase-77"
RESET_LINK = re.compile(r"https?://[^/\s]+(/accounts/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def staff():
    return StaffUserFactory(username="xiaoli", email="xiaoli@example.org")


def sign_in(client, password, username="xiaoli", ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip)


def request_reset(client, email, ip="10.0.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def reset_path_from_mail() -> str:
    assert len(mail.outbox) == 1
    return RESET_LINK.search(mail.outbox[0].body).group(1)


def set_new_password(client, path: str):
    page = client.get(path)
    assert page.status_code == 302 and page["Location"].endswith("/set-password/")  # the token leaves the URL
    return client.post(page["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_the_admin_sign_in_page_links_to_the_reset(client):
    page = client.get(LOGIN).content.decode()
    assert f'<a href="{RESET}">忘记了登录信息？</a>' in page


def test_request_mail_link_new_password_sign_in(client, staff, settings):
    settings.SITE_URL = "https://wanli.example.gov.cn"
    assert client.get(RESET).status_code == 200
    response = request_reset(client, "XiaoLi@Example.org")
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert "wanli.example.gov.cn/accounts/reset/" in mail.outbox[0].body  # from SITE_URL, not the Host header
    assert mail.outbox[0].to == ["xiaoli@example.org"]
    done = set_new_password(client, reset_path_from_mail())
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert "_auth_user_id" not in client.session  # signing in stays with the login page
    assert client.get(done["Location"]).status_code == 200
    assert sign_in(client, OLD_PASSWORD).status_code == 200  # refused: the form again
    assert sign_in(client, NEW_PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_used_link_does_not_work_twice(client, staff):
    request_reset(client, staff.email)
    path = reset_path_from_mail()
    set_new_password(client, path)
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and page.context["validlink"] is False


def test_unknown_addresses_get_the_same_answer_and_no_mail(client, staff):
    known = request_reset(client, staff.email)
    mail.outbox.clear()
    unknown = request_reset(client, "nobody@example.org")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert mail.outbox == []


@pytest.mark.parametrize("account", [{"is_staff": False}, {"is_active": False}])
def test_only_active_staff_accounts_get_a_mail(client, account):
    User.objects.create_user("resident", "resident@example.org", OLD_PASSWORD, **account)
    assert request_reset(client, "resident@example.org").status_code == 302
    assert mail.outbox == []


def test_reset_requests_are_limited_per_client_address(client, staff, settings):
    settings.CASEWORK_RATE_LIMITS = {"password_reset_ip": (2, 3600)}
    assert request_reset(client, "a@example.org").status_code == 302
    assert request_reset(client, "b@example.org").status_code == 302
    refused = request_reset(client, staff.email)
    assert refused.status_code == 429 and "重设密码的请求太频繁" in refused.content.decode()
    assert mail.outbox == []
    assert request_reset(client, staff.email, ip="10.0.0.2").status_code == 302


def test_reset_requests_are_limited_per_email_address_known_or_not(client, staff, settings):
    settings.CASEWORK_RATE_LIMITS = {"password_reset_email": (2, 3600)}
    for address in (staff.email, "nobody@example.org"):
        assert request_reset(client, address, ip="10.0.1.1").status_code == 302
        assert request_reset(client, address.upper(), ip="10.0.1.2").status_code == 302
        assert request_reset(client, address, ip="10.0.1.3").status_code == 429
    assert len(mail.outbox) == 2


def test_a_new_password_does_not_lift_an_axes_lockout(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    assert sign_in(client, OLD_PASSWORD).status_code == 429
    request_reset(client, staff.email)
    set_new_password(client, reset_path_from_mail())
    assert sign_in(client, NEW_PASSWORD).status_code == 429


def test_switched_off_the_sign_in_page_says_to_ask_an_administrator_and_the_reset_is_gone(client, staff, settings):
    settings.PASSWORD_RESET_ENABLED = False
    page = client.get(LOGIN).content.decode()
    assert "请联系系统管理员为您重设" in page and RESET not in page
    paths = [
        RESET,
        reverse("password_reset_done"),
        reverse("password_reset_complete"),
        "/accounts/reset/MQ/set-password/",
    ]
    for path in paths:
        assert client.get(path).status_code == 404
    assert request_reset(client, staff.email).status_code == 404
    assert mail.outbox == []


def test_switched_on_the_sign_in_page_offers_the_link(client, settings):
    settings.PASSWORD_RESET_ENABLED = True
    page = client.get(LOGIN).content.decode()
    assert f'href="{RESET}"' in page and "请联系系统管理员为您重设" not in page


def test_reset_pages_are_in_english_under_en(client, staff):
    assert "Password reset" in client.get("/en" + RESET).content.decode()
    client.post("/en" + RESET, {"email": staff.email})
    assert "/en/accounts/reset/" in mail.outbox[0].body


def test_reset_pages_are_never_cached(client):
    assert "no-store" in client.get(RESET)["Cache-Control"]


@pytest.fixture
def site_log():
    """What the site's configured log handler (settings.LOGGING, with its masking filter) writes."""
    handlers = [h for h in logging.getLogger().handlers if any(isinstance(f, MaskResetTokensFilter) for f in h.filters)]
    assert handlers, "settings.LOGGING's console handler should carry the masking filter"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


def test_no_reset_token_reaches_the_log(client, staff, settings, site_log):
    request_reset(client, staff.email)
    path = reset_path_from_mail()
    token = path.rstrip("/").rsplit("/", 1)[1]
    set_new_password(client, path)
    settings.PASSWORD_RESET_ENABLED = False
    assert client.get(path).status_code == 404  # Django logs "Not Found: <path>"
    logged = site_log.getvalue()
    assert "Not Found: /accounts/reset/***/***/" in logged
    assert token not in logged


def test_a_manager_who_is_not_staff_gets_a_mail_too(client):
    from wanli.roles import MANAGER

    StaffUserFactory(username="chen.manager", email="chen@example.org", is_staff=False, role=MANAGER)
    request_reset(client, "chen@example.org")
    assert mail.outbox[0].to == ["chen@example.org"]


def test_the_sites_sign_in_page_links_to_the_reset(client, settings):
    settings.PASSWORD_RESET_ENABLED = True
    assert f'href="{RESET}"' in client.get(reverse("accounts:login")).content.decode()


def test_a_reset_never_skips_the_second_factor(client, staff):
    """The reset view signs nobody in (post_reset_login = False): the new password leads to the code step."""
    from tests.accounts.factories import AuthenticatorFactory, app_code

    device = AuthenticatorFactory(user=staff)
    request_reset(client, staff.email)
    set_new_password(client, reset_path_from_mail())
    assert "_auth_user_id" not in client.session
    for login in (LOGIN, reverse("accounts:login")):
        response = client.post(login, {"username": "xiaoli", "password": NEW_PASSWORD}, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 302 and response["Location"] == reverse("accounts:login_code")
        assert "_auth_user_id" not in client.session
    client.post(reverse("accounts:login_code"), {"code": app_code(device)})
    assert client.session["_auth_user_id"] == str(staff.pk)
