"""The open-data API: HSDA (the Open Referral API for HSDS 3.0) under /api/hsds/, and facilities as GeoJSON.

Read-only and public. Views parse parameters, call a query, build HSDS objects and answer; every response
carries an ETag and a Cache-Control header, and a matching If-None-Match gets 304 (see urls.py).
"""
import math
import uuid
from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from . import hsds, queries
from .geojson import facilities_feature_collection
from .params import GeoJsonParams, ListParams, OrganizationListParams, ServiceListParams, TaxonomyTermListParams

CACHE_SECONDS = 300
ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="HSDS id (UUID)")


def bad_request(errors) -> ValidationError:
    return ValidationError({"detail": _("请求参数有误。Invalid parameters."), "errors": errors})


def parse_params(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    if not serializer.is_valid():
        raise bad_request(serializer.errors)
    return serializer.validated_data


def parse_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise bad_request({"id": [_("id 必须是 UUID。")]}) from None


def hsds_page(queryset: QuerySet, *, page: int, per_page: int, build: Callable) -> dict:
    """The HSDA paging fields around one page of built objects (a count query, then one page query)."""
    total = queryset.count()
    start = (page - 1) * per_page
    rows = list(queryset[start:start + per_page]) if start < total else []
    contents = [build(row) for row in rows]
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


def _matches_fixed_id(params: dict, key: str, fixed: uuid.UUID) -> bool:
    return key not in params or params[key] == fixed


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
    @extend_schema(operation_id="hsds_root", summary="HSDA: version, profile and OpenAPI URL", responses=OpenApiTypes.OBJECT, tags=["HSDS"])
    def get(self, request):
        return Response({
            "version": hsds.HSDS_VERSION,
            "profile": hsds.HSDS_PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("opendata:schema")),
        })


class ServiceListView(HsdaView):
    page_cache_parameters = tuple(ServiceListParams().fields)
    @extend_schema(operation_id="hsds_services_list", summary="Published services (HSDS service list items)", parameters=[ServiceListParams],
                   responses=OpenApiTypes.OBJECT, tags=["HSDS"])
    def get(self, request):
        params = parse_params(ServiceListParams, request)
        services = queries.hsds_services()
        if not (_matches_fixed_id(params, "organization_id", hsds.ORGANIZATION_ID)
                and _matches_fixed_id(params, "taxonomy_id", hsds.TAXONOMY_ID)):
            services = services.none()
        if params.get("search"):
            services = queries.search_services(services, params["search"])
        if "taxonomy_term_id" in params:
            services = services.filter(Q(category__uuid=params["taxonomy_term_id"]) | Q(category__parent__uuid=params["taxonomy_term_id"]))
        if "modified_after" in params:
            services = services.filter(updated_at__gte=params["modified_after"])
        return Response(hsds_page(services, page=params["page"], per_page=params["per_page"], build=hsds.service_basic))


class ServiceDetailView(HsdaView):
    @extend_schema(operation_id="hsds_service_detail", summary="A fully nested published service", parameters=[ID_PARAMETER], responses=OpenApiTypes.OBJECT, tags=["HSDS"])
    def get(self, request, id: str):
        try:
            service = queries.with_places(queries.hsds_services()).get(uuid=parse_id(id))
        except queries.Service.DoesNotExist:
            raise NotFound(_("没有这项服务，或它尚未发布。")) from None
        return Response(hsds.service_full(service, service.hsds_links))


class ServiceAtLocationListView(HsdaView):
    page_cache_parameters = tuple(ServiceListParams().fields)
    @extend_schema(operation_id="hsds_service_at_locations_list", summary="Published services at published locations", parameters=[ServiceListParams],
                   responses=OpenApiTypes.OBJECT, tags=["HSDS"])
    def get(self, request):
        params = parse_params(ServiceListParams, request)
        links = queries.hsds_links()
        if not (_matches_fixed_id(params, "organization_id", hsds.ORGANIZATION_ID)
                and _matches_fixed_id(params, "taxonomy_id", hsds.TAXONOMY_ID)):
            links = links.none()
        if params.get("search"):
            links = queries.search_links(links, params["search"])
        if "taxonomy_term_id" in params:
            term = params["taxonomy_term_id"]
            links = links.filter(Q(service__category__uuid=term) | Q(service__category__parent__uuid=term))
        if "modified_after" in params:
            moment = params["modified_after"]
            links = links.filter(
                Q(updated_at__gte=moment) | Q(service__updated_at__gte=moment) | Q(facility__updated_at__gte=moment)
            )
        return Response(
            hsds_page(links, page=params["page"], per_page=params["per_page"], build=hsds.service_at_location_list_item)
        )


class ServiceAtLocationDetailView(HsdaView):
    @extend_schema(operation_id="hsds_service_at_location_detail", summary="A fully nested service at a location", parameters=[ID_PARAMETER], responses=OpenApiTypes.OBJECT, tags=["HSDS"])
    def get(self, request, id: str):
        try:
            link = queries.hsds_links().get(uuid=parse_id(id))
        except queries.ServiceAtLocation.DoesNotExist:
            raise NotFound(_("没有这条服务地点记录，或它尚未发布。")) from None
        return Response(hsds.service_at_location_full(link))


