"""One activity's sign-ups as CSV or XLSX for staff spreadsheets, masked exactly as the staff list is.

Names are typed by residents: every row goes through safeguards.spreadsheets, so a name like `=HYPERLINK(…)`
is written as text, never run as a formula.
"""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from safeguards.spreadsheets import spreadsheet_row

from .staff_queries import Roster, RosterLine


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
    return spreadsheet_row(
        [
            sign_up.display_code,
            line.name,
            line.phone,
            sign_up.party_size,
            sign_up.get_status_display(),
            line.position,
            sign_up.get_channel_display(),
            _local(sign_up.created_at),
            _local(sign_up.checked_in_at),
        ]
    )


def summary_rows(roster: Roster) -> list[list]:
    rows = [
        [_("活动"), roster.activity.title],
        [_("开始时间"), _local(roster.activity.starts_at)],
        [_("报名人数（占名额）"), roster.signed_up_people],
        [_("已签到人数"), roster.attended_people],
        [_("未到场人数"), roster.no_show_people],
        [_("现场加入人数"), roster.walk_in_people],
        [_("候补人数"), roster.waiting_people],
    ]
    return [spreadsheet_row(row) for row in rows]


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
