"""Reads for the life circle: one estate's nearest places per category, and the estates × categories matrix.

Only facilities and estates whose location staff have verified take part; the others are counted apart so
a placeholder point can never make an estate look covered.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q

from facilities.bilingual import prefers_english
from facilities.geo import (
    METRES_PER_DEGREE_LATITUDE,
    Point,
    bounding_box,
    displayed_minutes,
    haversine_m,
    reach_m,
    walking_minutes,
    within_target,
)
from facilities.models import Estate, Facility
from publishing.publishable import PublicationStatus
from services.models import ServiceAtLocation

from .models import LifeCircleCategory

COVERAGE_VERSION_KEY = "lifecircle:coverage:version"


def categories() -> list[LifeCircleCategory]:
    return list(LifeCircleCategory.objects.prefetch_related("kinds", "service_categories").order_by("order", "name"))


def _kind_ids(category: LifeCircleCategory) -> set[int]:
    return {kind.pk for kind in category.kinds.all()}


def _service_category_ids(category: LifeCircleCategory) -> set[int]:
    return {service_category.pk for service_category in category.service_categories.all()}


# --- One estate ---------------------------------------------------------------------------------------


@dataclass
class CategoryResult:
    """The nearest verified place of one category from an estate, and the verdict against the target."""

    category: LifeCircleCategory
    facility: Facility | None = None
    distance_m: float | None = None
    unlocated_count: int = 0

    @property
    def walking_minutes(self) -> float | None:
        return None if self.distance_m is None else walking_minutes(self.distance_m)

    @property
    def shown_minutes(self) -> int | None:
        minutes = self.walking_minutes
        return None if minutes is None else displayed_minutes(minutes)

    @property
    def within_target(self) -> bool:
        minutes = self.walking_minutes
        return minutes is not None and within_target(minutes, self.category.target_minutes)


def category_places(cats: list[LifeCircleCategory], *, box=None) -> list[list[tuple[int, float, float]]]:
    """For each category (same order), the published places with a verified location that satisfy it (by
    kind, or by offering a published service of one of its service categories or their sub-categories),
    as (pk, latitude, longitude); two queries, optionally limited to a bounding box."""
    categories_of_kind: dict[int, list[int]] = defaultdict(list)
    categories_of_service_category: dict[int, list[int]] = defaultdict(list)
    for index, category in enumerate(cats):
        for kind_id in _kind_ids(category):
            categories_of_kind[kind_id].append(index)
        for service_category_id in _service_category_ids(category):
            categories_of_service_category[service_category_id].append(index)
    places: list[list[tuple[int, float, float]]] = [[] for _ in cats]
    facilities = Facility.objects.published().located()
    if box is not None:
        facilities = facilities.within(box)
    if categories_of_kind:
        rows = facilities.filter(kind_id__in=list(categories_of_kind))
        for pk, kind_id, latitude, longitude in rows.values_list("pk", "kind_id", "latitude", "longitude"):
            for index in categories_of_kind[kind_id]:
                places[index].append((pk, float(latitude), float(longitude)))
    if categories_of_service_category:
        ids = list(categories_of_service_category)
        links = (
            ServiceAtLocation.objects.filter(
                facility__in=facilities, service__publication_status=PublicationStatus.PUBLISHED
            )
            .filter(Q(service__category_id__in=ids) | Q(service__category__parent_id__in=ids))
            .values_list(
                "facility_id",
                "facility__latitude",
                "facility__longitude",
                "service__category_id",
                "service__category__parent_id",
            )
        )
        for pk, latitude, longitude, category_id, parent_id in links:
            indexes = set(categories_of_service_category.get(category_id, ())) | set(
                categories_of_service_category.get(parent_id, ())
            )
            for index in indexes:
                places[index].append((pk, float(latitude), float(longitude)))
    return places


def estate_life_circle(estate: Estate) -> list[CategoryResult]:
    """For each category, the nearest published place with a verified location within the search radius.

    A fixed number of queries whatever the number of places: categories (+ kinds), the places in the box
    around the estate, the chosen places, and the count of unverified places per kind.
    """
    if not estate.is_located:
        raise ValueError("the estate's location is not verified")
    origin = Point(float(estate.latitude), float(estate.longitude))
    radius = settings.LIFE_CIRCLE_SEARCH_RADIUS_M
    cats = categories()
    results = [CategoryResult(category=c) for c in cats]
    for result, places in zip(results, category_places(cats, box=bounding_box(origin, radius)), strict=True):
        nearest = min(
            ((haversine_m(origin.latitude, origin.longitude, lat, lng), pk) for pk, lat, lng in places),
            default=None,
        )
        if nearest is not None and nearest[0] <= radius:
            result.distance_m, result.facility = nearest
    all_kinds = set().union(*(_kind_ids(c) for c in cats)) if cats else set()
    unlocated = dict(
        Facility.objects.published()
        .unlocated()
        .filter(kind_id__in=all_kinds)
        .values("kind_id")
        .annotate(n=Count("pk"))
        .values_list("kind_id", "n")
    )
    for result in results:
        result.unlocated_count = sum(unlocated.get(k, 0) for k in _kind_ids(result.category))
    chosen = {r.facility for r in results if r.facility is not None}
    places_by_pk = Facility.objects.select_related("kind").in_bulk(chosen)
    for result in results:
        if result.facility is not None:
            result.facility = places_by_pk[result.facility]
    return results


# --- The coverage matrix ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A cached, language-independent name: picks the English one at render time when there is one."""

    name: str
    name_en: str = ""
    slug: str = ""

    @property
    def display_name(self) -> str:
        return self.name_en if prefers_english() and self.name_en else self.name


