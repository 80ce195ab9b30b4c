"""Reads for activities: what's on (by day or week, filtered), one activity's page, a sign-up by its code."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from facilities.geo import Point
from facilities.models import Facility
from facilities.queries import nearby_hits
from intake.codes import normalize_code

from .models import HOLDING_STATUSES, Activity, ActivitySeries, SignUp, SignUpStatus


def with_places(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Adds `.places_taken` and `.places_left` (people), counted in the same query by a subquery."""
    taken = (
        SignUp.objects.filter(activity=OuterRef("pk"), status__in=HOLDING_STATUSES)
        .order_by()
        .values("activity")
        .annotate(total=Sum("party_size"))
        .values("total")
    )
    return activities.annotate(
        places_taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0)),
    ).annotate(places_left=F("capacity") - F("places_taken"))


def public_activities() -> QuerySet[Activity]:
    """Published activities with what a list row shows (place, series, places left)."""
    return with_places(Activity.objects.published().with_listing_relations())


@dataclass(frozen=True)
class Period:
    """The days a what's-on page covers: one day, or the Monday-to-Sunday week around a date."""

    view: str
    first: date
    last: date

    @classmethod
    def around(cls, day: date, *, view: str) -> "Period":
        if view == "week":
            first = day - timedelta(days=day.weekday())
            return cls(view="week", first=first, last=first + timedelta(days=6))
        return cls(view="day", first=day, last=day)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def previous(self) -> date:
        return self.first - timedelta(days=7 if self.view == "week" else 1)

    @property
    def next(self) -> date:
        return self.first + timedelta(days=7 if self.view == "week" else 1)


def activities_in(
    period: Period,
    *,
    audience: str = "",
    kind: str = "",
    facility: Facility | None = None,
    places_left: bool = False,
) -> QuerySet[Activity]:
    """Published activities overlapping `period`, in start order, filtered as the what's-on page asks."""
    rows = public_activities().between(period.start, period.end)
    if audience:
        rows = rows.filter(audience=audience)
    if kind:
        rows = rows.filter(kind=kind)
    if facility is not None:
        rows = rows.filter(facility=facility)
    if places_left:
        rows = rows.filter(places_left__gt=0)
    return rows.order_by("starts_at", "pk")


def near(activities: QuerySet[Activity], *, origin: Point, radius_m: float) -> list[Activity]:
    """The activities held at published places with a verified location within `radius_m` of `origin`, in start
    order, each given `.distance_m` and `.walking_minutes` (of its place). Two queries whatever the rows."""
    hits = {hit.pk: hit for hit in nearby_hits(Facility.objects.published(), origin=origin, radius_m=radius_m)}
    rows = list(activities.filter(facility__in=list(hits)))
    for activity in rows:
        hit = hits[activity.facility_id]
        activity.distance_m = hit.distance_m
        activity.walking_minutes = hit.walking_minutes
    return rows


def public_activity_detail(*, slug: str) -> Activity:
    """A published activity with its places counted; raises Activity.DoesNotExist otherwise."""
    return public_activities().get(slug=slug)


def preview_activity_detail(*, slug: str) -> Activity:
    """Any activity not in the recycle bin (drafts too), for staff to see it as it will look."""
    return with_places(Activity.objects.with_listing_relations()).get(slug=slug)


def other_sessions(activity: Activity, *, limit: int = 20) -> list[Activity]:
    """The coming published sessions of the same series, the activity itself included, in date order."""
    if activity.series_id is None:
        return []
    rows = public_activities().filter(series_id=activity.series_id).upcoming().order_by("starts_at", "pk")
    return list(rows[:limit])


def public_series(*, slug: str) -> ActivitySeries:
    return ActivitySeries.objects.select_related("facility").get(slug=slug)


def feed_activities(
    *, facility: Facility | None = None, audience: str = "", limit: int = 500, since_days: int = 30
) -> list[Activity]:
    """What a calendar feed carries: published activities from `since_days` ago onwards (a calendar app keeps
    older ones), capped at `limit`."""
    since = timezone.now() - timedelta(days=since_days)
    rows = Activity.objects.published().select_related("facility").filter(ends_at__gte=since)
    if facility is not None:
        rows = rows.filter(facility=facility)
    if audience:
        rows = rows.filter(audience=audience)
    return list(rows.order_by("starts_at", "pk")[:limit])


def find_tracked_sign_up(*, code: str, phone_last4: str) -> SignUp | None:
    """The sign-up with this code whose phone ends with these four digits; None otherwise (either wrong)."""
    normalized = normalize_code(code)
    if not normalized or len(phone_last4) != 4 or not phone_last4.isdigit():
        return None
    found = SignUp.objects.select_related("activity", "activity__facility").filter(tracking_code=normalized).first()
    if found is None or found.anonymised_at is not None or not found.phone.endswith(phone_last4):
        return None
    return found


def batch_sign_ups(sign_up: SignUp) -> list[SignUp]:
    """The sign-ups made together with `sign_up` (all sessions of a series), in date order."""
    return list(
        SignUp.objects.select_related("activity", "activity__facility")
        .filter(batch=sign_up.batch)
        .order_by("activity__starts_at", "pk")
    )


def waitlist_position(sign_up: SignUp) -> int | None:
    """1 for the head of the waitlist; None when not waiting."""
    if sign_up.status != SignUpStatus.WAITLISTED:
        return None
    ahead = SignUp.objects.filter(activity_id=sign_up.activity_id, status=SignUpStatus.WAITLISTED).filter(
        Q(queued_at__lt=sign_up.queued_at) | Q(queued_at=sign_up.queued_at, pk__lt=sign_up.pk)
    )
    return ahead.count() + 1


def sign_up_by_code(code: str | None) -> SignUp | None:
    """The sign-up this browser just made (its code kept in the session), unless purged since."""
    if not code:
        return None
    return SignUp.objects.filter(tracking_code=code, anonymised_at__isnull=True).first()


def coming_at_facility(facility: Facility, *, limit: int = 5) -> list[Activity]:
    """The next published activities at one place, with places left (one query), for its page."""
    return list(public_activities().filter(facility=facility).upcoming().order_by("starts_at", "pk")[:limit])