class OrganizationListView(HsdaView):
    page_cache_parameters = tuple(OrganizationListParams().fields)
    @extend_schema(operation_id="hsds_organizations_list", summary="Organizations (the sub-district office)", parameters=[OrganizationListParams],
                   responses=OpenApiTypes.OBJECT, tags=["HSDS"])
    def get(self, request):
        params = parse_params(OrganizationListParams, request)
        organizations = [hsds.organization()]
        text = params.get("search", "")
        if text:
            organizations = [o for o in organizations if text in o["name"] or text.lower() in o["alternate_name"].lower()]
        return Response(_static_page(organizations, params))


class OrganizationDetailView(HsdaView):
    @extend_schema(operation_id="hsds_organization_detail", summary="The organization, with its services and locations", parameters=[ID_PARAMETER],
                   responses=OpenApiTypes.OBJECT, tags=["HSDS"])
    def get(self, request, id: str):
        if parse_id(id) != hsds.ORGANIZATION_ID:
            raise NotFound(_("没有这个机构。"))
        return Response(hsds.organization_full(
            services=list(queries.hsds_services()), facilities=list(queries.hsds_facilities()),
        ))


class TaxonomyListView(HsdaView):
    page_cache_parameters = tuple(ListParams().fields)
    @extend_schema(operation_id="hsds_taxonomies_list", summary="Taxonomies (the portal's service categories)", parameters=[ListParams],
                   responses=OpenApiTypes.OBJECT, tags=["HSDS"])
    def get(self, request):
        params = parse_params(ListParams, request)
        taxonomies = [hsds.taxonomy()]
        text = params.get("search", "")
        if text:
            taxonomies = [t for t in taxonomies if text in t["name"] or text.lower() in t["description"].lower()]
        return Response(_static_page(taxonomies, params))


class TaxonomyDetailView(HsdaView):
    @extend_schema(operation_id="hsds_taxonomy_detail", summary="A taxonomy", parameters=[ID_PARAMETER], responses=OpenApiTypes.OBJECT, tags=["HSDS"])
    def get(self, request, id: str):
        if parse_id(id) != hsds.TAXONOMY_ID:
            raise NotFound(_("没有这个分类体系。"))
        return Response(hsds.taxonomy())


class TaxonomyTermListView(HsdaView):
    page_cache_parameters = tuple(TaxonomyTermListParams().fields)
    @extend_schema(operation_id="hsds_taxonomy_terms_list", summary="Taxonomy terms (service categories, two levels)", parameters=[TaxonomyTermListParams],
                   responses=OpenApiTypes.OBJECT, tags=["HSDS"])
    def get(self, request):
        params = parse_params(TaxonomyTermListParams, request)
        terms = queries.hsds_categories()
        if not _matches_fixed_id(params, "taxonomy_id", hsds.TAXONOMY_ID):
            terms = terms.none()
        if params.get("search"):
            terms = queries.search_categories(terms, params["search"])
        if "parent_id" in params:
            terms = terms.filter(parent__uuid=params["parent_id"])
        if params.get("top_only"):
            terms = terms.filter(parent__isnull=True)
        return Response(hsds_page(terms, page=params["page"], per_page=params["per_page"], build=hsds.taxonomy_term))


class TaxonomyTermDetailView(HsdaView):
    @extend_schema(operation_id="hsds_taxonomy_term_detail", summary="A taxonomy term", parameters=[ID_PARAMETER], responses=OpenApiTypes.OBJECT, tags=["HSDS"])
    def get(self, request, id: str):
        try:
            term = queries.hsds_categories().get(uuid=parse_id(id))
        except queries.ServiceCategory.DoesNotExist:
            raise NotFound(_("没有这个分类。")) from None
        return Response(hsds.taxonomy_term(term))


def _static_page(items: list[dict], params: dict) -> dict:
    """Paging over a fixed, in-memory list (the one organization, the one taxonomy)."""
    page, per_page = params["page"], params["per_page"]
    contents = items[(page - 1) * per_page: page * per_page]
    total_pages = math.ceil(len(items) / per_page)
    return {
        "total_items": len(items), "total_pages": total_pages, "page_number": page, "size": len(contents),
        "first_page": page == 1, "last_page": page >= total_pages, "empty": not contents, "contents": contents,
    }


class FacilitiesGeoJsonView(HsdaView):
    page_cache_parameters = tuple(GeoJsonParams().fields)
    @extend_schema(operation_id="facilities_geojson", summary="Published facilities with verified coordinates (GeoJSON)",
                   parameters=[GeoJsonParams], responses=OpenApiTypes.OBJECT, tags=["GeoJSON"])
    def get(self, request):
        """Published facilities with verified coordinates, as a GeoJSON FeatureCollection (RFC 7946).
        With `near` (and `radius`), only those within the radius, nearest first, with distance and walking time."""
        params = parse_params(GeoJsonParams, request)
        collection = facilities_feature_collection(
            queries.hsds_facilities().select_related("kind"), near=params.get("near"), radius_m=params.get("radius"),
        )
        return Response(collection, content_type="application/geo+json")
