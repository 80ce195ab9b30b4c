import pytest
from django.core.exceptions import ValidationError

from intake.validation import (
    clean_text,
    mask_name,
    mask_phone,
    normalize_phone,
    validate_mobile,
    validate_mobile_or_landline,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),  # full-width digits from a Chinese keyboard
        ("021-12345678", "021-12345678"),
        ("02112345678", "021-12345678"),
        ("0571 8765 4321", "0571-87654321"),
    ],
)
def test_normalize_phone(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("good", ["13812345678", "19912345678", "15000000000"])
def test_mainland_mobiles_pass(good):
    validate_mobile(good)


@pytest.mark.parametrize("bad", ["12812345678", "1381234567", "138123456789", "23812345678", "021-12345678", "", "abc"])
def test_other_numbers_are_not_mobiles(bad):
    with pytest.raises(ValidationError):
        validate_mobile(bad)


def test_landlines_are_allowed_where_asked_for():
    validate_mobile_or_landline("021-12345678")
    validate_mobile_or_landline("0571-8765432")
    with pytest.raises(ValidationError):
        validate_mobile_or_landline("021-123")


def test_masking_keeps_only_the_last_four_digits():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("021-12345678") == "021-****5678"
    assert mask_phone("") == ""
    assert mask_name("王阿姨") == "王**"
    assert mask_name("王") == "*"


def test_clean_text_removes_invisible_spaces_and_keeps_emoji_html_and_sql():
    assert clean_text("水\u200b壶\ufeff坏了") == "水壶坏了"
    assert (
        clean_text("👨\u200d👩\u200d👧 <b>x</b> '; DROP TABLE x; --")
        == "👨\u200d👩\u200d👧 <b>x</b> '; DROP TABLE x; --"
    )
    assert clean_text("a\r\nb") == "a\nb"


@pytest.mark.parametrize("trick", ["abc\u202etxt.exe", "x\u2066y", "bell\x07", "esc\x1b[31m"])
def test_clean_text_rejects_display_tricks_with_a_message(trick):
    with pytest.raises(ValidationError) as error:
        clean_text(trick)
    assert error.value.messages[0]


@pytest.mark.parametrize("typed", ["١٣٨١٢٣٤٥٦٧٨", "13٨12345678", "१३८१२३४५६७८"])
def test_phone_digits_of_other_scripts_are_refused_with_a_message(typed):
    with pytest.raises(ValidationError, match="0–9"):
        normalize_phone(typed)


def test_superscript_digits_become_plain_digits():
    assert normalize_phone("¹³⁸¹²³⁴⁵⁶⁷⁸") == "13812345678"


@pytest.mark.parametrize("validate", [validate_mobile, validate_mobile_or_landline])
def test_patterns_accept_ascii_digits_only(validate):
    # What a caller that skips normalize_phone would pass: \d alone matches Arabic-Indic digits.
    with pytest.raises(ValidationError):
        validate("13٨12345678")
