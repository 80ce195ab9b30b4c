"""Django admin for the directory: what the street office's staff use every day, in Chinese."""

from django.contrib import admin, messages
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from publishing.admin import NeedsReviewFilter, PublishingAdminMixin, SoftDeleteAdminMixin, StaffImportExportMixin
from publishing.history import StaffHistoryAdmin
from publishing.related_admin import PublishedParentAdminMixin

from . import actions, queries
from .forms import (
    CoordinateConfirmImportForm,
    CoordinateImportForm,
    EstateAdminForm,
    FacilityAdminForm,
    HoursQuickFillForm,
)
from .hours import local_now
from .models import (
    Audience,
    CalendarDaySource,
    Estate,
    Facility,
    FacilityKind,
    FacilityPhoto,
    HoursException,
    OpeningPeriod,
    PublicHoliday,
    Weekday,
)
from .resources import EstateResource, FacilityResource

COORDINATE_HELP = _(
    "在高德地图或腾讯地图上找到位置，复制坐标后选择“GCJ-02”；来自 GPS 或手机定位的坐标选择“WGS-84”。"
    "高德复制的坐标是“经度,纬度”的顺序，请分别填入。核实无误后再勾选“位置已核实”。"
)


class CoordinateAdminMixin:
    """The change form and the import ask which system the coordinates are in; the form or resource converts.

    A member of staff who may only look sees the stored WGS-84 point, without the question.
    """

    # Questions the form asks that are not stored: left out where nothing can be saved (a read-only view) and
    # on the page restoring an old version (which saves the facility alone).
    form_only_fields = ["coordinate_system"]

    import_form_class = CoordinateImportForm
    confirm_form_class = CoordinateConfirmImportForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        editable = self.has_change_permission(request, obj) or (obj is None and self.has_add_permission(request))
        match = getattr(request, "resolver_match", None)
        restoring = match is not None and (match.url_name or "").endswith("_simple_history")
        if editable and not restoring:
            return fieldsets
        hidden = set(self.form_only_fields) - ({"coordinate_system"} if restoring and editable else set())
        trimmed = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]
        return [(name, options) for name, options in trimmed if options["fields"]]

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["coordinate_system"] = import_form.cleaned_data["coordinate_system"]
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        data_kwargs["coordinate_system"] = getattr(form, "cleaned_data", {}).get("coordinate_system")
        return data_kwargs


@admin.register(FacilityKind)
class FacilityKindAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "order"]
    search_fields = ["code"]

    @admin.display(description=_("名称"))
    def label(self, audience) -> str:
        return audience.label

    def has_add_permission(self, request) -> bool:
        return False  # the set is fixed in code

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class OpeningPeriodInline(admin.TabularInline):
    model = OpeningPeriod
    extra = 0


class HoursExceptionInline(admin.TabularInline):
    model = HoursException
    extra = 0


class FacilityPhotoInline(admin.TabularInline):
    model = FacilityPhoto
    extra = 0
    fields = ["preview", "image", "alt_text", "caption", "order"]
    readonly_fields = ["preview"]

    @admin.display(description=_("预览"))
    def preview(self, photo: FacilityPhoto) -> str:
        if not photo.pk or not photo.thumbnail:
            return "—"
        return format_html('<img src="{}" alt="{}" width="120" height="90">', photo.thumbnail.url, photo.alt_text)


class ChildFacilityInline(admin.TabularInline):
    model = Facility
    fk_name = "parent"
    fields = ["name", "kind", "publication_status"]
    # Shown for orientation only: a child is edited (and published) on its own page.
    readonly_fields = ["name", "kind", "publication_status"]
    extra = 0
    show_change_link = True
    verbose_name = _("下属设施")
    verbose_name_plural = _("下属设施")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Facility)
