"""Cells that a spreadsheet must not run: every CSV and XLSX export of the portal writes its text through here.

Excel, WPS and LibreOffice treat a cell starting with = + - @ (or a tab or carriage return before one) as a
formula; residents' and staff's text (`=HYPERLINK(…)`) must never become one. Such a cell gets a leading
apostrophe, which spreadsheets show as text and imports take off again (`spreadsheet_value`)."""

from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that a spreadsheet would read as a formula, with a leading apostrophe; anything else as it is
    (numbers, dates and None keep their type, so an XLSX cell stays a number)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def spreadsheet_row(values: Iterable) -> list:
    return [spreadsheet_safe(value) for value in values]


def spreadsheet_value(value):
    """What `spreadsheet_safe` wrote, read back (an import of an exported file): the apostrophe goes again."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value
