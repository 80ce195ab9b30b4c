"""Reads for the report card and the managers' dashboard. Each function runs a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from activities.figures import years_with_activities
from casework.models import PlacePool
from casework.queries import pools_with_free_places, years_with_requests
from facilities.content_version import FACILITIES, PLACES, REPORTS, SERVICES, SITE, topic_versions
from facilities.hours import local_now
from facilities.models import Facility, FacilityKind
from publishing.publishable import published_q
from services.models import Service, ServiceCategory

from .charts import BarChart, Point, bar_chart, text_alternative
from .figures import Change, percent_of_target, target_met, year_on_year
from .models import Achievement, Category, Metric, MetricValue

CATEGORY_RANK = {category.value: rank for rank, category in enumerate(Category)}
# One bar says nothing about a trend: a chart needs two years to compare.
MIN_YEARS_FOR_TREND = 2


def _in_category_order(value: MetricValue) -> tuple:
    """Economy, livelihood, environment, governance: the order the report card is read in, not alphabetical."""
    return (CATEGORY_RANK[value.metric.category], value.metric.order, value.metric.code, value.year)


def years_with_data() -> list[int]:
    """Every year that has a metric value or an achievement, newest first."""
    years = set(MetricValue.objects.values_list("year", flat=True).distinct())
    years |= set(Achievement.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class DashboardYears:
    """The years the dashboard offers: those with report-card data, residents' requests or activities held,
    newest first; `default` is the newest report-card year (the figures managers come for), else the newest."""

    choices: list[int]
    with_report: list[int]
    default: int | None


def dashboard_years() -> DashboardYears:
    with_report = years_with_data()
    choices = sorted(set(with_report) | set(years_with_requests()) | set(years_with_activities()), reverse=True)
    default = with_report[0] if with_report else (choices[0] if choices else None)
    return DashboardYears(choices=choices, with_report=with_report, default=default)


def latest_year() -> int | None:
    years = years_with_data()
    return years[0] if years else None


@dataclass
class CategorySection:
    category: Category
    values: list[MetricValue] = field(default_factory=list)
    highlights: list[Achievement] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.category.label


@dataclass
class ReportCard:
    year: int
    headline_values: list[MetricValue]
    honours: list[Achievement]
    sections: list[CategorySection]
    years: list[int]

    @property
    def earlier_years(self) -> list[int]:
        return [y for y in self.years if y != self.year]


def report_card(*, year: int) -> ReportCard | None:
    """The public report card of `year`, or None when that year has no data."""
    values = sorted(MetricValue.objects.for_year(year).with_metric(), key=_in_category_order)
    achievements = list(Achievement.objects.for_year(year).with_facility().order_by("-highlighted", "order", "pk"))
    if not values and not achievements:
        return None
    sections = {category: CategorySection(category=category) for category in Category}
    for value in values:
        sections[Category(value.metric.category)].values.append(value)
    for achievement in achievements:
        if achievement.kind == "highlight":
            sections[Category(achievement.category)].highlights.append(achievement)
    return ReportCard(
        year=year,
        headline_values=[v for v in values if v.metric.headline],
        honours=[a for a in achievements if a.kind == "honour"],
        sections=[s for s in sections.values() if s.values or s.highlights],
        years=years_with_data(),
    )


@dataclass
class MetricRow:
    """One line of the dashboard: a metric in the selected year, compared with its target and the year before."""

    metric: Metric
    current: MetricValue | None
    previous: MetricValue | None
    series: list[MetricValue]

    @property
    def percent_of_target(self) -> Decimal | None:
        if self.current is None:
            return None
        return percent_of_target(self.current.value, self.current.target)

    @property
    def target_met(self) -> bool | None:
        if self.current is None:
            return None
        return target_met(self.current.value, self.current.target, higher_is_better=self.metric.higher_is_better)

    @property
    def change(self) -> Change | None:
        return year_on_year(
            self.current.value if self.current else None,
            self.previous.value if self.previous else None,
            higher_is_better=self.metric.higher_is_better,
        )

    @property
    def change_is_approximate(self) -> bool:
        """A change between "700余" and "近30万"-style figures is only indicative."""
        return any(v is not None and v.qualifier != "exact" for v in (self.current, self.previous))

    @property
    def has_trend(self) -> bool:
        return len(self.series) >= MIN_YEARS_FOR_TREND

    @property
    def chart_points(self) -> list[Point]:
        return [Point(label=str(v.year), value=v.value) for v in self.series]

    @cached_property
    def chart(self) -> BarChart | None:
        """The trend chart, or None with fewer than two years (the card then says "one year only")."""
        return bar_chart(self.chart_points) if self.has_trend else None

    @property
    def chart_description(self) -> str:
        return text_alternative(self.chart_points, unit=self.metric.display_unit)


@dataclass
class CategoryBreakdown:
    category: Category
    metrics_reported: int = 0
    with_target: int = 0
    targets_met: int = 0
    honours: int = 0
    highlights: int = 0

    @property
    def label(self) -> str:
        return self.category.label

    @property
    def achievements(self) -> int:
        return self.honours + self.highlights


@dataclass
class RowSection:
    """The dashboard's figures of one category that are not headline figures."""

    category: Category
    rows: list[MetricRow] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.category.label


