"""Spreadsheet cells: text that starts like a formula is kept as text."""

import pytest

from safeguards.spreadsheet import csv_safe


@pytest.mark.parametrize("text", ["=1+1", "+86", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_would_be_a_formula_is_quoted(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"), [("香泉食堂", "香泉食堂"), ("", ""), (None, ""), (152, "152"), ("a=b", "a=b")]
)
def test_other_values_are_unchanged_text(value, cell):
    assert csv_safe(value) == cell
