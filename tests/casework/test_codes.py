from casework.codes import ALPHABET, CODE_LENGTH, display_code, new_tracking_code, normalize_code


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
