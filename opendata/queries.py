"""What the open data publishes: only published records, never demo rows, fetched in a fixed number of queries."""
from django.db.models import Prefetch, Q, QuerySet

from facilities.models import Facility, PublicationStatus
from services.models import Service, ServiceAtLocation, ServiceCategory

PUBLISHED = PublicationStatus.PUBLISHED


def hsds_facilities() -> QuerySet[Facility]:
    """Published, real facilities (the HSDS locations), with their weekly hours."""
    return Facility.objects.published().real().prefetch_related("opening_periods").order_by("pk")


def hsds_links() -> QuerySet[ServiceAtLocation]:
    """Service-at-location rows whose service and facility are both published (and the facility is real)."""
    return (
        ServiceAtLocation.objects.filter(
            service__publication_status=PUBLISHED, facility__publication_status=PUBLISHED, facility__is_demo=False,
        )
        .select_related("service", "service__category", "service__category__parent", "facility")
        .prefetch_related("facility__opening_periods")
        .order_by("pk")
    )


def hsds_services() -> QuerySet[Service]:
    return Service.objects.published().select_related("category", "category__parent").order_by("pk")


def with_places(services: QuerySet[Service]) -> QuerySet[Service]:
    """Adds `.hsds_links`: the published places of each service, with their facilities' hours."""
    links = ServiceAtLocation.objects.filter(
        facility__publication_status=PUBLISHED, facility__is_demo=False
    ).select_related("facility").prefetch_related("facility__opening_periods").order_by("pk")
    return services.prefetch_related(Prefetch("locations", queryset=links, to_attr="hsds_links"))


def hsds_categories() -> QuerySet[ServiceCategory]:
    return ServiceCategory.objects.select_related("parent").order_by("pk")


def search_services(services: QuerySet[Service], text: str) -> QuerySet[Service]:
    return services.filter(
        Q(name__icontains=text) | Q(name_en__icontains=text) | Q(summary__icontains=text)
        | Q(description__icontains=text) | Q(category__name__icontains=text)
    )


def search_links(links: QuerySet[ServiceAtLocation], text: str) -> QuerySet[ServiceAtLocation]:
    return links.filter(
        Q(service__name__icontains=text) | Q(service__name_en__icontains=text) | Q(service__summary__icontains=text)
        | Q(facility__name__icontains=text) | Q(facility__name_en__icontains=text) | Q(note__icontains=text)
    )


def search_categories(categories: QuerySet[ServiceCategory], text: str) -> QuerySet[ServiceCategory]:
    return categories.filter(Q(name__icontains=text) | Q(name_en__icontains=text) | Q(slug__icontains=text))


def in_taxonomy_term(services_or_links: QuerySet, term: ServiceCategory, *, prefix: str = "") -> QuerySet:
    """Records whose category is the term or, for a top term, one of its sub-terms."""
    return services_or_links.filter(Q(**{f"{prefix}category": term}) | Q(**{f"{prefix}category__parent": term}))
