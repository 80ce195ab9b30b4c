"""A resident on a 360 px phone in 长者模式: find a class near their estate, sign up, get the code, cancel."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from activities.models import SignUp, SignUpStatus
from tests.activities.factories import ActivityFactory

from .conftest import turn_on_elderly_mode
from .elderly_rules import measure
from .helpers import assert_accessible, assert_no_horizontal_scroll, save_screenshot


def elderly_rules_hold(page, name: str) -> None:
    # Measured once the page and its stylesheets have loaded: a posted form's answer can show its text first.
    page.wait_for_load_state("load")
    assert_no_horizontal_scroll(page)
    failing = {rule: elements[:3] for rule, elements in measure(page, minimum_text=18).items() if elements}
    assert not failing, f"{name}: {failing}"


def test_resident_finds_a_class_near_the_estate_signs_up_and_cancels(phone_page, located_places):
    page = phone_page
    start = (timezone.localtime() + timedelta(days=1)).replace(hour=9, minute=30, second=0, microsecond=0)
    ActivityFactory(
        title="测试太极课",
        title_en="Test tai chi class",
        facility=located_places.canteen,
        kind="class",
        audience="elderly",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        capacity=8,
        max_party_size=2,
    )
    far = ActivityFactory(title="远处的测试课", starts_at=start, kind="class")
    far.facility.latitude, far.facility.longitude, far.facility.location_verified = 31.40, 121.60, True
    far.facility.save()

    turn_on_elderly_mode(page)
    page.goto("/activities/")
    page.get_by_label("我住的小区").select_option(label="测试苑")
    page.get_by_role("button", name="查找").click()
    expect(page.get_by_role("link", name="测试太极课")).to_be_visible()
    expect(page.get_by_text("远处的测试课")).to_have_count(0)
    elderly_rules_hold(page, "what's on")
    save_screenshot(page, "activities-near-estate")

    page.get_by_role("link", name="测试太极课").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("测试太极课")
    expect(page.get_by_text("剩余 8 个名额")).to_be_visible()
    elderly_rules_hold(page, "activity page")

    page.get_by_role("link", name="在线报名").click()
    page.get_by_label("怎么称呼您").fill("王阿姨")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("几人参加（含本人）").select_option("2")
    page.get_by_label("我已阅读上面的个人信息说明").check()
    elderly_rules_hold(page, "sign-up form")
    page.get_by_role("button", name="提交报名").click()

    code = page.locator(".ticket .code")
    expect(code).to_be_visible()
    expect(page.locator(".ticket-qr svg")).to_be_visible()
    shown_code = code.inner_text().strip()
    made = SignUp.objects.get()
    assert made.display_code == shown_code and made.party_size == 2
    assert_accessible(page)
    elderly_rules_hold(page, "confirmation")
    save_screenshot(page, "activities-signed-up")

    page.get_by_role("link", name="查看或取消我的报名").click()
    page.get_by_label("报名码").fill(shown_code)
    page.get_by_label("手机号码后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".ticket dd.status")).to_have_text("报名成功")
    expect(page.locator("main")).not_to_contain_text("13912345678")
    page.get_by_label("确定要取消这个报名").check()
    page.get_by_role("button", name="取消报名").click()
    expect(page.locator(".ticket dd.status")).to_have_text("已取消")
    elderly_rules_hold(page, "cancelled")
    made.refresh_from_db()
    assert made.status == SignUpStatus.CANCELLED
