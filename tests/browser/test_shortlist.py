"""A resident on a 360 px phone (or a staff member helping an elder at the counter) ticks a place and a
service, opens the shortlist and prints it on one A4 page or copies its link; and 我的申请 lists the codes
this browser applied for (kept in the browser only)."""

import re

from playwright.sync_api import expect

from .conftest import turn_on_elderly_mode
from .helpers import assert_accessible, assert_no_horizontal_scroll, assert_targets_at_least, save_screenshot


def pdf_page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_resident_searches_from_home_ticks_a_place_and_a_service_and_prints_the_shortlist_on_one_a4_page(
    phone_page, canteen, meal_service
):
    page = phone_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/")
    # The home page's search box (the header of every page has one too), in the words a resident types.
    page.locator("#home-q").fill("香泉 食堂")
    page.locator("#home-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert_no_horizontal_scroll(page)
    page.get_by_role("main").get_by_role("link", name="香泉智助食堂").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("香泉智助食堂")
    page.get_by_label("加入清单").check()
    bar = page.locator("#shortlist-bar")
    expect(bar).to_be_visible()
    expect(bar).to_contain_text("(1)")

    page.goto("/services/")
    page.get_by_label("加入清单 社区助餐").check()
    expect(bar).to_contain_text("(2)")
    bar.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("我的清单")
    assert "f=xiangquan-zhizhu-shitang" in page.url and "s=shequ-zhucan" in page.url
    items = page.locator(".shortlist-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("10:30–13:30")
    expect(items.first).to_contain_text("待核实")  # the test canteen has no verified phone or address
    expect(page.locator(".shortlist-qr svg")).to_have_count(2)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    page.bring_to_front()  # the clipboard answers only a focused page
    page.get_by_role("button", name="复制链接").click()
    expect(page.locator("#shortlist-copy-status")).to_have_text("链接已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("/shortlist/?f=xiangquan-zhizhu-shitang&s=shequ-zhucan")
    save_screenshot(page, "shortlist")

    page.emulate_media(media="print")
    expect(page.locator(".shortlist-tools")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    assert pdf_page_count(page.pdf(format="A4")) == 1


def test_the_footer_link_opens_this_browsers_shortlist_and_unticking_removes_it(phone_page, canteen, meal_service):
    page = phone_page
    page.goto("/facilities/")
    page.get_by_label("加入清单 香泉智助食堂").check()
    page.get_by_role("contentinfo").get_by_role("link", name="我的清单").click()
    expect(page.locator(".shortlist-item")).to_have_count(1)
    box = page.get_by_label("加入清单")
    expect(box).to_be_checked()  # the script has run (uncheck() would return at once on a box not yet ticked)
    box.uncheck()
    page.goto("/shortlist/")
    expect(page.locator("#shortlist-empty")).to_be_visible()


def test_the_shortlist_in_elderly_mode_on_a_phone(phone_page, canteen, meal_service):
    page = phone_page
    turn_on_elderly_mode(page)
    page.goto("/shortlist/?f=xiangquan-zhizhu-shitang,shequ-baobaowu&s=shequ-zhucan")
    expect(page.locator(".shortlist-item")).to_have_count(3)
    assert_no_horizontal_scroll(page)
    assert_targets_at_least(page, 44)
    assert_accessible(page)
    save_screenshot(page, "shortlist-elderly")


def test_my_applications_lists_the_code_and_opens_its_tracking_page_prefilled(phone_page, beds):
    page = phone_page
    page.goto(f"/requests/new/{beds.slug}/")
    page.get_by_label("万有引力城市建设者管理者之家").check()
    page.get_by_label("怎么称呼您").fill("小李")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("补充说明").fill("想住一个月。")
    page.get_by_label("我已阅读上面的个人信息说明").check()
    page.get_by_role("button", name="提交申请").click()
    code = page.locator(".tracking-code .code").inner_text().strip()

    page.goto("/")
    mine = page.locator("#my-requests")
    expect(mine).to_be_visible()
    mine.get_by_role("link", name=code).click()
    expect(page.get_by_label("查询码")).to_have_value(code)
    assert code not in page.url.split("#")[0]  # the code travels in the #fragment, never to the server
    page.get_by_label("联系电话后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("section.card")).to_contain_text("骑手床位申请")
    assert_no_horizontal_scroll(page)
    save_screenshot(page, "my-applications-track")
