from decimal import Decimal as D

import pytest

from reports.figures import (
    Assessment,
    Direction,
    percent_of_target,
    plain_number,
    signed_number,
    target_met,
    year_on_year,
)


class TestPercentOfTarget:
    def test_share_of_target_rounded_to_one_decimal(self):
        assert percent_of_target(D("15493"), D("15000")) == D("103.3")

    def test_exactly_on_target(self):
        assert percent_of_target(D("26"), D("26")) == D("100.0")

    def test_zero_value_is_zero_percent(self):
        assert percent_of_target(D("0"), D("50")) == D("0.0")

    def test_zero_target_cannot_be_computed(self):
        assert percent_of_target(D("10"), D("0")) is None

    @pytest.mark.parametrize(("value", "target"), [(None, D("10")), (D("10"), None), (None, None)])
    def test_missing_value_or_target(self, value, target):
        assert percent_of_target(value, target) is None

    def test_negative_value_gives_negative_share(self):
        assert percent_of_target(D("-5"), D("20")) == D("-25.0")

    def test_negative_target_is_refused(self):
        assert percent_of_target(D("5"), D("-20")) is None


class TestTargetMet:
    def test_higher_is_better(self):
        assert target_met(D("10"), D("10")) is True
        assert target_met(D("9.99"), D("10")) is False

    def test_lower_is_better(self):
        assert target_met(D("8"), D("10"), higher_is_better=False) is True
        assert target_met(D("11"), D("10"), higher_is_better=False) is False

    def test_unknown_without_target(self):
        assert target_met(D("8"), None) is None


class TestYearOnYear:
    def test_growth(self):
        change = year_on_year(D("5096"), D("4657"))
        assert change.absolute == D("439")
        assert change.percent == D("9.4")
        assert change.direction == Direction.UP
        assert change.assessment == Assessment.BETTER

    def test_fall_is_worse_when_higher_is_better(self):
        change = year_on_year(D("80"), D("100"))
        assert change.absolute == D("-20")
        assert change.percent == D("-20.0")
        assert change.direction == Direction.DOWN
        assert change.assessment == Assessment.WORSE

    def test_fall_is_better_when_lower_is_better(self):
        change = year_on_year(D("80"), D("100"), higher_is_better=False)
        assert change.assessment == Assessment.BETTER

    def test_no_change(self):
        change = year_on_year(D("7"), D("7"))
        assert change.percent == D("0.0")
        assert change.direction == Direction.SAME
        assert change.assessment == Assessment.UNCHANGED

    def test_no_earlier_year(self):
        assert year_on_year(D("161"), None) is None

    def test_no_current_value(self):
        assert year_on_year(None, D("161")) is None

    def test_previous_zero_gives_absolute_change_only(self):
        change = year_on_year(D("12"), D("0"))
        assert change.absolute == D("12")
        assert change.percent is None
        assert change.direction == Direction.UP

    def test_zero_after_zero(self):
        change = year_on_year(D("0"), D("0"))
        assert change.percent is None
        assert change.assessment == Assessment.UNCHANGED

    def test_negative_previous_uses_its_size(self):
        change = year_on_year(D("-5"), D("-10"))
        assert change.absolute == D("5")
        assert change.percent == D("50.0")
        assert change.direction == Direction.UP

    def test_from_positive_to_negative(self):
        change = year_on_year(D("-2"), D("8"))
        assert change.absolute == D("-10")
        assert change.percent == D("-125.0")


class TestNumbers:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (D("15493.00"), "15,493"),
            (D("4.50"), "4.5"),
            (D("9.43"), "9.43"),
            (D("300000"), "300,000"),
            (D("-1234.5"), "-1,234.5"),
            (D("0.00"), "0"),
            (D("10"), "10"),
            (None, "—"),
        ],
    )
    def test_plain_number(self, value, text):
        assert plain_number(value) == text

    def test_signed_number(self):
        assert signed_number(D("439")) == "+439"
        assert signed_number(D("-20")) == "-20"
        assert signed_number(D("0")) == "0"
        assert signed_number(None) == "—"
