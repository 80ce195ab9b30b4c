"""What the open data publishes: only published records, never demo rows, fetched in a fixed number of queries."""

from collections import defaultdict
from datetime import datetime

from django.db.models import Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest

from casework.models import PlacePool
from casework.queries import pools_with_free_places
from facilities.models import Facility
from publishing.publishable import PublicationStatus
from services.models import Service, ServiceAtLocation, ServiceCategory

from .hsds import ORGANIZATION_ID, TAXONOMY_ID

PUBLISHED = PublicationStatus.PUBLISHED


def hsds_facilities() -> QuerySet[Facility]:
    """Published, real facilities (the HSDS locations), with their weekly hours."""
    return Facility.objects.published().real().prefetch_related("opening_periods").order_by("pk")


def hsds_links() -> QuerySet[ServiceAtLocation]:
    """Service-at-location rows whose service and facility are both published (and the facility is real)."""
    return (
        ServiceAtLocation.objects.filter(
            service__publication_status=PUBLISHED,
            facility__publication_status=PUBLISHED,
            facility__is_demo=False,
        )
        .select_related("service", "service__category", "service__category__parent", "facility")
        .prefetch_related("facility__opening_periods")
        .order_by("pk")
    )


def hsds_services() -> QuerySet[Service]:
    return Service.objects.published().select_related("category", "category__parent").order_by("pk")


def with_places(services: QuerySet[Service]) -> QuerySet[Service]:
    """Adds `.hsds_links`: the published places of each service, with their facilities' hours."""
    links = (
        ServiceAtLocation.objects.filter(facility__publication_status=PUBLISHED, facility__is_demo=False)
        .select_related("facility")
        .prefetch_related("facility__opening_periods")
        .order_by("pk")
    )
    return services.prefetch_related(Prefetch("locations", queryset=links, to_attr="hsds_links"))


def hsds_categories() -> QuerySet[ServiceCategory]:
    return ServiceCategory.objects.select_related("parent").order_by("pk")


def search_services(services: QuerySet[Service], text: str) -> QuerySet[Service]:
    return services.filter(
        Q(name__icontains=text)
        | Q(name_en__icontains=text)
        | Q(summary__icontains=text)
        | Q(description__icontains=text)
        | Q(category__name__icontains=text)
    )


def search_links(links: QuerySet[ServiceAtLocation], text: str) -> QuerySet[ServiceAtLocation]:
    return links.filter(
        Q(service__name__icontains=text)
        | Q(service__name_en__icontains=text)
        | Q(service__summary__icontains=text)
        | Q(facility__name__icontains=text)
        | Q(facility__name_en__icontains=text)
        | Q(note__icontains=text)
    )


def search_categories(categories: QuerySet[ServiceCategory], text: str) -> QuerySet[ServiceCategory]:
    return categories.filter(Q(name__icontains=text) | Q(name_en__icontains=text) | Q(slug__icontains=text))


def counted_pools() -> QuerySet[PlacePool]:
    """Place pools whose free places the portal really counts, at published real facilities: the service takes
    online requests, or staff record every occupied place as a request. Each has `held` and `counted_at`, the
    last time the count could have changed (the pool, the service's request settings or one of its requests)."""
    pools = PlacePool.objects.filter(
        Q(location__service__request_settings__accepts_requests=True) | Q(occupancy_kept_by_staff=True),
        location__facility__publication_status=PUBLISHED,
        location__facility__is_demo=False,
    )
    return (
        pools_with_free_places(pools)
        .annotate(
            counted_at=Greatest(
                "updated_at",
                Coalesce(Max("requests__updated_at"), "updated_at"),
                Coalesce("location__service__request_settings__updated_at", "updated_at"),
            ),
        )
        .order_by("location__pk")
    )


def attach_capacities(services: list[Service]) -> list[Service]:
    """Sets `.hsds_pools` (the counted pools of each service) on every service, in one query."""
    by_service: dict[int, list[PlacePool]] = defaultdict(list)
    for pool in counted_pools().filter(location__service__in=[s.pk for s in services]):
        by_service[pool.location.service_id].append(pool)
    for service in services:
        service.hsds_pools = by_service[service.pk]
    return services


