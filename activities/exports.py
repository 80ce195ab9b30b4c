"""One activity's sign-ups as CSV or XLSX for staff spreadsheets, masked exactly as the staff list is.

Names are typed by residents: a cell starting with = + - @ (or a tab or carriage return) would run as a formula
in a spreadsheet, so such text is written with a leading apostrophe.
"""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .staff_queries import Roster, RosterLine

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as typed, never runs (the rule of reports.exports.safe_text)."""
    return f"'{text}" if text and text.startswith(FORMULA_PREFIXES) else text


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def headers() -> list[str]:
    return [
        _("报名码"),
        _("报名人称呼"),
        _("联系电话"),
        _("人数"),
        _("状态"),
        _("候补位置"),
        _("来源"),
        _("报名时间"),
        _("签到时间"),
    ]


def line_cells(line: RosterLine) -> list:
    sign_up = line.sign_up
    return [
        sign_up.display_code,
        safe_text(line.name),
        safe_text(line.phone),
        sign_up.party_size,
        sign_up.get_status_display(),
        line.position,
        sign_up.get_channel_display(),
        _local(sign_up.created_at),
        _local(sign_up.checked_in_at),
    ]


def summary_rows(roster: Roster) -> list[list]:
    return [
        [_("活动"), safe_text(roster.activity.title)],
        [_("开始时间"), _local(roster.activity.starts_at)],
        [_("报名人数（占名额）"), roster.signed_up_people],
        [_("已签到人数"), roster.attended_people],
        [_("未到场人数"), roster.no_show_people],
        [_("现场加入人数"), roster.walk_in_people],
        [_("候补人数"), roster.waiting_people],
    ]


def as_csv(roster: Roster) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for line in roster.lines:
        writer.writerow(["" if cell is None else cell for cell in line_cells(line)])
    writer.writerow([])
    writer.writerows(summary_rows(roster))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(roster: Roster) -> bytes:
    """Two sheets: the sign-ups (numbers as numbers), and the activity's totals."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("报名名单")
    sheet.append(headers())
    for line in roster.lines:
        sheet.append(line_cells(line))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    totals = workbook.create_sheet(_("统计"))
    for row in summary_rows(roster):
        totals.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
