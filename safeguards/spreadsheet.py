"""Text cells for a spreadsheet export (CSV or XLSX), safe from formula injection.

A spreadsheet treats a cell starting with = + - @, a tab or a carriage return as a formula; text that staff
or residents typed must never run as one, so such a cell gets a leading apostrophe (shown as text)."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """The value as cell text (None as an empty cell), never read as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
