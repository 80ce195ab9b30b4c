"""Synthetic demo facilities, flagged `is_demo`, for trying features and for benchmarks. Never seed data."""

import random
from datetime import time
from decimal import Decimal

from django.db import transaction

from publishing.publishable import PublicationStatus

from .models import Audience, Estate, Facility, FacilityKind, OpeningPeriod

# Approximate centre of Wanli given by the source; demo points scatter around it.
DEMO_CENTRE = (31.26, 121.40)
DEMO_SPREAD_DEGREES = 0.02


@transaction.atomic
def generate_demo_facilities(*, count: int, seed: int = 2023) -> int:
    """Creates up to `count` demo facilities named 演示设施 NNNNN; existing ones are kept. Returns how many were made."""
    rng = random.Random(seed)
    kinds = list(FacilityKind.objects.all())
    if not kinds:
        kinds = [FacilityKind.objects.create(slug="demo", name="演示类型", name_en="Demo kind")]
    existing = set(Facility.objects.filter(is_demo=True).values_list("slug", flat=True))
    new = []
    for n in range(1, count + 1):
        slug = f"demo-{n:05d}"
        if slug in existing:
            continue
        new.append(
            Facility(
                slug=slug,
                name=f"演示设施 {n:05d}",
                name_en=f"Demo facility {n:05d}",
                kind=rng.choice(kinds),
                summary="演示数据，不是真实设施。",
                summary_en="Demo data, not a real place.",
                latitude=Decimal(
                    str(round(DEMO_CENTRE[0] + rng.uniform(-DEMO_SPREAD_DEGREES, DEMO_SPREAD_DEGREES), 6))
                ),
                longitude=Decimal(
                    str(round(DEMO_CENTRE[1] + rng.uniform(-DEMO_SPREAD_DEGREES, DEMO_SPREAD_DEGREES), 6))
                ),
                location_verified=True,
                publication_status=PublicationStatus.PUBLISHED,
                is_demo=True,
            )
        )
    Facility.objects.bulk_create(new, batch_size=500)
    made = Facility.objects.filter(slug__in=[f.slug for f in new])
    audiences = list(Audience.objects.all())
    periods, links = [], []
    through = Facility.audiences.through
    for facility in made:
        for weekday in range(7):
            if rng.random() < 0.8:
                periods.append(
                    OpeningPeriod(facility=facility, weekday=weekday, opens=time(8), closes=time(rng.choice([17, 20])))
                )
        if audiences:
            links.append(through(facility_id=facility.pk, audience_id=rng.choice(audiences).pk))
    OpeningPeriod.objects.bulk_create(periods, batch_size=1000)
    through.objects.bulk_create(links, batch_size=1000)
    return len(new)


@transaction.atomic
def generate_demo_estates(*, count: int, seed: int = 2016) -> int:
    """Creates up to `count` demo estates named 演示小区 NNN with verified synthetic points; returns how many."""
    rng = random.Random(seed)
    existing = set(Estate.objects.filter(is_demo=True).values_list("slug", flat=True))
    new = []
    for n in range(1, count + 1):
        slug = f"demo-estate-{n:03d}"
        if slug in existing:
            continue
        households = rng.randrange(200, 3000, 10)
        new.append(
            Estate(
                slug=slug,
                name=f"演示小区 {n:03d}",
                name_en=f"Demo estate {n:03d}",
                latitude=Decimal(
                    str(round(DEMO_CENTRE[0] + rng.uniform(-DEMO_SPREAD_DEGREES, DEMO_SPREAD_DEGREES), 6))
                ),
                longitude=Decimal(
                    str(round(DEMO_CENTRE[1] + rng.uniform(-DEMO_SPREAD_DEGREES, DEMO_SPREAD_DEGREES), 6))
                ),
                location_verified=True,
                households=households,
                population=round(households * rng.uniform(2.2, 2.9)),
                source_note="演示数据，不是真实小区。",
                is_demo=True,
            )
        )
    Estate.objects.bulk_create(new, batch_size=500)
    return len(new)
