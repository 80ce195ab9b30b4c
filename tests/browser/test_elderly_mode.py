"""长者模式 in a real browser: the switch, the sizes it produces, and that it needs no JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import turn_on_elderly_mode
from .helpers import (
    assert_targets_at_least,
    axe_rule_violations,
    contrast_ratio,
    font_size_px,
    save_screenshot,
    small_targets,
)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_switch_turns_the_mode_on_and_off_and_stays_on_the_same_page(new_context, canteen, javascript):
    page = new_context("phone", java_script_enabled=javascript).new_page()
    page.goto("/en/facilities/?q=canteen")
    normal_size = font_size_px(page)

    page.get_by_role("link", name="Elderly mode").click()
    expect(page).to_have_url(re.compile(r"/en/facilities/\?q=canteen$"))
    expect(page.locator("body")).to_have_class(re.compile(r"\belderly\b"))
    # The new page's body can be there before its stylesheets (the URL is the same one as before): wait for them.
    page.wait_for_load_state("load")
    assert font_size_px(page) > normal_size

    # Remembered across pages and languages, until switched off.
    page.get_by_role("link", name="简体中文").click()
    expect(page.locator("body")).to_have_class(re.compile(r"\belderly\b"))
    page.get_by_role("link", name="退出长者模式").click()
    expect(page).to_have_url(re.compile(r"/facilities/\?q=canteen$"))
    expect(page.locator("body")).not_to_have_class(re.compile(r"\belderly\b"))
    assert font_size_px(page) == normal_size


def test_elderly_mode_sizes_on_a_phone(phone_page, canteen):
    page = phone_page
    page.goto(f"/facilities/{canteen.slug}/")
    assert small_targets(page, 44), "the test would not notice small targets: expected some in normal mode"

    turn_on_elderly_mode(page)
    page.goto(f"/facilities/{canteen.slug}/")
    assert font_size_px(page) >= 18
    assert font_size_px(page, ".now-box p") >= 18
    assert_targets_at_least(page, 44)
    # Simpler layout: the facts list stacks terms above their values.
    columns = page.eval_on_selector(".facts", "el => getComputedStyle(el).gridTemplateColumns.split(' ').length")
    assert columns == 1
    save_screenshot(page, "elderly-canteen")


def test_elderly_mode_is_one_column_on_a_desktop(desktop_page, canteen):
    page = desktop_page
    page.goto("/facilities/")
    assert page.eval_on_selector(".cards", "el => getComputedStyle(el).gridTemplateColumns.split(' ').length") == 2
    turn_on_elderly_mode(page)
    page.goto("/facilities/")
    assert page.eval_on_selector(".cards", "el => getComputedStyle(el).gridTemplateColumns.split(' ').length") == 1
    save_screenshot(page, "elderly-facility-list")


CONTRAST_SAMPLES = ["main h1", "main .meta", "main a", ".status", ".site-footer p", ".site-footer a"]


def test_elderly_mode_raises_contrast_to_aaa(phone_page, canteen):
    page = phone_page
    page.goto(f"/facilities/{canteen.slug}/")
    normal = {selector: contrast_ratio(page, selector) for selector in CONTRAST_SAMPLES}

    turn_on_elderly_mode(page)
    page.goto(f"/facilities/{canteen.slug}/")
    elderly = {selector: contrast_ratio(page, selector) for selector in CONTRAST_SAMPLES}

    for selector in CONTRAST_SAMPLES:
        assert elderly[selector] >= normal[selector], selector
        assert elderly[selector] >= 7, f"{selector}: {elderly[selector]:.1f}:1 is under AAA"
    assert sum(elderly.values()) > sum(normal.values())
    assert not axe_rule_violations(page, ["color-contrast-enhanced"])


def test_large_cursor_option_in_elderly_mode(phone_page, canteen):
    page = phone_page
    turn_on_elderly_mode(page)
    assert "cursor-large" not in page.eval_on_selector("body", "el => getComputedStyle(el).cursor")
    page.get_by_role("link", name="大鼠标", exact=True).click()
    expect(page.locator("body")).to_have_class(re.compile(r"\blarge-cursor\b"))
    assert "cursor-large.svg" in page.eval_on_selector("main p", "el => getComputedStyle(el).cursor")
    assert "cursor-large-pointer.svg" in page.eval_on_selector(".site-nav a", "el => getComputedStyle(el).cursor")
    for image in ("cursor-large.svg", "cursor-large-pointer.svg"):
        assert page.request.get(f"/static/img/{image}").ok
    page.get_by_role("link", name="退出大鼠标", exact=True).click()
    expect(page.locator("body")).not_to_have_class(re.compile(r"\blarge-cursor\b"))


def test_largest_text_switch_gives_30px_text_in_both_languages_without_sideways_scroll(phone_page, canteen):
    page = phone_page
    turn_on_elderly_mode(page)
    for prefix, on, off in [("", "超大字", "退出超大字"), ("/en", "Largest text", "Normal text size")]:
        page.goto(f"{prefix}/facilities/{canteen.slug}/")
        normal = font_size_px(page)
        page.get_by_role("link", name=on, exact=True).click()
        expect(page.locator("body")).to_have_class(re.compile(r"\belderly\b.*\blargest-text\b"))
        assert font_size_px(page) >= 30
        assert font_size_px(page, ".now-box p") >= 30
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.get_by_role("link", name=off, exact=True).click()
        assert font_size_px(page) == normal < 30
        expect(page.locator("body")).to_have_class(re.compile(r"\belderly\b"))
