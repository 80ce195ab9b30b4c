import itertools
from decimal import Decimal as D

from reports.charts import HEIGHT, MAX_BAR_WIDTH, WIDTH, Point, bar_chart, text_alternative


def points(values, start=2000):
    return [Point(label=str(start + i), value=D(v)) for i, v in enumerate(values)]


def test_no_points_no_chart():
    assert bar_chart([]) is None


def test_one_year_is_one_readable_bar():
    chart = bar_chart(points(["15493"], start=2023))
    [bar] = chart.bars
    assert bar.width == MAX_BAR_WIDTH  # not stretched across the whole chart
    assert bar.show_label and bar.show_value
    assert bar.label == "2023"
    assert bar.value_text == "15,493"
    assert bar.y + bar.height == chart.baseline_y
    assert bar.height > HEIGHT / 2  # the only value fills the plot


def test_bars_are_proportional_and_inside_the_chart():
    chart = bar_chart(points(["50", "100"]))
    small, large = chart.bars
    assert abs(large.height - 2 * small.height) < 1
    for bar in chart.bars:
        assert 0 <= bar.x and bar.x + bar.width <= WIDTH
        assert 0 <= bar.y and bar.y + bar.height <= HEIGHT


def test_many_years_thin_out_labels_but_keep_every_bar():
    chart = bar_chart(points([str(i) for i in range(40)], start=1990))
    assert len(chart.bars) == 40
    assert all(not bar.show_value for bar in chart.bars)
    labelled = [bar for bar in chart.bars if bar.show_label]
    assert 2 <= len(labelled) <= 13
    assert chart.bars[-1].show_label  # the newest year is always named
    assert all(bar.x + bar.width <= WIDTH for bar in chart.bars)
    xs = [bar.x for bar in chart.bars]
    assert xs == sorted(xs)


def test_labels_never_crowd_each_other():
    for years in (2, 6, 7, 12, 40):
        chart = bar_chart(points([str(10_000 + i) for i in range(years)]))
        labelled = [bar.centre for bar in chart.bars if bar.show_label]
        assert all(b - a >= 30 for a, b in itertools.pairwise(labelled)), years
        assert chart.bars[-1].show_label
        valued = [bar.centre for bar in chart.bars if bar.show_value]
        assert all(b - a >= 40 for a, b in itertools.pairwise(valued)), years


def test_negative_values_hang_below_the_baseline():
    chart = bar_chart(points(["10", "-5"]))
    positive, negative = chart.bars
    assert negative.negative and not positive.negative
    assert negative.y == chart.baseline_y
    assert positive.y + positive.height == chart.baseline_y
    assert negative.value_y > chart.baseline_y
    assert any(tick.text == "-5" for tick in chart.ticks)


def test_all_zero_values_draw_a_flat_baseline_without_error():
    chart = bar_chart(points(["0", "0"]))
    assert all(bar.height == 1.0 for bar in chart.bars)
    assert [tick.text for tick in chart.ticks] == ["0"]


def test_text_alternative_lists_every_year():
    assert text_alternative(points(["4.5", "5"], start=2023), unit="公里") == "2023: 4.5 公里; 2024: 5 公里"