@dataclass(frozen=True)
class CategoryColumn:
    label: Label
    target_minutes: int


@dataclass(frozen=True)
class Cell:
    """Walking minutes to the nearest place (None: none within reach of the search), and the verdict."""

    minutes: float | None
    within: bool

    @property
    def shown_minutes(self) -> int | None:
        return None if self.minutes is None else displayed_minutes(self.minutes)


@dataclass(frozen=True)
class EstateRow:
    label: Label
    households: int | None
    population: int | None
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class CategorySummary:
    estates_covered: int
    estates_total: int
    residents_covered: int
    residents_known: int

    @property
    def estate_share(self) -> float | None:
        return self.estates_covered / self.estates_total if self.estates_total else None

    @property
    def resident_share(self) -> float | None:
        return self.residents_covered / self.residents_known if self.residents_known else None


@dataclass
class CoverageMatrix:
    columns: list[CategoryColumn]
    rows: list[EstateRow]
    summaries: list[CategorySummary]
    unlocated_estates: list[Label] = field(default_factory=list)
    # A cell without minutes means: no place of that category within this many minutes.
    horizon_minutes: int = 15

    @property
    def gap_count(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if not cell.within)


class _PlaceGrid:
    """The places of each category bucketed into square cells as wide as the longest target's reach, so for
    an estate only the 3 × 3 cells around it are examined: every place within reach is in them (places
    further away may be too, and are used as found)."""

    def __init__(self, places: list[list[tuple[int, float, float]]], *, cell_m: float, latitudes: list[float]):
        self.cell_m = cell_m
        polar = min(89.0, max((abs(lat) for lat in latitudes), default=0.0) + cell_m / METRES_PER_DEGREE_LATITUDE)
        self.cell_lat = cell_m / METRES_PER_DEGREE_LATITUDE
        self.cell_lng = self.cell_lat / math.cos(math.radians(polar))
        self.cells: dict[tuple[int, int, int], list[tuple[float, float]]] = defaultdict(list)
        for index, column in enumerate(places):
            for _pk, lat, lng in column:
                self.cells[(index, *self._cell_of(lat, lng))].append((lat, lng))

    def _cell_of(self, lat: float, lng: float) -> tuple[int, int]:
        return math.floor(lat / self.cell_lat), math.floor(lng / self.cell_lng)

    def nearest_minutes(self, index: int, lat: float, lng: float) -> float | None:
        """Walking minutes to the nearest place of category `index`, or None when none is within one cell."""
        gx, gy = self._cell_of(lat, lng)
        # Within a few kilometres a flat projection ranks points exactly enough; the winner's distance is
        # then computed on the sphere, so verdicts use the true great-circle distance.
        squeeze = math.cos(math.radians(lat))
        nearest, nearest_key = None, None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for p_lat, p_lng in self.cells.get((index, gx + dx, gy + dy), ()):
                    key = (p_lat - lat) ** 2 + ((p_lng - lng) * squeeze) ** 2
                    if nearest_key is None or key < nearest_key:
                        nearest, nearest_key = (p_lat, p_lng), key
        best = None if nearest is None else haversine_m(lat, lng, *nearest)
        # Beyond one cell the 3 × 3 search no longer guarantees the nearest: report "further than" instead.
        return None if best is None or best > self.cell_m else walking_minutes(best)


