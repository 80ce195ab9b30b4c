"""Writes for services and canteen menus. Views, admin and commands call these; they validate, then save."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from facilities.content_version import FACILITIES, bump_topics, facility_topic
from facilities.models import Facility
from publishing.publishable import PublicationStatus

from .models import Menu, MenuItem, Service, ServiceAtLocation

WEEK = timedelta(days=7)


def service_offer_at(
    *, service: Service, facility: Facility, note: str = "", phone: str = "", hours_note: str = ""
) -> ServiceAtLocation:
    """Records that `service` is offered at `facility`; validates (one row per pair) and saves."""
    link = ServiceAtLocation(service=service, facility=facility, note=note, phone=phone, hours_note=hours_note)
    link.full_clean()
    link.save()
    return link


@dataclass(frozen=True)
class MenuCopyResult:
    created: list[Menu]
    skipped: list[Menu]  # sources whose next-week menu already exists: never overwritten


@transaction.atomic
def menus_copy_to_next_week(*, menus) -> MenuCopyResult:
    """Copies each menu, with its dishes and prices, to the same canteen and meal seven days later.

    This is how a canteen reuses last week's menu: the copies are drafts, so staff check the prices and
    publish them. A menu that already exists on the target day is left alone (no data is ever overwritten).
    """
    created, skipped = [], []
    sources = Menu.objects.filter(pk__in=[m.pk for m in menus]).prefetch_related("items").order_by("date", "meal")
    for source in sources:
        target_date = source.date + WEEK
        if Menu.objects.filter(facility_id=source.facility_id, date=target_date, meal=source.meal).exists():
            skipped.append(source)
            continue
        copy = Menu(
            facility_id=source.facility_id, date=target_date, meal=source.meal, note=source.note, note_en=source.note_en
        )
        copy.full_clean()
        copy.save()
        items = [
            MenuItem(
                menu=copy,
                dish=item.dish,
                dish_en=item.dish_en,
                price=item.price,
                discount_for=item.discount_for,
                discounted_price=item.discounted_price,
                order=item.order,
            )
            for item in source.items.all()
        ]
        for item in items:
            item.full_clean()
        MenuItem.objects.bulk_create(items)
        created.append(copy)
    return MenuCopyResult(created=created, skipped=skipped)


def menus_publish(*, menus) -> int:
    """Publishes the given menus; returns how many changed."""
    rows = Menu.objects.filter(pk__in=[m.pk for m in menus]).exclude(publication_status=PublicationStatus.PUBLISHED)
    slugs = set(rows.values_list("facility__slug", flat=True))
    count = rows.update(publication_status=PublicationStatus.PUBLISHED, updated_at=timezone.now())
    if count:
        bump_topics(FACILITIES, *(facility_topic(slug) for slug in slugs))  # an UPDATE sends no save signal
    return count
