"""Reads for the facilities directory."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from publishing.publishable import published_q
from publishing.queries import ContentToDo, content_to_do

from .bilingual import prefers_english
from .geo import Point, bounding_box, haversine_m, walking_minutes, wgs84_to_gcj02
from .hours import local_now
from .models import CalendarDayKind, Estate, Facility, FacilityKind, HoursException, OpeningPeriod, PublicHoliday
from .open_now import OpenNow


def _upcoming_exceptions() -> Prefetch:
    today = local_now().date()
    return Prefetch(
        "hours_exceptions",
        queryset=HoursException.objects.filter(date__range=(today - timedelta(days=1), today + timedelta(days=8))),
    )


def public_facilities() -> QuerySet[Facility]:
    """Published facilities with what a list row shows (kind, parent, audiences, hours)."""
    return Facility.objects.published().with_listing_relations().prefetch_related(_upcoming_exceptions())


def _with_detail_relations(facilities: QuerySet[Facility]) -> QuerySet[Facility]:
    children = Facility.objects.published().select_related("kind")
    return facilities.with_listing_relations().prefetch_related(
        _upcoming_exceptions(), Prefetch("children", queryset=children), "photos"
    )


def public_facility_detail(*, slug: str) -> Facility:
    """A published facility with everything its page shows; raises Facility.DoesNotExist otherwise."""
    return _with_detail_relations(Facility.objects.published()).get(slug=slug)


def preview_facility_detail(*, slug: str) -> Facility:
    """Any facility not in the recycle bin (drafts, archived), for staff to see it as it will look."""
    return _with_detail_relations(Facility.objects.all()).get(slug=slug)


def next_year_holidays_missing(*, today: date) -> bool:
    """True when the shared calendar has no public holiday in the year after `today`'s: "open now" would be
    wrong on next year's holidays. The admin, the staff to-do list and the background jobs all ask this."""
    return not PublicHoliday.objects.filter(date__year=today.year + 1, kind=CalendarDayKind.HOLIDAY).exists()


def kinds_in_use() -> QuerySet[FacilityKind]:
    return FacilityKind.objects.filter(published_q("facilities__")).distinct().order_by("order", "name")


def annotate_open_status(facilities, *, at=None, now: OpenNow | None = None) -> list[Facility]:
    """Attaches `.status` (an OpenStatus) to each facility of an already-fetched page, with one calendar for
    the request (`now`: the same one the open-now filter used, when there is one)."""
    now = now if now is not None else OpenNow.at(at)
    rows = list(facilities)
    for facility in rows:
        facility.status = now.status_of(facility)
    return rows


# --- Nearby -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NearbyHit:
    """A located row within the search radius: its primary key and straight-line distance in metres."""

    pk: int
    distance_m: float

    @property
    def walking_minutes(self) -> float:
        return walking_minutes(self.distance_m)


def nearby_hits(queryset: QuerySet, *, origin: Point, radius_m: float, limit: int | None = None) -> list[NearbyHit]:
    """The rows of `queryset` with a verified location within `radius_m` of `origin`, nearest first.

    One query: a bounding-box prefilter on the indexed latitude/longitude columns fetches only
    (pk, latitude, longitude) of the rows in the box; the exact great-circle distance is computed for those
    alone, so the cost depends on how many places are near, not on the size of the table.
    Works for any model with a point (publishing.location: facilities, estates).
    """
    box = bounding_box(origin, radius_m)
    rows = (
        queryset.prefetch_related(None)
        .filter(location_verified=True)
        .within(box)
        .order_by()
        .values_list("pk", "latitude", "longitude")
    )
    best: dict[int, float] = {}
    for pk, latitude, longitude in rows:
        distance = haversine_m(origin.latitude, origin.longitude, float(latitude), float(longitude))
        if distance <= radius_m:
            best[pk] = distance
    hits = sorted((NearbyHit(pk=pk, distance_m=d) for pk, d in best.items()), key=lambda h: (h.distance_m, h.pk))
    return hits[:limit] if limit is not None else hits


def page_ids(queryset: QuerySet) -> QuerySet:
    """The primary keys of `queryset` in its order, to paginate: sorting the narrow ids of the whole table
    (the order joins the kind) is cheaper than sorting its full rows; `in_page_order` then fetches one page."""
    return queryset.prefetch_related(None).values_list("pk", flat=True)


def in_page_order(queryset: QuerySet, pks: Iterable[int]) -> list:
    """The rows of `queryset` (with its prefetches) whose primary keys are `pks`, in that order."""
    pks = list(pks)
    by_pk = {obj.pk: obj for obj in queryset.filter(pk__in=pks).order_by()}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def with_distances(hits: Iterable[NearbyHit], queryset: QuerySet) -> list:
    """The objects of `hits` fetched from `queryset` (keeping its prefetches) in hit order, each given
    `.distance_m` and `.walking_minutes`."""
    hits = list(hits)
    by_pk = {obj.pk: obj for obj in queryset.filter(pk__in=[h.pk for h in hits])}
    ordered = []
    for hit in hits:
        obj = by_pk.get(hit.pk)
        if obj is not None:
            obj.distance_m = hit.distance_m
            obj.walking_minutes = hit.walking_minutes
            ordered.append(obj)
    return ordered


def facilities_near(
    *,
    origin: Point,
    radius_m: float | None = None,
    queryset: QuerySet | None = None,
    limit: int | None = None,
) -> list[Facility]:
    """The nearest published facilities with a verified location, nearest first, with distance and walking time.

    For any page or endpoint that needs "nearest places": pass a narrower `queryset` (for example the
    facilities offering one service) and a `limit`. Places whose location is not verified never appear.
    """
    queryset = public_facilities() if queryset is None else queryset
    radius_m = settings.NEARBY_DEFAULT_RADIUS_M if radius_m is None else radius_m
    return with_distances(nearby_hits(queryset, origin=origin, radius_m=radius_m, limit=limit), queryset)


