"""The managers' dashboard on a 360 px phone with the real seed (one year, 2023): figure cards, no sideways
scroll, a few screens long, no chart until a second year exists; elderly mode; the printed A4 summary; and
the site's 403 page for an account that may not see the dashboard.

"A few screens", at 360 x 740: the year's figures (from the headline cards to the end of the category
breakdown) take at most 3 window heights in either language; the whole page (site header, portal figures,
life-circle summary and footer included) at most 4.5 in Chinese and 6 in English, whose words run longer
(measured: about 4.1 and 5.6; the old page was about 14,500 px, 19.6 window heights).
"""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from facilities.models import Audience, AudienceCode
from reports.models import Metric, MetricValue
from wanli.roles import CONTENT_EDITOR, MANAGER

from .conftest import turn_on_elderly_mode
from .helpers import (
    assert_accessible,
    assert_no_horizontal_scroll,
    assert_targets_at_least,
    font_size_px,
    save_screenshot,
)

PHONE_WINDOW = {"width": 360, "height": 740}
FIGURES_SCREENS = 3
PAGE_SCREENS = {"": 4.5, "/en": 6}
# A4 is 210 mm wide; with the print stylesheet's 15 mm margins, 180 mm are left for the page (96 CSS px per inch).
A4_CONTENT_WIDTH_PX = 180 / 25.4 * 96
# Made-up 2022 figures for a second year (test data, not the street office's): one headline metric, one other.
SECOND_YEAR = {"district-tax": Decimal("14000"), "new-district-tax": Decimal("5500")}


@pytest.fixture
def seeded(transactional_db):
    """Everything `seed_wanli` loads: the 2023 report card, facilities, services, estates (the real seed)."""
    # live_server tests flush the database, which removes the audience rows the migration created.
    for order, code in enumerate(AudienceCode.values):
        Audience.objects.get_or_create(code=code, defaults={"order": order})
    call_command("seed_wanli", verbosity=0)


@pytest.fixture
def manager_phone(signed_in_page, role_user, seeded):
    page = signed_in_page(role_user(MANAGER, "zhou.manager"), "phone")
    page.set_viewport_size(PHONE_WINDOW)
    return page


def screens(pixels: float) -> float:
    return pixels / PHONE_WINDOW["height"]


def page_height(page) -> int:
    return page.evaluate("() => document.documentElement.scrollHeight")


def figures_height(page) -> float:
    """From the top of the headline figures to the bottom of the category breakdown."""
    top = page.locator("#headline-heading").bounding_box()["y"]
    breakdown = page.locator(".breakdown").bounding_box()
    return breakdown["y"] + breakdown["height"] - top


def card(page, name: str):
    """A figure card: an <article> named by its metric's heading."""
    return page.get_by_role("article", name=name, exact=True)


def headline_count() -> int:
    return Metric.objects.filter(headline=True, values__year=2023).count()


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


@pytest.mark.parametrize(
    ("prefix", "one_year_only", "heading"),
    [("", "仅一年数据", "2023 年主要指标"), ("/en", "One year only", "Main figures, 2023")],
)
def test_the_seed_year_fits_a_phone_without_charts(manager_phone, prefix, one_year_only, heading):
    page = manager_phone
    page.goto(f"{prefix}/dashboard/")

    expect(page.locator("#headline-heading")).to_have_text(heading)
    assert page.locator("#headline-heading ~ .figure-cards article").count() == headline_count() > 0
    assert page.locator("article.figure-card").count() == MetricValue.objects.filter(year=2023).count()
    assert page.locator("svg.chart").count() == 0
    expect(page.locator("article.figure-card").filter(has_text=one_year_only)).to_have_count(
        page.locator("article.figure-card").count()
    )
    save_screenshot(page, f"dashboard-seed{prefix.replace('/', '-')}")
    assert_no_horizontal_scroll(page)
    assert screens(figures_height(page)) <= FIGURES_SCREENS, (
        f"the figures take {screens(figures_height(page)):.1f} screens"
    )
    assert screens(page_height(page)) <= PAGE_SCREENS[prefix], f"the page is {screens(page_height(page)):.1f} screens"
    assert_accessible(page)


