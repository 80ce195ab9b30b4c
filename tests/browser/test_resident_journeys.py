"""A resident on a phone (and at a desk): search, open a canteen, read today's hours and menu, switch language."""
import re

from playwright.sync_api import expect

from .helpers import assert_accessible, save_screenshot


def test_resident_searches_canteen_and_reads_todays_hours_and_menu(any_page, canteen):
    page = any_page
    page.goto("/")
    page.get_by_label("搜索设施").fill("食堂")
    page.get_by_role("button", name="搜索").click()

    expect(page).to_have_url(re.compile(r"/facilities/\?q=%E9%A3%9F%E5%A0%82$"))
    expect(page.locator(".result-count")).to_contain_text("找到 1 处设施")
    page.get_by_role("link", name="香泉智助食堂").click()

    expect(page).to_have_url(re.compile(rf"/facilities/{canteen.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("香泉智助食堂")
    today_line = page.locator(".now-box p").filter(has_text="今天")
    expect(today_line).to_contain_text("10:30–13:30")
    expect(today_line).to_contain_text("16:30–19:00")
    expect(page.locator(".hours tbody tr")).to_have_count(14)
    todays_menu = page.locator(".menu")
    expect(todays_menu.get_by_role("heading", level=3).first).to_contain_text("今天")
    expect(todays_menu).to_contain_text("清蒸鲈鱼")
    expect(todays_menu).to_contain_text("番茄炒蛋")
    assert_accessible(page)
    save_screenshot(page, "resident-canteen-hours")


def test_resident_switches_to_english_and_back(any_page, canteen):
    page = any_page
    page.goto(f"/facilities/{canteen.slug}/")
    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(rf"/en/facilities/{canteen.slug}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xiangquan Smart Canteen")
    expect(page.locator(".menu")).to_contain_text("Steamed sea bass")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()
    expect(page.get_by_role("link", name="Elderly mode")).to_be_visible()
    expect(page.locator(".language-switch [aria-current]")).to_have_text("English")
    save_screenshot(page, "resident-english")

    page.get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(re.compile(rf"/facilities/{canteen.slug}/$"))
    assert "/en/" not in page.url
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("香泉智助食堂")


def test_alternate_language_links_point_at_the_same_page(desktop_page, canteen):
    page = desktop_page
    page.goto(f"/en/facilities/{canteen.slug}/")
    alternates = page.eval_on_selector_all(
        "link[rel=alternate][hreflang]", "links => links.map(l => [l.hreflang, new URL(l.href).pathname])"
    )
    assert sorted(alternates) == [
        ["en", f"/en/facilities/{canteen.slug}/"],
        ["x-default", f"/facilities/{canteen.slug}/"],
        ["zh-Hans", f"/facilities/{canteen.slug}/"],
    ]
    for hreflang, path in alternates:
        response = page.request.get(path)
        assert response.status == 200, (hreflang, path)
