"""The coverage matrix as a CSV table for managers' spreadsheets (estates × categories)."""

from django.utils.translation import gettext as _

from safeguards.spreadsheets import spreadsheet_row

from .queries import CoverageMatrix


def coverage_rows(matrix: CoverageMatrix) -> list[list]:
    """The header, then one line per located estate: per category the walking minutes and the verdict."""
    header = [_("小区"), _("网址标识"), _("户数"), _("居住人口")]
    for column in matrix.columns:
        name = column.label.display_name
        header += [
            _("%(name)s：步行分钟") % {"name": name},
            _("%(name)s：%(target)s 分钟内") % {"name": name, "target": column.target_minutes},
        ]
    rows = [spreadsheet_row(header)]
    yes, no = _("是"), _("否")
    for row in matrix.rows:
        line = [row.label.display_name, row.label.slug, row.households or "", row.population or ""]
        for cell in row.cells:
            line += [
                cell.shown_minutes if cell.minutes is not None else f">{matrix.horizon_minutes}",
                yes if cell.within else no,
            ]
        rows.append(spreadsheet_row(line))
    return rows