def full_services(services: QuerySet[Service]) -> list[Service]:
    """The services with `.hsds_links` and `.hsds_pools`, all a fully nested service shows (fixed queries)."""
    return attach_capacities(list(with_places(services)))


def services_modified_after(services: QuerySet[Service], moment: datetime) -> QuerySet[Service]:
    """Services whose fully nested form may have changed since `moment`: the service, one of its places or
    facilities, or the free places counted there."""
    changed = Service.objects.filter(
        Q(updated_at__gte=moment)
        | Q(locations__updated_at__gte=moment)
        | Q(locations__facility__updated_at__gte=moment)
        | Q(locations__place_pool__updated_at__gte=moment)
        | Q(locations__place_pool__requests__updated_at__gte=moment)
        | Q(request_settings__updated_at__gte=moment)
    ).values("pk")
    return services.filter(pk__in=changed)


def links_modified_after(links: QuerySet[ServiceAtLocation], moment: datetime) -> QuerySet[ServiceAtLocation]:
    return links.filter(
        Q(updated_at__gte=moment) | Q(service__updated_at__gte=moment) | Q(facility__updated_at__gte=moment)
    )


def links_with_postal_code(links: QuerySet[ServiceAtLocation], postal_code: str) -> QuerySet[ServiceAtLocation]:
    return links.filter(facility__postal_code=postal_code)


def in_term(services_or_links: QuerySet, term_id, *, prefix: str = "") -> QuerySet:
    """Records whose category is the term with this UUID or, for a top term, one of its sub-terms."""
    return services_or_links.filter(
        Q(**{f"{prefix}category__uuid": term_id}) | Q(**{f"{prefix}category__parent__uuid": term_id})
    )


def _fixed_id_matches(given, fixed) -> bool:
    """The portal has one organization and one taxonomy: any other id filters everything out."""
    return given is None or given == fixed


def hsds_service_list(
    *,
    organization_id=None,
    taxonomy_id=None,
    taxonomy_term_id=None,
    search: str = "",
    modified_after=None,
) -> QuerySet[Service]:
    services = hsds_services()
    if not (_fixed_id_matches(organization_id, ORGANIZATION_ID) and _fixed_id_matches(taxonomy_id, TAXONOMY_ID)):
        return services.none()
    if search:
        services = search_services(services, search)
    if taxonomy_term_id is not None:
        services = in_term(services, taxonomy_term_id)
    if modified_after is not None:
        services = services_modified_after(services, modified_after)
    return services


def hsds_link_list(
    *,
    organization_id=None,
    taxonomy_id=None,
    taxonomy_term_id=None,
    search: str = "",
    modified_after=None,
    postcode: str | None = None,
) -> QuerySet[ServiceAtLocation]:
    links = hsds_links()
    if not (_fixed_id_matches(organization_id, ORGANIZATION_ID) and _fixed_id_matches(taxonomy_id, TAXONOMY_ID)):
        return links.none()
    if search:
        links = search_links(links, search)
    if taxonomy_term_id is not None:
        links = in_term(links, taxonomy_term_id, prefix="service__")
    if modified_after is not None:
        links = links_modified_after(links, modified_after)
    if postcode is not None:
        links = links_with_postal_code(links, postcode)
    return links


def hsds_term_list(
    *,
    taxonomy_id=None,
    parent_id=None,
    top_only: bool = False,
    search: str = "",
) -> QuerySet[ServiceCategory]:
    terms = hsds_categories()
    if not _fixed_id_matches(taxonomy_id, TAXONOMY_ID):
        return terms.none()
    if search:
        terms = search_categories(terms, search)
    if parent_id is not None:
        terms = terms.filter(parent__uuid=parent_id)
    if top_only:
        terms = terms.filter(parent__isnull=True)
    return terms


def organization_has_services(*, taxonomy_id=None, taxonomy_term_id=None) -> bool:
    """Whether the one organization matches these filters: it has a published service in the taxonomy/term."""
    if taxonomy_id is None and taxonomy_term_id is None:
        return True
    if not _fixed_id_matches(taxonomy_id, TAXONOMY_ID):
        return False
    services = hsds_services()
    if taxonomy_term_id is not None:
        services = in_term(services, taxonomy_term_id)
    return services.exists()
