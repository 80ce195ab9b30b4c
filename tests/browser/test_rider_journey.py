"""A rider on a phone: find a bed at the builders' home, apply, and track the request with the code."""

from playwright.sync_api import expect

from casework.models import ServiceRequest

from .helpers import assert_accessible, assert_no_horizontal_scroll, save_screenshot


def test_rider_applies_for_a_bed_and_tracks_the_request(any_page, beds):
    page = any_page
    page.goto("/services/")
    page.get_by_role("link", name="骑手床位申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("骑手床位申请")

    page.get_by_role("link", name="在线申请").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("骑手床位申请")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("万有引力城市建设者管理者之家").check()
    page.get_by_label("怎么称呼您").fill("小李")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("补充说明").fill("下个月开始在万里送外卖，想住一个月。")
    page.get_by_label("我已阅读上面的个人信息说明").check()
    page.get_by_role("button", name="提交申请").click()

    code = page.locator(".tracking-code .code")
    expect(code).to_be_visible()
    tracking_code = code.inner_text().strip()
    assert ServiceRequest.objects.get().phone.endswith("5678")
    save_screenshot(page, "rider-request-sent")

    page.get_by_role("link", name="查询申请进度").first.click()
    page.get_by_label("查询码").fill(tracking_code)
    page.get_by_label("联系电话后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    result = page.locator("section.card")
    expect(result).to_contain_text("骑手床位申请")
    expect(result.locator("dd.status")).not_to_be_empty()
    expect(result).not_to_contain_text("13912345678")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    save_screenshot(page, "rider-track")
