"""Digits as residents and staff type them: Chinese input methods often give full-width ones (１３８), which
mean the same as 138; digits of other scripts (١٣٨, Arabic-Indic) are refused with a message rather than
stored, compared or counted as numbers. Shared by every form field that wants digits, in every app."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ASCII_DIGITS = frozenset("0123456789")
NON_ASCII_DIGITS_MESSAGE = _("数字请用 0–9 填写（全角数字也可以），不能用其他文字的数字。")


def to_ascii_digits(value: str) -> str:
    """`value` in NFKC (full-width １２３４ and superscript ²³ become 1234, 23); raises ValidationError when a
    digit outside ASCII 0–9 is left (NFKC keeps Arabic-Indic ١٢٣٤, Devanagari १२३४ … as they are)."""
    text = unicodedata.normalize("NFKC", value or "")
    if any(ch.isdigit() and ch not in ASCII_DIGITS for ch in text):
        raise ValidationError(NON_ASCII_DIGITS_MESSAGE, code="non_ascii_digits")
    return text


class AsciiDigitsMixin:
    """For a form field: its text goes through to_ascii_digits before the field's own parsing (int(), float()
    and `\\d` would otherwise take ١٢٣ as 123)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value)
        return super().to_python(value)
