"""Django admin for services and canteen menus, in Chinese, for the street office's staff."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from publishing.admin import NeedsReviewFilter, PublishingAdminMixin, SoftDeleteAdminMixin, StaffImportExportMixin
from publishing.history import StaffHistoryAdmin
from publishing.related_admin import PublishedParentAdminMixin

from .actions import menus_copy_to_next_week, menus_publish
from .models import Menu, MenuItem, Service, ServiceAtLocation, ServiceCategory
from .resources import ServiceAtLocationResource, ServiceResource


class SubCategoryInline(admin.TabularInline):
    model = ServiceCategory
    fk_name = "parent"
    fields = ["name", "name_en", "slug", "order"]
    extra = 0
    verbose_name = _("子分类")
    verbose_name_plural = _("子分类")


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name_en", "slug", "order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name", "name_en", "slug", "parent", "description", "order"]
    inlines = [SubCategoryInline]


class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ["facility"]
    fields = ["facility", "note", "note_en", "phone", "hours_note"]
    verbose_name = _("提供地点")
    verbose_name_plural = _("提供地点（一项服务可在多处设施提供）")


@admin.register(Service)
class ServiceAdmin(PublishingAdminMixin, SoftDeleteAdminMixin, StaffImportExportMixin, StaffHistoryAdmin):
    """Services: editors write drafts, publishers decide what residents see; deleting goes to the recycle bin."""

    publish_permission = "services.publish_service"
    resource_classes = [ServiceResource]
    actions = ["publish_selected", "unpublish_selected", "archive_selected", "mark_verified_today", "restore_selected"]
    list_display = ["name", "category", "publication_status", "operation_status", "is_free", "last_verified"]
    list_filter = ["publication_status", NeedsReviewFilter, "operation_status", "category", "audiences", "is_free"]
    search_fields = ["name", "name_en", "slug", "summary"]
    list_select_related = ["category", "category__parent"]
    autocomplete_fields = ["category"]
    filter_horizontal = ["audiences"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ServiceAtLocationInline]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "category", "audiences"]}),
        (_("介绍"), {"fields": ["summary", "summary_en", "description", "description_en", "alert"]}),
        (_("申请条件"), {"fields": ["eligibility", "eligibility_en", "min_age", "max_age"]}),
        (_("费用与办理"), {"fields": ["is_free", "fees_description", "how_to_apply", "documents_needed", "phone"]}),
        (_("状态"), {"fields": ["publication_status", "operation_status", "closure_reason"]}),
        (_("核实与来源"), {"fields": ["last_verified", "source_note", "created_at", "updated_at", "version"]}),
    ]

    def view_on_site(self, obj: Service) -> str:
        """Published: the public page. Otherwise the staff preview of how it will look."""
        url = obj.get_absolute_url()
        return url if obj.is_published else f"{url}?preview=1"


@admin.register(ServiceAtLocation)
class ServiceAtLocationAdmin(PublishedParentAdminMixin, StaffImportExportMixin, admin.ModelAdmin):
    """Where each service is offered; mostly edited on the service's page, listed here for import and export.
    For a published service, an editor's change here waits for review, as on the service's page."""

    revision_parent_field = "service"

    resource_classes = [ServiceAtLocationResource]
    list_display = ["service", "facility", "phone", "hours_note"]
    list_select_related = ["service", "facility"]
    search_fields = ["service__name", "facility__name", "note"]
    autocomplete_fields = ["service", "facility"]
    fields = ["service", "facility", "note", "note_en", "phone", "hours_note"]


class MenuItemInline(admin.TabularInline):
    model = MenuItem
    extra = 3
    fields = ["dish", "dish_en", "price", "discount_for", "discounted_price", "order"]


@admin.register(Menu)
class MenuAdmin(PublishingAdminMixin, admin.ModelAdmin):
    """Canteen menus: editors write them, publishers publish; a change to a published menu waits for review."""

    form = forms.ModelForm  # menus carry no version number, so not the workflow's versioned form
    publish_permission = "services.publish_menu"
    list_display = ["date", "meal", "facility", "publication_status"]
    list_filter = ["publication_status", "meal", ("facility", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["facility"]
    search_fields = ["facility__name", "items__dish"]
    autocomplete_fields = ["facility"]
    date_hierarchy = "date"
    inlines = [MenuItemInline]
    actions = ["copy_to_next_week", "publish"]

    @admin.action(description=_("复制到下一周（用上一周的菜单做本周菜单）"))
    def copy_to_next_week(self, request, queryset):
        result = menus_copy_to_next_week(menus=list(queryset))
        if result.created:
            self.message_user(
                request,
                ngettext(
                    "已复制 %(count)d 份菜单到下一周，保存为草稿：请核对价格后发布。",
                    "已复制 %(count)d 份菜单到下一周，保存为草稿：请核对价格后发布。",
                    len(result.created),
                )
                % {"count": len(result.created)},
                messages.SUCCESS,
            )
        if result.skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d 份菜单在下一周同一天同一餐次已有菜单，未覆盖。",
                    "%(count)d 份菜单在下一周同一天同一餐次已有菜单，未覆盖。",
                    len(result.skipped),
                )
                % {"count": len(result.skipped)},
                messages.WARNING,
            )

    @admin.action(description=_("发布所选菜单"), permissions=["publish"])
    def publish(self, request, queryset):
        count = menus_publish(menus=list(queryset))
        self.message_user(
            request, ngettext("已发布 %(count)d 份菜单。", "已发布 %(count)d 份菜单。", count) % {"count": count}
        )