@dataclass
class Dashboard:
    year: int
    rows: list[MetricRow]
    breakdown: list[CategoryBreakdown]

    @cached_property
    def headline_rows(self) -> list[MetricRow]:
        """The figures flagged 成绩单重点指标: the cards a manager sees first."""
        return [row for row in self.rows if row.metric.headline]

    @cached_property
    def other_sections(self) -> list[RowSection]:
        """Every other figure, by category in reading order; categories without one are left out."""
        sections = {category: RowSection(category=category) for category in Category}
        for row in self.rows:
            if not row.metric.headline:
                sections[Category(row.metric.category)].rows.append(row)
        return [section for section in sections.values() if section.rows]


def metric_rows(*, year: int) -> list[MetricRow]:
    """Every metric that has a value in some year, with its value in `year`, the year before, and its series."""
    series: dict[int, list[MetricValue]] = defaultdict(list)
    metrics: dict[int, Metric] = {}
    for value in sorted(MetricValue.objects.with_metric(), key=_in_category_order):
        series[value.metric_id].append(value)
        metrics[value.metric_id] = value.metric
    rows = []
    for metric_id, values in series.items():
        by_year = {v.year: v for v in values}
        rows.append(
            MetricRow(
                metric=metrics[metric_id], current=by_year.get(year), previous=by_year.get(year - 1), series=values
            )
        )
    return rows


def dashboard(*, year: int) -> Dashboard:
    rows = metric_rows(year=year)
    breakdown = {category: CategoryBreakdown(category=category) for category in Category}
    for row in rows:
        if row.current is None:
            continue
        line = breakdown[Category(row.metric.category)]
        line.metrics_reported += 1
        if row.current.target is not None:
            line.with_target += 1
            line.targets_met += bool(row.target_met)
    counts = (
        Achievement.objects.for_year(year)
        .values("category")
        .annotate(honours=Count("pk", filter=Q(kind="honour")), highlights=Count("pk", filter=Q(kind="highlight")))
    )
    for line in counts:
        breakdown[Category(line["category"])].honours = line["honours"]
        breakdown[Category(line["category"])].highlights = line["highlights"]
    return Dashboard(year=year, rows=rows, breakdown=list(breakdown.values()))


def achievements_for_export(*, year: int) -> list[Achievement]:
    return list(Achievement.objects.for_year(year).order_by("category", "kind", "order", "pk"))


@dataclass
class KindCount:
    kind: FacilityKind
    count: int


@dataclass
class CategoryCount:
    category: ServiceCategory
    count: int


@dataclass
class ReviewCount:
    never_verified: int
    verified_long_ago: int

    @property
    def total(self) -> int:
        return self.never_verified + self.verified_long_ago


@dataclass
class PortalFigures:
    """What the portal itself knows, beside the reported figures. It describes today, not a past year."""

    facilities_total: int
    by_kind: list[KindCount]
    with_capacity: list[Facility]
    place_pools: list[PlacePool]
    services_total: int
    services_by_category: list[CategoryCount]
    facilities_review: ReviewCount
    services_review: ReviewCount
    review_after_days: int
    counted_at: datetime | None = None  # when the free places were counted (they are kept up to a minute)

    @property
    def needs_review(self) -> int:
        return self.facilities_review.total + self.services_review.total


