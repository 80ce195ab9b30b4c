"""The open-data API: HSDA (the Open Referral API for HSDS 3.1) under /api/hsds/, and facilities as GeoJSON.

Read-only and public. Views parse parameters, call a query, build HSDS objects and answer; every JSON answer
carries an ETag and a Cache-Control header, and a matching If-None-Match gets 304 (see urls.py). The list
endpoints answer POST exactly as GET (HSDA 3.1's query variants): parameters in the query string either way.
"""

import json
import math
import uuid
from collections.abc import Callable, Iterator

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from facilities.content_version import FACILITIES, PLACES, SERVICES

from . import hsds, openapi, queries
from .geojson import facilities_feature_collection
from .params import (
    GeoJsonParams,
    ListParams,
    OrganizationDetailParams,
    OrganizationListParams,
    ServiceAtLocationListParams,
    ServiceListParams,
    TaxonomyTermListParams,
)

CACHE_SECONDS = 300
NDJSON = "application/x-ndjson"
NDJSON_CHUNK = 200

Builder = Callable[[list], list[dict]]


def bad_request(errors) -> ValidationError:
    return ValidationError({"detail": _("请求参数有误。Invalid parameters."), "errors": errors})


def parse_params(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    # DRF reads an empty query parameter as an absent one; here it is refused, so no parameter goes unheeded.
    empty = {
        name: [_("参数不能为空。")]
        for name, field in serializer.fields.items()
        if request.query_params.get(name) == "" and not getattr(field, "allow_blank", False)
    }
    if not serializer.is_valid() or empty:
        raise bad_request({**getattr(serializer, "_errors", {}), **empty})
    return serializer.validated_data


def parse_id(value: str, message) -> uuid.UUID:
    """Ids are UUIDs here; any other id names no record, so it is a 404 like an unknown UUID."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound(message) from None


def hsds_page(queryset: QuerySet | list, *, page: int, per_page: int, build: Builder) -> dict:
    """The HSDA paging fields around one page of built objects (a count query, then one page query)."""
    total = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    start = (page - 1) * per_page
    rows = list(queryset[start : start + per_page]) if start < total else []
    contents = build(rows)
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _ndjson_lines(queryset: QuerySet | list, build: Builder) -> Iterator[str]:
    for start in range(0, len(queryset) if isinstance(queryset, list) else queryset.count(), NDJSON_CHUNK):
        for item in build(list(queryset[start : start + NDJSON_CHUNK])):
            yield json.dumps(item, ensure_ascii=False) + "\n"


def listing(queryset: QuerySet | list, params: dict, build: Builder):
    """A page of JSON, or with `format=ndjson` every result, one JSON object a line, streamed without paging."""
    if params.get("format") == "ndjson":
        return StreamingHttpResponse(_ndjson_lines(queryset, build), content_type=NDJSON)
    return Response(hsds_page(queryset, page=params["page"], per_page=params["per_page"], build=build))


def each(function: Callable) -> Builder:
    return lambda rows: [function(row) for row in rows]


def full_services(rows: list) -> list[dict]:
    return [hsds.service_nested(service) for service in queries.attach_capacities(rows)]


class HsdaView(APIView):
    # The query parameters a view reads (its params serializer's fields): the page cache keys on them only.
    page_cache_parameters: tuple[str, ...] = ()
    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        return response


class RootView(HsdaView):
    @extend_schema(
        operation_id="hsds_root",
        summary="HSDA: version, profile and OpenAPI URL",
        responses=openapi.root_responses(),
        tags=["HSDS"],
    )
    def get(self, request):
        return Response(
            {
                "version": hsds.HSDS_VERSION,
                "profile": hsds.HSDS_PROFILE,
                "openapi_url": request.build_absolute_uri(reverse("opendata:schema")),
            }
        )


class ServiceListView(HsdaView):
    page_cache_parameters = tuple(ServiceListParams().fields)
    # What the rows show (facilities.content_version): services, their places and counted free places.
    page_cache_depends_on = (FACILITIES, SERVICES, PLACES)

    @openapi.list_operation("hsds_services_list", "Published services", ServiceListParams, "service")
    def get(self, request):
        params = parse_params(ServiceListParams, request)
        services = queries.hsds_services(filters=params)
        if params["full"]:
            return listing(queries.with_places(services), params, full_services)
        return listing(services, params, each(hsds.service_minimal if params["minimal"] else hsds.service_basic))

    post = openapi.as_post_query(get, "hsds_services_query")


class ServiceDetailView(HsdaView):
    @openapi.detail_operation("hsds_service_detail", "A fully nested published service", "service")
    def get(self, request, id: str):
        message = _("没有这项服务，或它尚未发布。")
        [service] = queries.full_services(queries.hsds_services().filter(uuid=parse_id(id, message))) or [None]
        if service is None:
            raise NotFound(message)
        return Response(hsds.service_nested(service))


class ServiceAtLocationListView(HsdaView):
    page_cache_parameters = tuple(ServiceAtLocationListParams().fields)
    page_cache_depends_on = (FACILITIES, SERVICES, PLACES)

    @openapi.list_operation(
        "hsds_service_at_locations_list",
        "Published services at published locations",
        ServiceAtLocationListParams,
        "service_at_location",
    )
    def get(self, request):
        params = parse_params(ServiceAtLocationListParams, request)
        links = queries.hsds_links(filters=params)
        build = hsds.service_at_location_full if params["full"] else hsds.service_at_location_list_item
        return listing(links, params, each(build))

    post = openapi.as_post_query(get, "hsds_service_at_locations_query")


class ServiceAtLocationDetailView(HsdaView):
    @openapi.detail_operation(
        "hsds_service_at_location_detail", "A fully nested service at a location", "service_at_location"
    )
    def get(self, request, id: str):
        message = _("没有这条服务地点记录，或它尚未发布。")
        try:
            link = queries.hsds_links().get(uuid=parse_id(id, message))
        except queries.ServiceAtLocation.DoesNotExist:
            raise NotFound(message) from None
        return Response(hsds.service_at_location_full(link))


def _organization(*, full: bool, full_service: bool) -> dict:
    if not (full or full_service):
        return hsds.organization()
    services = queries.hsds_services()
    built = (
        [hsds.service_nested(s) for s in queries.full_services(services)]
        if full_service
        else [hsds.service_basic(s) for s in services]
    )
    return hsds.organization_full(services=built, facilities=list(queries.hsds_facilities()))


class OrganizationListView(HsdaView):
    page_cache_parameters = tuple(OrganizationListParams().fields)

    @openapi.list_operation(
        "hsds_organizations_list", "Organizations (the sub-district office)", OrganizationListParams, "organization"
    )
    def get(self, request):
        params = parse_params(OrganizationListParams, request)
        organizations = queries.hsds_organizations(filters=params)
        build = each(lambda _org: _organization(full=params["full"], full_service=params["full_service"]))
        return listing(organizations, params, build)

    post = openapi.as_post_query(get, "hsds_organizations_query")


class OrganizationDetailView(HsdaView):
    page_cache_parameters = tuple(OrganizationDetailParams().fields)

    @openapi.detail_operation(
        "hsds_organization_detail",
        "The organization, with its locations and services",
        "organization",
        parameters=[OrganizationDetailParams],
    )
    def get(self, request, id: str):
        params = parse_params(OrganizationDetailParams, request)
        if parse_id(id, _("没有这个机构。")) != hsds.ORGANIZATION_ID:
            raise NotFound(_("没有这个机构。"))
        return Response(_organization(full=True, full_service=params["full_service"]))


class TaxonomyListView(HsdaView):
    page_cache_parameters = tuple(ListParams().fields)
    page_cache_depends_on = ()  # the categories: the site's vocabulary, on every page

    @openapi.list_operation(
        "hsds_taxonomies_list", "Taxonomies (the portal's service categories)", ListParams, "taxonomy"
    )
    def get(self, request):
        params = parse_params(ListParams, request)
        return listing(queries.hsds_taxonomies(filters=params), params, each(dict))

    post = openapi.as_post_query(get, "hsds_taxonomies_query")


class TaxonomyDetailView(HsdaView):
    @openapi.detail_operation("hsds_taxonomy_detail", "A taxonomy", "taxonomy")
    def get(self, request, id: str):
        if parse_id(id, _("没有这个分类体系。")) != hsds.TAXONOMY_ID:
            raise NotFound(_("没有这个分类体系。"))
        return Response(hsds.taxonomy())


class TaxonomyTermListView(HsdaView):
    page_cache_parameters = tuple(TaxonomyTermListParams().fields)
    page_cache_depends_on = ()

    @openapi.list_operation(
        "hsds_taxonomy_terms_list",
        "Taxonomy terms (service categories, two levels)",
        TaxonomyTermListParams,
        "taxonomy_term",
    )
    def get(self, request):
        params = parse_params(TaxonomyTermListParams, request)
        return listing(queries.hsds_categories(filters=params), params, each(hsds.taxonomy_term))

    post = openapi.as_post_query(get, "hsds_taxonomy_terms_query")


class TaxonomyTermDetailView(HsdaView):
    @openapi.detail_operation("hsds_taxonomy_term_detail", "A taxonomy term", "taxonomy_term")
    def get(self, request, id: str):
        message = _("没有这个分类。")
        try:
            term = queries.hsds_categories().get(uuid=parse_id(id, message))
        except queries.ServiceCategory.DoesNotExist:
            raise NotFound(message) from None
        return Response(hsds.taxonomy_term(term))


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class FacilitiesGeoJsonView(HsdaView):
    page_cache_parameters = tuple(GeoJsonParams().fields)
    page_cache_depends_on = (FACILITIES,)
    # JSON first, so errors answer application/json unless a client accepts only GeoJSON.
    renderer_classes = [JSONRenderer, GeoJSONRenderer]

    @extend_schema(
        operation_id="facilities_geojson",
        summary="Published facilities with verified coordinates (GeoJSON)",
        parameters=[GeoJsonParams],
        responses=openapi.geojson_responses(),
        tags=["GeoJSON"],
    )
    def get(self, request):
        """Published facilities with verified coordinates, as a GeoJSON FeatureCollection (RFC 7946).
        With `near` (and `radius`), only those within the radius, nearest first, with distance and walking time."""
        params = parse_params(GeoJsonParams, request)
        collection = facilities_feature_collection(queries.geojson_facilities(filters=params))
        return Response(collection, content_type=GeoJSONRenderer.media_type)
