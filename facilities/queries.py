"""Reads for the facilities directory."""
from datetime import timedelta

from django.db.models import Prefetch, QuerySet

from .hours import HolidayCalendar, local_now, open_status
from .models import Facility, FacilityKind, HoursException


def _upcoming_exceptions() -> Prefetch:
    today = local_now().date()
    return Prefetch(
        "hours_exceptions",
        queryset=HoursException.objects.filter(date__range=(today - timedelta(days=1), today + timedelta(days=8))),
    )


def public_facilities() -> QuerySet[Facility]:
    """Published facilities with what a list row shows (kind, parent, audiences, hours)."""
    return Facility.objects.published().with_listing_relations().prefetch_related(_upcoming_exceptions())


def public_facility_detail(*, slug: str) -> Facility:
    """A published facility with everything its page shows; raises Facility.DoesNotExist otherwise."""
    children = Facility.objects.published().select_related("kind")
    return (
        public_facilities()
        .prefetch_related(Prefetch("children", queryset=children), "photos")
        .get(slug=slug)
    )


def open_now_ids(facilities: QuerySet[Facility]) -> list[int]:
    """Ids of the facilities in `facilities` that are open at this moment."""
    moment = local_now()
    calendar = HolidayCalendar.around(moment.date())
    return [f.pk for f in facilities if open_status(f, at=moment, calendar=calendar).is_open]


def kinds_in_use() -> QuerySet[FacilityKind]:
    return FacilityKind.objects.filter(facilities__publication_status="published").distinct().order_by("order", "name")


def annotate_open_status(facilities, *, at=None) -> list[Facility]:
    """Attaches `.status` (an OpenStatus) to each facility of an already-fetched page."""
    moment = at or local_now()
    calendar = HolidayCalendar.around(moment.date())
    rows = list(facilities)
    for facility in rows:
        facility.status = open_status(facility, at=moment, calendar=calendar)
    return rows