def _summaries(rows: list[EstateRow], column_count: int) -> list[CategorySummary]:
    summaries = []
    for index in range(column_count):
        covered = [row for row in rows if row.cells[index].within]
        summaries.append(
            CategorySummary(
                estates_covered=len(covered),
                estates_total=len(rows),
                residents_covered=sum(row.population for row in covered if row.population),
                residents_known=sum(row.population for row in rows if row.population),
            )
        )
    return summaries


def compute_coverage() -> CoverageMatrix:
    """Estates × categories: is the nearest place of each category within its target walking time?

    Four queries whatever the size; the search for the nearest place is _PlaceGrid's.
    """
    cats = categories()
    columns = [CategoryColumn(Label(c.name, c.name_en, c.slug), c.target_minutes) for c in cats]
    estates = list(
        Estate.objects.order_by("name").values_list(
            "name", "name_en", "slug", "households", "population", "location_verified", "latitude", "longitude"
        )
    )
    located = [e for e in estates if e[5] and e[6] is not None and e[7] is not None]
    unlocated = [Label(e[0], e[1], e[2]) for e in estates if not (e[5] and e[6] is not None and e[7] is not None)]

    places = category_places(cats)
    max_target = max((c.target_minutes for c in cats), default=15)
    latitudes = [lat for column in places for _pk, lat, _lng in column] + [float(e[6]) for e in located]
    grid = _PlaceGrid(places, cell_m=reach_m(max_target), latitudes=latitudes)

    rows = []
    for name, name_en, slug, households, population, _verified, latitude, longitude in located:
        cells = []
        for index, column in enumerate(columns):
            minutes = grid.nearest_minutes(index, float(latitude), float(longitude))
            within = minutes is not None and within_target(minutes, column.target_minutes)
            cells.append(Cell(minutes=minutes, within=within))
        rows.append(EstateRow(Label(name, name_en, slug), households, population, tuple(cells)))
    return CoverageMatrix(
        columns=columns,
        rows=rows,
        summaries=_summaries(rows, len(columns)),
        unlocated_estates=unlocated,
        horizon_minutes=max_target,
    )


def coverage_version() -> int:
    cache.add(COVERAGE_VERSION_KEY, 1, timeout=None)
    return cache.get(COVERAGE_VERSION_KEY) or 1


def coverage_matrix() -> CoverageMatrix:
    """The matrix, cached until a facility, estate, kind or category changes (see signals.py)."""
    key = f"lifecircle:coverage:matrix:v{coverage_version()}"
    matrix = cache.get(key)
    if matrix is None:
        matrix = compute_coverage()
        cache.set(key, matrix, timeout=settings.LIFE_CIRCLE_CACHE_SECONDS)
    return matrix