def _review_counts(queryset, *, cutoff) -> ReviewCount:
    counts = queryset.aggregate(
        never=Count("pk", filter=Q(last_verified__isnull=True)),
        old=Count("pk", filter=Q(last_verified__lt=cutoff)),
    )
    return ReviewCount(never_verified=counts["never"], verified_long_ago=counts["old"])


def services_by_category() -> list[CategoryCount]:
    """Published services per top-level category (a sub-category's services count for its parent)."""
    counts: dict[int, int] = defaultdict(int)
    grouped = (
        Service.objects.published().values("category_id", "category__parent_id").annotate(count=Count("pk")).order_by()
    )
    for line in grouped:
        counts[line["category__parent_id"] or line["category_id"]] += line["count"]
    tops = ServiceCategory.objects.filter(pk__in=list(counts)).order_by("order", "name")
    return [CategoryCount(category=category, count=counts[category.pk]) for category in tops]


def place_pools() -> list[PlacePool]:
    """Beds and childcare places of real facilities, each with `free_places` (capacity minus places held) and
    `waiting`."""
    pools = pools_with_free_places(PlacePool.objects.filter(location__facility__is_demo=False))
    return list(pools.order_by("location__facility__name", "location__service__name"))


def portal_figures() -> PortalFigures:
    """Published, real (non-demo) facilities by kind and their capacities, place pools with free places,
    published services by category, and how much content needs re-verifying."""
    live = published_q("facilities__") & Q(facilities__is_demo=False)
    kinds = FacilityKind.objects.annotate(live_count=Count("facilities", filter=live)).filter(live_count__gt=0)
    by_kind = [KindCount(kind=k, count=k.live_count) for k in kinds.order_by("order", "name")]
    published = Facility.objects.published().real()
    with_capacity = list(
        published.filter(capacity__isnull=False).only(
            "name", "name_en", "slug", "capacity", "capacity_unit", "capacity_unit_en"
        )
    )
    cutoff = local_now().date() - timedelta(days=settings.REVIEW_AFTER_DAYS)
    by_category = services_by_category()
    return PortalFigures(
        facilities_total=sum(k.count for k in by_kind),
        by_kind=by_kind,
        with_capacity=with_capacity,
        place_pools=place_pools(),
        services_total=sum(c.count for c in by_category),
        services_by_category=by_category,
        facilities_review=_review_counts(published, cutoff=cutoff),
        services_review=_review_counts(Service.objects.published(), cutoff=cutoff),
        review_after_days=settings.REVIEW_AFTER_DAYS,
    )


KEPT_SECONDS = 24 * 60 * 60
LIVE_SECONDS = 60


def _kept(name: str, topics: tuple[str, ...], compute):
    """`compute()`, kept in the shared cache until one of `topics` changes (facilities.content_version)."""
    versions = topic_versions(topics)
    if versions is None:  # no cache: compute every time
        return compute()
    key = f"wanli:kept:{name}:{':'.join(map(str, versions))}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=KEPT_SECONDS)
    return value


def kept_dashboard(*, year: int) -> Dashboard:
    """`dashboard(year=…)`, computed once per change of the reported figures and kept."""
    return _kept(f"dashboard:{year}", (REPORTS,), lambda: dashboard(year=year))


def kept_portal_figures() -> PortalFigures:
    """`portal_figures()`: the content figures computed once per content change (and per day, for the
    review cut-off) and kept; the free places counted afresh at most once a minute and on every change of
    the places, with the time they were counted (`counted_at`)."""
    figures = _kept(f"portal:{local_now().date()}", (SITE, FACILITIES, SERVICES), portal_figures)
    live = None
    places = topic_versions((PLACES,))
    key = f"wanli:live:place-pools:{places}"
    if places is not None:
        live = cache.get(key)
    if live is None:
        live = (place_pools(), timezone.now())
        if places is not None:
            cache.set(key, live, timeout=LIVE_SECONDS)
    figures.place_pools, figures.counted_at = live
    return figures
