"""Synthetic demo activities, flagged `is_demo`, for trying the pages and for benchmarks. Never seed data: the
source names no dates, times or places of real activities, so none are made up here."""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from facilities.content_version import bump_content_version
from facilities.models import AudienceCode, Facility
from publishing.publishable import PublicationStatus

from .models import Activity, ActivityKind, ActivitySeries

SERIES_EVERY = 10  # one activity in ten starts a demo weekly class
SERIES_WEEKS = 4


@transaction.atomic
def generate_demo_activities(*, count: int, seed: int = 700) -> int:
    """Creates up to `count` demo activities (演示活动 NNNNN) at demo facilities over the coming four weeks;
    existing ones are kept. Returns how many were made. Needs demo facilities (generate_demo --facilities)."""
    places = list(Facility.objects.filter(is_demo=True).order_by("pk").values_list("pk", flat=True)[:500])
    if not places and count:
        raise ValueError("no demo facilities: run generate_demo --facilities N first")
    rng = random.Random(seed)
    existing = set(Activity.all_objects.filter(is_demo=True).values_list("slug", flat=True))
    today = timezone.localdate()
    new = []
    for n in range(1, count + 1):
        slug = f"demo-activity-{n:05d}"
        start = timezone.make_aware(
            datetime.combine(today + timedelta(days=rng.randrange(0, 28)), time(rng.randrange(8, 20)))
        )
        capacity = rng.choice([10, 20, 30, 40])
        week = (n - 1) % SERIES_EVERY
        if week == 0:
            series, series_start = _demo_series(n, facility_id=rng.choice(places)), start
        in_series = week < SERIES_WEEKS
        if in_series:
            start = series_start + timedelta(weeks=week)
        if slug in existing:
            continue
        new.append(
            Activity(
                slug=slug,
                title=f"演示活动 {n:05d}",
                title_en=f"Demo activity {n:05d}",
                description="演示数据，不是真实活动。",
                description_en="Demo data, not a real activity.",
                facility_id=series.facility_id if in_series else rng.choice(places),
                series=series if in_series else None,
                audience=rng.choice(AudienceCode.values),
                kind=rng.choice(ActivityKind.values),
                starts_at=start,
                ends_at=start + timedelta(minutes=rng.choice([60, 90, 120])),
                capacity=capacity,
                max_party_size=rng.choice([1, 1, 2, 3]),
                publication_status=PublicationStatus.PUBLISHED,
                is_demo=True,
            )
        )
    Activity.objects.bulk_create(new, batch_size=500)
    bump_content_version()  # bulk inserts send no save signal
    return len(new)


def _demo_series(n: int, *, facility_id: int) -> ActivitySeries:
    return ActivitySeries.objects.get_or_create(
        slug=f"demo-series-{n:05d}",
        defaults={
            "title": f"演示系列 {n:05d}",
            "title_en": f"Demo series {n:05d}",
            "facility_id": facility_id,
            "is_demo": True,
        },
    )[0]
