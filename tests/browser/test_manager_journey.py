"""A manager (管理层 role) on a phone and at a desk: the dashboard opens on the latest year, another year is chosen,
its figures replace the latest year's, and the Excel export holds exactly the chosen year's figures."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from wanli.roles import MANAGER

from .helpers import assert_accessible, assert_no_horizontal_scroll, save_screenshot


def figure_card(page, name: str):
    """The figure card of a metric: an <article> named by the metric's heading."""
    return page.get_by_role("article", name=name, exact=True)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_manager_changes_the_year_and_exports_that_years_figures(
    signed_in_page, role_user, report_years, size, tmp_path
):
    manager = role_user(MANAGER, "chen.manager")
    page = signed_in_page(manager, size)
    page.goto("/dashboard/")

    expect(page.get_by_role("heading", level=1)).to_have_text("管理驾驶舱")
    expect(page.get_by_label("年份")).to_have_value("2023")
    expect(page.locator("#headline-heading")).to_have_text("2023 年主要指标")
    first = figure_card(page, "测试指标甲")
    expect(first.locator(".figure-value")).to_have_text("222家")
    expect(first).to_contain_text("（上年 111家）")  # the year before, for comparison
    expect(figure_card(page, "测试指标乙").locator(".figure-value")).to_have_text("35个")

    page.get_by_label("年份").select_option("2022")
    page.get_by_role("button", name="查看").click()

    expect(page).to_have_url(re.compile(r"/dashboard/\?year=2022$"))
    expect(page.locator("#headline-heading")).to_have_text("2022 年主要指标")
    first = figure_card(page, "测试指标甲")
    expect(first.locator(".figure-value")).to_have_text("111家")
    expect(first.locator(".figure-facts")).not_to_contain_text("222")
    expect(first.locator(".figure-change")).to_contain_text("无上年数据")
    expect(figure_card(page, "测试指标乙").locator(".figure-value")).to_have_text("20个")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    save_screenshot(page, "manager-dashboard-2022")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == "wanli-report-2022.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    workbook = load_workbook(path, read_only=True)
    sheet = workbook["指标 2022"]
    header, *lines = [list(line) for line in sheet.iter_rows(values_only=True)]
    column = {name: index for index, name in enumerate(header)}
    figures = {line[column["指标代码"]]: (line[column["年份"]], line[column["数值"]]) for line in lines}
    expected = {code: (2022, float(by_year[2022])) for code, by_year in report_years.items()}
    assert figures == expected
    assert "荣誉与亮点 2022" in workbook.sheetnames
    workbook.close()
