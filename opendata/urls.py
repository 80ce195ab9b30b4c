"""API paths, outside the language prefix. Every answer is conditional: ETag, and 304 for a matching If-None-Match."""

from csp.constants import SELF
from csp.decorators import csp_update
from django.urls import path
from django.views.decorators.http import conditional_page
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from . import views

app_name = "opendata"


def hsda(view_class):
    return conditional_page(view_class.as_view())


# The documentation pages show only our own schema. Swagger UI and Redoc style themselves inline and Redoc
# starts from an inline script and a blob: worker: allowed on these two pages only; the site stays strict.
docs_policy = csp_update({"style-src": ["'unsafe-inline'"]})
redoc_policy = csp_update(
    {"style-src": ["'unsafe-inline'"], "script-src": ["'unsafe-inline'"], "worker-src": [SELF, "blob:"]}
)

# The query parameters drf-spectacular's views read; the page cache keys on them and drops any other.
schema_view = SpectacularJSONAPIView.as_view()
schema_view.page_cache_parameters = ("lang", "version")
docs_view = docs_policy(SpectacularSwaggerSplitView.as_view(url_name="opendata:schema"))
docs_view.page_cache_parameters = ("lang", "version", "script")
redoc_view = redoc_policy(SpectacularRedocView.as_view(url_name="opendata:schema", template_name="opendata/redoc.html"))
redoc_view.page_cache_parameters = ("lang", "version")


urlpatterns = [
    path("hsds/", hsda(views.RootView), name="hsds-root"),
    path("hsds/services", hsda(views.ServiceListView), name="hsds-services"),
    path("hsds/services/<str:id>", hsda(views.ServiceDetailView), name="hsds-service"),
    path("hsds/service_at_locations", hsda(views.ServiceAtLocationListView), name="hsds-service-at-locations"),
    path(
        "hsds/service_at_locations/<str:id>", hsda(views.ServiceAtLocationDetailView), name="hsds-service-at-location"
    ),
    path("hsds/organizations", hsda(views.OrganizationListView), name="hsds-organizations"),
    path("hsds/organizations/<str:id>", hsda(views.OrganizationDetailView), name="hsds-organization"),
    path("hsds/taxonomies", hsda(views.TaxonomyListView), name="hsds-taxonomies"),
    path("hsds/taxonomies/<str:id>", hsda(views.TaxonomyDetailView), name="hsds-taxonomy"),
    path("hsds/taxonomy_terms", hsda(views.TaxonomyTermListView), name="hsds-taxonomy-terms"),
    path("hsds/taxonomy_terms/<str:id>", hsda(views.TaxonomyTermDetailView), name="hsds-taxonomy-term"),
    path("facilities.geojson", hsda(views.FacilitiesGeoJsonView), name="facilities-geojson"),
    path("schema/", schema_view, name="schema"),
    # The split view loads Swagger UI's initialiser as a script file (?script) instead of an inline script.
    path("docs/", docs_view, name="docs"),
    path("redoc/", redoc_view, name="redoc"),
]
