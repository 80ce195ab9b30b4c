"""Bulk import and export of facilities (django-import-export), matched on the slug."""
from import_export import fields

from workflow.importing import KeyForeignKeyWidget, KeyManyToManyWidget, StaffModelResource

from .models import Audience, Estate, Facility, FacilityKind


class FacilityResource(StaffModelResource):
    """One row per facility. Kind and parent are given by slug, audiences by code separated by "|"."""

    publish_permission = "facilities.publish_facility"

    kind = fields.Field(attribute="kind", column_name="kind", widget=KeyForeignKeyWidget(FacilityKind, field="slug"))
    parent = fields.Field(attribute="parent", column_name="parent", widget=KeyForeignKeyWidget(Facility, field="slug"))
    audiences = fields.Field(
        attribute="audiences", column_name="audiences", widget=KeyManyToManyWidget(Audience, field="code"),
    )

    class Meta:
        model = Facility
        import_id_fields = ["slug"]
        fields = [
            "slug", "name", "name_en", "kind", "parent", "summary", "summary_en", "description", "description_en",
            "address", "postal_code", "latitude", "longitude", "location_verified", "phone", "audiences", "accessibility",
            "capacity", "capacity_unit", "capacity_unit_en", "follows_public_holidays", "publication_status", "operation_status",
            "closure_reason", "last_verified", "source_note", "is_demo",
        ]
        export_order = fields

    def get_queryset(self):
        return Facility.objects.select_related("kind", "parent").prefetch_related("audiences")


class EstateResource(StaffModelResource):
    """One row per residential estate, matched on its slug. Coordinates are WGS-84."""

    class Meta:
        model = Estate
        import_id_fields = ["slug"]
        fields = [
            "slug", "name", "name_en", "latitude", "longitude", "location_verified", "households", "population",
            "source_note", "is_demo",
        ]
        export_order = fields
