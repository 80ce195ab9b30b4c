"""Bulk import and export of activities (django-import-export), matched on the slug."""

from import_export import fields

from facilities.models import Facility
from publishing.importing import KeyForeignKeyWidget, StaffModelResource

from .models import Activity, ActivitySeries


class ActivityResource(StaffModelResource):
    """One row per activity. Place and series by their slug; times as 2024-07-01 09:00 (Asia/Shanghai)."""

    publish_permission = "activities.publish_activity"

    facility = fields.Field(
        attribute="facility",
        column_name="facility",
        widget=KeyForeignKeyWidget(Facility, field="slug", name_field="name"),
    )
    series = fields.Field(
        attribute="series", column_name="series", widget=KeyForeignKeyWidget(ActivitySeries, field="slug")
    )

    class Meta:
        model = Activity
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "title_en",
            "description",
            "description_en",
            "facility",
            "place_detail",
            "audience",
            "kind",
            "starts_at",
            "ends_at",
            "capacity",
            "max_party_size",
            "fee",
            "how_to_sign_up",
            "series",
            "publication_status",
            "is_demo",
        ]
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True
