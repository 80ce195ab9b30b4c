"""Staff reach the admin: through the login form, and through the signed_in_page helper later journeys use."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from .helpers import save_screenshot


@pytest.fixture
def staff_user(transactional_db):
    return get_user_model().objects.create_user("wang.li", password="correct-horse-battery", is_staff=True)


def test_staff_signs_in_through_the_admin_login_form(desktop_page, staff_user):
    page = desktop_page
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.locator("#id_username").fill("wang.li")
    page.locator("#id_password").fill("correct-horse-battery")
    page.locator("input[type=submit], button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#site-name")).to_contain_text("万里社区服务门户")
    save_screenshot(page, "staff-admin-index")


def test_signed_in_page_skips_the_login_form(signed_in_page, staff_user):
    page = signed_in_page(staff_user)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#user-tools")).to_contain_text("wang.li")