def order_by_distance(places: Iterable, *, origin: Point, key=lambda place: place) -> tuple[list, list]:
    """Already-fetched items split into (located, nearest first, each place given `.distance_m` and
    `.walking_minutes`) and (not located, listed apart). `key` gets the facility of an item.

    For short lists that are already in memory, such as the places offering one service."""
    located, unlocated = [], []
    for item in places:
        place = key(item)
        if (point := place.verified_coordinates) is not None:
            place.distance_m = haversine_m(origin.latitude, origin.longitude, *point)
            place.walking_minutes = walking_minutes(place.distance_m)
            located.append(item)
        else:
            unlocated.append(item)
    located.sort(key=lambda item: (key(item).distance_m, key(item).pk))
    return located, unlocated


def estate_choices() -> QuerySet[Estate]:
    """Estates for the "pick your estate" selector; unverified ones are offered but explained on selection."""
    return Estate.objects.only("slug", "name", "name_en", "location_verified", "latitude", "longitude").order_by("name")


def unlocated_facilities(queryset: QuerySet, *, limit: int) -> tuple[list[Facility], int]:
    """Up to `limit` rows of `queryset` whose location is not verified (listed apart), and how many there are."""
    unlocated = queryset.prefetch_related(None).select_related(None).unlocated().order_by("name")
    return list(unlocated.only("slug", "name", "name_en")[:limit]), unlocated.count()


# --- Map ----------------------------------------------------------------------------------------------


def map_point(latitude: float, longitude: float) -> tuple[float, float]:
    """A stored WGS-84 point in the coordinate system of the configured map tiles."""
    if settings.MAP_TILE_COORDINATES == "gcj02":
        latitude, longitude = wgs84_to_gcj02(latitude, longitude)
    return round(latitude, 6), round(longitude, 6)


def map_markers(queryset: QuerySet, *, limit: int) -> tuple[list[dict], int]:
    """Markers for the located facilities of `queryset`, in the tile system's coordinates, and their count.

    Thousands of markers: only the columns a marker shows are read (no model instances) and the page address
    is reversed once, as a pattern."""
    located = queryset.prefetch_related(None).select_related(None).located().order_by("kind__order", "name", "pk")
    total = located.count()
    english = prefers_english()
    address = reverse("facilities:detail", kwargs={"slug": "slug-placeholder"})
    rows = located.values_list("latitude", "longitude", "name", "name_en", "slug", "kind__name", "kind__name_en")
    markers = []
    for latitude, longitude, name, name_en, slug, kind, kind_en in rows[:limit]:
        lat, lng = map_point(float(latitude), float(longitude))
        markers.append(
            {
                "lat": lat,
                "lng": lng,
                "name": name_en if english and name_en else name,
                "kind": kind_en if english and kind_en else kind,
                "url": address.replace("slug-placeholder", slug),
            }
        )
    return markers, total


def next_hours_transition(*, after: datetime) -> datetime:
    """A moment no later than the next time any published facility opens or closes, or the date changes
    ("today's hours"): how long a page showing "open now" may be cached.

    Conservative and cheap (one query whatever the number of facilities): it takes every time of day at
    which any published facility's weekly hours or coming exceptions start or end, plus midnight, and returns
    the first one after `after`. Holidays only ever remove transitions, so this is never later than the
    exact answer of `hours.next_change`, only sometimes earlier.
    """
    moment = after.astimezone(local_now().tzinfo)
    published = Facility.objects.published()
    weekly = OpeningPeriod.objects.filter(facility__in=published).order_by().values_list("opens", "closes")
    upcoming = (
        HoursException.objects.filter(
            facility__in=published,
            is_closed=False,
            date__range=(moment.date() - timedelta(days=1), moment.date() + timedelta(days=2)),
        )
        .order_by()
        .values_list("opens", "closes")
    )
    times = {time(0, 0)}
    for opens, closes in weekly.union(upcoming):  # one query; UNION drops the duplicates
        times.update((opens, closes))
    for day_offset in (0, 1):
        day = moment.date() + timedelta(days=day_offset)
        candidates = sorted(datetime.combine(day, t, tzinfo=moment.tzinfo) for t in times)
        for candidate in candidates:
            if candidate > moment:
                return candidate
    raise AssertionError("midnight tomorrow is always after `after`")  # pragma: no cover


def hours_history(*, facility_id: int, limit: int = 50) -> list:
    """The latest changes to a facility's weekly hours and dated exceptions, newest first, for the admin history page.

    Each record gets `kind_label` ("每周开放时段" / "特殊开放安排"); `str(record.instance)` is the period itself.
    """
    sources = [
        (OpeningPeriod.history.model, OpeningPeriod._meta.verbose_name),
        (HoursException.history.model, HoursException._meta.verbose_name),
    ]
    records = []
    for model, label in sources:
        for record in model.objects.filter(facility_id=facility_id).select_related("history_user")[:limit]:
            record.kind_label = label
            records.append(record)
    records.sort(key=lambda r: r.history_date, reverse=True)
    return records[:limit]


def facilities_to_do() -> ContentToDo:
    """Facilities waiting for staff: drafts (for a publisher), and published real (non-demo) places never verified
    or not verified in settings.REVIEW_AFTER_DAYS days (the figure the managers' dashboard shows too)."""
    return content_to_do(
        Facility.objects.all(),
        verify_scope=published_q() & Q(is_demo=False),
    )