class FacilityAdmin(
    PublishingAdminMixin,
    SoftDeleteAdminMixin,
    CoordinateAdminMixin,
    StaffImportExportMixin,
    StaffHistoryAdmin,
):
    """Facilities: editors write drafts, publishers decide what residents see; deleting goes to the recycle bin."""

    form = FacilityAdminForm  # coordinate entry (WGS-84 / GCJ-02), hours quick fill, the workflow's version check
    form_only_fields = ["coordinate_system", *HoursQuickFillForm.HOURS_FIELDS]
    publish_permission = "facilities.publish_facility"
    resource_classes = [FacilityResource]
    actions = ["publish_selected", "unpublish_selected", "archive_selected", "mark_verified_today", "restore_selected"]
    list_display = [
        "name",
        "kind",
        "publication_status",
        "operation_status",
        "location_verified",
        "last_verified",
        "is_demo",
        "preview_link",
    ]
    list_filter = [
        "publication_status",
        NeedsReviewFilter,
        "operation_status",
        "kind",
        "audiences",
        "location_verified",
        "is_demo",
    ]
    search_fields = ["name", "name_en", "slug", "address", "summary"]
    list_select_related = ["kind"]
    history_list_display = ["publication_status"]
    object_history_template = "admin/facilities/facility/object_history.html"
    hours_history_limit = 50
    autocomplete_fields = ["kind", "parent"]
    filter_horizontal = ["audiences"]
    date_hierarchy = "updated_at"
    inlines = [OpeningPeriodInline, HoursExceptionInline, FacilityPhotoInline, ChildFacilityInline]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "kind", "parent"]}),
        (
            _("介绍"),
            {"fields": ["summary", "summary_en", "description", "description_en", "audiences", "accessibility"]},
        ),
        (
            _("位置与联系"),
            {
                "fields": [
                    "address",
                    "postal_code",
                    "coordinate_system",
                    "latitude",
                    "longitude",
                    "location_verified",
                    "phone",
                ],
                "description": COORDINATE_HELP,
            },
        ),
        (_("容量"), {"fields": ["capacity", "capacity_unit", "capacity_unit_en"]}),
        (
            _("状态"),
            {"fields": ["publication_status", "operation_status", "closure_reason", "follows_public_holidays"]},
        ),
        (
            _("开放时间快捷填写"),
            {
                "fields": HoursQuickFillForm.HOURS_FIELDS,
                "description": _(
                    "不必逐行填写每周开放时段：可以套用常见的开放时间，或在下面填好一天后复制到其他日期。保存后生效。"
                ),
            },
        ),
        (
            _("核实与来源"),
            {"fields": ["last_verified", "source_note", "is_demo", "created_at", "updated_at", "version"]},
        ),
    ]

    def history_view(self, request, object_id, extra_context=None):
        """The facility's own history, then the changes to its hours (kept in their own history tables)."""
        if not str(object_id).isdigit():
            raise Http404
        extra_context = {
            **(extra_context or {}),
            "hours_history": queries.hours_history(facility_id=object_id, limit=self.hours_history_limit),
            "hours_history_limit": self.hours_history_limit,
        }
        return super().history_view(request, object_id, extra_context=extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        facility, cleaned = form.instance, form.cleaned_data
        wants_quick_fill = cleaned.get("hours_preset") or (
            cleaned.get("copy_hours_from") is not None and cleaned.get("copy_hours_to")
        )
        if wants_quick_fill and getattr(request, "_publishing_proposal", None) is not None:
            # The change waits for review: the presets write the live hours, so they must not run now.
            self.message_user(
                request,
                _("这个设施已发布，您的修改需要审核，快捷填写没有套用。请在开放时间表中逐行填写后提交审核。"),
                messages.WARNING,
            )
            return
        if cleaned.get("hours_preset"):
            actions.opening_hours_apply_preset(facility=facility, preset=cleaned["hours_preset"])
            self.message_user(
                request,
                _("已套用开放时间预设：%(preset)s。")
                % {"preset": actions.HOURS_PRESETS[cleaned["hours_preset"]].label},
            )
        if cleaned.get("copy_hours_from") is not None and cleaned.get("copy_hours_to"):
            actions.opening_hours_copy_day(
                facility=facility,
                from_weekday=cleaned["copy_hours_from"],
                to_weekdays=cleaned["copy_hours_to"],
            )
            self.message_user(
                request,
                _("已把%(day)s的时段复制到：%(days)s。")
                % {
                    "day": Weekday(cleaned["copy_hours_from"]).label,
                    "days": "、".join(str(Weekday(day).label) for day in cleaned["copy_hours_to"]),
                },
            )

    def view_on_site(self, obj: Facility) -> str:
        """Published: the public page. Otherwise the staff preview of how it will look."""
        url = obj.get_absolute_url()
        return url if obj.is_published else f"{url}?preview=1"

    @admin.display(description=_("预览"))
    def preview_link(self, obj: Facility) -> str:
        if obj.is_deleted:
            return _("回收站")
        label = _("查看") if obj.is_published else _("预览")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> · <a href="{}" target="_blank" rel="noopener">{}</a>',
            self.view_on_site(obj),
            label,
            reverse("facilities:poster", kwargs={"slug": obj.slug}) + ("" if obj.is_published else "?preview=1"),
            _("门口海报"),
        )


def holiday_calendar_warning(*, today) -> str:
    """The warning staff see while next year's holidays are not in the calendar, or "" when they are."""
    if not queries.next_year_holidays_missing(today=today):
        return ""
    return _(
        "%(year)s 年的法定节假日和调休还没有录入：到时“现在开着吗”会算错。国务院办公厅公布放假安排后，"
        "请在“节假日与调休”中逐日录入，或请系统管理员载入官方日历（load_holidays）。"
    ) % {"year": today.year + 1}


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    """The shared calendar. Loaded from the official calendar (load_holidays); a day saved here is marked as
    entered by staff, and reloading the official calendar never overwrites it."""

    list_display = ["date", "name", "kind", "works_as_weekday", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["name"]
    date_hierarchy = "date"
    readonly_fields = ["source"]

    def save_model(self, request, obj, form, change) -> None:
        obj.source = CalendarDaySource.STAFF
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        warning = holiday_calendar_warning(today=local_now().date())
        if warning and request.method == "GET":
            messages.warning(request, warning)
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(FacilityPhoto)
class FacilityPhotoAdmin(PublishedParentAdminMixin, admin.ModelAdmin):
    """Photos on their own page; for a published facility, an editor's new, changed or deleted photo waits for review."""

    revision_parent_field = "facility"
    list_display = ["caption", "facility", "order"]
    list_select_related = ["facility"]
    search_fields = ["caption", "alt_text", "facility__name"]
    autocomplete_fields = ["facility"]


@admin.register(Estate)
class EstateAdmin(CoordinateAdminMixin, StaffImportExportMixin, StaffHistoryAdmin):
    """Residential estates: the starting points of walks and the rows of the life-circle matrix."""

    form = EstateAdminForm
    resource_classes = [EstateResource]
    list_display = ["name", "name_en", "households", "population", "location_verified", "is_demo"]
    list_filter = ["location_verified", "is_demo"]
    search_fields = ["name", "name_en", "slug"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug"]}),
        (
            _("位置"),
            {
                "fields": ["coordinate_system", "latitude", "longitude", "location_verified"],
                "description": COORDINATE_HELP,
            },
        ),
        (_("规模"), {"fields": ["households", "population"]}),
        (_("核实与来源"), {"fields": ["source_note", "is_demo", "created_at", "updated_at"]}),
    ]
