"""What the open data publishes: only published records, never demo rows, fetched in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime

from django.db.models import Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest

from casework.models import PlacePool
from casework.queries import pools_with_free_places
from facilities.models import Facility
from facilities.queries import facilities_near
from publishing.publishable import PublicationStatus
from services.models import Service, ServiceAtLocation, ServiceCategory, ServiceQuerySet

from . import hsds
from .hsds import ORGANIZATION_ID, TAXONOMY_ID

PUBLISHED = PublicationStatus.PUBLISHED


def hsds_facilities() -> QuerySet[Facility]:
    """Published, real facilities (the HSDS locations), with their weekly hours."""
    return Facility.objects.published().real().prefetch_related("opening_periods").order_by("pk")


def geojson_facilities(*, filters: Mapping | None = None) -> QuerySet[Facility] | list[Facility]:
    """Published, real facilities with a verified location; with `near` (a Point) only those within `radius`
    metres, nearest first, each with `distance_m` and `walking_minutes` (a GeoJsonParams' validated data)."""
    filters = filters or {}
    facilities = hsds_facilities().select_related("kind")
    if filters.get("near") is not None:
        return facilities_near(origin=filters["near"], radius_m=filters.get("radius"), queryset=facilities)
    return facilities.located()


def hsds_links(*, filters: Mapping | None = None) -> QuerySet[ServiceAtLocation]:
    """Service-at-location rows whose service and facility are both published (and the facility is real);
    `filters` are HSDA's (a ServiceAtLocationListParams' validated data): organization_id, taxonomy_id,
    taxonomy_term_id, search, modified_after, postcode."""
    links = (
        ServiceAtLocation.objects.filter(
            service__publication_status=PUBLISHED,
            facility__publication_status=PUBLISHED,
            facility__is_demo=False,
        )
        .select_related("service", "service__category", "service__category__parent", "facility")
        .prefetch_related("facility__opening_periods")
        .order_by("pk")
    )
    return _filter_links(links, filters or {})


def hsds_services(*, filters: Mapping | None = None) -> QuerySet[Service]:
    """Published services; `filters` are HSDA's (a ServiceListParams' validated data): organization_id,
    taxonomy_id, taxonomy_term_id, search, modified_after."""
    services = Service.objects.published().select_related("category", "category__parent").order_by("pk")
    return _filter_services(services, filters or {})


def with_places(services: QuerySet[Service]) -> QuerySet[Service]:
    """Adds `.hsds_links`: the published places of each service, with their facilities' hours."""
    links = (
        ServiceAtLocation.objects.filter(facility__publication_status=PUBLISHED, facility__is_demo=False)
        .select_related("facility")
        .prefetch_related("facility__opening_periods")
        .order_by("pk")
    )
    return services.prefetch_related(Prefetch("locations", queryset=links, to_attr="hsds_links"))


def hsds_categories(*, filters: Mapping | None = None) -> QuerySet[ServiceCategory]:
    """The taxonomy terms (service categories); `filters` are HSDA's (a TaxonomyTermListParams' validated
    data): taxonomy_id, parent_id, top_only, search."""
    terms = ServiceCategory.objects.select_related("parent").order_by("pk")
    return _filter_terms(terms, filters or {})


def search_links(links: QuerySet[ServiceAtLocation], text: str) -> QuerySet[ServiceAtLocation]:
    """A place matches when its service matches the services' search, or by its facility's name or its note."""
    return links.filter(
        ServiceQuerySet.search_condition(text, prefix="service__")
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


def in_term(services_or_links: QuerySet, term_id, *, prefix: str = "") -> QuerySet:
    """Records whose category is the term with this UUID or, for a top term, one of its sub-terms."""
    return services_or_links.filter(
        Q(**{f"{prefix}category__uuid": term_id}) | Q(**{f"{prefix}category__parent__uuid": term_id})
    )


def _fixed_id_matches(given, fixed) -> bool:
    """The portal has one organization and one taxonomy: any other id filters everything out."""
    return given is None or given == fixed


def _in_the_one_taxonomy(filters: Mapping) -> bool:
    return _fixed_id_matches(filters.get("organization_id"), ORGANIZATION_ID) and _fixed_id_matches(
        filters.get("taxonomy_id"), TAXONOMY_ID
    )


def _filter_services(services: QuerySet[Service], filters: Mapping) -> QuerySet[Service]:
    if not _in_the_one_taxonomy(filters):
        return services.none()
    if filters.get("search"):
        # The services' one search, the same as the public service list's keyword (ServiceQuerySet.search).
        services = services.search(filters["search"])
    if filters.get("taxonomy_term_id") is not None:
        services = in_term(services, filters["taxonomy_term_id"])
    if filters.get("modified_after") is not None:
        services = services_modified_after(services, filters["modified_after"])
    return services


def _filter_links(links: QuerySet[ServiceAtLocation], filters: Mapping) -> QuerySet[ServiceAtLocation]:
    if not _in_the_one_taxonomy(filters):
        return links.none()
    if filters.get("search"):
        links = search_links(links, filters["search"])
    if filters.get("taxonomy_term_id") is not None:
        links = in_term(links, filters["taxonomy_term_id"], prefix="service__")
    if filters.get("modified_after") is not None:
        links = links_modified_after(links, filters["modified_after"])
    if filters.get("postcode") is not None:
        links = links.filter(facility__postal_code=filters["postcode"])
    return links


def _filter_terms(terms: QuerySet[ServiceCategory], filters: Mapping) -> QuerySet[ServiceCategory]:
    if not _fixed_id_matches(filters.get("taxonomy_id"), TAXONOMY_ID):
        return terms.none()
    if filters.get("search"):
        terms = search_categories(terms, filters["search"])
    if filters.get("parent_id") is not None:
        terms = terms.filter(parent__uuid=filters["parent_id"])
    if filters.get("top_only"):
        terms = terms.filter(parent__isnull=True)
    return terms


def _text_in(text: str, name: str, other: str) -> bool:
    return text in name or text.lower() in other.lower()


def hsds_organizations(*, filters: Mapping | None = None) -> list[dict]:
    """The one organization (the sub-district office), or none when the filters leave it out: `search` in its
    names, or a taxonomy or term in which it has no published service."""
    filters = filters or {}
    organization = hsds.organization()
    text = filters.get("search", "")
    if text and not _text_in(text, organization["name"], organization["alternate_name"]):
        return []
    if filters.get("taxonomy_id") is None and filters.get("taxonomy_term_id") is None:
        return [organization]
    if not _fixed_id_matches(filters.get("taxonomy_id"), TAXONOMY_ID):
        return []
    services = hsds_services()
    if filters.get("taxonomy_term_id") is not None:
        services = in_term(services, filters["taxonomy_term_id"])
    return [organization] if services.exists() else []


def hsds_taxonomies(*, filters: Mapping | None = None) -> list[dict]:
    """The one taxonomy (the portal's service categories), or none when `search` is in neither its name nor
    its description."""
    text = (filters or {}).get("search", "")
    taxonomy = hsds.taxonomy()
    return [taxonomy] if not text or _text_in(text, taxonomy["name"], taxonomy["description"]) else []
