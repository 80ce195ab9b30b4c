"""Bulk import and export of facilities (django-import-export), matched on the slug."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields

from publishing.importing import KeyForeignKeyWidget, KeyManyToManyWidget, StaffModelResource

from .forms import CoordinateSystem, point_problem, quantize
from .geo import gcj02_to_wgs84
from .models import Audience, Estate, Facility, FacilityKind

# The import form says which system the numbers are in, so the headers do not.
COORDINATE_COLUMNS = {"latitude": _("纬度"), "longitude": _("经度")}


class CoordinateImportMixin:
    """Latitude/longitude read in the system chosen on the import form (the `coordinate_system` kwarg; WGS-84,
    what an export writes, when none is given) and stored as WGS-84. An implausible point is a row error."""

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.latitude is None or instance.longitude is None:
            return
        latitude, longitude = float(instance.latitude), float(instance.longitude)
        problem = point_problem(latitude, longitude)
        if problem:
            raise ValidationError({"latitude": [problem]})
        if kwargs.get("coordinate_system") == CoordinateSystem.GCJ02:
            latitude, longitude = gcj02_to_wgs84(latitude, longitude)
            instance.latitude, instance.longitude = quantize(latitude), quantize(longitude)


class FacilityResource(CoordinateImportMixin, StaffModelResource):
    """One row per facility. Kind by its Chinese name (or slug), parent by slug, audiences by name (or code)
    separated by "|"."""

    publish_permission = "facilities.publish_facility"

    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=KeyForeignKeyWidget(FacilityKind, field="slug", name_field="name"),
    )
    parent = fields.Field(attribute="parent", column_name="parent", widget=KeyForeignKeyWidget(Facility, field="slug"))
    audiences = fields.Field(
        attribute="audiences",
        column_name="audiences",
        widget=KeyManyToManyWidget(Audience, field="code", name_field="label"),
    )
    column_names = {**COORDINATE_COLUMNS, "parent": _("所属设施（网址标识）")}

    class Meta:
        model = Facility
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "name_en",
            "kind",
            "parent",
            "summary",
            "summary_en",
            "description",
            "description_en",
            "address",
            "postal_code",
            "latitude",
            "longitude",
            "location_verified",
            "phone",
            "audiences",
            "accessibility",
            "capacity",
            "capacity_unit",
            "capacity_unit_en",
            "follows_public_holidays",
            "publication_status",
            "operation_status",
            "closure_reason",
            "last_verified",
            "source_note",
            "is_demo",
        ]
        export_order = fields

    def get_queryset(self):
        return Facility.objects.select_related("kind", "parent").prefetch_related("audiences")


class EstateResource(CoordinateImportMixin, StaffModelResource):
    """One row per residential estate, matched on its slug."""

    column_names = COORDINATE_COLUMNS

    class Meta:
        model = Estate
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "name_en",
            "latitude",
            "longitude",
            "location_verified",
            "households",
            "population",
            "source_note",
            "is_demo",
        ]
        export_order = fields
