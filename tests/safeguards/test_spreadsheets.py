from datetime import date
from decimal import Decimal

import pytest

from safeguards.spreadsheets import spreadsheet_row, spreadsheet_safe, spreadsheet_value


@pytest.mark.parametrize("typed", ["=1+1", "+86 138", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe_and_loses_it_on_import(typed):
    assert spreadsheet_safe(typed) == "'" + typed
    assert spreadsheet_value(spreadsheet_safe(typed)) == typed


@pytest.mark.parametrize(
    "value", ["王阿姨", "021-12345678", "", "'quoted", None, 3, -2, Decimal("-1.5"), date(2024, 1, 1)]
)
def test_other_cells_are_left_as_they_are(value):
    assert spreadsheet_safe(value) == value
    assert spreadsheet_value(value) == value


def test_a_row_is_guarded_cell_by_cell():
    assert spreadsheet_row(["=x", 1, None, "ok"]) == ["'=x", 1, None, "ok"]
