"""Reads for the services catalogue and the canteen menus."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Coalesce

from facilities.hours import hours_today, local_now
from facilities.models import Facility
from facilities.open_now import OpenNow
from facilities.queries import annotate_open_status, public_facilities
from publishing.publishable import public_q, published_q
from publishing.queries import ContentToDo, content_to_do

from .models import MEAL_ORDER, Menu, MenuItem, Service, ServiceAtLocation, ServiceCategory

MENU_DAYS_AHEAD = 6  # today and the coming six days: a week of menus


def public_services() -> QuerySet[Service]:
    """Published services with what a list row shows, and how many published places offer each."""
    return (
        Service.objects.published()
        .with_listing_relations()
        .annotate(
            place_count=Count(
                "locations",
                distinct=True,
                filter=public_q("locations__facility__"),
            )
        )
        # Services of one top category together (whether filed under it or a sub-category), pk last so
        # that pages never repeat or skip a row.
        .order_by(
            Coalesce("category__parent__order", "category__order"),
            "category__parent__name",
            "category__order",
            "name",
            "pk",
        )
    )


def category_tree() -> list[ServiceCategory]:
    """Top categories, each with `.subcategories`, limited to those that hold published services."""
    published = published_q("services__")
    subcategories = ServiceCategory.objects.annotate(service_count=Count("services", filter=published)).filter(
        service_count__gt=0
    )
    tops = (
        ServiceCategory.objects.top_level()
        .annotate(
            own_count=Count("services", filter=published, distinct=True),
            child_count=Count(
                "children__services",
                filter=published_q("children__services__"),
                distinct=True,
            ),
        )
        .prefetch_related(Prefetch("children", queryset=subcategories, to_attr="subcategories"))
    )
    return [top for top in tops if top.own_count or top.child_count]


def published_locations(queryset=None) -> QuerySet[ServiceAtLocation]:
    """Service-at-location rows whose facility is published (a join: the recycle bin is excluded here, not by the
    facility's default manager)."""
    queryset = queryset if queryset is not None else ServiceAtLocation.objects.all()
    return queryset.filter(public_q("facility__"))


def public_service_detail(*, slug: str) -> Service:
    """A published service with its category and every published place offering it (facility hours
    prefetched for open-now status); raises Service.DoesNotExist otherwise."""
    return _with_detail_relations(Service.objects.published()).get(slug=slug)


def public_services_with_places(*, slugs: list[str]) -> list[Service]:
    """The published services among `slugs`, each with its published places (as on its page), in `slugs`' order."""
    found = {
        service.slug: service for service in _with_detail_relations(Service.objects.published()).filter(slug__in=slugs)
    }
    return [found[slug] for slug in slugs if slug in found]


def preview_service_detail(*, slug: str) -> Service:
    """Any service not in the recycle bin (drafts, archived), for staff to see it as it will look."""
    return _with_detail_relations(Service.objects.all()).get(slug=slug)


def _with_detail_relations(services: QuerySet[Service]) -> QuerySet[Service]:
    places = published_locations().prefetch_related(Prefetch("facility", queryset=public_facilities()))
    return services.with_listing_relations().prefetch_related(
        Prefetch("locations", queryset=places, to_attr="public_places")
    )


@dataclass
class PlaceStatus:
    link: ServiceAtLocation
    facility: Facility
    today_hours: list = field(default_factory=list)


def places_with_status(service: Service, *, at=None) -> list[PlaceStatus]:
    """Each place of a detail-fetched service, its facility annotated with `.status`, and today's hours."""
    now = OpenNow.at(at)  # one holiday calendar for the statuses and today's hours
    links = sorted(service.public_places, key=lambda link: link.facility.name)
    facilities = annotate_open_status([link.facility for link in links], now=now)
    return [
        PlaceStatus(
            link=link, facility=facility, today_hours=hours_today(facility, at=now.moment, calendar=now.calendar)
        )
        for link, facility in zip(links, facilities, strict=True)
    ]


def services_at_facility(facility: Facility) -> list[ServiceAtLocation]:
    """The published services offered at a facility, with the facility-specific note."""
    return list(
        ServiceAtLocation.objects.filter(published_q("service__"), facility=facility)
        .select_related("service", "service__category")
        .order_by("service__category__order", "service__name")
    )


@dataclass
class MenuDay:
    day: date
    menus: list[Menu]


def upcoming_menus(
    facility: Facility, *, today: date | None = None, days_ahead: int = MENU_DAYS_AHEAD
) -> list[MenuDay]:
    """Published menus of a canteen from today to `days_ahead` days on, grouped by day, meals in order."""
    today = today or local_now().date()
    menus = (
        Menu.objects.published()
        .filter(facility=facility, date__range=(today, today + timedelta(days=days_ahead)))
        .prefetch_related(Prefetch("items", queryset=MenuItem.objects.order_by("order", "pk")))
    )
    by_day: dict[date, list[Menu]] = {}
    for menu in sorted(menus, key=lambda m: (m.date, MEAL_ORDER[m.meal])):
        by_day.setdefault(menu.date, []).append(menu)
    return [MenuDay(day=day, menus=day_menus) for day, day_menus in by_day.items()]


def services_to_do() -> ContentToDo:
    """Services waiting for staff: drafts (for a publisher), and published services never verified or not verified
    in settings.REVIEW_AFTER_DAYS days."""
    return content_to_do(Service.objects.all(), verify_scope=published_q())


def draft_menus_ahead(*, today: date | None = None) -> QuerySet[Menu]:
    """Draft menus for today or later (copied to the next week, say), waiting to be published; past ones are moot."""
    today = today or local_now().date()
    return Menu.objects.drafts().filter(date__gte=today)
