"""Digits typed with a Chinese input method (full-width) count as 0-9; digits of other scripts are refused."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from intake.digits import AsciiDigitsMixin, to_ascii_digits


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1234", "1234"),
        ("１２３４", "1234"),
        ("²³⁴⁵", "2345"),
        ("０２１－１２３４５６７８", "021-12345678"),
        ("王阿姨", "王阿姨"),
        ("", ""),
    ],
)
def test_full_width_and_compatibility_digits_become_ascii(typed, expected):
    assert to_ascii_digits(typed) == expected


@pytest.mark.parametrize("typed", ["١٢٣٤", "۱۲۳۴", "१२३४", "๑๒๓๔", "13٨12345678"])
def test_digits_of_other_scripts_are_a_validation_error_in_chinese(typed):
    with pytest.raises(ValidationError) as raised:
        to_ascii_digits(typed)
    assert raised.value.code == "non_ascii_digits"
    assert "0–9" in raised.value.messages[0]


class NumberField(AsciiDigitsMixin, forms.IntegerField):
    pass


def test_the_field_mixin_runs_before_the_fields_own_parsing():
    # int() alone would read "١٢٣" as 123.
    assert NumberField().clean("１２３") == 123
    with pytest.raises(ValidationError, match="0–9"):
        NumberField().clean("١٢٣")
