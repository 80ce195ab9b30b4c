import csv
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.seed import seed_reports

from .factories import AchievementFactory, MetricFactory, MetricValueFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    client.force_login(UserFactory(permissions=["reports.view_dashboard"]))
    return client


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # byte-order mark for Excel
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_of_the_selected_year(manager_client):
    metric = MetricFactory(code="key-enterprises", name="引进重点企业", unit="家")
    MetricValueFactory(metric=metric, year=2022, value=D("140"))
    MetricValueFactory(metric=metric, year=2023, value=D("161"), target=D("150"))
    AchievementFactory(year=2023, title="市级园林街道")
    AchievementFactory(year=2022, title="去年的荣誉")
    response = manager_client.get(reverse("reports:export_csv", kwargs={"year": 2023}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="wanli-report-2023.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    header, line = rows[0], rows[1]
    record = dict(zip(header, line, strict=True))
    assert record["指标代码"] == "key-enterprises"
    assert record["年份"] == "2023"
    assert record["数值"] == "161"
    assert record["目标值"] == "150"
    assert record["完成目标（%）"] == "107.3"
    assert record["上年数值"] == "140"
    assert record["同比变化"] == "21"
    assert record["同比变化（%）"] == "15"
    flat = [cell for row in rows for cell in row]
    assert "市级园林街道" in flat
    assert "去年的荣誉" not in flat


def test_csv_of_the_2023_seed(manager_client):
    seed_reports()
    rows = csv_rows(manager_client.get(reverse("reports:export_csv", kwargs={"year": 2023})))
    values = {row[1]: row[5] for row in rows[1:15]}
    assert values["district-tax"] == "15493"
    assert values["waterfront-belt-length"] == "4.5"
    assert values["new-employment-centre-visits"] == "300000"
    assert len(values) == 14


def test_xlsx_reads_back(manager_client):
    metric = MetricFactory(code="district-tax", name="区税收入", unit="万元")
    MetricValueFactory(metric=metric, year=2023, value=D("15493"), note="超额完成")
    MetricValueFactory(metric=MetricFactory(code="growth", name="同比增长", unit="%"), year=2023, value=D("9.43"))
    AchievementFactory(year=2023, title="入选《上海手册》", level="international", highlighted=True)
    response = manager_client.get(reverse("reports:export_xlsx", kwargs={"year": 2023}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    figures, honours = workbook.worksheets
    assert figures.title == "指标 2023"
    rows = list(figures.iter_rows(values_only=True))
    header = rows[0]
    records = {row[header.index("指标代码")]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert records["district-tax"]["数值"] == 15493
    assert records["district-tax"]["备注"] == "超额完成"
    assert records["growth"]["数值"] == pytest.approx(9.43)
    assert records["growth"]["上年数值"] is None
    honour_rows = list(honours.iter_rows(values_only=True))
    assert honour_rows[1][3] == "入选《上海手册》"
    assert honour_rows[1][5] == "国际"
    assert honour_rows[1][7] == "是"


def test_english_headers_on_the_english_site(manager_client):
    MetricValueFactory(year=2023)
    response = manager_client.get("/en/dashboard/2023/export.csv")
    assert csv_rows(response)[0][:3] == ["Category", "Metric code", "Metric"]


def test_staff_typed_formulas_are_not_run_by_spreadsheets(manager_client):
    MetricValueFactory(year=2023, note='=HYPERLINK("http://evil.example","点我")', metric=MetricFactory(name="+1+1"))
    rows = csv_rows(manager_client.get(reverse("reports:export_csv", kwargs={"year": 2023})))
    assert rows[1][2] == "'+1+1"
    assert rows[1][15].startswith("'=")
    workbook = load_workbook(
        io.BytesIO(manager_client.get(reverse("reports:export_xlsx", kwargs={"year": 2023})).content)
    )
    cell = workbook.worksheets[0].cell(row=2, column=16)
    assert cell.data_type == "s"
    assert cell.value.startswith("'=")


@pytest.mark.parametrize("name", ["reports:export_csv", "reports:export_xlsx"])
def test_year_without_data_is_404(manager_client, name):
    MetricValueFactory(year=2023)
    assert manager_client.get(reverse(name, kwargs={"year": 2022})).status_code == 404
    assert manager_client.get(f"/dashboard/{10**20}/export.csv").status_code == 404
