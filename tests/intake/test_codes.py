from intake.codes import ALPHABET, CODE_LENGTH, display_code, new_tracking_code, normalize_code


def test_codes_are_long_random_and_unambiguous():
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == CODE_LENGTH >= 10
        assert set(code) <= set(ALPHABET)
    assert not set("0O1IL") & set(ALPHABET)


def test_typed_codes_are_normalised():
    code = new_tracking_code()
    assert normalize_code(display_code(code).lower()) == code
    assert normalize_code(" " + display_code(code) + " ") == code
    assert normalize_code("ABC") == ""
    assert normalize_code("O" * CODE_LENGTH) == ""
    assert normalize_code("' OR 1=1 --") == ""


def test_a_code_typed_full_width_is_the_same_code():
    code = new_tracking_code()
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in display_code(code))  # ASCII → full-width forms
    assert normalize_code(full_width) == code


def test_a_code_with_digits_of_another_script_is_no_code():
    assert normalize_code("ABCD-EFGH-JKM٣") == ""
