"""Server-side SVG charts: the geometry is computed here (pure, testable) and drawn by a small template.

No JavaScript or outside library is needed, charts print well, and each one carries a text alternative
(the SVG's <title>/<desc> and a data table beside it).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .figures import plain_number

# Sized for a figure card about 300 px wide, so the 12 px labels are drawn at close to 12 px on a phone.
WIDTH = 320
HEIGHT = 160
LEFT = 64  # room for the y-axis labels
RIGHT = 12
TOP = 22  # room for the value above the highest bar
BOTTOM = 30  # room for the year labels
MAX_BAR_WIDTH = 40
# Above this many bars, value labels ("15,493", about 40 units wide) would overlap: the data table still
# gives every value. Year labels ("2023") need about 30 units each.
MAX_VALUE_LABELS = 6
MAX_AXIS_LABELS = 8


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_text: str
    negative: bool
    show_label: bool
    show_value: bool

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self) -> float:
        return round(self.y + self.height + 14, 1) if self.negative else round(self.y - 5, 1)


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    baseline_y: float
    ticks: list[Tick] = field(default_factory=list)
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    label_y: float = HEIGHT - 10


def _scale(values: list[Decimal]) -> tuple[Decimal, Decimal]:
    top = max(max(values), Decimal(0))
    bottom = min(min(values), Decimal(0))
    if top == bottom:  # every value is 0: draw a flat baseline instead of dividing by zero
        top = Decimal(1)
    return top, bottom


def _labelled(index: int, *, last: int, every: int) -> bool:
    """Every `every`-th year is named, and always the newest; a regular label too close before it is dropped."""
    return index == last or (index % every == 0 and last - index >= every)


def bar_chart(points: list[Point]) -> BarChart | None:
    """A vertical bar chart with the zero line as baseline; None when there are no points to draw.

    Bars keep a sensible width with one point, and labels thin out when there are many points.
    """
    if not points:
        return None
    values = [p.value for p in points]
    top, bottom = _scale(values)
    span = top - bottom
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT

    def y_of(value: Decimal) -> float:
        return round(TOP + float((top - value) / span) * plot_height, 1)

    baseline = y_of(Decimal(0))
    slot = plot_width / len(points)
    bar_width = min(slot * 0.6, MAX_BAR_WIDTH)
    label_every = max(1, -(-len(points) // MAX_AXIS_LABELS))
    bars = []
    for index, point in enumerate(points):
        y_value = y_of(point.value)
        negative = point.value < 0
        bars.append(
            Bar(
                x=round(LEFT + index * slot + (slot - bar_width) / 2, 1),
                y=baseline if negative else y_value,
                width=round(bar_width, 1),
                # a value of 0 still gets a hairline so the year is visibly present
                height=max(round(abs(y_value - baseline), 1), 1.0),
                label=point.label,
                value_text=plain_number(point.value),
                negative=negative,
                show_label=_labelled(index, last=len(points) - 1, every=label_every),
                show_value=len(points) <= MAX_VALUE_LABELS,
            )
        )
    ticks = [Tick(y=y_of(top), text=plain_number(top)), Tick(y=baseline, text="0")]
    if bottom < 0:
        ticks.append(Tick(y=y_of(bottom), text=plain_number(bottom)))
    if max(values) <= 0:
        ticks = [t for t in ticks if t.text != plain_number(top)]  # the "1" used to avoid a zero span is not data
    return BarChart(width=WIDTH, height=HEIGHT, bars=bars, baseline_y=baseline, ticks=ticks)


def text_alternative(points: list[Point], *, unit: str = "") -> str:
    """One line a screen reader can read: "2022: 100 万元; 2023: 120 万元"."""
    suffix = f" {unit}" if unit else ""
    return "; ".join(f"{p.label}: {plain_number(p.value)}{suffix}" for p in points)
