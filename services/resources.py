"""Bulk import and export of services and of where they are offered (django-import-export), by natural keys."""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from facilities.models import Audience, Facility
from publishing.importing import KeyForeignKeyWidget, KeyManyToManyWidget, StaffModelResource

from .models import Service, ServiceAtLocation, ServiceCategory


class ServiceResource(StaffModelResource):
    """One row per service, matched on its slug; category by slug, audiences by name (or code)
    separated by "|"."""

    publish_permission = "services.publish_service"

    category = fields.Field(
        attribute="category",
        column_name="category",
        widget=KeyForeignKeyWidget(ServiceCategory, field="slug"),
    )
    audiences = fields.Field(
        attribute="audiences",
        column_name="audiences",
        widget=KeyManyToManyWidget(Audience, field="code", name_field="label"),
    )
    column_names = {"category": _("服务分类（网址标识）")}

    class Meta:
        model = Service
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "name_en",
            "category",
            "audiences",
            "summary",
            "summary_en",
            "description",
            "description_en",
            "eligibility",
            "eligibility_en",
            "min_age",
            "max_age",
            "is_free",
            "fees_description",
            "how_to_apply",
            "documents_needed",
            "phone",
            "alert",
            "last_verified",
            "publication_status",
            "operation_status",
            "closure_reason",
            "source_note",
        ]
        export_order = fields

    def get_queryset(self):
        return Service.objects.select_related("category").prefetch_related("audiences")


class ServiceAtLocationResource(StaffModelResource):
    """One row per (service, facility) pair, both given by slug. For a published service, an editor's rows wait for
    review as changes to that service."""

    revision_parent_field = "service"

    service = fields.Field(
        attribute="service", column_name="service", widget=KeyForeignKeyWidget(Service, field="slug")
    )
    facility = fields.Field(
        attribute="facility",
        column_name="facility",
        widget=KeyForeignKeyWidget(Facility, field="slug"),
    )
    column_names = {"service": _("服务（网址标识）"), "facility": _("设施（网址标识）")}

    class Meta:
        model = ServiceAtLocation
        import_id_fields = ["service", "facility"]
        fields = ["service", "facility", "note", "note_en", "phone", "hours_note"]
        export_order = fields

    def get_queryset(self):
        return ServiceAtLocation.objects.select_related("service", "facility")
