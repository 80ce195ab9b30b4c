"""The dashboard's selected year as a table, written as CSV or XLSX for managers' spreadsheets."""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from safeguards.spreadsheets import spreadsheet_row

from .models import Achievement
from .queries import MetricRow


def metric_headers() -> list[str]:
    return [
        _("类别"),
        _("指标代码"),
        _("指标"),
        _("英文名称"),
        _("年份"),
        _("数值"),
        _("数值说明"),
        _("单位"),
        _("统计口径"),
        _("截至日期"),
        _("目标值"),
        _("完成目标（%）"),
        _("上年数值"),
        _("同比变化"),
        _("同比变化（%）"),
        _("备注"),
        _("资料来源"),
    ]


def metric_table(rows: list[MetricRow], *, year: int) -> list[list]:
    """One line per metric with a value in `year`: numbers stay Decimals, missing figures are None; text that a
    spreadsheet would run as a formula is escaped (safeguards.spreadsheets)."""
    table = []
    for row in rows:
        value = row.current
        if value is None:
            continue
        change = row.change
        table.append(
            [
                row.metric.get_category_display(),
                row.metric.code,
                row.metric.name,
                row.metric.name_en,
                year,
                value.value,
                value.get_qualifier_display(),
                row.metric.unit,
                value.get_period_kind_display(),
                value.as_of.isoformat() if value.as_of else None,
                value.target,
                row.percent_of_target,
                row.previous.value if row.previous else None,
                change.absolute if change else None,
                change.percent if change else None,
                value.note,
                value.source,
            ]
        )
    return [spreadsheet_row(line) for line in table]


def achievement_headers() -> list[str]:
    return [_("年份"), _("类型"), _("类别"), _("标题"), _("英文标题"), _("级别"), _("授予或评选单位"), _("重点展示")]


def achievement_table(achievements: list[Achievement]) -> list[list]:
    return [
        spreadsheet_row(
            [
                a.year,
                a.get_kind_display(),
                a.get_category_display(),
                a.title,
                a.title_en,
                a.get_level_display() if a.level else None,
                a.awarding_body,
                _("是") if a.highlighted else _("否"),
            ]
        )
        for a in achievements
    ]


def _csv_cell(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell.quantize(Decimal(1)) if cell == cell.to_integral_value() else cell.normalize(), "f")
    return str(cell)


def as_csv(rows: list[MetricRow], achievements: list[Achievement], *, year: int) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(metric_headers())
    for line in metric_table(rows, year=year):
        writer.writerow([_csv_cell(c) for c in line])
    if achievements:
        writer.writerow([])
        writer.writerow(achievement_headers())
        for line in achievement_table(achievements):
            writer.writerow([_csv_cell(c) for c in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(rows: list[MetricRow], achievements: list[Achievement], *, year: int) -> bytes:
    """Two sheets (figures; honours and highlights); numbers are real numbers the manager can sum."""
    workbook = Workbook()
    figures = workbook.active
    figures.title = _("指标") + f" {year}"
    figures.append(metric_headers())
    for line in metric_table(rows, year=year):
        figures.append([float(c) if isinstance(c, Decimal) else c for c in line])
    honours = workbook.create_sheet(_("荣誉与亮点") + f" {year}")
    honours.append(achievement_headers())
    for line in achievement_table(achievements):
        honours.append(line)
    for sheet in (figures, honours):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
