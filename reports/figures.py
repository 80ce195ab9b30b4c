"""The dashboard's arithmetic, kept pure (no database, no Django) so every edge case is easy to test.

Values are Decimals. "Missing" is None, and every function says what it returns when it cannot compute:
the dashboard then shows a plain explanation instead of a misleading number.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"


class Assessment(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    UNCHANGED = "unchanged"


def percent_of_target(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """value as a percentage of target, rounded to 0.1; None when there is no value, no target or a target of 0
    (a share of nothing is undefined, and a negative target is not allowed)."""
    if value is None or target is None or target <= 0:
        return None
    return (value / target * HUNDRED).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def target_met(value: Decimal | None, target: Decimal | None, *, higher_is_better: bool = True) -> bool | None:
    """Whether the value reaches the target (or stays at or under it when lower is better); None when unknown."""
    if value is None or target is None:
        return None
    return value >= target if higher_is_better else value <= target


@dataclass(frozen=True)
class Change:
    """The change from the previous year's value to this year's."""

    previous: Decimal
    absolute: Decimal
    # None when the previous value is 0: a percentage of nothing is undefined.
    percent: Decimal | None
    direction: Direction
    assessment: Assessment


def year_on_year(current: Decimal | None, previous: Decimal | None, *, higher_is_better: bool = True) -> Change | None:
    """The change against the previous year's value; None when either year has no value ("no earlier year").

    The percentage is taken against the absolute previous value, so a move from -10 to -5 is +50 % (it grew),
    not -50 %.
    """
    if current is None or previous is None:
        return None
    absolute = current - previous
    percent = (
        None if previous == 0 else (absolute / abs(previous) * HUNDRED).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    )
    if absolute > 0:
        direction = Direction.UP
    elif absolute < 0:
        direction = Direction.DOWN
    else:
        direction = Direction.SAME
    if direction == Direction.SAME:
        assessment = Assessment.UNCHANGED
    elif (direction == Direction.UP) == higher_is_better:
        assessment = Assessment.BETTER
    else:
        assessment = Assessment.WORSE
    return Change(previous=previous, absolute=absolute, percent=percent, direction=direction, assessment=assessment)


def plain_number(value: Decimal | None) -> str:
    """15493.00 → "15,493"; 4.50 → "4.5"; -1234.5 → "-1,234.5"; None → "—"."""
    if value is None:
        return "—"
    normalized = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    text = f"{normalized:,f}"
    return text


def signed_number(value: Decimal | None) -> str:
    """Like plain_number, with an explicit + for positive values (for changes)."""
    if value is None:
        return "—"
    text = plain_number(value)
    return f"+{text}" if value > 0 else text