def test_a_second_year_brings_charts_and_changes(manager_phone):
    for code, value in SECOND_YEAR.items():
        MetricValue.objects.create(metric=Metric.objects.get(code=code), year=2022, value=value)
    page = manager_phone
    page.goto("/dashboard/")

    tax = card(page, "区税收入")
    expect(tax.locator("svg.chart")).to_be_visible()  # a headline trend is open at a glance
    expect(tax).to_contain_text("比上年 +1,493（+10.7%）")
    expect(tax).to_contain_text("（上年 14,000万元）")
    new_tax = card(page, "新增区税")
    expect(new_tax).to_contain_text("（上年 5,500万元）")
    chart = new_tax.locator("svg.chart")
    expect(chart).to_be_hidden()  # the others open on demand
    new_tax.get_by_text("历年趋势（2 年）").click()
    expect(chart).to_be_visible()
    assert page.locator("svg.chart").count() == len(SECOND_YEAR)
    expect(card(page, "引进重点企业")).to_contain_text("仅一年数据")

    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    save_screenshot(page, "dashboard-two-years")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_elderly_mode_still_works(manager_phone, prefix):
    page = manager_phone
    turn_on_elderly_mode(page)
    page.goto(f"{prefix}/dashboard/")

    assert "elderly" in page.eval_on_selector("body", "el => el.className")
    assert font_size_px(page) == 20
    assert font_size_px(page, ".figure-facts") >= 18
    # One card a row: two would squeeze 20 px figures into 150 px.
    first, second = (
        page.locator("article.figure-card").nth(0).bounding_box(),
        page.locator("article.figure-card").nth(1).bounding_box(),
    )
    assert second["y"] > first["y"] + first["height"] - 1
    save_screenshot(page, f"dashboard-elderly{prefix.replace('/', '-')}")
    assert_no_horizontal_scroll(page)
    assert_targets_at_least(page, 44)
    assert_accessible(page)


def test_the_print_summary_is_one_clean_a4_page(signed_in_page, role_user, seeded):
    page = signed_in_page(role_user(MANAGER, "zhou.manager"), "desktop")
    page.goto("/dashboard/")
    expect(page.get_by_role("button", name="打印（A4）")).to_be_visible()  # print.js shows it

    page.emulate_media(media="print")
    for hidden in [".site-header", ".site-nav", ".site-footer", ".year-form", ".dashboard-actions", ".portal-figures"]:
        expect(page.locator(hidden).first).to_be_hidden()
    assert all(not button.is_visible() for button in page.get_by_role("button").all())
    expect(page.locator("p.print-only")).to_contain_text("2023 年数据摘要")
    expect(page.locator("article.figure-card").first).to_be_visible()

    pdf = page.pdf(format="A4")
    assert pdf_pages(pdf) == 1
    page.set_viewport_size({"width": round(A4_CONTENT_WIDTH_PX), "height": 1000})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= round(A4_CONTENT_WIDTH_PX)
    save_screenshot(page, "dashboard-print")


def test_an_account_without_the_permission_gets_the_sites_403_and_can_switch_accounts(
    signed_in_page, role_user, seeded
):
    editor = role_user(CONTENT_EDITOR, "wu.editor")
    page = signed_in_page(editor, "phone")
    response = page.goto("/en/dashboard/")

    assert response.status == 403
    assert page.eval_on_selector("html", "el => el.lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("You may not see this page")
    expect(page.locator("main")).to_contain_text("可以查看管理驾驶舱")  # the permission, as the admin names it
    expect(page.locator("main")).to_contain_text("Ask the system administrator")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_role("button", name="Sign out and sign in with another account").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/en/dashboard/$"))
    expect(page.locator("input[name=username]")).to_be_visible()
