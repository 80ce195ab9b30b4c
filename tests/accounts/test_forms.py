import pytest

from accounts.forms import CodeForm


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("012345", "012345"),
        (" 012 345 ", "012345"),
        ("012-345", "012345"),
        ("０１２３４５", "012345"),
    ],
)
def test_the_code_may_be_typed_with_spaces_or_full_width_digits(typed, cleaned):
    form = CodeForm({"code": typed})
    assert form.is_valid() and form.cleaned_data["code"] == cleaned


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "12a456", "１２３ab６"])
def test_anything_but_six_digits_is_refused_with_a_message(typed):
    form = CodeForm({"code": typed})
    assert not form.is_valid()
    if typed:
        assert form.errors["code"] == ["验证码是 6 位数字，请重新输入。"]
